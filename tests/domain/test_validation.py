"""The validator: each rule reported on its field with numbers, and no valid request refused."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Validity, Variety
from kiteticket.domain.fields import Field
from kiteticket.domain.order import AUTO_MARKET_PROTECTION, OrderRequest
from kiteticket.domain.validation import MarketSnapshot, Problem, problems_by_field, validate
from tests.factories import equity, future, index, limit_buy

INFY = equity()
NIFTY_FUT = future()


def fields_of(problems: tuple[Problem, ...]) -> set[Field]:
    return {problem.field for problem in problems}


def message_for(problems: tuple[Problem, ...], field: Field) -> str:
    return problems_by_field(problems)[field]


def test_a_plain_limit_order_is_valid() -> None:
    assert validate(limit_buy(), INFY) == ()


def test_limit_needs_a_price() -> None:
    problems = validate(limit_buy(price=None), INFY)
    assert message_for(problems, Field.PRICE) == "Enter a limit price for the LIMIT order."


def test_stop_loss_needs_price_and_trigger() -> None:
    problems = validate(limit_buy(order_type=OrderType.SL, price=None), INFY)
    assert fields_of(problems) == {Field.PRICE, Field.TRIGGER_PRICE}


def test_buy_stop_loss_trigger_must_not_be_above_the_price() -> None:
    request = limit_buy(order_type=OrderType.SL, trigger_price=Decimal("1605"))
    problems = validate(request, INFY)
    assert message_for(problems, Field.TRIGGER_PRICE) == (
        "Trigger 1605.00 must be at or below the limit price 1600.00 for a BUY stop-loss."
    )


def test_sell_stop_loss_trigger_must_not_be_below_the_price() -> None:
    request = limit_buy(order_type=OrderType.SL, transaction_type=TransactionType.SELL, trigger_price=Decimal(1595))
    assert "at or above the limit price 1600.00 for a SELL stop-loss" in message_for(
        validate(request, INFY), Field.TRIGGER_PRICE
    )


def test_stop_already_crossed_by_the_market_is_refused() -> None:
    request = limit_buy(order_type=OrderType.SL, price=Decimal(1600), trigger_price=Decimal(1595))
    problems = validate(request, INFY, MarketSnapshot(last_price=Decimal(1598)))
    assert "must be above the last price 1598.00" in message_for(problems, Field.TRIGGER_PRICE)
    assert validate(request, INFY, MarketSnapshot(last_price=Decimal(1590))) == ()


def test_prices_must_sit_on_the_tick_grid() -> None:
    problems = validate(limit_buy(price=Decimal("1600.03")), INFY)
    assert message_for(problems, Field.PRICE) == (
        "Price 1600.03 is not a multiple of the tick size 0.05: use 1600.00 or 1600.05."
    )


def test_currency_ticks_of_a_quarter_paisa() -> None:
    usdinr = future("USDINR26DECFUT", Exchange.CDS, lot=1)
    request = limit_buy(
        exchange=Exchange.CDS, tradingsymbol="USDINR26DECFUT", product=Product.NRML, price=Decimal("88.1225")
    )
    assert validate(request, usdinr) == ()
    off_grid = validate(replace(request, price=Decimal("88.1201")), usdinr)
    assert "use 88.1200 or 88.1225" in message_for(off_grid, Field.PRICE)


def test_quantity_must_be_a_positive_multiple_of_the_lot() -> None:
    request = limit_buy(
        exchange=Exchange.NFO, tradingsymbol=NIFTY_FUT.tradingsymbol, product=Product.NRML, quantity=70,
        price=Decimal(26000),
    )  # fmt: skip
    assert message_for(validate(request, NIFTY_FUT), Field.QUANTITY) == (
        "Quantity 70 is not a multiple of the lot size 65: use 65 or 130."
    )
    assert "at least one lot (65)" in message_for(validate(replace(request, quantity=0), NIFTY_FUT), Field.QUANTITY)


def test_unknown_instrument_and_index() -> None:
    assert "has either expired or does not exist" in message_for(validate(limit_buy(), None), Field.TRADINGSYMBOL)
    nifty = index()
    request = limit_buy(tradingsymbol=nifty.tradingsymbol)
    assert "is an index" in message_for(validate(request, nifty), Field.TRADINGSYMBOL)


def test_products_belong_to_their_market() -> None:
    cnc_on_nfo = limit_buy(exchange=Exchange.NFO, tradingsymbol=NIFTY_FUT.tradingsymbol, quantity=65)
    assert Field.PRODUCT in fields_of(validate(cnc_on_nfo, NIFTY_FUT))
    assert Field.PRODUCT in fields_of(validate(limit_buy(product=Product.NRML), INFY))


@pytest.mark.parametrize("protection", [None, 0, 101, -2])
def test_market_orders_need_market_protection(protection: int | None) -> None:
    request = limit_buy(order_type=OrderType.MARKET, price=None, market_protection=protection)
    assert Field.MARKET_PROTECTION in fields_of(validate(request, INFY))


@pytest.mark.parametrize("protection", [AUTO_MARKET_PROTECTION, 1, 100])
def test_market_protection_auto_or_percentage(protection: int) -> None:
    request = limit_buy(order_type=OrderType.MARKET, price=None, market_protection=protection)
    assert validate(request, INFY) == ()


def test_sl_m_needs_protection_too() -> None:
    request = limit_buy(order_type=OrderType.SLM, price=None, trigger_price=Decimal(1650))
    assert fields_of(validate(request, INFY)) == {Field.MARKET_PROTECTION}


def test_no_ioc_on_mcx() -> None:
    crude = future("CRUDEOIL26DECFUT", Exchange.MCX, lot=1)
    request = limit_buy(
        exchange=Exchange.MCX, tradingsymbol=crude.tradingsymbol, product=Product.NRML, validity=Validity.IOC,
        price=Decimal(5400),
    )  # fmt: skip
    assert fields_of(validate(request, crude)) == {Field.VALIDITY}


def test_ttl_needs_minutes() -> None:
    request = limit_buy(validity=Validity.TTL)
    assert "Enter how many minutes" in message_for(validate(request, INFY), Field.VALIDITY_TTL)
    assert validate(replace(request, validity_ttl=5), INFY) == ()


def test_disclosed_quantity_rules() -> None:
    request = limit_buy(quantity=100)
    assert validate(replace(request, disclosed_quantity=10), INFY) == ()
    assert Field.DISCLOSED_QUANTITY in fields_of(validate(replace(request, disclosed_quantity=101), INFY))
    assert "at least 10%" in message_for(
        validate(replace(request, disclosed_quantity=5), INFY), Field.DISCLOSED_QUANTITY
    )
    with_ioc = replace(request, disclosed_quantity=20, validity=Validity.IOC)
    assert "IOC" in message_for(validate(with_ioc, INFY), Field.DISCLOSED_QUANTITY)
    on_nfo = limit_buy(
        exchange=Exchange.NFO, tradingsymbol=NIFTY_FUT.tradingsymbol, product=Product.NRML, quantity=650,
        price=Decimal(26000), disclosed_quantity=65,
    )  # fmt: skip
    assert "only for equity" in message_for(validate(on_nfo, NIFTY_FUT), Field.DISCLOSED_QUANTITY)


def test_tag_length_and_characters() -> None:
    assert validate(limit_buy(tag="A" * 20), INFY) == ()
    assert "at most 20" in message_for(validate(limit_buy(tag="A" * 21), INFY), Field.TAG)
    assert "letters and digits" in message_for(validate(limit_buy(tag="my tag"), INFY), Field.TAG)


def iceberg(**changes: object) -> OrderRequest:
    base = limit_buy(variety=Variety.ICEBERG, quantity=1000, iceberg_legs=5, iceberg_quantity=200)
    return replace(base, **changes)  # type: ignore[arg-type]


def test_iceberg_legs_and_leg_quantity() -> None:
    assert validate(iceberg(), INFY) == ()
    assert "between 2 and 50" in message_for(validate(iceberg(iceberg_legs=1), INFY), Field.ICEBERG_LEGS)
    assert "between 2 and 50" in message_for(validate(iceberg(iceberg_legs=51), INFY), Field.ICEBERG_LEGS)
    assert "Each leg must be 200" in message_for(validate(iceberg(iceberg_quantity=150), INFY), Field.ICEBERG_QUANTITY)
    too_many = iceberg(quantity=3, iceberg_legs=4, iceberg_quantity=1)
    assert "one lot a leg" in message_for(validate(too_many, INFY), Field.ICEBERG_LEGS)


def test_cover_order_rules() -> None:
    cover = limit_buy(variety=Variety.CO, product=Product.MIS, trigger_price=Decimal(1580))
    assert validate(cover, INFY) == ()
    assert "exit leg" in message_for(validate(replace(cover, trigger_price=None), INFY), Field.TRIGGER_PRICE)
    wrong_side = replace(cover, trigger_price=Decimal(1610))
    assert "must be below the entry price 1600.00" in message_for(validate(wrong_side, INFY), Field.TRIGGER_PRICE)
    assert Field.ORDER_TYPE in fields_of(validate(replace(cover, order_type=OrderType.SL), INFY))
    assert Field.PRODUCT in fields_of(validate(replace(cover, product=Product.CNC), INFY))


def test_prices_inside_the_circuit_limits() -> None:
    market = MarketSnapshot(Decimal(1600), lower_circuit=Decimal(1440), upper_circuit=Decimal(1760))
    problems = validate(limit_buy(price=Decimal(1800)), INFY, market)
    assert (
        message_for(problems, Field.PRICE) == "Price 1800.00 is above the upper circuit 1760.00; use 1760.00 or less."
    )
    assert "below the lower circuit 1440.00" in message_for(
        validate(limit_buy(price=Decimal(1400)), INFY, market), Field.PRICE
    )


def test_auction_order() -> None:
    auction = limit_buy(variety=Variety.AUCTION, transaction_type=TransactionType.SELL, auction_number="22")
    assert validate(auction, INFY) == ()
    assert Field.AUCTION_NUMBER in fields_of(validate(replace(auction, auction_number=None), INFY))
    assert Field.TRANSACTION_TYPE in fields_of(validate(replace(auction, transaction_type=TransactionType.BUY), INFY))


def test_every_problem_is_reported_not_just_the_first() -> None:
    request = limit_buy(price=Decimal("1600.01"), quantity=0, tag="x" * 30, validity=Validity.TTL)
    assert fields_of(validate(request, INFY)) == {Field.PRICE, Field.QUANTITY, Field.TAG, Field.VALIDITY_TTL}
