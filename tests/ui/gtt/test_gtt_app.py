"""GTT in the whole app on its paper exchange, through the real SDK: from the ticket's GTT button and from a
position's context menu, modified and deleted with confirmation, and a trigger the market crosses showing the
order it placed, selected in the order book with a double-click."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QSpinBox, QTabWidget, QToolButton

from kiteticket.domain.enums import Exchange, TransactionType
from kiteticket.domain.gtt import GttStatus, GttType
from kiteticket.domain.gtt_rules import GttField
from kiteticket.ui.gtt.dialog import GttDialog
from tests.ui.app.helpers import WAIT_MS, Order, PaperApp, nearest_nifty
from tests.ui.bulk.helpers import place_elsewhere
from tests.ui.gtt.helpers import cell, child, open_dialog, problem, retype, row_point, send_button


def click_ticket_gtt(app: PaperApp) -> GttDialog:
    QTest.mouseClick(child(app.ticket, "gtt", QToolButton), Qt.MouseButton.LeftButton)
    return open_dialog(app.qtbot, app.shell.gtt)


def send(app: PaperApp, dialog: GttDialog) -> str:
    """Click the dialog's send button and wait for the new GTT in the tab; its id."""
    before = {line.key for line in app.shell.gtt.model.rows()}
    assert send_button(dialog).isEnabled(), dialog.problems()
    QTest.mouseClick(send_button(dialog), Qt.MouseButton.LeftButton)
    model = app.shell.gtt.model
    app.qtbot.waitUntil(lambda: {line.key for line in model.rows()} - before != set(), timeout=WAIT_MS)
    (trigger_id,) = {line.key for line in model.rows()} - before
    return trigger_id


def refresh(app: PaperApp) -> None:
    """What the slow timer does, now: the tab's Refresh button."""
    buttons = app.shell.gtt.tab.findChildren(QToolButton)
    button = next(button for button in buttons if button.defaultAction() is app.shell.gtt.tab.refresh_action)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def show_gtt_tab(app: PaperApp) -> None:
    """Click the GTT tab's title, beside the order book's."""
    tabs = app.window.findChild(QTabWidget, "account_tabs")
    assert tabs is not None
    bar = tabs.tabBar()
    index = tabs.indexOf(app.shell.gtt.tab)
    assert bar.tabText(index) == "GTT"
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentWidget() is app.shell.gtt.tab


def test_a_gtt_from_the_ticket_explains_bad_input_then_shows_the_order_it_placed(paper_app: PaperApp) -> None:
    app = paper_app
    app.show_instrument("INFY", "1600")
    app.enter(Order(price="1500.00", quantity=3))

    dialog = click_ticket_gtt(app)
    assert child(dialog, "gtt_type", QComboBox).currentText() == "Single"
    assert child(dialog, "quantity", QSpinBox).value() == 3
    assert child(dialog, "trigger", QLineEdit).text() == "1500.00"
    assert child(dialog, "price", QLineEdit).text() == "1500.00"
    assert not child(dialog, "stoploss_trigger", QLineEdit).isEnabled()

    retype(app.qtbot, dialog, GttField.TRIGGER, "1599")
    assert "too close to the last price 1600.00" in problem(dialog, GttField.TRIGGER)
    assert not send_button(dialog).isEnabled()
    retype(app.qtbot, dialog, GttField.TRIGGER, "1550.02")
    assert "not a multiple of the tick size" in problem(dialog, GttField.TRIGGER)
    retype(app.qtbot, dialog, GttField.TRIGGER, "1550")
    assert problem(dialog, GttField.TRIGGER) == ""

    trigger_id = send(app, dialog)
    assert app.answers.asked[-1] == "Place GTT?"
    assert "BUY 3 INFY (NSE) CNC, Single GTT: trigger 1550.00 → limit 1500.00" in app.answers.texts[-1]
    assert cell(app.shell.gtt.tab, trigger_id, "Status") == "Active"
    assert cell(app.shell.gtt.tab, trigger_id, "Trigger") == "1550.00"
    app.qtbot.waitUntil(lambda: cell(app.shell.gtt.tab, trigger_id, "LTP") == "1600.00", timeout=WAIT_MS)

    # The market falls to the trigger: the paper exchange places the BUY at 1500. The new order in the book, on the
    # instrument of an active GTT, reads the list again at once (no Refresh click, no wait for the slow timer).
    app.set_price("INFY", "1549")
    tab = app.shell.gtt.tab
    app.qtbot.waitUntil(lambda: cell(tab, trigger_id, "Status") == GttStatus.TRIGGERED.label, timeout=WAIT_MS)
    line = tab.model.line_for(trigger_id)
    assert line is not None
    (order_id,) = line.row.placed_order_ids
    app.wait_for_status(order_id, "OPEN")
    app.qtbot.waitUntil(lambda: cell(tab, trigger_id, "Order") == f"OPEN · {order_id}", timeout=WAIT_MS)

    show_gtt_tab(app)
    app.select()  # nothing selected in the book
    QTest.mouseDClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=row_point(tab, trigger_id))
    assert app.selected_ids() == [order_id]
    assert app.shell.book_view.isVisible(), "the order book's tab is brought forward"
    detail = child(tab, "gtt_detail", QLabel).text()
    assert detail.startswith(f"Single GTT {trigger_id} on INFY (NSE): Triggered")
    assert f"Trigger 1550.00 → BUY 3 at 1500.00 CNC; fired at 1549.00: order {order_id} OPEN." in detail
    assert not tab.modify_action.isEnabled(), "a triggered GTT cannot change"


def infy_position(app: PaperApp) -> int | None:
    model = app.shell.positions_model
    return next((row for row, p in enumerate(model.rows()) if p.tradingsymbol == "INFY"), None)


def open_position_gtt(app: PaperApp) -> GttDialog:
    """Buy 4 INFY, then the positions row's context menu ▸ GTT."""
    app.show_instrument("INFY", "1600")
    app.wait_for_status(app.place(Order(price="1601.00", quantity=4)), "COMPLETE")
    app.qtbot.waitUntil(lambda: infy_position(app) is not None, timeout=WAIT_MS)
    view = app.shell.positions_view
    row = infy_position(app)
    assert row is not None
    view.setCurrentIndex(view.model().index(row, 0))
    menu = view.context_menu()
    action = next(action for action in menu.actions() if action.objectName() == "gtt_for_position")
    assert action.isEnabled()
    action.trigger()
    menu.close()
    return open_dialog(app.qtbot, app.shell.gtt)


def test_an_oco_for_a_position_then_modified_then_deleted_with_confirmation(paper_app: PaperApp) -> None:
    app = paper_app
    dialog = open_position_gtt(app)
    assert child(dialog, "gtt_type", QComboBox).currentText() == GttType.OCO.label
    assert child(dialog, "transaction_type", QComboBox).currentText() == "SELL"
    assert child(dialog, "quantity", QSpinBox).value() == 4
    assert not child(dialog, "trigger", QLineEdit).isEnabled()
    assert child(dialog, "stoploss_trigger", QLineEdit).text() == "1520.00"
    assert child(dialog, "target_trigger", QLineEdit).text() == "1680.00"
    retype(app.qtbot, dialog, GttField.TARGET_TRIGGER, "1580")
    assert "must be above the last price 1600.00 for a SELL OCO" in problem(dialog, GttField.TARGET_TRIGGER)
    retype(app.qtbot, dialog, GttField.TARGET_TRIGGER, "1700")
    retype(app.qtbot, dialog, GttField.TARGET_PRICE, "1699")
    trigger_id = send(app, dialog)
    tab = app.shell.gtt.tab
    assert cell(tab, trigger_id, "Trigger") == "1520.00 / 1700.00"
    assert cell(tab, trigger_id, "Limit") == "1519.00 / 1699.00"
    assert cell(tab, trigger_id, "GTT") == "SELL 4 INFY"

    show_gtt_tab(app)
    QTest.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=row_point(tab, trigger_id))
    assert tab.modify_action.isEnabled()
    tab.modify_action.trigger()
    modify = open_dialog(app.qtbot, app.shell.gtt)
    assert modify.windowTitle().startswith(f"Modify GTT {trigger_id}")
    assert child(modify, "target_trigger", QLineEdit).text() == "1700.00"
    retype(app.qtbot, modify, GttField.STOPLOSS_TRIGGER, "1540")
    QTest.mouseClick(send_button(modify), Qt.MouseButton.LeftButton)  # the last price is read again, then asked
    app.qtbot.waitUntil(lambda: app.answers.asked[-1] == "Modify GTT?", timeout=WAIT_MS)
    asked = app.answers.texts[-1].splitlines()
    assert asked[:3] == [
        f"Modify GTT {trigger_id} on INFY (NSE):",
        "Stop-loss trigger: ₹1,520.00 → ₹1,540.00",  # the one field changed, before → after
        "Unchanged: type OCO, side SELL, quantity 4, product CNC, stop-loss limit price ₹1,519.00, target trigger "
        "₹1,700.00, target limit price ₹1,699.00.",
    ]
    app.qtbot.waitUntil(lambda: cell(tab, trigger_id, "Trigger") == "1540.00 / 1700.00", timeout=WAIT_MS)

    app.answers.answer = False  # No: nothing is deleted
    tab.view.setFocus()
    QTest.keyClick(tab.view, Qt.Key.Key_Delete)
    assert app.answers.asked[-1] == "Delete GTT?"
    assert app.answers.texts[-1].splitlines()[:3] == [
        f"Delete the OCO GTT {trigger_id} on INFY (NSE)?",
        "Stop-loss: trigger ₹1,540.00 → SELL 4 at ₹1,519.00 CNC",
        "Target: trigger ₹1,700.00 → SELL 4 at ₹1,699.00 CNC",
    ]
    app.answers.answer = True
    QTest.keyClick(tab.view, Qt.Key.Key_Delete)
    app.qtbot.waitUntil(lambda: tab.model.row_for_key(trigger_id) is None, timeout=WAIT_MS)
    deleted: dict[str, Any] = app.read_elsewhere(
        lambda kite: kite.get_gtt(int(trigger_id))
    )  # as Kite keeps it: deleted, still readable
    assert deleted["status"] == "deleted"
    assert Decimal(str(deleted["condition"]["trigger_values"][0])) == Decimal("1540")


def test_refresh_shows_a_gtt_placed_from_another_device(paper_app: PaperApp) -> None:
    app = paper_app
    app.show_instrument("SBIN", "800")
    orders = [{"transaction_type": "SELL", "quantity": 2, "order_type": "LIMIT", "product": "CNC", "price": 880}]
    trigger_id = str(app.other_device().place_gtt("single", "SBIN", "NSE", [880], 800, orders)["trigger_id"])
    refresh(app)
    tab = app.shell.gtt.tab
    app.qtbot.waitUntil(lambda: tab.model.row_for_key(trigger_id) is not None, timeout=WAIT_MS)
    assert cell(tab, trigger_id, "GTT") == "SELL 2 SBIN"
    assert cell(tab, trigger_id, "Status") == "Active"


def test_a_lost_reply_says_to_check_the_list_which_shows_the_gtt_was_placed(paper_app: PaperApp) -> None:
    app = paper_app
    app.show_instrument("INFY", "1600")
    app.enter(Order(price="1500.00", quantity=1))
    dialog = click_ticket_gtt(app)
    retype(app.qtbot, dialog, GttField.TRIGGER, "1550")
    app.admin("faults", {"kind": "drop_response", "path": "/gtt/triggers", "method": "POST"})
    QTest.mouseClick(send_button(dialog), Qt.MouseButton.LeftButton)
    messages = app.shell.messages
    app.qtbot.waitUntil(lambda: any(title == "Place GTT" for title, _text in messages.shown), timeout=WAIT_MS)
    text = next(text for title, text in messages.shown if title == "Place GTT")
    assert "may or may not have been done: the GTT tab, read again now, shows which" in text
    app.qtbot.waitUntil(lambda: app.shell.gtt.model.rowCount() == 1, timeout=WAIT_MS)
    (line,) = app.shell.gtt.model.rows()
    assert line.row.orders[0].trigger == Decimal("1550")


def test_ctrl_g_anywhere_in_the_window_opens_a_gtt_from_the_ticket(paper_app: PaperApp) -> None:
    app = paper_app
    app.show_instrument("SBIN", "800")
    app.enter(Order(tradingsymbol="SBIN", side=TransactionType.SELL, price="840.00", quantity=6))
    app.shell.book_view.setFocus()
    QTest.keyClick(app.shell.book_view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    dialog = open_dialog(app.qtbot, app.shell.gtt)
    assert child(dialog, "transaction_type", QComboBox).currentText() == "SELL"
    assert child(dialog, "trigger", QLineEdit).text() == "840.00"
    assert child(dialog, "quantity", QSpinBox).value() == 6
    QTest.mouseClick(child(dialog, "cancel", QPushButton), Qt.MouseButton.LeftButton)
    app.qtbot.waitUntil(lambda: app.shell.gtt.dialog is None, timeout=WAIT_MS)
    assert app.shell.gtt.model.rowCount() == 0, "Cancel sends nothing"


def test_a_paper_reset_empties_the_gtt_list(paper_app: PaperApp) -> None:
    app = paper_app
    app.show_instrument("INFY", "1600")
    app.wait_for_status(app.place(Order(price="1500.00", quantity=1)), "OPEN")
    dialog = click_ticket_gtt(app)
    retype(app.qtbot, dialog, GttField.TRIGGER, "1550")
    send(app, dialog)
    app.window.paper_reset_requested.emit()  # Paper ▸ Reset paper account…, answered yes
    # The account starts afresh (the order book is reset): the GTT list is read again then, not a timer tick later.
    app.qtbot.waitUntil(lambda: app.shell.gtt.model.rowCount() == 0, timeout=WAIT_MS)


def test_a_gtt_for_an_option_position_counts_in_lots_everywhere(paper_app: PaperApp) -> None:
    app = paper_app
    option = nearest_nifty("CE")  # lot 65
    app.set_price(option.tradingsymbol, "100", Exchange.NFO)
    buy = {
        "variety": "regular", "exchange": "NFO", "tradingsymbol": option.tradingsymbol, "transaction_type": "BUY",
        "quantity": 2 * option.lot_size, "product": "NRML", "order_type": "MARKET", "market_protection": -1,
    }  # fmt: skip
    place_elsewhere(app, [buy])
    model, view = app.shell.positions_model, app.shell.positions_view

    def held() -> int | None:
        return next((n for n, p in enumerate(model.rows()) if p.tradingsymbol == option.tradingsymbol), None)

    app.qtbot.waitUntil(lambda: held() is not None, timeout=WAIT_MS)
    view.setCurrentIndex(view.model().index(held() or 0, 0))
    menu = view.context_menu()
    next(action for action in menu.actions() if action.objectName() == "gtt_for_position").trigger()
    menu.close()
    dialog = open_dialog(app.qtbot, app.shell.gtt)

    assert child(dialog, "quantity", QSpinBox).value() == 2
    assert child(dialog, "quantity_hint", QLabel).text() == f"= {2 * option.lot_size} qty"
    trigger_id = send(app, dialog)
    assert f"SELL 2 lots ({2 * option.lot_size} qty) {option.tradingsymbol} (NFO) NRML" in app.answers.texts[-1]
    assert cell(app.shell.gtt.tab, trigger_id, "GTT") == f"SELL 2 lots {option.tradingsymbol}"
    listed: dict[str, Any] = app.read_elsewhere(lambda kite: kite.get_gtt(int(trigger_id)))
    assert [order["quantity"] for order in listed["orders"]] == [2 * option.lot_size] * 2  # Kite has units
