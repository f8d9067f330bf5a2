"""Confirmations state the whole order: the ticket's (every parameter, lots and units, value and margin), a
modification's (each change before → after) and a cancellation's (each order, its price and what is still open)."""

from __future__ import annotations

from decimal import Decimal

from kiteticket.domain.book_confirmation import cancel_confirmation_text, modify_confirmation_text
from kiteticket.domain.confirmation import confirmation_text, header_title
from kiteticket.domain.draft import Draft, Submission
from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Validity, Variety
from kiteticket.domain.margin import Charges, MarginEstimate
from kiteticket.domain.margin_preview import MarginPreview
from kiteticket.domain.order import ModifyRequest, OrderRequest
from kiteticket.domain.order_row import parse_order
from tests.domain.test_orderbook import raw_order
from tests.factories import equity, future

NIFTY = future()
ICEBERG = OrderRequest(
    Variety.ICEBERG, Exchange.NFO, "NIFTY26DECFUT", TransactionType.SELL, 650, Product.NRML, OrderType.SL,
    price=Decimal("25900.00"), trigger_price=Decimal("25910.00"), validity=Validity.TTL, validity_ttl=30,
    iceberg_legs=4, iceberg_quantity=195, tag="kt123",
)  # fmt: skip
NO_CHARGES = Charges(*(Decimal(0),) * 7)


def test_the_confirmation_states_every_parameter_sent() -> None:
    margin = MarginPreview(MarginEstimate(Decimal("2400000"), NO_CHARGES), Decimal("2382229.65"))
    text = confirmation_text(Submission(ICEBERG, NIFTY, Decimal("25950"), margin))
    assert text.splitlines() == [
        "SELL 10 lots (650 qty) NIFTY26DECFUT on NFO",
        "Iceberg · NRML · SL at ₹25,900.00, trigger ₹25,910.00",
        "Validity 30 minutes (TTL)",
        "Iceberg 4 legs × 195 qty",
        "Value ₹1,68,35,000.00",
        "Margin ₹24,00,000.00 (available ₹23,82,229.65)",
        "Short by ₹17,770.35",
        "Tag kt123",
    ]


def test_a_market_order_states_its_protection_and_an_approximate_value() -> None:
    order = OrderRequest(
        Variety.REGULAR, Exchange.NSE, "INFY", TransactionType.BUY, 50, Product.CNC, OrderType.MARKET,
        market_protection=-1, disclosed_quantity=10,
    )  # fmt: skip
    lines = confirmation_text(Submission(order, equity(), Decimal("1600"))).splitlines()
    assert lines[:2] == ["BUY 50 INFY on NSE", "Regular · CNC · MARKET"]
    assert "Disclosed quantity 10" in lines
    assert "Market protection Auto" in lines
    assert "Value ≈ ₹80,000.00 at the last price" in lines


def test_the_header_is_built_from_the_same_draft() -> None:
    assert header_title(Draft(ICEBERG, NIFTY)) == "SELL NIFTY26DECFUT  ×10 lots (650 qty)"
    emptied = Draft(OrderRequest(Variety.REGULAR, Exchange.NSE, "INFY", TransactionType.BUY, 0, Product.CNC,
                                 OrderType.LIMIT), equity())  # fmt: skip
    assert header_title(emptied) == "BUY INFY"


def test_a_modification_shows_each_change_before_and_after() -> None:
    row = parse_order(raw_order("2511", quantity=10, price=1500.5))
    modify = ModifyRequest("2511", Variety.REGULAR, quantity=8, price=Decimal("1495.00"))
    assert modify_confirmation_text(row, modify).splitlines() == [
        "Modify order 2511: BUY INFY (NSE), CNC",
        "",
        "Quantity: 10 → 8",
        "Price: ₹1,500.50 → ₹1,495.00",
    ]


def test_cancel_lists_each_order_with_its_price_and_what_is_open() -> None:
    rows = [
        parse_order(raw_order("1", quantity=10, pending_quantity=4, filled_quantity=6, price=1500.5)),
        parse_order(raw_order("2", order_type="SL", price=1490, trigger_price=1492, transaction_type="SELL")),
    ]
    assert cancel_confirmation_text(rows).splitlines() == [
        "Cancel 2 orders?",
        "",
        "BUY 4 of 10 INFY (NSE) LIMIT at ₹1,500.50 · order 1",
        "SELL 10 of 10 INFY (NSE) SL at ₹1,490.00, trigger ₹1,492.00 · order 2",
    ]
