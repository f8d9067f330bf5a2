"""While an order is on its way its inputs keep showing what was sent: the mouse, the wheel, typing and Tab cannot
change them. An answer that comes quickly shows no grey flash; a slow one greys the form until it comes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiteticket.ui.ticket import OrderTicket
from kiteticket.ui.ticket.sending import GREY_AFTER_MS
from tests.ui.active_window import show_active
from tests.ui.counting import EventCounter
from tests.ui.ticket.test_submit import EXPECTED, fill_expected

# The offscreen platform cannot resize, raise or grab for a popup, and says so.
pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise", "does not support grabbing"
)


def _shown_and_sent(qtbot: QtBot, ticket: OrderTicket) -> QLineEdit:
    """The ticket on screen beside another focusable widget, its order sent; returns that other widget."""
    show_active(qtbot, ticket)  # the focus moves only within the active window
    fill_expected(ticket)
    ticket.inputs.quantity.setFocus()
    assert ticket.submit()
    assert ticket.is_busy()
    elsewhere = QLineEdit()  # another window's field: the focus can come back from there
    qtbot.addWidget(elsewhere)
    return elsewhere


def _click(widget: QWidget) -> None:
    """A click where the widget is on screen, as the window system delivers it: Qt finds the widget under it."""
    window = widget.window()
    handle = window.windowHandle()
    assert handle is not None
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     widget.mapTo(window, widget.rect().center()))  # fmt: skip


def _type(qtbot: QtBot, text: str) -> None:
    """Keys go where the focus is."""
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClicks(focus, text)


def test_the_mouse_and_the_keys_cannot_change_an_order_on_its_way(qtbot: QtBot, ticket: OrderTicket) -> None:
    _shown_and_sent(qtbot, ticket)
    quantity = ticket.inputs.quantity
    assert ticket.parts.form.isEnabled()  # not greyed yet: a quick answer shows no flash
    _click(quantity)
    _type(qtbot, "9")
    _click(ticket.inputs.tag)
    _type(qtbot, "x")
    _type(qtbot, "\t")  # Tab: the ticket holds the focus and keeps it
    _type(qtbot, "7")
    _click(ticket.inputs.side.buttons[EXPECTED.transaction_type.opposite])
    assert not ticket.parts.form.isAncestorOf(QApplication.focusWidget())
    ticket.inputs.price.setFocus()  # a shortcut or another widget giving it away
    assert not ticket.parts.form.isAncestorOf(QApplication.focusWidget())
    assert ticket.current_request() == EXPECTED
    ticket.show_placed("251125000123456")
    assert ticket.parts.form.isEnabled()
    assert QApplication.focusWidget() in (quantity, quantity.lineEdit())  # given back
    _click(quantity)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    _type(qtbot, "40")
    assert ticket.inputs.quantity.value() == 40  # unlocked: the same keys edit again


def test_a_quick_answer_does_not_grey_the_form(qtbot: QtBot, ticket: OrderTicket) -> None:
    changes = EventCounter(QEvent.Type.EnabledChange)
    ticket.parts.form.installEventFilter(changes)
    _shown_and_sent(qtbot, ticket)
    ticket.show_placed("251125000123456")
    qtbot.wait(GREY_AFTER_MS * 2)  # past the moment a slow answer greys the form
    assert changes.count == 0
    assert ticket.parts.form.isEnabled()


def test_a_slow_answer_greys_the_form_until_it_comes(qtbot: QtBot, ticket: OrderTicket) -> None:
    _shown_and_sent(qtbot, ticket)
    qtbot.waitUntil(lambda: not ticket.parts.form.isEnabled())
    assert not ticket.inputs.side.isEnabled()
    assert ticket.current_request() == EXPECTED
    ticket.show_rejected("Insufficient funds.")
    assert ticket.parts.form.isEnabled()
    assert ticket.inputs.side.isEnabled()
    assert named_submit(ticket).text() == EXPECTED.transaction_type.value


def named_submit(ticket: OrderTicket) -> QPushButton:
    return ticket.parts.submit


def test_the_keyboard_cannot_flip_the_side_of_an_order_on_its_way(qtbot: QtBot, ticket: OrderTicket) -> None:
    """The side buttons' group keeps the Tab stop on the button last clicked: BUY here, though the order is a SELL."""
    show_active(qtbot, ticket)
    _click(ticket.inputs.side.buttons[EXPECTED.transaction_type.opposite])
    fill_expected(ticket)  # SELL, set by the program
    assert ticket.submit()
    for key in (Qt.Key.Key_Tab, Qt.Key.Key_Space, Qt.Key.Key_Backtab, Qt.Key.Key_Space):
        qtbot.keyClick(QApplication.focusWidget() or ticket, key)
    assert ticket.inputs.side.side() is EXPECTED.transaction_type
    assert ticket.current_request() == EXPECTED


def test_an_open_symbol_popup_closes_when_the_order_goes(qtbot: QtBot, ticket: OrderTicket) -> None:
    """A completer's popup hands its keys to the symbol field without the focus: it must not outlive the send."""
    _shown_and_sent(qtbot, ticket)
    ticket.show_placed("251125000123456")
    symbol = ticket.inputs.tradingsymbol
    completer = symbol.completer()
    assert completer is not None
    symbol.setFocus()
    symbol.selectAll()
    _type(qtbot, "INF")
    qtbot.waitUntil(completer.popup().isVisible)
    symbol.setText("INFY")
    ticket.inputs.quantity.setValue(30)  # another order than the one just placed: no repeat warning
    ticket.inputs.price.setValue(1601.25)  # a new symbol typed clears the price
    assert completer.popup().isVisible()
    assert ticket.submit(), [str(problem) for problem in ticket.problems()]
    assert not completer.popup().isVisible()
