"""The order book view turns keys, clicks and its context menu into requests, offering only what Kite accepts."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, QItemSelectionModel, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from kiteticket.domain.orderbook import OrderBookSnapshot, OrderRow
from kiteticket.ui.book.filter import OrderBookFilterProxy
from kiteticket.ui.book.model import OrderBookModel
from kiteticket.ui.book.view import OrderBookView
from tests.domain.test_orderbook import raw_order

# Newest first in the view: 4 (OPEN), 3 (COMPLETE), 2 (TRIGGER PENDING cover stop leg), 1 (MODIFY PENDING).
ORDERS: list[dict[str, Any]] = [
    raw_order("1", "2026-11-25 10:00:01", status="MODIFY PENDING"),
    raw_order(
        "2", "2026-11-25 10:00:02", status="TRIGGER PENDING", variety="co", product="CO", order_type="SL-M",
        transaction_type="SELL", price=0, trigger_price=1480, parent_order_id="9",
    ),
    raw_order("3", "2026-11-25 10:00:03", status="COMPLETE", filled_quantity=10, pending_quantity=0),
    raw_order("4", "2026-11-25 10:00:04", status="OPEN", tradingsymbol="SBIN", price=702),
]  # fmt: skip


@pytest.fixture
def model() -> OrderBookModel:
    book = OrderBookModel()
    book.apply(OrderBookSnapshot.from_raw(ORDERS))
    return book


# Three open orders, newest first in the view: c, b, a; each can be modified and cancelled.
OPEN_ORDERS: list[dict[str, Any]] = [
    raw_order(order_id, f"2026-11-25 10:00:0{number}", price=700 + number)
    for number, order_id in enumerate("abc", start=1)
]


@pytest.fixture
def view(qtbot: QtBot, model: OrderBookModel) -> OrderBookView:
    return show_view(qtbot, model)


@pytest.fixture
def open_model() -> OrderBookModel:
    book = OrderBookModel()
    book.apply(OrderBookSnapshot.from_raw(OPEN_ORDERS))
    return book


@pytest.fixture
def open_view(qtbot: QtBot, open_model: OrderBookModel) -> OrderBookView:
    return show_view(qtbot, open_model)


def show_view(qtbot: QtBot, model: OrderBookModel) -> OrderBookView:
    proxy = OrderBookFilterProxy()
    proxy.setSourceModel(model)
    widget = OrderBookView(proxy)
    proxy.setParent(widget)
    qtbot.addWidget(widget)
    widget.resize(1200, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def row_of(view: OrderBookView, order_id: str) -> int:
    for row in range(view.model().rowCount()):
        if view.model().index(row, 0).data(Qt.ItemDataRole.UserRole) == order_id:
            return row
    raise AssertionError(order_id)


def select(view: OrderBookView, *order_ids: str) -> None:
    selection = view.selectionModel()
    selection.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for order_id in order_ids:
        selection.select(view.model().index(row_of(view, order_id), 0), flags)
    current = view.model().index(row_of(view, order_ids[0]), 0)
    selection.setCurrentIndex(current, QItemSelectionModel.SelectionFlag.NoUpdate)


def menu_for(view: OrderBookView, *order_ids: str) -> QMenu:
    select(view, *order_ids)
    menu = view.context_menu()
    assert menu is not None
    return menu


def entries(menu: QMenu) -> dict[str, tuple[bool, str]]:
    return {action.objectName(): (action.isEnabled(), action.toolTip()) for action in menu.actions() if action.text()}


def ids(rows: object) -> list[str]:
    assert isinstance(rows, tuple)
    return [row.order_id for row in rows if isinstance(row, OrderRow)]


def test_view_basics(view: OrderBookView) -> None:
    assert view.objectName() == "OrderBook"
    assert view.selectionBehavior() == view.SelectionBehavior.SelectRows
    assert view.selectionMode() == view.SelectionMode.ExtendedSelection
    assert view.columnWidth(2) == 170  # instrument
    assert [view.model().index(row, 0).data(Qt.ItemDataRole.UserRole) for row in range(4)] == ["4", "3", "2", "1"]


def test_open_order_menu(view: OrderBookView) -> None:
    menu = menu_for(view, "4")
    shown = entries(menu)
    assert menu.toolTipsVisible()
    assert [name for name, (enabled, _) in shown.items() if enabled] == [
        "modify", "cancel", "cancel_selected", "repeat", "history", "copy_order_id",
    ]  # fmt: skip
    assert shown["exit"] == (False, "Exit is for a cover order's stop leg.")


def test_complete_order_menu_says_why(view: OrderBookView) -> None:
    shown = entries(menu_for(view, "3"))
    assert shown["modify"] == (False, "COMPLETE orders cannot be modified")
    assert shown["cancel"] == (False, "COMPLETE orders cannot be cancelled")
    assert shown["repeat"][0]


def test_processing_order_menu_says_try_again(view: OrderBookView) -> None:
    shown = entries(menu_for(view, "1"))
    assert shown["modify"] == (False, "Kite is still processing this order (MODIFY PENDING); try again in a moment")


def test_cover_stop_leg_menu_offers_exit(view: OrderBookView, qtbot: QtBot) -> None:
    menu = menu_for(view, "2")
    shown = entries(menu)
    assert shown["exit"][0]
    assert not shown["cancel"][0]
    assert not shown["repeat"][0]
    exit_action = next(action for action in menu.actions() if action.objectName() == "exit")
    with qtbot.waitSignal(view.exit_requested) as blocker:
        exit_action.trigger()
    assert blocker.args[0].order_id == "2"


def test_delete_cancels_only_actionable_selected_rows(view: OrderBookView, qtbot: QtBot) -> None:
    select(view, "1", "2", "3", "4")
    with qtbot.waitSignal(view.cancel_requested) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert ids(blocker.args[0]) == ["4"]  # 2 exits instead, 1 is mid-modification, 3 is complete


def test_delete_on_complete_order_is_blocked(view: OrderBookView, qtbot: QtBot) -> None:
    select(view, "3")
    with qtbot.assertNotEmitted(view.cancel_requested), qtbot.waitSignal(view.action_blocked) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert blocker.args == ["COMPLETE orders cannot be cancelled"]


def test_cancel_selected_from_menu(view: OrderBookView, qtbot: QtBot) -> None:
    menu = menu_for(view, "4", "3")
    action = next(action for action in menu.actions() if action.objectName() == "cancel_selected")
    assert action.text() == "Cancel selected (1)"
    with qtbot.waitSignal(view.cancel_requested) as blocker:
        action.trigger()
    assert ids(blocker.args[0]) == ["4"]


def test_double_click_requests_modify(view: OrderBookView, qtbot: QtBot) -> None:
    rect = view.visualRect(view.model().index(row_of(view, "4"), 2))
    with qtbot.waitSignal(view.modify_requested) as blocker:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args[0].order_id == "4"


def test_double_click_on_complete_order_says_why(view: OrderBookView, qtbot: QtBot) -> None:
    rect = view.visualRect(view.model().index(row_of(view, "3"), 2))
    with qtbot.assertNotEmitted(view.modify_requested), qtbot.waitSignal(view.action_blocked):
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_enter_requests_modify(view: OrderBookView, qtbot: QtBot) -> None:
    select(view, "4")
    with qtbot.waitSignal(view.modify_requested) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert blocker.args[0].order_id == "4"


def test_menu_action_rechecks_the_order_after_a_poll(view: OrderBookView, model: OrderBookModel, qtbot: QtBot) -> None:
    menu = menu_for(view, "4")
    filled = [dict(order, status="COMPLETE") if order["order_id"] == "4" else order for order in ORDERS]
    model.apply(OrderBookSnapshot.from_raw(filled))
    modify = next(action for action in menu.actions() if action.objectName() == "modify")
    with qtbot.assertNotEmitted(view.modify_requested), qtbot.waitSignal(view.action_blocked) as blocker:
        modify.trigger()
    assert blocker.args == ["COMPLETE orders cannot be modified"]


@pytest.mark.parametrize(("name", "signal"), [("repeat", "repeat_requested"), ("history", "history_requested")])
def test_repeat_and_history(view: OrderBookView, qtbot: QtBot, name: str, signal: str) -> None:
    menu = menu_for(view, "3")
    action = next(action for action in menu.actions() if action.objectName() == name)
    with qtbot.waitSignal(getattr(view, signal)) as blocker:
        action.trigger()
    assert blocker.args[0].order_id == "3"


def test_copy_order_id(view: OrderBookView) -> None:
    menu = menu_for(view, "4")
    next(action for action in menu.actions() if action.objectName() == "copy_order_id").trigger()
    assert QApplication.clipboard().text() == "4"


def test_header_state_round_trip(view: OrderBookView, qtbot: QtBot) -> None:
    view.setColumnWidth(2, 300)
    state = view.header_state()
    other = OrderBookView()
    qtbot.addWidget(other)
    other.setModel(view.model())
    assert other.columnWidth(2) == 170
    assert other.restore_header_state(state)
    assert other.columnWidth(2) == 300
    assert not other.restore_header_state(view.header_state().__class__())


def test_render(view: OrderBookView) -> None:
    select(view, "4")
    assert view.grab().save("/tmp/orderbook_view.png")


# -- the selection, not Qt's current row, says what an action is about -------------------------------------------
def click(qtbot: QtBot, view: OrderBookView, order_id: str, modifier: Qt.KeyboardModifier | None = None) -> None:
    point = view.visualRect(view.model().index(row_of(view, order_id), 2)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier or Qt.KeyboardModifier.NoModifier, point)


def right_click(view: OrderBookView, order_id: str) -> QMenu:
    """The context-menu event alone, as the menu key or a platform that sends it without a press delivers it."""
    point = view.visualRect(view.model().index(row_of(view, order_id), 2)).center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    menu = view.findChild(QMenu, "OrderBookMenu")
    assert isinstance(menu, QMenu)
    return menu


def trigger(menu: QMenu, name: str) -> None:
    action = next(action for action in menu.actions() if action.objectName() == name)
    action.trigger()
    menu.close()


def current_id(view: OrderBookView) -> str | None:
    row = view.current_row()
    return row.order_id if row is not None else None


# The offscreen platform cannot raise a popup or give it the keyboard; a real display can.
OFFSCREEN_POPUP = pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard)")


@OFFSCREEN_POPUP
def test_right_click_after_ctrl_deselect_acts_on_the_selection(open_view: OrderBookView, qtbot: QtBot) -> None:
    click(qtbot, open_view, "c")
    click(qtbot, open_view, "a", Qt.KeyboardModifier.ShiftModifier)
    click(qtbot, open_view, "b", Qt.KeyboardModifier.ControlModifier)  # b is now current, but not selected
    assert ids(open_view.selected_rows()) == ["c", "a"]

    menu = right_click(open_view, "c")
    selected = next(action for action in menu.actions() if action.objectName() == "cancel_selected")
    assert selected.text() == "Cancel selected (2)"
    assert current_id(open_view) == "c"
    with qtbot.waitSignal(open_view.cancel_requested) as blocker:
        trigger(menu, "cancel_selected")
    assert ids(blocker.args[0]) == ["c", "a"]
    assert ids(open_view.selected_rows()) == ["c", "a"]  # right-clicking a selected row keeps the selection


@OFFSCREEN_POPUP
def test_right_click_on_an_unselected_row_selects_just_it(open_view: OrderBookView, qtbot: QtBot) -> None:
    select(open_view, "c", "a")

    menu = right_click(open_view, "b")
    with qtbot.waitSignal(open_view.modify_requested) as blocker:
        trigger(menu, "modify")
    assert blocker.args[0].order_id == "b"
    assert ids(open_view.selected_rows()) == ["b"]


def test_enter_after_the_selected_row_moved_modifies_nothing(
    open_view: OrderBookView, open_model: OrderBookModel, qtbot: QtBot
) -> None:
    select(open_view, "a")
    # A modification re-stamps the order: the model removes the row and inserts it at the top, and Qt moves its
    # current row to a neighbour.
    restamped = [dict(order, order_timestamp="2026-11-25 10:00:09") if order["order_id"] == "a" else order
                 for order in OPEN_ORDERS]  # fmt: skip
    open_model.apply(OrderBookSnapshot.from_raw(restamped))
    assert current_id(open_view) not in (None, "a")

    with qtbot.assertNotEmitted(open_view.modify_requested), qtbot.waitSignal(open_view.action_blocked) as blocker:
        qtbot.keyClick(open_view, Qt.Key.Key_Return)
    assert blocker.args == ["Select one order to modify."]


def test_enter_with_several_selected_rows_modifies_nothing(open_view: OrderBookView, qtbot: QtBot) -> None:
    select(open_view, "c", "b")
    with qtbot.assertNotEmitted(open_view.modify_requested), qtbot.waitSignal(open_view.action_blocked) as blocker:
        qtbot.keyClick(open_view, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert blocker.args == ["Select one order to modify."]


def test_double_click_acts_on_the_row_it_selects(open_view: OrderBookView, qtbot: QtBot) -> None:
    select(open_view, "c", "b")
    point = open_view.visualRect(open_view.model().index(row_of(open_view, "a"), 2)).center()
    with qtbot.waitSignal(open_view.modify_requested) as blocker:
        qtbot.mouseDClick(open_view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args[0].order_id == "a"
    assert ids(open_view.selected_rows()) == ["a"]
    assert current_id(open_view) == "a"


@pytest.mark.parametrize(("key", "signal"), [(Qt.Key.Key_Return, "modify_requested"),
                                             (Qt.Key.Key_Delete, "cancel_requested")])  # fmt: skip
def test_held_key_repeats_are_ignored(open_view: OrderBookView, qtbot: QtBot, key: Qt.Key, signal: str) -> None:
    select(open_view, "c")
    repeat = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, "", True)
    with qtbot.assertNotEmitted(getattr(open_view, signal)), qtbot.assertNotEmitted(open_view.action_blocked):
        QApplication.sendEvent(open_view, repeat)
    assert repeat.isAccepted()  # swallowed: a held Enter must not reach a default button behind the book
