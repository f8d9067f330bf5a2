"""One order per intent: a double click, two quick Ctrl+Enters or a held key send exactly one order."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui.app.helpers import WAIT_MS, Order, PaperApp

CTRL = Qt.KeyboardModifier.ControlModifier


def sent_once(app: PaperApp, order_id: str, rows_before: int) -> None:
    app.wait_for_status(order_id, "OPEN")
    app.poll_and_wait()
    assert app.book.rowCount() == rows_before + 1
    assert app.rows_with_id(order_id) == 1
    assert app.answers.asked == ["Place order?"]


def test_two_quick_clicks_send_one_order(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    paper_app.poll_and_wait()
    before = paper_app.book.rowCount()
    paper_app.enter(Order(price="1590.00"))

    with paper_app.qtbot.waitSignal(paper_app.shell.placement.order_placed, timeout=WAIT_MS) as placed:
        paper_app.click_submit()
        paper_app.click_submit()

    sent_once(paper_app, str(placed.args[0]), before)


def test_two_quick_ctrl_enters_send_one_order(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    paper_app.poll_and_wait()
    before = paper_app.book.rowCount()
    paper_app.enter(Order(price="1590.00"))

    with paper_app.qtbot.waitSignal(paper_app.shell.placement.order_placed, timeout=WAIT_MS) as placed:
        paper_app.press_in(paper_app.ticket.inputs.quantity, Qt.Key.Key_Return, CTRL)
        # At once again, into whatever has the focus now that the form is locked: the ticket itself holds it.
        assert QApplication.focusWidget() is paper_app.ticket
        with paper_app.qtbot.waitSignal(paper_app.ticket.keys.triggered, timeout=WAIT_MS):  # heard, busy: nothing
            QTest.keyClick(paper_app.ticket, Qt.Key.Key_Return, CTRL)

    sent_once(paper_app, str(placed.args[0]), before)


def test_held_ctrl_enter_sends_one_order(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    paper_app.poll_and_wait()
    before = paper_app.book.rowCount()
    paper_app.enter(Order(price="1590.00"))
    field = paper_app.ticket.inputs.quantity
    paper_app.focus(field)

    with paper_app.qtbot.waitSignal(paper_app.shell.placement.order_placed, timeout=WAIT_MS) as placed:
        for repeat in (False, True, True, True):
            QApplication.sendEvent(field, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, CTRL, "", repeat))

    sent_once(paper_app, str(placed.args[0]), before)


def test_ctrl_enter_while_the_confirmation_is_open_sends_one_order(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    paper_app.poll_and_wait()
    before = paper_app.book.rowCount()
    paper_app.enter(Order(price="1590.00"))
    field = paper_app.ticket.inputs.quantity
    paper_app.focus(field)
    paper_app.answers.meanwhile = lambda: QTest.keyClick(field, Qt.Key.Key_Return, CTRL)

    with paper_app.qtbot.waitSignal(paper_app.shell.placement.order_placed, timeout=WAIT_MS) as placed:
        paper_app.click_submit()

    sent_once(paper_app, str(placed.args[0]), before)
