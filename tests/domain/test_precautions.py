"""Precautions, pure: maximum quantity, a maximum value per segment (equity, F&O, currency, commodity), a limit
price that would trade through the market by more than 2% (5% for options), each switched off by zero; and the
duplicate guard's memory of the last few seconds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Variety
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.precautions import PrecautionKind, PrecautionLimits, RecentOrders, Segment, check, segment_of
from kiteticket.domain.quote import DepthLevel, Quote

LIMITS = PrecautionLimits(max_quantity=1_000, max_value=Decimal(500_000), far_percent=Decimal(2))
INFY = OrderRequest(
    variety=Variety.REGULAR, exchange=Exchange.NSE, tradingsymbol="INFY", transaction_type=TransactionType.BUY,
    quantity=10, product=Product.CNC, order_type=OrderType.LIMIT, price=Decimal("1600.00"),
)  # fmt: skip
SELL = replace(INFY, transaction_type=TransactionType.SELL)
NIFTY_FUT = replace(
    INFY, exchange=Exchange.NFO, tradingsymbol="NIFTY26DECFUT", quantity=65, product=Product.NRML,
    price=Decimal("26150.00"),
)  # fmt: skip
OPTION = Instrument(
    9000002, 35002, "NIFTY26DEC26000CE", "NIFTY", 0.0, date(2026, 12, 29), 26000.0, 0.05, 65, "CE", "NFO-OPT",
    Exchange.NFO,
)  # fmt: skip


def quote(last: str, bid: str | None = None, ask: str | None = None) -> Quote:
    """A quote whose best bid and offer are given (or an empty side when None)."""
    price = Decimal(last)
    return Quote(
        key="NSE:INFY", last_price=price, net_change=Decimal(0), open=price, high=price, low=price, close=price,
        volume=1, lower_circuit=Decimal(0), upper_circuit=Decimal(0),
        bids=(DepthLevel(Decimal(bid), 10, 1),) if bid else (), asks=(DepthLevel(Decimal(ask), 10, 1),) if ask else (),
    )  # fmt: skip


LAST = quote("1600.00", bid="1599.95", ask="1600.05")


def kinds(request: OrderRequest, market: Quote | Decimal | None = LAST, limits: PrecautionLimits = LIMITS) -> list[str]:
    return [p.kind.value for p in check(request, None, market, limits)]


def test_an_ordinary_order_trips_nothing() -> None:
    assert check(INFY, None, LAST, LIMITS) == ()


def test_quantity_and_value_above_the_maximum_in_indian_digits() -> None:
    [quantity, value] = check(replace(INFY, quantity=1_500), None, LAST, LIMITS)
    assert quantity.kind is PrecautionKind.MAX_QUANTITY
    assert quantity.message == "Quantity 1,500 is above your maximum of 1,000 per order."
    assert value.kind is PrecautionKind.MAX_VALUE
    assert value.message == "Order value ₹24,00,000.00 is above your equity maximum of ₹5,00,000 per order."


def test_a_market_order_is_valued_at_the_last_price_and_not_at_all_without_one() -> None:
    market = replace(INFY, order_type=OrderType.MARKET, price=None, quantity=400)
    assert kinds(market) == ["max_value"]
    assert kinds(market, market=None) == []


@pytest.mark.parametrize(
    ("exchange", "segment"),
    [
        (Exchange.NSE, Segment.EQUITY), (Exchange.BSE, Segment.EQUITY), (Exchange.NFO, Segment.FNO),
        (Exchange.BFO, Segment.FNO), (Exchange.CDS, Segment.CURRENCY), (Exchange.BCD, Segment.CURRENCY),
        (Exchange.MCX, Segment.COMMODITY),
    ],
)  # fmt: skip
def test_every_exchange_has_a_segment(exchange: Exchange, segment: Segment) -> None:
    assert segment_of(exchange) is segment


def test_one_futures_lot_does_not_trip_the_default_limits_but_the_equity_limit_would() -> None:
    nifty = quote("26150.00", bid="26149.90", ask="26150.10")
    assert NIFTY_FUT.price is not None
    assert NIFTY_FUT.price * NIFTY_FUT.quantity > PrecautionLimits().max_value, "one lot is over ₹10 lakh"
    assert check(NIFTY_FUT, None, nifty, PrecautionLimits()) == ()
    [value] = check(replace(NIFTY_FUT, quantity=65 * 6), None, nifty, PrecautionLimits())
    assert value.message == "Order value ₹1,01,98,500.00 is above your F&O maximum of ₹1,00,00,000 per order."


def test_each_segment_has_its_own_value_limit() -> None:
    limits = PrecautionLimits(
        max_value=Decimal(1), max_value_fno=Decimal(2), max_value_currency=Decimal(3), max_value_commodity=Decimal(4)
    )
    gold = replace(INFY, exchange=Exchange.MCX, tradingsymbol="GOLDM26DECFUT", quantity=1, price=Decimal("3.50"))
    assert kinds(gold, quote("3.50"), limits) == []
    assert kinds(replace(gold, price=Decimal("4.50")), quote("4.50"), limits) == ["max_value"]
    usd = replace(gold, exchange=Exchange.CDS, tradingsymbol="USDINR26DECFUT", price=Decimal("3.00"))
    assert kinds(usd, quote("3.00"), limits) == []
    assert kinds(replace(usd, price=Decimal("3.25")), quote("3.25"), limits) == ["max_value"]


@pytest.mark.parametrize(
    ("order", "price", "expected"),
    [
        (INFY, "1632.05", []),  # a BUY 2.0% above the offer: within the threshold
        (INFY, "1632.25", ["far_from_market"]),  # a BUY 2.01% above the offer trades through the market
        (INFY, "1520.00", []),  # a passive bid 5% below the market rests in the book: no question
        (SELL, "1568.00", []),  # a SELL 2.0% below the bid
        (SELL, "1567.50", ["far_from_market"]),  # a SELL more than 2% below the bid trades through it
        (SELL, "1680.00", []),  # a passive offer 5% above the market
    ],
)
def test_far_from_market_is_about_trading_through_the_touch(
    order: OrderRequest, price: str, expected: list[str]
) -> None:
    assert kinds(replace(order, price=Decimal(price))) == expected


def test_the_far_message_says_how_far_past_which_price() -> None:
    [far] = check(replace(SELL, price=Decimal("1500.00")), None, LAST, LIMITS)
    assert far.message == (
        "Price 1500.00 is 6.2% below the best bid 1599.95: it would trade at once, through the market "
        "(you are warned beyond 2%)."
    )


def test_without_depth_the_last_price_is_the_reference() -> None:
    bare = quote("1600.00")
    [far] = check(replace(INFY, price=Decimal("1700.00")), None, bare, LIMITS)
    assert "6.2% above the last price 1600.00" in far.message
    assert kinds(replace(INFY, price=Decimal("1500.00")), bare) == []


def test_options_are_allowed_five_percent() -> None:
    option = replace(INFY, exchange=Exchange.NFO, tradingsymbol=OPTION.tradingsymbol, price=Decimal("310.00"))
    premium = quote("300.00", bid="299.95", ask="300.00")
    assert check(option, OPTION, premium, LIMITS) == ()  # 3.3% past the offer: fine for an option
    assert [p.kind for p in check(replace(option, price=Decimal("320.00")), OPTION, premium, LIMITS)] == [
        PrecautionKind.FAR_FROM_MARKET
    ]
    assert check(option, None, premium, LIMITS) == (), "known as an option by its symbol without the master"


def test_stops_are_judged_by_their_limit_price_not_their_trigger() -> None:
    stop = replace(INFY, order_type=OrderType.SLM, price=None, trigger_price=Decimal("1700.00"))
    assert kinds(stop) == []


def test_zero_switches_a_check_off() -> None:
    off = PrecautionLimits(max_quantity=0, max_value=Decimal(0), far_percent=Decimal(0))
    assert kinds(replace(INFY, quantity=100_000, price=Decimal("2000.00")), limits=off) == []


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


def test_a_last_price_alone_is_the_reference_for_both_sides() -> None:
    assert kinds(replace(INFY, price=Decimal("1700.00")), market=Decimal(1600)) == ["far_from_market"]
    assert kinds(replace(SELL, price=Decimal("1500.00")), market=Decimal(1600)) == ["far_from_market"]
    assert kinds(replace(INFY, price=Decimal("1500.00")), market=Decimal(1600)) == []
    assert kinds(replace(INFY, quantity=1_000, price=Decimal("1600.00")), market=Decimal(1600)) == ["max_value"]
