"""The ticket's keys in a whole window: F1/F2 anywhere, B/S anywhere but while typing, Esc and Ctrl+Enter only with
the focus inside the ticket, and never on auto-repeat."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLineEdit, QListWidget, QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from kiteticket.domain.enums import TransactionType
from kiteticket.ui.ticket import OrderTicket
from tests.ui.active_window import show_active

pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise", "does not support grabbing"
)

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


@dataclass
class Host:
    """A main window with the ticket, an order book's filter box (text) and a list (not text) beside it."""

    window: QMainWindow
    ticket: OrderTicket
    filter_box: QLineEdit
    book: QListWidget


@pytest.fixture
def host(qtbot: QtBot, ticket: OrderTicket) -> Host:
    window = QMainWindow()
    qtbot.addWidget(window)
    central = QWidget()
    row = QHBoxLayout(central)
    filter_box, book = QLineEdit(), QListWidget()
    book.addItems(["one", "two"])
    for widget in (ticket, filter_box, book):
        row.addWidget(widget)
    window.setCentralWidget(central)
    ticket.install_shortcuts(window)
    show_active(qtbot, window)
    ticket.inputs.tradingsymbol.setText("INFY")
    ticket.inputs.price.setValue(1600.0)
    ticket.inputs.quantity.setValue(7)
    return Host(window, ticket, filter_box, book)


def focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(widget.hasFocus)


def press(widget: QWidget, key: Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
          text: str = "", *, repeat: bool = False) -> None:  # fmt: skip
    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, key, modifiers, text, repeat))


def test_f2_in_a_text_field_outside_the_ticket_opens_a_sell(qtbot: QtBot, host: Host) -> None:
    focus(qtbot, host.filter_box)
    qtbot.keyClick(host.filter_box, Key.Key_F2)
    assert host.ticket.inputs.side.side() is TransactionType.SELL
    qtbot.waitUntil(host.ticket.inputs.quantity.hasFocus)  # ready to type the quantity
    focus(qtbot, host.book)
    qtbot.keyClick(host.book, Key.Key_F1)
    assert host.ticket.inputs.side.side() is TransactionType.BUY


def test_b_and_s_work_outside_the_ticket_when_no_text_field_has_focus(qtbot: QtBot, host: Host) -> None:
    focus(qtbot, host.book)
    qtbot.keyClick(host.book, Key.Key_S)
    assert host.ticket.inputs.side.side() is TransactionType.SELL
    focus(qtbot, host.book)
    qtbot.keyClick(host.book, Key.Key_B)
    assert host.ticket.inputs.side.side() is TransactionType.BUY


def test_b_and_s_are_typing_in_a_text_field_outside_the_ticket(qtbot: QtBot, host: Host) -> None:
    focus(qtbot, host.filter_box)
    qtbot.keyClicks(host.filter_box, "sbs")
    assert host.filter_box.text() == "sbs"
    assert host.ticket.inputs.side.side() is TransactionType.BUY


def test_b_and_s_do_nothing_while_any_text_field_of_the_window_has_focus(qtbot: QtBot, host: Host) -> None:
    focus(qtbot, host.filter_box)
    press(host.book, Key.Key_S, text="s")  # delivered elsewhere, but the user is typing in the filter box
    assert host.ticket.inputs.side.side() is TransactionType.BUY


def test_escape_in_a_text_field_outside_the_ticket_leaves_the_ticket_alone(qtbot: QtBot, host: Host) -> None:
    focus(qtbot, host.filter_box)
    qtbot.keyClicks(host.filter_box, "INFY")
    qtbot.keyClick(host.filter_box, Key.Key_Escape)
    assert host.ticket.inputs.quantity.value() == 7
    assert host.ticket.inputs.price.value() == 1600.0


def test_escape_outside_the_ticket_keeps_an_unknown_outcome_on_hold(qtbot: QtBot, host: Host) -> None:
    assert host.ticket.submit()
    host.ticket.show_outcome_unknown("Kite did not answer in time.")
    focus(qtbot, host.filter_box)
    qtbot.keyClick(host.filter_box, Key.Key_Escape)
    assert host.ticket.inputs.quantity.value() == 7  # not cleared: the very order is still on hold
    with qtbot.assertNotEmitted(host.ticket.submit_requested):
        assert not host.ticket.submit()
    assert "still being checked" in host.ticket.parts.summary.text()
    focus(qtbot, host.ticket.inputs.quantity)
    qtbot.keyClick(host.ticket.inputs.quantity, Key.Key_Escape)  # inside the ticket: the explicit override
    host.ticket.inputs.price.setValue(1600.0)
    with qtbot.waitSignal(host.ticket.submit_requested, timeout=1000):
        assert host.ticket.submit()


def test_ctrl_enter_outside_the_ticket_does_not_send(qtbot: QtBot, host: Host) -> None:
    with qtbot.assertNotEmitted(host.ticket.submit_requested):
        focus(qtbot, host.filter_box)
        qtbot.keyClick(host.filter_box, Key.Key_Return, CTRL)
        focus(qtbot, host.book)
        qtbot.keyClick(host.book, Key.Key_Return, CTRL)
    assert not host.ticket.is_busy()


def test_ctrl_enter_inside_the_ticket_sends(qtbot: QtBot, host: Host) -> None:
    focus(qtbot, host.ticket.inputs.price)
    with qtbot.waitSignal(host.ticket.submit_requested, timeout=1000):
        qtbot.keyClick(host.ticket.inputs.price, Key.Key_Return, CTRL)


def test_held_keys_outside_the_ticket_never_act(qtbot: QtBot, host: Host) -> None:
    focus(qtbot, host.book)
    press(host.book, Key.Key_F2, repeat=True)
    press(host.book, Key.Key_S, text="s", repeat=True)
    assert host.ticket.inputs.side.side() is TransactionType.BUY
