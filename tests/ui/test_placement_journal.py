"""The placement controller with the journal, against the paper exchange through GuardedGateway and the real SDK:
a lost reply is looked up by tag and written back; placements a crash left open are looked up when the next session
starts; nothing is ever sent twice. Time is an injected clock, so the reconciliation window passes without waiting."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from kiteticket.broker.journal import Journal
from kiteticket.domain.audit import PlacementState
from kiteticket.domain.draft import Submission
from kiteticket.domain.order import OrderRequest
from kiteticket.paper.exchange import PaperExchange
from kiteticket.ui.ticket.placement import RECONCILE_SECONDS
from tests.broker.test_gateway_paper import INFY, connect, fault, order_ids_tagged
from tests.paper.helpers import set_price
from tests.ui.placement_rig import DAY, WAIT_MS, Clock, Rig, exchange, journal, make_rig, rig

__all__ = ["exchange", "journal", "rig"]  # fixtures


def test_a_lost_reply_is_found_by_tag_and_written_back(qtbot: QtBot, rig: Rig) -> None:
    fault(rig.exchange, "drop_response", "/orders/regular", "POST")
    order = replace(INFY, tag="lost7")
    with qtbot.waitSignal(rig.controller.outcome_unknown, timeout=WAIT_MS):
        rig.ticket.submit_requested.emit(Submission(order))
    entry = rig.journal.placement("lost7")
    assert entry is not None
    assert entry.state is PlacementState.UNKNOWN, "written before sending, left unknown when the reply was lost"
    assert rig.ticket.said[-1][0] == "unknown"
    assert rig.controller.unresolved == ("lost7",)

    with qtbot.waitSignal(rig.controller.outcome_resolved, timeout=WAIT_MS) as resolved:
        rig.controller.reconcile(rig.snapshot())
    [order_id] = order_ids_tagged(rig.gateway, "lost7")
    assert resolved.args == ["lost7", order_id]
    settled = rig.journal.placement("lost7")
    assert settled is not None
    assert (settled.state, settled.order_id) == (PlacementState.PLACED, order_id)
    assert rig.ticket.said[-1] == ("placed", order_id)
    assert rig.controller.unresolved == ()
    assert len(order_ids_tagged(rig.gateway, "lost7")) == 1, "never re-sent"


def test_an_order_that_never_arrives_is_not_placed_after_the_window(qtbot: QtBot, rig: Rig) -> None:
    fault(rig.exchange, "reset", "/orders/regular", "POST")  # reset before the request is carried out
    with qtbot.waitSignal(rig.controller.outcome_unknown, timeout=WAIT_MS):
        rig.ticket.submit_requested.emit(Submission(replace(INFY, tag="never1")))
    rig.controller.reconcile(rig.snapshot())
    assert rig.controller.unresolved == ("never1",), "still looking within the window"
    rig.clock.advance(RECONCILE_SECONDS)
    with qtbot.waitSignal(rig.controller.outcome_resolved, timeout=WAIT_MS) as resolved:
        rig.controller.reconcile(rig.snapshot())
    assert resolved.args == ["never1", ""]
    entry = rig.journal.placement("never1")
    assert entry is not None
    assert entry.state is PlacementState.NOT_PLACED
    assert rig.ticket.said[-1][0] == "rejected"
    assert "was not placed" in rig.ticket.said[-1][1]


def crashed_placement(journal: Journal, order: OrderRequest, state: PlacementState) -> None:
    """What a crash between sending and the answer leaves: the row, and nothing after it."""
    journal.sending(order)
    if state is not PlacementState.SENDING:
        journal.settle(order.tag or "", state)


def recovered(qtbot: QtBot, rig: Rig) -> int:
    """Start-up's recovery: the journal read on a worker thread, then how many placements are being looked up."""
    with qtbot.waitSignal(rig.controller.recovered, timeout=WAIT_MS) as done:
        rig.controller.recover()
    [checking] = done.args
    assert isinstance(checking, int)
    return checking


def test_start_up_finds_a_crashed_placement_on_the_first_snapshot(
    qtbot: QtBot, exchange: PaperExchange, journal: Journal
) -> None:
    order = replace(INFY, tag="crash1")
    crashed_placement(journal, order, PlacementState.SENDING)
    [order_id] = [connect(exchange).place(order).order_id]  # it did reach Kite before the crash
    crashed_placement(journal, replace(INFY, tag="crash2", quantity=2), PlacementState.UNKNOWN)  # this one did not
    rig = make_rig(exchange, journal)
    try:
        assert recovered(qtbot, rig) == 2
        assert rig.polls, "it asks for a poll at once"
        with qtbot.waitSignal(rig.controller.outcome_resolved, timeout=WAIT_MS) as resolved:
            rig.controller.reconcile(rig.snapshot())
        assert resolved.args == ["crash1", order_id]
        found = journal.placement("crash1")
        assert found is not None
        assert (found.state, found.order_id) == (PlacementState.PLACED, order_id)
        assert rig.ticket.said == [], "an earlier run's order is not the ticket's: it is reported in a message"
        assert rig.controller.unresolved == ("crash2",)

        rig.clock.advance(RECONCILE_SECONDS + 1)
        rig.controller.reconcile(rig.snapshot())
        lost = journal.placement("crash2")
        assert lost is not None
        assert lost.state is PlacementState.NOT_PLACED
        assert journal.open_placements() == ()
        assert len(order_ids_tagged(connect(exchange), "crash1")) == 1
        assert order_ids_tagged(connect(exchange), "crash2") == [], "never re-sent"
    finally:
        rig.close(qtbot)


def test_a_placement_left_open_on_an_earlier_day_is_reported_not_looked_up(
    qtbot: QtBot, exchange: PaperExchange, tmp_path: Path
) -> None:
    yesterday = Clock().wall - DAY
    journal = Journal(tmp_path / "old.sqlite3", clock=lambda: yesterday)
    crashed_placement(journal, replace(INFY, tag="old1"), PlacementState.UNKNOWN)
    rig = make_rig(exchange, journal)
    try:
        assert recovered(qtbot, rig) == 0
        entry = journal.placement("old1")
        assert entry is not None
        assert entry.state is PlacementState.UNRESOLVED
        assert "order history" in entry.message
    finally:
        rig.close(qtbot)
        journal.close()


def test_recovery_leaves_this_sessions_placements_alone(qtbot: QtBot, rig: Rig) -> None:
    with qtbot.waitSignal(rig.controller.order_placed, timeout=WAIT_MS):
        rig.ticket.submit_requested.emit(Submission(replace(INFY, tag="mine1")))
    rig.journal.settle("mine1", PlacementState.SENDING)  # as if the reply were still on its way
    assert recovered(qtbot, rig) == 0


def test_kites_later_rejection_of_the_tickets_order_reaches_the_ticket(qtbot: QtBot, rig: Rig) -> None:
    set_price(rig.exchange, "MARUTI", 17000.0)
    big = replace(INFY, tradingsymbol="MARUTI", price=INFY.price and INFY.price * 10, quantity=1000, tag="big1")
    with qtbot.waitSignal(rig.controller.order_placed, timeout=WAIT_MS) as placed:
        rig.ticket.submit_requested.emit(Submission(big))
    qtbot.waitUntil(lambda: rig.snapshot().by_id[placed.args[0]].status == "REJECTED", timeout=WAIT_MS)
    rig.controller.reconcile(rig.snapshot())
    assert rig.ticket.said[-1] == ("fate", placed.args[0])
    assert rig.ticket.fates[-1].text.startswith(f"Order {placed.args[0]} rejected: Insufficient funds.")


def test_a_429_on_a_placement_is_definite_and_shown_in_the_status_bar(qtbot: QtBot, rig: Rig) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    rig.messages.attach(window, window.statusBar())
    fault(rig.exchange, "http_5xx", "/orders/regular", "POST", status=429)
    rig.ticket.submit_requested.emit(Submission(replace(INFY, tag="limited1")))
    qtbot.waitUntil(lambda: bool(rig.ticket.said), timeout=WAIT_MS)
    assert rig.ticket.said[-1][0] == "rejected", "a 429 is a definite no: nothing to look up"
    assert "slows down" in rig.ticket.said[-1][1]
    assert window.statusBar().currentMessage() == "Kite is limiting requests; slowing down."
    entry = rig.journal.placement("limited1")
    assert entry is not None
    assert entry.state is PlacementState.REJECTED
