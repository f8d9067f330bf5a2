"""An order sent from the ticket repaints what changed (the send button, the result line), not the whole ticket:
each repaint of all of it held the GUI thread a few milliseconds, in the turns the answer and the book's new row
are shown."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from benchmarks.painted import PaintedAreas
from kiteticket.ui.ticket import OrderTicket, sending
from tests.ui.active_window import show_active
from tests.ui.counting import EventCounter
from tests.ui.ticket.test_submit import fill_expected

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _send_and_answer(qtbot: QtBot, ticket: OrderTicket, button_paints: EventCounter) -> None:
    """Send the filled order from the quantity field and answer it, waiting for the repaint after each."""
    ticket.inputs.quantity.setFocus()
    assert ticket.submit()  # "Placing…" on the button
    assert QApplication.focusWidget() is ticket  # held by the ticket while the order is on its way
    before = button_paints.count
    qtbot.waitUntil(lambda: button_paints.count > before)  # the pass that paints the button paints the ticket first
    ticket.show_placed("251125000123456")
    assert QApplication.focusWidget() in (ticket.inputs.quantity, ticket.inputs.quantity.lineEdit())  # given back
    before = button_paints.count
    qtbot.waitUntil(lambda: button_paints.count > before)


def test_sending_and_the_answer_repaint_what_changed_not_the_whole_ticket(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, make_ticket: Callable[..., OrderTicket]
) -> None:
    # A slow turn must not grey the form (which does repaint all of it): the timer is set when the ticket is made.
    monkeypatch.setattr(sending, "GREY_AFTER_MS", 60_000)
    ticket = make_ticket()
    host = QWidget()  # in the app the ticket is a part of a window, not a window of its own
    qtbot.addWidget(host)
    QVBoxLayout(host).addWidget(ticket)
    painted, button_paints = PaintedAreas(), EventCounter(QEvent.Type.Paint)
    ticket.installEventFilter(painted)
    ticket.parts.submit.installEventFilter(button_paints)
    try:
        show_active(qtbot, host)
        fill_expected(ticket)
        # The first time the ticket takes the focus its style sheet has all of it repainted, once (without the sheet
        # it is not): the orders after the first are what is measured.
        _send_and_answer(qtbot, ticket, button_paints)
        painted.areas.clear()
        _send_and_answer(qtbot, ticket, button_paints)
        whole = ticket.width() * ticket.height()
    finally:
        ticket.setParent(None)  # the fixture's to close; the host goes on its own
    assert painted.areas  # the result line and the button lie on it: the ticket paints behind them
    assert max(painted.areas) < whole / 4
