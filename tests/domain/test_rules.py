"""The rule table over its whole matrix: every variety, exchange, order type and validity."""

from __future__ import annotations

import itertools

import pytest

from kiteticket.domain.enums import Exchange, OrderType, Product, Validity, Variety
from kiteticket.domain.fields import Field
from kiteticket.domain.rules import (
    DERIVED,
    OFF,
    REQUIRED,
    Choice,
    iceberg_leg_quantity,
    normalise,
    ticket_rules,
    varieties_for,
)

MATRIX = list(itertools.product(Variety, Exchange, OrderType, Validity))
EQUITY = {Exchange.NSE, Exchange.BSE}


def _id(combo: tuple[Variety, Exchange, OrderType, Validity]) -> str:
    return "-".join(part.value for part in combo)


@pytest.fixture(params=MATRIX, ids=[_id(combo) for combo in MATRIX])
def combo(request: pytest.FixtureRequest) -> tuple[Variety, Exchange, OrderType, Validity]:
    value: tuple[Variety, Exchange, OrderType, Validity] = request.param
    return value


def test_price_is_required_exactly_for_limit_and_stop_loss(
    combo: tuple[Variety, Exchange, OrderType, Validity],
) -> None:
    rules = ticket_rules(*combo)
    expected = REQUIRED if combo[2] in (OrderType.LIMIT, OrderType.SL) else OFF
    assert rules.state(Field.PRICE) == expected


def test_trigger_is_required_for_stops_and_every_cover_order(
    combo: tuple[Variety, Exchange, OrderType, Validity],
) -> None:
    variety, _, order_type, _ = combo
    needed = order_type in (OrderType.SL, OrderType.SLM) or variety is Variety.CO
    assert ticket_rules(*combo).state(Field.TRIGGER_PRICE) == (REQUIRED if needed else OFF)


def test_market_protection_only_for_orders_that_fill_at_market(
    combo: tuple[Variety, Exchange, OrderType, Validity],
) -> None:
    needed = combo[2] in (OrderType.MARKET, OrderType.SLM)
    assert ticket_rules(*combo).state(Field.MARKET_PROTECTION) == (REQUIRED if needed else OFF)


def test_minutes_only_with_ttl(combo: tuple[Variety, Exchange, OrderType, Validity]) -> None:
    assert ticket_rules(*combo).state(Field.VALIDITY_TTL).enabled is (combo[3] is Validity.TTL)


def test_disclosed_quantity_only_for_equity_and_never_with_ioc(
    combo: tuple[Variety, Exchange, OrderType, Validity],
) -> None:
    variety, exchange, _, validity = combo
    enabled = ticket_rules(*combo).state(Field.DISCLOSED_QUANTITY).enabled
    if enabled:
        assert exchange in EQUITY
        assert validity is not Validity.IOC
        assert variety in (Variety.REGULAR, Variety.AMO)
    elif exchange in EQUITY and validity is Validity.DAY and variety is Variety.REGULAR:
        pytest.fail("disclosed quantity must be offered for a regular DAY equity order")


def test_iceberg_and_auction_fields_follow_their_variety(combo: tuple[Variety, Exchange, OrderType, Validity]) -> None:
    variety = combo[0]
    rules = ticket_rules(*combo)
    assert rules.state(Field.ICEBERG_LEGS) == (REQUIRED if variety is Variety.ICEBERG else OFF)
    assert rules.state(Field.ICEBERG_QUANTITY) == (DERIVED if variety is Variety.ICEBERG else OFF)
    assert rules.state(Field.AUCTION_NUMBER) == (REQUIRED if variety is Variety.AUCTION else OFF)
    assert rules.state(Field.AUTOSLICE).enabled is (variety is Variety.REGULAR)


def test_every_field_has_a_state(combo: tuple[Variety, Exchange, OrderType, Validity]) -> None:
    assert set(ticket_rules(*combo).fields) == set(Field)


def test_products_follow_the_market(combo: tuple[Variety, Exchange, OrderType, Validity]) -> None:
    variety, exchange, _, _ = combo
    products = set(ticket_rules(*combo).products)
    if exchange in EQUITY:
        assert Product.NRML not in products
    else:
        assert products <= {Product.MIS, Product.NRML}
    if variety is Variety.CO:
        assert products == {Product.MIS}


def test_validities_follow_exchange_and_order_type(combo: tuple[Variety, Exchange, OrderType, Validity]) -> None:
    variety, exchange, order_type, _ = combo
    validities = set(ticket_rules(*combo).validities)
    if exchange is Exchange.MCX:
        assert Validity.IOC not in validities
    if order_type in (OrderType.SL, OrderType.SLM):
        assert validities == {Validity.DAY}
    if variety is Variety.AMO:
        assert Validity.TTL not in validities


def test_normalise_always_lands_on_an_allowed_combination(combo: tuple[Variety, Exchange, OrderType, Validity]) -> None:
    variety, exchange, order_type, validity = combo
    for product in Product:
        chosen = normalise(Choice(variety, exchange, product, order_type, validity))
        rules = ticket_rules(chosen.variety, chosen.exchange, chosen.order_type, chosen.validity)
        assert chosen.variety in varieties_for(exchange)
        assert chosen.product in rules.products
        assert chosen.order_type in rules.order_types
        assert chosen.validity in rules.validities


def test_normalise_keeps_a_choice_that_is_already_allowed() -> None:
    choice = Choice(Variety.REGULAR, Exchange.NSE, Product.MIS, OrderType.SL, Validity.DAY)
    assert normalise(choice) == choice


def test_cover_orders_enter_at_market_or_limit_only() -> None:
    rules = ticket_rules(Variety.CO, Exchange.NSE, OrderType.LIMIT, Validity.DAY)
    assert rules.order_types == (OrderType.MARKET, OrderType.LIMIT)


def test_iceberg_is_offered_only_where_zerodha_offers_it() -> None:
    offering = {exchange for exchange in Exchange if Variety.ICEBERG in varieties_for(exchange)}
    assert offering == {Exchange.NSE, Exchange.BSE, Exchange.NFO, Exchange.CDS}


def test_bse_iceberg_takes_no_market_legs() -> None:
    order_types = ticket_rules(Variety.ICEBERG, Exchange.BSE, OrderType.LIMIT, Validity.DAY).order_types
    assert OrderType.MARKET not in order_types
    assert OrderType.SLM not in order_types


def test_auction_is_a_limit_cnc_sell_on_equity() -> None:
    rules = ticket_rules(Variety.AUCTION, Exchange.NSE, OrderType.LIMIT, Validity.DAY)
    assert (rules.order_types, rules.products, [side.value for side in rules.transaction_types]) == (
        (OrderType.LIMIT,),
        (Product.CNC,),
        ["SELL"],
    )
    assert Variety.AUCTION not in varieties_for(Exchange.NFO)


@pytest.mark.parametrize(
    ("quantity", "legs", "lot", "expected"),
    [
        (1000, 5, 1, 200),
        (31 * 65, 2, 65, 16 * 65),  # the odd lot goes to the first leg (facts §1)
        (100, 3, 1, 34),
        (130, 2, 65, 65),
    ],
)
def test_iceberg_leg_quantity(quantity: int, legs: int, lot: int, expected: int) -> None:
    assert iceberg_leg_quantity(quantity, legs, lot) == expected
