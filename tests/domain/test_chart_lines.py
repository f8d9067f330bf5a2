"""The chart's price lines: working orders of the instrument at their price and trigger, positions at average."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kiteticket.domain.chart_lines import LineKind, PriceLine, average_lines, order_lines
from kiteticket.domain.order_row import parse_order
from kiteticket.domain.portfolio_rows import parse_positions


def order(order_id: str, **fields: Any) -> Any:
    raw = {"order_id": order_id, "status": "OPEN", "exchange": "NSE", "tradingsymbol": "INFY",
           "transaction_type": "BUY", "order_type": "LIMIT", "quantity": 10, "pending_quantity": 10, "price": 1500,
           "trigger_price": 0, "order_timestamp": "2026-12-04 10:00:00"}  # fmt: skip
    return parse_order({**raw, **fields})


def test_working_orders_of_the_instrument_get_a_line_at_their_price() -> None:
    rows = [
        order("1"),
        order("2", transaction_type="SELL", price=1650.5, pending_quantity=4),
        order("3", status="COMPLETE"),
        order("4", tradingsymbol="TCS"),
        order("5", status="TRIGGER PENDING", order_type="SL-M", price=0, trigger_price=1450),
    ]
    assert order_lines(rows, "NSE:INFY") == (
        PriceLine("1:price", Decimal(1500), LineKind.BUY, "BUY 10 LIMIT @ 1500.00"),
        PriceLine("2:price", Decimal("1650.5"), LineKind.SELL, "SELL 4 LIMIT @ 1650.50"),
        PriceLine("5:trigger", Decimal(1450), LineKind.TRIGGER, "BUY 10 SL-M trigger 1450.00"),
    )


def test_a_stop_loss_limit_order_has_both_lines() -> None:
    lines = order_lines([order("9", order_type="SL", price=1510, trigger_price=1505)], "NSE:INFY")
    assert [(line.kind, line.price) for line in lines] == [(LineKind.BUY, 1510), (LineKind.TRIGGER, 1505)]


def test_open_positions_of_the_instrument_get_a_line_at_their_average() -> None:
    positions = parse_positions({"net": [
        {"exchange": "NSE", "tradingsymbol": "INFY", "product": "MIS", "quantity": -5, "average_price": 1601.25},
        {"exchange": "NSE", "tradingsymbol": "INFY", "product": "CNC", "quantity": 0, "average_price": 1590},
        {"exchange": "NSE", "tradingsymbol": "TCS", "product": "CNC", "quantity": 3, "average_price": 3400},
    ]})  # fmt: skip
    assert average_lines(positions, "NSE:INFY") == (
        PriceLine("average NSE:INFY:MIS", Decimal("1601.25"), LineKind.AVERAGE, "Avg MIS -5 @ 1601.25"),
    )
