"""The margin preview asks about the order as Kite will hold it, and says the shortfall before sending."""

from __future__ import annotations

from decimal import Decimal

from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Variety
from kiteticket.domain.margin import Charges, MarginEstimate
from kiteticket.domain.margin_preview import MarginPreview, funds_segment, margin_query, protection_price
from kiteticket.domain.market import MarketSnapshot
from kiteticket.domain.order import OrderRequest

TICK = Decimal("0.05")
MARKET = MarketSnapshot(Decimal("17000"), Decimal("15300"), Decimal("18700"))
BUY = OrderRequest(
    Variety.REGULAR, Exchange.NSE, "MARUTI", TransactionType.BUY, 1000, Product.CNC, OrderType.MARKET,
    market_protection=-1,
)  # fmt: skip


def test_auto_protection_is_two_percent_from_the_last_price_on_the_tick_grid() -> None:
    assert protection_price(TransactionType.BUY, -1, MARKET, TICK) == Decimal("17340.00")
    assert protection_price(TransactionType.SELL, -1, MARKET, TICK) == Decimal("16660.00")
    odd = MarketSnapshot(Decimal("1601.30"))
    assert protection_price(TransactionType.BUY, 3, odd, TICK) == Decimal("1649.30")  # 1649.339 floored to 0.05
    assert protection_price(TransactionType.SELL, 3, odd, TICK) == Decimal("1553.30")  # 1553.261 ceiled


def test_the_protection_price_stays_inside_the_circuits() -> None:
    tight = MarketSnapshot(Decimal("17000"), Decimal("16900"), Decimal("17100"))
    assert protection_price(TransactionType.BUY, 5, tight, TICK) == Decimal("17100")
    assert protection_price(TransactionType.SELL, 5, tight, TICK) == Decimal("16900")


def test_a_market_order_is_asked_about_as_a_limit_at_its_protection_price() -> None:
    query = margin_query(BUY, MARKET, TICK)
    assert query is not None
    assert (query.order_type, query.price, query.quantity) == (OrderType.LIMIT, Decimal("17340.00"), 1000)
    assert margin_query(BUY, MarketSnapshot(), TICK) is None  # no last price yet: no misleading preview


def test_an_sl_m_order_is_asked_about_at_its_trigger_and_a_limit_as_it_is() -> None:
    slm = OrderRequest(
        Variety.REGULAR, Exchange.NSE, "MARUTI", TransactionType.BUY, 5, Product.MIS, OrderType.SLM,
        trigger_price=Decimal("17100"), market_protection=-1,
    )  # fmt: skip
    query = margin_query(slm, MARKET, TICK)
    assert query is not None
    assert (query.order_type, query.price) == (OrderType.SL, Decimal("17100"))
    limit = OrderRequest(
        Variety.REGULAR, Exchange.NSE, "MARUTI", TransactionType.BUY, 5, Product.MIS, OrderType.LIMIT,
        price=Decimal("16990"),
    )  # fmt: skip
    assert margin_query(limit, MARKET, TICK) is limit


def test_the_shortfall_is_said_in_rupees() -> None:
    charges = Charges(*(Decimal(0),) * 7)
    preview = MarginPreview(MarginEstimate(Decimal("906416.29"), charges), Decimal("888645.94"))
    assert preview.shortfall == Decimal("17770.35")
    assert preview.shortfall_text() == "Short by ₹17,770.35"
    assert MarginPreview(MarginEstimate(Decimal(10), charges), Decimal(20)).shortfall_text() == ""
    assert MarginPreview(MarginEstimate(Decimal(10), charges)).shortfall_text() == ""
    assert (funds_segment(Exchange.MCX), funds_segment(Exchange.NFO)) == ("commodity", "equity")
