"""Keys: F1/F2 and B/S choose the side (B/S not while typing), Ctrl+Enter sends, Esc clears, held keys never
repeat an order."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from kiteticket.domain.draft import Submission
from kiteticket.domain.enums import OrderType, TransactionType, Variety
from kiteticket.domain.fields import Field
from kiteticket.ui.ticket import OrderTicket
from kiteticket.ui.ticket.keys import KeyAction
from tests.ui.active_window import show_active
from tests.ui.ticket.helpers import choose

# The offscreen platform cannot resize, raise or grab for a popup, and says so; shown tickets do all three.
pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise", "does not support grabbing"
)

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def press(widget: QWidget, key: Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
          text: str = "", *, repeat: bool = False) -> None:  # fmt: skip
    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, key, modifiers, text, repeat))


def press_in(
    qtbot: QtBot,
    widget: QWidget,
    key: Key,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
    *,
    repeat: bool = False,
) -> None:
    """A key pressed with the focus in `widget`, given to it first as a click would: keys go to the focus."""
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(widget.hasFocus)
    press(widget, key, modifiers, repeat=repeat)


def shown(qtbot: QtBot, ticket: OrderTicket) -> OrderTicket:
    """The ticket on screen in the active window, as it is when a person types into it: keys go to the focus."""
    show_active(qtbot, ticket)
    return ticket


def valid(ticket: OrderTicket) -> OrderTicket:
    ticket.inputs.tradingsymbol.setText("INFY")
    ticket.inputs.price.setValue(1600.0)
    return ticket


def test_f1_and_f2_switch_the_side(qtbot: QtBot, ticket: OrderTicket) -> None:
    shown(qtbot, ticket)
    press_in(qtbot, ticket.inputs.price, Key.Key_F2)  # F keys work even inside a number field
    assert ticket.inputs.side.side() is TransactionType.SELL
    assert ticket.parts.submit.text() == "SELL"
    press_in(qtbot, ticket.inputs.exchange, Key.Key_F1)
    assert ticket.inputs.side.side() is TransactionType.BUY


def test_b_and_s_switch_the_side_outside_text_fields(qtbot: QtBot, ticket: OrderTicket) -> None:
    shown(qtbot, ticket)
    ticket.inputs.order_type.setFocus()
    press(ticket.inputs.order_type, Key.Key_S, text="s")
    assert ticket.inputs.side.side() is TransactionType.SELL
    assert ticket.inputs.quantity.hasFocus() or ticket.focusWidget() is ticket.inputs.quantity
    press(ticket.inputs.order_type, Key.Key_B, text="b")  # the focus is in the quantity now: typing
    assert ticket.inputs.side.side() is TransactionType.SELL
    ticket.inputs.order_type.setFocus()
    press(ticket.inputs.order_type, Key.Key_B, text="b")
    assert ticket.inputs.side.side() is TransactionType.BUY


def test_b_and_s_are_typing_in_quantity(qtbot: QtBot, ticket: OrderTicket) -> None:
    shown(qtbot, ticket)
    ticket.inputs.quantity.setFocus()
    qtbot.keyClick(ticket.inputs.quantity, Key.Key_S)
    assert ticket.inputs.side.side() is TransactionType.BUY
    ticket.inputs.side.set_side(TransactionType.SELL)
    qtbot.keyClick(ticket.inputs.quantity, Key.Key_B)
    assert ticket.inputs.side.side() is TransactionType.SELL


def test_b_is_typing_in_the_instrument_search(qtbot: QtBot, ticket: OrderTicket) -> None:
    shown(qtbot, ticket)
    ticket.inputs.tradingsymbol.setFocus()
    ticket.inputs.side.set_side(TransactionType.SELL)
    qtbot.keyClicks(ticket.inputs.tradingsymbol, "SBIN")
    assert ticket.inputs.tradingsymbol.text() == "SBIN"
    assert ticket.inputs.side.side() is TransactionType.SELL


def test_auto_repeat_is_ignored(qtbot: QtBot, ticket: OrderTicket) -> None:
    shown(qtbot, valid(ticket))
    press_in(qtbot, ticket.inputs.exchange, Key.Key_F2, repeat=True)
    assert ticket.inputs.side.side() is TransactionType.BUY
    with qtbot.assertNotEmitted(ticket.submit_requested):
        press_in(qtbot, ticket.inputs.price, Key.Key_Return, CTRL, repeat=True)
    press_in(qtbot, ticket.inputs.exchange, Key.Key_F2)  # the same key, not repeated, does act
    assert ticket.inputs.side.side() is TransactionType.SELL


def test_ctrl_enter_submits_once(qtbot: QtBot, ticket: OrderTicket) -> None:
    shown(qtbot, valid(ticket))
    sent: list[Submission] = []
    ticket.submit_requested.connect(sent.append)
    press_in(qtbot, ticket.inputs.price, Key.Key_Return, CTRL)
    # Busy now, the form locked: pressed again wherever the focus went, it is ignored.
    press(QApplication.focusWidget() or ticket, Key.Key_Enter, CTRL | Qt.KeyboardModifier.KeypadModifier)
    assert len(sent) == 1
    assert sent[0].request.tradingsymbol == "INFY"


def test_while_sending_the_ticket_holds_the_focus_and_a_second_ctrl_enter_sends_nothing(
    qtbot: QtBot, ticket: OrderTicket
) -> None:
    shown(qtbot, valid(ticket))
    sent: list[Submission] = []
    ticket.submit_requested.connect(sent.append)
    press_in(qtbot, ticket.inputs.price, Key.Key_Return, CTRL)
    assert ticket.is_busy()
    assert QApplication.focusWidget() is ticket  # not nobody: the next keys still reach the ticket
    with qtbot.waitSignal(ticket.keys.triggered) as heard:  # the key reached the ticket, which is busy
        press(ticket, Key.Key_Return, CTRL)
    assert heard.args == [KeyAction.SUBMIT]
    with qtbot.waitSignal(ticket.keys.triggered):
        press(ticket, Key.Key_Escape)  # locked: Esc wipes nothing while the order is on its way
    assert len(sent) == 1
    assert ticket.inputs.price.value() == 1600.0
    ticket.show_placed("260101000000001")
    assert QApplication.focusWidget() is ticket.inputs.price  # back where the user was


def test_keys_still_reach_the_ticket_after_the_lock_turned_the_focus_back(qtbot: QtBot, ticket: OrderTicket) -> None:
    """The lock turns the focus back from a field (as when the window comes back after the confirmation box): the
    ticket's keys must follow the focus where it ended, not where the field took it."""
    shown(qtbot, valid(ticket))
    press_in(qtbot, ticket.inputs.price, Key.Key_Return, CTRL)
    assert ticket.is_busy()
    ticket.inputs.quantity.setFocus()
    assert QApplication.focusWidget() is ticket
    with qtbot.waitSignal(ticket.keys.triggered) as heard:
        press(ticket, Key.Key_Escape)
    assert heard.args == [KeyAction.CLEAR]


def test_escape_clears_back_to_the_instruments_defaults(qtbot: QtBot, ticket: OrderTicket) -> None:
    shown(qtbot, valid(ticket))
    ticket.inputs.quantity.setValue(40)
    assert choose(ticket, Field.VARIETY, Variety.AMO)
    assert choose(ticket, Field.ORDER_TYPE, OrderType.SL)
    press_in(qtbot, ticket.inputs.quantity, Key.Key_Escape)
    assert ticket.inputs.variety.currentData() == Variety.REGULAR
    assert ticket.inputs.order_type.currentData() == OrderType.LIMIT
    assert ticket.inputs.quantity.value() == 1
    assert ticket.inputs.price.value() == 0
    assert ticket.inputs.tradingsymbol.text() == "INFY"  # the instrument stays


def test_keys_are_confined_to_their_scope(qtbot: QtBot, ticket: OrderTicket) -> None:
    other = QWidget()
    qtbot.addWidget(other)
    shown(qtbot, ticket)
    press(other, Key.Key_F2)
    assert ticket.inputs.side.side() is TransactionType.BUY


def test_installed_shortcuts_work_anywhere_in_the_window(qtbot: QtBot, ticket: OrderTicket) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    elsewhere = QWidget()
    window.setCentralWidget(elsewhere)
    ticket.install_shortcuts(window)
    window.show()
    qtbot.waitExposed(window)
    press(elsewhere, Key.Key_F2)
    assert ticket.inputs.side.side() is TransactionType.SELL
    assert ticket.isVisible()  # F2 opens the ticket
