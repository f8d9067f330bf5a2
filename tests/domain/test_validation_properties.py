"""Properties of the validator: no valid request is refused, and each broken rule is reported on its field."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Validity, Variety
from kiteticket.domain.fields import Field
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.prices import as_decimal
from kiteticket.domain.rules import Choice, iceberg_leg_quantity, normalise, ticket_rules, varieties_for
from kiteticket.domain.validation import validate
from tests.factories import equity, future

INSTRUMENTS = (
    equity("INFY", Exchange.NSE),
    equity("RELIANCE", Exchange.BSE),
    future("NIFTY26DECFUT", Exchange.NFO, lot=65),
    future("SENSEX26DECFUT", Exchange.BFO, lot=20),
    future("USDINR26DECFUT", Exchange.CDS, lot=1),
    future("EURINR26DECFUT", Exchange.BCD, lot=1),
    future("CRUDEOIL26DECFUT", Exchange.MCX, lot=100),
)


@st.composite
def valid_orders(draw: st.DrawFn) -> tuple[OrderRequest, Instrument]:
    instrument = draw(st.sampled_from(INSTRUMENTS))
    exchange = instrument.exchange
    choice = normalise(
        Choice(
            draw(st.sampled_from(varieties_for(exchange))),
            exchange,
            draw(st.sampled_from(Product)),
            draw(st.sampled_from(OrderType)),
            draw(st.sampled_from(Validity)),
        )
    )
    rules = ticket_rules(choice.variety, exchange, choice.order_type, choice.validity)
    side = draw(st.sampled_from(rules.transaction_types))
    tick = as_decimal(instrument.tick_size)
    lots = draw(st.integers(min_value=2, max_value=200))
    price = draw(st.integers(min_value=2000, max_value=40000)) * tick
    enabled = rules.enabled
    legs = draw(st.integers(min_value=2, max_value=min(50, lots)))
    request = OrderRequest(
        variety=choice.variety,
        exchange=exchange,
        tradingsymbol=instrument.tradingsymbol,
        transaction_type=side,
        quantity=lots * instrument.lot_size,
        product=choice.product,
        order_type=choice.order_type,
        validity=choice.validity,
        price=price if enabled(Field.PRICE) else None,
        trigger_price=_trigger(choice, side, price, tick) if enabled(Field.TRIGGER_PRICE) else None,
        validity_ttl=draw(st.integers(1, 375)) if enabled(Field.VALIDITY_TTL) else None,
        iceberg_legs=legs if enabled(Field.ICEBERG_LEGS) else None,
        iceberg_quantity=iceberg_leg_quantity(lots * instrument.lot_size, legs, instrument.lot_size)
        if enabled(Field.ICEBERG_LEGS)
        else None,
        market_protection=draw(st.sampled_from([-1, 1, 3, 100])) if enabled(Field.MARKET_PROTECTION) else None,
        auction_number=str(draw(st.integers(1, 99))) if enabled(Field.AUCTION_NUMBER) else None,
        tag=draw(st.text("abcXYZ019", min_size=1, max_size=20)),
        disclosed_quantity=lots * instrument.lot_size if enabled(Field.DISCLOSED_QUANTITY) else None,
    )
    return request, instrument


def _trigger(choice: Choice, side: TransactionType, price: Decimal, tick: Decimal) -> Decimal:
    """A trigger on the correct side: a BUY stop at or below its limit, a cover's stop beyond the entry."""
    below = side is TransactionType.BUY
    if choice.variety is Variety.CO:
        return price - 10 * tick if below else price + 10 * tick
    if choice.order_type is OrderType.SL:
        return price - tick if below else price + tick
    return price  # SL-M: any price on the grid


@given(valid_orders())
def test_no_valid_request_is_refused(case: tuple[OrderRequest, Instrument]) -> None:
    request, instrument = case
    assert validate(request, instrument) == ()


@given(valid_orders(), st.integers(1, 64))
def test_a_quantity_off_the_lot_is_reported_on_quantity(case: tuple[OrderRequest, Instrument], extra: int) -> None:
    request, instrument = case
    if instrument.lot_size == 1:
        broken = replace(request, quantity=0)
    else:
        broken = replace(request, quantity=request.quantity + extra % (instrument.lot_size - 1) + 1)
    assert Field.QUANTITY in {problem.field for problem in validate(broken, instrument)}


@given(valid_orders())
def test_an_off_grid_price_is_reported_on_price(case: tuple[OrderRequest, Instrument]) -> None:
    request, instrument = case
    if request.price is None:
        return
    broken = replace(request, price=request.price + as_decimal(instrument.tick_size) / 2)
    assert Field.PRICE in {problem.field for problem in validate(broken, instrument)}


@given(valid_orders(), st.integers(21, 40))
def test_a_long_tag_is_reported_on_tag(case: tuple[OrderRequest, Instrument], length: int) -> None:
    request, instrument = case
    problems = validate(replace(request, tag="a" * length), instrument)
    assert [problem.field for problem in problems] == [Field.TAG]


@given(valid_orders())
def test_missing_required_fields_are_reported_on_themselves(case: tuple[OrderRequest, Instrument]) -> None:
    request, instrument = case
    rules = ticket_rules(request.variety, request.exchange, request.order_type, request.validity)
    for field in (Field.MARKET_PROTECTION, Field.VALIDITY_TTL, Field.ICEBERG_LEGS, Field.AUCTION_NUMBER):
        if rules.state(field).required:
            broken = replace(request, **{field.value: None})
            assert field in {problem.field for problem in validate(broken, instrument)}, field


@given(valid_orders(), st.sampled_from(Product))
def test_a_product_the_rules_refuse_is_reported_on_product(
    case: tuple[OrderRequest, Instrument], product: Product
) -> None:
    request, instrument = case
    rules = ticket_rules(request.variety, request.exchange, request.order_type, request.validity)
    problems = validate(replace(request, product=product), instrument)
    assert (Field.PRODUCT in {problem.field for problem in problems}) is (product not in rules.products)
