"""A pushed order update (WebSocket or postback) applied to the book as a diff, never moving an order back."""

from __future__ import annotations

from typing import Any

from kiteticket.domain.orderbook import OrderBookSnapshot


def _order(order_id: str, status: str, filled: int = 0, **extra: Any) -> dict[str, Any]:
    return {
        "order_id": order_id, "status": status, "order_timestamp": f"2026-12-07 10:00:{order_id[-2:]}",
        "exchange": "NSE", "tradingsymbol": "INFY", "transaction_type": "BUY", "quantity": 10,
        "filled_quantity": filled, "pending_quantity": 10 - filled, "price": 1500, **extra,
    }  # fmt: skip


BOOK = OrderBookSnapshot.from_raw([_order("1001", "OPEN"), _order("1002", "COMPLETE", 10)])


def test_a_push_changes_its_row_with_a_diff() -> None:
    pushed = OrderBookSnapshot.pushed(BOOK, _order("1001", "OPEN", 4, unfilled_quantity=6, checksum="x"))
    assert pushed.by_id["1001"].filled_quantity == 4
    assert pushed.base_serial == BOOK.serial
    assert pushed.changes is not None
    assert [change.row.order_id for change in pushed.changes.changed] == ["1001"]
    assert pushed.changes.changed[0].fields >= {"filled_quantity", "pending_quantity"}


def test_a_pushed_new_order_is_inserted() -> None:
    pushed = OrderBookSnapshot.pushed(BOOK, _order("1003", "OPEN"))
    assert [row.order_id for row in pushed.rows] == ["1003", "1002", "1001"]
    assert pushed.changes is not None
    assert pushed.changes.inserted[0].rows[0].order_id == "1003"


def test_update_keeps_the_rows_status() -> None:
    pushed = OrderBookSnapshot.pushed(BOOK, _order("1001", "UPDATE", 2))
    assert pushed.by_id["1001"].status == "OPEN"
    assert pushed.by_id["1001"].filled_quantity == 2


def test_a_late_push_never_moves_an_order_back() -> None:
    assert OrderBookSnapshot.pushed(BOOK, _order("1002", "OPEN", 4)) is BOOK  # COMPLETE stays COMPLETE
    filled = OrderBookSnapshot.pushed(BOOK, _order("1001", "OPEN", 6))
    assert OrderBookSnapshot.pushed(filled, _order("1001", "OPEN", 4)) is filled


def test_a_push_without_an_order_id_changes_nothing() -> None:
    assert OrderBookSnapshot.pushed(BOOK, {"status": "OPEN"}) is BOOK
