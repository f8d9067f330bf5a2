"""What the order book's actions do to real orders: modify through the dialog, cancel with Delete or "Cancel
selected", exit a cover order from its stop leg, and Repeat into the ticket."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMenu

from kiteticket.domain.enums import OrderType, Product, TransactionType, Validity, Variety
from kiteticket.ui.book.actions import TICKET_BUSY
from kiteticket.ui.book.modify_dialog import ModifyOrderDialog
from tests.ui.app.helpers import WAIT_MS, Order, PaperApp


def open_modify_dialog(app: PaperApp, order_id: str) -> ModifyOrderDialog:
    """Double-click the order's row, as a trader would, and wait for the dialog (it reads the history first)."""
    QTest.mouseDClick(app.shell.book_view.viewport(), Qt.MouseButton.LeftButton, pos=app.row_point(order_id))

    def dialog() -> ModifyOrderDialog | None:
        return app.window.findChild(ModifyOrderDialog)

    app.qtbot.waitUntil(lambda: dialog() is not None, timeout=WAIT_MS)
    found = dialog()
    assert found is not None
    return found


def menu_action(app: PaperApp, name: str) -> None:
    menu = app.shell.book_view.context_menu()
    assert isinstance(menu, QMenu)
    action = next(action for action in menu.actions() if action.objectName() == name)
    assert action.isEnabled(), action.toolTip()
    action.trigger()
    menu.close()


def test_modify_from_the_table_changes_price_and_quantity(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    order_id = paper_app.place(Order(price="1590.00", quantity=3))
    paper_app.wait_for_status(order_id, "OPEN")

    dialog = open_modify_dialog(paper_app, order_id)
    dialog.price.setValue(1595.0)
    dialog.quantity.setValue(4)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)  # type: ignore[union-attr]
    QTest.mouseClick(ok, Qt.MouseButton.LeftButton)

    paper_app.qtbot.waitUntil(lambda: paper_app.price_cell(order_id) == "1,595.00", timeout=WAIT_MS)
    row = paper_app.wait_for_status(order_id, "OPEN")
    assert (row.quantity, row.price) == (4, 1595.0)
    assert paper_app.rows_with_id(order_id) == 1
    assert paper_app.answers.asked[-1] == "Modify order?"
    # The question showed each change as before → after, and only the fields that change.
    assert paper_app.answers.texts[-1].splitlines()[2:] == ["Quantity: 3 → 4", "Price: ₹1,590.00 → ₹1,595.00"]


def test_delete_key_cancels_the_selected_order(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    order_id = paper_app.place(Order(price="1590.00"))
    paper_app.wait_for_status(order_id, "OPEN")
    paper_app.select(order_id)

    QTest.keyClick(paper_app.shell.book_view, Qt.Key.Key_Delete)

    row = paper_app.wait_for_status(order_id, "CANCELLED")
    assert row.cancelled_quantity == 1
    assert paper_app.answers.asked[-1] == "Cancel orders?"
    assert f"BUY 1 of 1 INFY (NSE) LIMIT at ₹1,590.00 · order {order_id}" in paper_app.answers.texts[-1]


def test_cancel_selected_cancels_every_selected_open_order(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    placed = [paper_app.place(Order(price=price)) for price in ("1590.00", "1589.00", "1588.00")]
    spared = paper_app.place(Order(price="1587.00"))
    for order_id in (*placed, spared):
        paper_app.wait_for_status(order_id, "OPEN")
    paper_app.select(*placed)

    menu_action(paper_app, "cancel_selected")

    for order_id in placed:
        paper_app.wait_for_status(order_id, "CANCELLED")
    assert paper_app.status_cell(spared) == "OPEN"


def test_exit_on_a_cover_orders_stop_leg_squares_it_off(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    entry = paper_app.place(
        Order(variety=Variety.CO, product=Product.MIS, order_type=OrderType.MARKET, trigger_price="1580.00")
    )
    paper_app.qtbot.waitUntil(lambda: len(paper_app.children_of(entry)) == 1, timeout=WAIT_MS)
    stop = paper_app.children_of(entry)[0].order_id
    paper_app.wait_for_status(stop, "TRIGGER PENDING")
    paper_app.select(stop)

    menu_action(paper_app, "exit")

    row = paper_app.wait_for_status(stop, "COMPLETE")
    assert (row.transaction_type, row.filled_quantity) == ("SELL", 1)
    assert paper_app.answers.asked[-1] == "Exit cover order?"
    paper_app.qtbot.waitUntil(lambda: cover_position_quantity(paper_app) == 0, timeout=WAIT_MS)


def cover_position_quantity(app: PaperApp) -> int | None:
    for position in app.shell.positions_model.rows():
        if position.tradingsymbol == "INFY" and position.product == "CO":
            return position.quantity
    return None


def test_repeat_fills_the_ticket_with_the_order_and_sends_nothing(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    order_id = paper_app.place(Order(price="1590.00", quantity=7, validity=Validity.DAY))
    paper_app.wait_for_status(order_id, "OPEN")
    paper_app.ticket.clear()
    paper_app.select(order_id)
    rows_before = paper_app.book.rowCount()

    menu_action(paper_app, "repeat")
    paper_app.poll_and_wait()

    request = paper_app.ticket.current_request()
    assert request is not None
    assert (request.tradingsymbol, request.transaction_type, request.quantity) == ("INFY", TransactionType.BUY, 7)
    assert (request.order_type, request.price, request.product) == (OrderType.LIMIT, Decimal("1590.00"), Product.CNC)
    assert paper_app.book.rowCount() == rows_before


def test_delete_on_a_completed_order_sends_nothing_and_says_why(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    order_id = paper_app.place(Order(order_type=OrderType.MARKET))
    paper_app.wait_for_status(order_id, "COMPLETE")
    paper_app.select(order_id)
    asked = len(paper_app.answers.asked)

    QTest.keyClick(paper_app.shell.book_view, Qt.Key.Key_Delete)
    paper_app.poll_and_wait()

    assert paper_app.window.statusBar().currentMessage() == "COMPLETE orders cannot be cancelled"
    assert len(paper_app.answers.asked) == asked
    assert paper_app.status_cell(order_id) == "COMPLETE"


def test_enter_on_the_selected_row_opens_the_modify_dialog(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    order_id = paper_app.place(Order(price="1590.00"))
    paper_app.wait_for_status(order_id, "OPEN")
    paper_app.select(order_id)

    QTest.keyClick(paper_app.shell.book_view, Qt.Key.Key_Return)

    paper_app.qtbot.waitUntil(lambda: paper_app.window.findChild(ModifyOrderDialog) is not None, timeout=WAIT_MS)
    dialog = paper_app.window.findChild(ModifyOrderDialog)
    assert dialog is not None
    assert dialog.windowTitle() == f"Modify order {order_id}"
    dialog.reject()


def test_modify_opens_when_the_history_cannot_be_read(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    order_id = paper_app.place(Order(price="1590.00"))
    paper_app.wait_for_status(order_id, "OPEN")
    paper_app.admin("faults", {"kind": "http_5xx", "path": f"/orders/{order_id}", "method": "GET", "count": -1})

    dialog = open_modify_dialog(paper_app, order_id)

    assert dialog.windowTitle() == f"Modify order {order_id}"
    assert not dialog.findChild(QLabel, "modifications").isVisibleTo(dialog)  # type: ignore[union-attr]
    paper_app.admin("faults", {"clear": True})
    dialog.reject()


def test_saying_no_to_the_modify_question_keeps_the_dialog_and_the_edits(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    order_id = paper_app.place(Order(price="1590.00"))
    paper_app.wait_for_status(order_id, "OPEN")
    dialog = open_modify_dialog(paper_app, order_id)
    dialog.price.setValue(1595.0)
    paper_app.answers.answer = False
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)  # type: ignore[union-attr]

    QTest.mouseClick(ok, Qt.MouseButton.LeftButton)

    assert paper_app.answers.asked[-1] == "Modify order?"
    assert paper_app.window.findChild(ModifyOrderDialog) is dialog
    assert dialog.isVisible()
    assert dialog.price.value() == 1595.0
    paper_app.answers.answer = True
    QTest.mouseClick(ok, Qt.MouseButton.LeftButton)
    paper_app.qtbot.waitUntil(lambda: paper_app.price_cell(order_id) == "1,595.00", timeout=WAIT_MS)


def test_repeat_while_an_order_is_on_its_way_says_why(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    order_id = paper_app.place(Order(price="1590.00", quantity=7))
    paper_app.wait_for_status(order_id, "OPEN")
    paper_app.admin("faults", {"kind": "latency", "path": "/orders", "method": "POST", "latency_ms": 2000})
    paper_app.enter(Order(price="1580.00", quantity=2))
    paper_app.click_submit()
    paper_app.qtbot.waitUntil(paper_app.ticket.is_busy, timeout=WAIT_MS)
    paper_app.select(order_id)

    menu_action(paper_app, "repeat")

    assert paper_app.window.statusBar().currentMessage() == TICKET_BUSY
    paper_app.qtbot.waitUntil(lambda: not paper_app.ticket.is_busy(), timeout=WAIT_MS)
