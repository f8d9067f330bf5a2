"""A poll's snapshot is in the book at once; what follows from it (placements settled, the new order selected,
funds and positions asked for) a turn later, each snapshot once and in order, so the two never hold the GUI
thread in one stretch. Nothing of it is lost: a newer poll's failure still shows, and closing the window settles
what is already in the book."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.order_row import parse_order
from kiteticket.domain.orderbook import OrderBookSnapshot
from tests.ui.app.helpers import WAIT_MS, Order, PaperApp


def _record_reconciles(app: PaperApp, monkeypatch: pytest.MonkeyPatch) -> list[OrderBookSnapshot]:
    seen: list[OrderBookSnapshot] = []
    reconcile = app.shell.placement.reconcile

    def recording(snapshot: OrderBookSnapshot) -> None:
        seen.append(snapshot)
        reconcile(snapshot)

    monkeypatch.setattr(app.shell.placement, "reconcile", recording)
    return seen


def _stop_polls(app: PaperApp) -> None:
    """No poll from here on, and none still on its way: stopping waits for a fetch in flight, whose answer is then
    queued for the GUI thread; it is delivered here, not in the middle of the test (a snapshot that came after the
    test's failed poll cleared the failure it checks)."""
    app.shell.poller.stop()
    QCoreApplication.sendPostedEvents()


def _among(seen: list[OrderBookSnapshot], *wanted: OrderBookSnapshot) -> list[OrderBookSnapshot]:
    """The wanted snapshots in the order they were settled (a poll still on its way may settle others)."""
    return [snapshot for snapshot in seen if any(snapshot is each for each in wanted)]


def test_the_book_shows_a_snapshot_at_once_and_settles_it_on_a_later_turn_in_order(
    paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _record_reconciles(paper_app, monkeypatch)
    order_id = paper_app.place(Order(price="1590.00"))
    paper_app.wait_for_order(order_id)
    _stop_polls(paper_app)  # only the snapshots below from here on
    shown = paper_app.book.snapshot
    first, second = (OrderBookSnapshot.from_rows(shown.rows) for _ in range(2))

    paper_app.shell.poller.snapshot_ready.emit(first)
    paper_app.shell.poller.snapshot_ready.emit(second)
    assert paper_app.book.snapshot is second  # the book at once
    assert _among(seen, first, second) == []  # its consequences not yet

    paper_app.qtbot.waitUntil(lambda: len(_among(seen, first, second)) == 2)
    assert _among(seen, first, second) == [first, second]
    assert paper_app.book.row_for_order(order_id) is not None


def test_a_failed_poll_right_after_a_snapshot_stays_shown(paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _record_reconciles(paper_app, monkeypatch)
    _stop_polls(paper_app)
    snapshot = OrderBookSnapshot.from_rows(paper_app.book.snapshot.rows)
    paper_app.shell.poller.snapshot_ready.emit(snapshot)
    paper_app.shell.poller.poll_failed.emit(BrokerError(ErrorKind.NETWORK, "Kite did not answer."))
    paper_app.qtbot.waitUntil(lambda: bool(_among(seen, snapshot)))  # the snapshot's turn has come and gone
    status = paper_app.window.findChild(QLabel, "connection_status")
    assert isinstance(status, QLabel)
    assert status.text().startswith("Order book not updating")


def test_closing_the_window_settles_a_snapshot_already_in_the_book(
    paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _record_reconciles(paper_app, monkeypatch)
    _stop_polls(paper_app)
    snapshot = OrderBookSnapshot.from_rows(paper_app.book.snapshot.rows)
    paper_app.shell.poller.snapshot_ready.emit(snapshot)
    paper_app.window.close()
    assert _among(seen, snapshot) == [snapshot]


def _placed_then_rejected(app: PaperApp) -> tuple[str, OrderBookSnapshot]:
    """An order placed from the ticket, the poller stopped (no poll or push in flight), and a snapshot in which
    Kite's risk checks rejected it after all."""
    placed = app.place(Order(price="1590.00"))
    app.wait_for_order(placed)
    _stop_polls(app)
    rows = tuple(
        parse_order({**row.raw, "status": "REJECTED", "status_message": "Insufficient funds"})
        if row.order_id == placed
        else row
        for row in app.book.snapshot.rows
    )
    return placed, OrderBookSnapshot.from_rows(rows)


def test_a_rejection_in_the_book_is_told_before_the_next_order_is_sent(paper_app: PaperApp) -> None:
    """The fate of the ticket's latest order is told only until a newer one is sent: a snapshot the book already
    shows is settled before the send, even within the turn it arrived in."""
    first, rejected = _placed_then_rejected(paper_app)
    paper_app.enter(Order(price="1585.00"))
    paper_app.shell.poller.snapshot_ready.emit(rejected)
    paper_app.click_submit()  # in the same turn: the snapshot's consequences are not due yet
    assert f"Order {first} rejected: Insufficient funds" in paper_app.window.statusBar().currentMessage()


def test_a_rejection_that_comes_while_the_next_order_is_being_confirmed_is_told(paper_app: PaperApp) -> None:
    """The snapshot with the rejection arrives while the confirmation question of the next order is open, and the
    user says yes before its turn comes: it is still told."""
    first, rejected = _placed_then_rejected(paper_app)
    paper_app.enter(Order(price="1585.00"))
    paper_app.answers.meanwhile = lambda: paper_app.shell.poller.snapshot_ready.emit(rejected)
    paper_app.click_submit()
    assert paper_app.answers.asked[-1] == "Place order?"
    assert f"Order {first} rejected: Insufficient funds" in paper_app.window.statusBar().currentMessage()
    assert paper_app.ticket.is_busy()  # the new order on its way, its lock its own


DROP_PLACE_REPLY = {"kind": "drop_response", "path": "/orders", "method": "POST", "count": 1}
HOLD_ORDER_UPDATES = {"kind": "ws_stall", "latency_ms": 30_000}  # the socket stays open and sends nothing


@pytest.mark.parametrize(
    ("following", "held"),
    [(Order(price="1585.00"), True), (Order("SBIN", price="995.00"), False)],
    ids=["same instrument: held until settled", "another instrument: not held"],
)
def test_a_lost_placement_the_book_settles_is_settled_before_the_next_send_which_keeps_its_own_lock(
    paper_app: PaperApp, following: Order, held: bool
) -> None:
    """A placement of unknown outcome; the snapshot that finds it is in the book, not yet settled, when the user
    presses Ctrl+Enter for the next order in the same turn. It is settled before the ticket checks anything, and its
    answer reaches the ticket before the next order is sent (heard after, it unlocked the ticket with the next order
    on its way). A press on the instrument it held back does not send: the user has not seen the answer (the lost
    order was placed after all: a retry would be the duplicate the hold stops); the next press does."""
    paper_app.show_instrument("INFY", "1600")
    paper_app.set_price("SBIN", "1000")
    paper_app.poll_and_wait()
    _stop_polls(paper_app)  # nothing settles the lost placement but the snapshot below
    paper_app.admin("faults", HOLD_ORDER_UPDATES)
    paper_app.admin("faults", DROP_PLACE_REPLY)
    paper_app.enter(Order(price="1590.00"))
    with paper_app.qtbot.waitSignal(paper_app.shell.placement.outcome_unknown, timeout=WAIT_MS) as lost:
        paper_app.click_submit()
    paper_app.qtbot.waitUntil(lambda: not paper_app.ticket.is_busy(), timeout=WAIT_MS)
    raw = paper_app.shell._services.broker.orders_raw()  # the book as the next poll reads it: the order is there
    snapshot = OrderBookSnapshot.following(paper_app.book.snapshot, raw)
    assert any(row.tag == lost.args[0] for row in snapshot.rows)
    resolved: list[str] = []
    paper_app.shell.placement.outcome_resolved.connect(lambda tag, _order_id: resolved.append(tag))
    paper_app.enter(following)
    assert bool(paper_app.ticket.held_reason()) is held
    price = paper_app.ticket.inputs.price
    paper_app.focus(price)

    paper_app.shell.poller.snapshot_ready.emit(snapshot)
    QTest.keyClick(price, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # in the same turn

    assert resolved == [lost.args[0]]  # settled first,
    assert paper_app.ticket.held_reason() == ""
    assert paper_app.ticket.is_busy() is not held  # held when pressed: not sent on that press
    if held:
        QTest.keyClick(price, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # the user decides again
        assert paper_app.ticket.is_busy()
    assert paper_app.result_text().startswith("Placing order")  # the next order sent, and its lock its own
    paper_app.qtbot.waitUntil(lambda: not paper_app.ticket.is_busy(), timeout=WAIT_MS)
    assert paper_app.result_text().endswith("placed")
