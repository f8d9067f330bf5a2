"""Precautions, pure: maximum quantity and value, a price far from the last price (2% equity and futures, 5%
options, as Kite warns), each switched off by zero; and the duplicate guard's memory of the last few seconds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Variety
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.precautions import PrecautionKind, PrecautionLimits, RecentOrders, check

LIMITS = PrecautionLimits(max_quantity=1_000, max_value=Decimal(500_000), far_percent=Decimal(2))
INFY = OrderRequest(
    variety=Variety.REGULAR, exchange=Exchange.NSE, tradingsymbol="INFY", transaction_type=TransactionType.BUY,
    quantity=10, product=Product.CNC, order_type=OrderType.LIMIT, price=Decimal("1600.00"),
)  # fmt: skip
OPTION = Instrument(
    9000002, 35002, "NIFTY26DEC26000CE", "NIFTY", 0.0, date(2026, 12, 29), 26000.0, 0.05, 65, "CE", "NFO-OPT",
    Exchange.NFO,
)  # fmt: skip
LAST = Decimal(1600)


def kinds(request: OrderRequest, last: Decimal | None = LAST, limits: PrecautionLimits = LIMITS) -> list[str]:
    return [p.kind.value for p in check(request, None, last, limits)]


def test_an_ordinary_order_trips_nothing() -> None:
    assert check(INFY, None, LAST, LIMITS) == ()


def test_quantity_and_value_above_the_maximum() -> None:
    [quantity, value] = check(replace(INFY, quantity=1_500), None, LAST, LIMITS)
    assert quantity.kind is PrecautionKind.MAX_QUANTITY
    assert quantity.message == "Quantity 1,500 is above your maximum of 1,000 per order."
    assert value.kind is PrecautionKind.MAX_VALUE
    assert value.message == "Order value ₹2,400,000.00 is above your maximum of ₹500,000 per order."


def test_a_market_order_is_valued_at_the_last_price_and_not_at_all_without_one() -> None:
    market = replace(INFY, order_type=OrderType.MARKET, price=None, quantity=400)
    assert kinds(market) == ["max_value"]
    assert kinds(market, last=None) == []


@pytest.mark.parametrize(
    ("price", "expected"),
    [("1632.00", []), ("1568.00", []), ("1632.05", ["far_from_market"]), ("1560.00", ["far_from_market"])],
)
def test_two_percent_from_the_last_price_for_equity(price: str, expected: list[str]) -> None:
    assert kinds(replace(INFY, price=Decimal(price))) == expected


def test_the_far_message_says_how_far_and_which_way() -> None:
    [far] = check(replace(INFY, price=Decimal("1500.00")), None, LAST, LIMITS)
    assert far.message == "Price 1500.00 is 6.2% below the last price 1600.00 (you are warned beyond 2%)."


def test_options_are_allowed_five_percent() -> None:
    option = replace(INFY, exchange=Exchange.NFO, tradingsymbol=OPTION.tradingsymbol, price=Decimal("290.00"))
    assert check(option, OPTION, Decimal(300), LIMITS) == ()  # 3.3% away: fine for an option
    assert [p.kind for p in check(replace(option, price=Decimal("280.00")), OPTION, Decimal(300), LIMITS)] == [
        PrecautionKind.FAR_FROM_MARKET
    ]
    assert check(option, None, Decimal(300), LIMITS) == (), "known as an option by its symbol without the master"


def test_stops_are_judged_by_their_limit_price_not_their_trigger() -> None:
    stop = replace(INFY, order_type=OrderType.SLM, price=None, trigger_price=Decimal("1400.00"))
    assert kinds(stop) == []


def test_zero_switches_a_check_off() -> None:
    off = PrecautionLimits(max_quantity=0, max_value=Decimal(0), far_percent=Decimal(0))
    assert kinds(replace(INFY, quantity=100_000, price=Decimal("1000.00")), limits=off) == []


def test_the_same_order_within_ten_seconds_is_a_duplicate() -> None:
    recent = RecentOrders()
    assert recent.duplicate(INFY, 100.0) is None
    recent.remember(replace(INFY, tag="a"), 100.0)
    repeat = recent.duplicate(replace(INFY, tag="b"), 104.2)
    assert repeat is not None
    assert repeat.message == "You placed the same order 4 s ago."
    assert recent.duplicate(INFY, 110.0) is None
    recent.forget(INFY)  # Kite refused it: sending it again is no duplicate
    assert recent.duplicate(INFY, 101.0) is None
    for different in (
        replace(INFY, quantity=11), replace(INFY, price=Decimal("1600.05")),
        replace(INFY, transaction_type=TransactionType.SELL), replace(INFY, product=Product.MIS),
        replace(INFY, tradingsymbol="SBIN"), replace(INFY, order_type=OrderType.SL), replace(INFY, variety=Variety.AMO),
    ):  # fmt: skip
        assert recent.duplicate(different, 101.0) is None
