"""The order book table: selection, keys and a context menu that turn into requests; the view never calls the broker.

Every action is about the selection, never about Qt's current row alone: a fill or a modification removes and
re-inserts a row, which clears it from the selection and moves the current row to a neighbour the user never chose.

What is offered on a row comes from ``order_conversion.actions_for``; a disabled menu entry says why in its tooltip.
Each action re-reads the order from the model when it fires, so a poll that filled or cancelled the order while
the menu was open cannot turn into a request Kite would refuse (or, worse, one the user no longer means).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QContextMenuEvent, QGuiApplication, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from kiteticket.domain.order_conversion import Action, actions_for
from kiteticket.domain.order_row import OrderRow
from kiteticket.ui.book.model import COLUMNS, OrderBookModel
from kiteticket.ui.display_copy import keyed_row, keyed_source

# Pixels, at the default font: wide enough for typical values, so a fresh layout needs no manual resizing.
_WIDTHS = {
    "time": 70, "side": 60, "instrument": 170, "exchange": 70, "product": 60, "variety": 70, "order_type": 75,
    "quantity": 80, "price": 80, "trigger": 80, "average": 80, "status": 150, "tag": 110, "order_id": 150,
}  # fmt: skip
_TIME_COLUMN = [column.key for column in COLUMNS].index("time")
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_ACTION_KEYS = (*_ENTER_KEYS, Qt.Key.Key_Delete)
SELECT_ONE_TO_MODIFY = "Select one order to modify."


class OrderBookView(QTableView):
    """The order book, shown through an ``OrderBookFilterProxy`` (over the book's display copy, as the app shows it,
    or straight over an ``OrderBookModel``).

    Signals:
        modify_requested(OrderRow): double-click, Enter with exactly one row selected, or "Modify…".
        cancel_requested(tuple[OrderRow, ...]): Delete, "Cancel" or "Cancel selected": only cancellable rows.
        exit_requested(OrderRow): "Exit" on a cover order's stop-loss leg.
        repeat_requested(OrderRow): "Repeat": the app turns it into a ticket with ``request_from_row``.
        history_requested(OrderRow): "History…".
        action_blocked(str): a key or double-click asked for something Kite would refuse; the reason, to show.
    """

    modify_requested = Signal(object)
    cancel_requested = Signal(object)
    exit_requested = Signal(object)
    repeat_requested = Signal(object)
    history_requested = Signal(object)
    action_blocked = Signal(str)

    def __init__(self, model: QAbstractItemModel | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("OrderBook")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setSortingEnabled(True)
        self.verticalHeader().setVisible(False)
        # Dense rows, as in every trading terminal: a day's book of a few hundred orders should fit on screen.
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # What the open menu is about, by order id, so each action can re-read the order when it fires.
        self._menu_order_id: str | None = None
        self._menu_rows: dict[str, OrderRow] = {}
        if model is not None:
            self.setModel(model)

    # -- Qt overrides -----------------------------------------------------------------------------------------
    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self.apply_default_widths()
        # Newest first, as Kite lists them; a restored header state brings back the user's own sort.
        self.sortByColumn(_TIME_COLUMN, Qt.SortOrder.DescendingOrder)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if index.isValid():
            self._point_at(index)  # the row double-clicked is selected and current before anything is asked of it
            self._request_modify(self._row_of(index))
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ACTION_KEYS and event.isAutoRepeat():
            event.accept()  # a held Enter or Delete is one request, not one per repeat
        elif event.key() in _ENTER_KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self._request_modify_selected()
        elif event.key() == Qt.Key.Key_Delete:
            self._request_cancel(self.selected_rows())
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        index = self.indexAt(event.pos())
        if index.isValid():
            self._point_at(index)
        menu = self.context_menu()
        if menu is not None:
            menu.popup(event.globalPos())  # popup, not exec: the poll keeps updating the book behind the menu

    # -- our API ----------------------------------------------------------------------------------------------
    def current_row(self) -> OrderRow | None:
        return self._row_of(self.currentIndex())

    def selected_rows(self) -> tuple[OrderRow, ...]:
        indexes = sorted(self.selectionModel().selectedRows(), key=QModelIndex.row) if self.selectionModel() else []
        return tuple(row for row in (self._row_of(index) for index in indexes) if row is not None)

    def context_menu(self) -> QMenu | None:
        """The menu for the selection (deleted when closed), or None when nothing is selected. Public for tests.

        Single-order entries act on the current row if it is selected, else on the first selected row: Qt's current
        row can sit on a row the user Ctrl-clicked out of the selection, or on a neighbour after a fill moved a row.
        """
        rows = self.selected_rows()
        if not rows:
            return None
        current = self.current_row()
        row = current if current is not None and current.order_id in {r.order_id for r in rows} else rows[0]
        self._menu_order_id = row.order_id
        self._menu_rows = {selected.order_id: selected for selected in rows}
        return self._build_menu(row)

    def apply_default_widths(self) -> None:
        for section, column in enumerate(COLUMNS):
            if section < self.horizontalHeader().count():
                self.setColumnWidth(section, _WIDTHS.get(column.key, 90))

    def header_state(self) -> QByteArray:
        """Column order, widths and sort, for QSettings."""
        return self.horizontalHeader().saveState()

    def restore_header_state(self, state: QByteArray) -> bool:
        """Restore what ``header_state`` saved; False (and the defaults kept) if it does not fit this version."""
        return bool(state) and self.horizontalHeader().restoreState(state)

    # -- the menu ---------------------------------------------------------------------------------------------
    def _build_menu(self, row: OrderRow) -> QMenu:
        actions = actions_for(row)
        menu = QMenu(self)
        menu.setObjectName("OrderBookMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.setToolTipsVisible(True)  # the disabled entries' tooltips say why
        self._add(menu, "modify", "Modify…", actions.modify, self._on_modify_action_triggered)
        self._add(menu, "cancel", "Cancel", actions.cancel, self._on_cancel_action_triggered)
        cancellable = sum(actions_for(selected).cancel.allowed for selected in self._menu_rows.values())
        allowed = Action(True) if cancellable else Action(False, "None of the selected orders can be cancelled")
        text = f"Cancel selected ({cancellable})"
        self._add(menu, "cancel_selected", text, allowed, self._on_cancel_selected_triggered)
        self._add(menu, "exit", "Exit", actions.exit, self._on_exit_action_triggered)
        menu.addSeparator()
        self._add(menu, "repeat", "Repeat", actions.repeat, self._on_repeat_action_triggered)
        self._add(menu, "history", "History…", Action(True), self._on_history_action_triggered)
        self._add(menu, "copy_order_id", "Copy order id", Action(True), self._on_copy_action_triggered)
        return menu

    @staticmethod
    def _add(menu: QMenu, name: str, text: str, availability: Action, slot: Callable[[], None]) -> QAction:
        action = menu.addAction(text)
        action.setObjectName(name)
        action.setEnabled(availability.allowed)
        if availability.reason:
            action.setToolTip(availability.reason)
        action.triggered.connect(slot)
        return action

    @Slot()
    def _on_modify_action_triggered(self) -> None:
        self._request_modify(self._fresh(self._menu_order_id))

    @Slot()
    def _on_cancel_action_triggered(self) -> None:
        row = self._fresh(self._menu_order_id)
        self._request_cancel((row,) if row is not None else ())

    @Slot()
    def _on_cancel_selected_triggered(self) -> None:
        rows = (self._fresh(order_id) for order_id in self._menu_rows)
        self._request_cancel(tuple(row for row in rows if row is not None))

    @Slot()
    def _on_exit_action_triggered(self) -> None:
        row = self._fresh(self._menu_order_id)
        if row is not None and self._allowed(actions_for(row).exit):
            self.exit_requested.emit(row)

    @Slot()
    def _on_repeat_action_triggered(self) -> None:
        row = self._fresh(self._menu_order_id)
        if row is not None and self._allowed(actions_for(row).repeat):
            self.repeat_requested.emit(row)

    @Slot()
    def _on_history_action_triggered(self) -> None:
        row = self._fresh(self._menu_order_id)
        if row is not None:
            self.history_requested.emit(row)

    @Slot()
    def _on_copy_action_triggered(self) -> None:
        if self._menu_order_id:
            QGuiApplication.clipboard().setText(self._menu_order_id)

    # -- helpers ----------------------------------------------------------------------------------------------
    def _point_at(self, index: QModelIndex) -> None:
        """A click that opens a menu or a dialog on a selected row keeps the selection (the menu may be for all of
        it) and makes that row current; on any other row it selects just that row, so what follows is never about a
        row the user did not pick."""
        selection = self.selectionModel()
        if selection.isRowSelected(index.row(), index.parent()):
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        else:
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            selection.setCurrentIndex(index, flags)

    def _request_modify_selected(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1:
            self._request_modify(rows[0])
        else:
            self.action_blocked.emit(SELECT_ONE_TO_MODIFY)

    def _request_modify(self, row: OrderRow | None) -> None:
        if row is not None and self._allowed(actions_for(row).modify):
            self.modify_requested.emit(row)

    def _request_cancel(self, rows: Iterable[OrderRow]) -> None:
        rows = tuple(rows)
        cancellable = tuple(row for row in rows if actions_for(row).cancel.allowed)
        if cancellable:
            self.cancel_requested.emit(cancellable)
        elif rows:
            self.action_blocked.emit(actions_for(rows[0]).cancel.reason)

    def _allowed(self, action: Action) -> bool:
        if not action.allowed:
            self.action_blocked.emit(action.reason)
        return action.allowed

    def _row_of(self, index: QModelIndex) -> OrderRow | None:
        row = keyed_row(index)  # from the book's model, whatever proxies and display copy stand between
        return row if isinstance(row, OrderRow) else None

    def _fresh(self, order_id: str | None) -> OrderRow | None:
        """The order as the latest poll has it; None if it has left the book."""
        source = self._source()
        if order_id is None:
            return None
        if source is None:  # not over an OrderBookModel: the row as it was when the menu opened
            return self._menu_rows.get(order_id)
        return source.snapshot.by_id.get(order_id)

    def _source(self) -> OrderBookModel | None:
        model = keyed_source(self.model())
        return model if isinstance(model, OrderBookModel) else None
