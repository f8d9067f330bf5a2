"""An order's fate in one line, once the book has the final word."""

from __future__ import annotations

from typing import Any

from kiteticket.domain.order_row import parse_order
from kiteticket.domain.outcome import Fate, order_fate
from tests.domain.test_orderbook import raw_order


def fate(**fields: Any) -> Fate | None:
    return order_fate(parse_order(raw_order("7", **fields)))


def test_a_working_order_has_no_fate_yet() -> None:
    assert fate(status="OPEN") is None
    assert fate(status="TRIGGER PENDING") is None


def test_final_statuses_in_words() -> None:
    assert fate(status="COMPLETE", filled_quantity=10, pending_quantity=0, average_price=1600.25) == Fate(
        "7", "Order 7 complete: 10 filled at ₹1,600.25", True
    )
    assert fate(status="REJECTED", status_message="Insufficient funds.") == Fate(
        "7", "Order 7 rejected: Insufficient funds.", False
    )
    ioc = fate(status="CANCELLED", validity="IOC", filled_quantity=4, status_message="16388: Unmatched orders")
    assert ioc == Fate("7", "Order 7 cancelled (IOC): 4 of 10 filled, the rest found no match at once", True)
    ttl = fate(status="CANCELLED", validity="TTL", validity_ttl=5)
    assert ttl == Fate("7", "Order 7 cancelled: its 5 minutes ran out, nothing filled", False)
    assert fate(status="CANCELLED") == Fate("7", "Order 7 cancelled: nothing filled", False)
