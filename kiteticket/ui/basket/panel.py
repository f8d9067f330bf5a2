"""The Baskets tab: a basket chooser, the shown basket's orders, its combined margin, and the buttons that act on
it. It shows what it is given and turns clicks and keys into signals; the controller decides.

Keys in the table: Delete removes the selected order, Alt+↑/↓ moves it, Enter edits it in the ticket.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kiteticket.domain.basket import Baskets
from kiteticket.ui.basket.model import BasketOrdersModel
from kiteticket.ui.basket.table import BasketTable

# Short labels: the tab sits beside the ticket, and its least width must leave the window fitting a 1280-pixel screen.
ADD_TEXT = "Add"
TOOLTIPS = {
    "add": "Add the ticket's order at the end of the basket (Ctrl+B); while editing, put it back in its place",
    "edit": "Load the selected order into the ticket to change it (Enter)",
    "remove": "Remove the selected order (Delete)",
    "up": "Move the selected order up (Alt+Up)",
    "down": "Move the selected order down (Alt+Down)",
    "place_all": "Place every order of this basket, one after another, in this order",
}


class BasketPanel(QWidget):
    """Shows baskets and asks for changes.

    Signals:
        basket_chosen(int): the index of the basket to show.
        new_requested(), rename_requested(), delete_requested(): on the shown basket.
        add_requested(): add the ticket's order (or, while editing, put it back in place of the one edited).
        edit_requested(int), remove_requested(int): the order at that row.
        move_requested(int, int): the order at that row, one place up (-1) or down (+1).
        place_requested(): place every order of the shown basket, in order.
    """

    basket_chosen = Signal(int)
    new_requested = Signal()
    rename_requested = Signal()
    delete_requested = Signal()
    add_requested = Signal()
    edit_requested = Signal(int)
    remove_requested = Signal(int)
    move_requested = Signal(int, int)
    place_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("baskets")
        self.names = QComboBox()
        self.names.setObjectName("basket_names")
        self.names.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.names.setMinimumContentsLength(16)
        self._placing = False
        self.model = BasketOrdersModel(self)
        self.table = BasketTable()
        self.table.setObjectName("basket_orders")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)  # one line per order; a long result is elided, whole in its tooltip
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.margin = QLabel("Margin: –")
        self.margin.setObjectName("margin")
        self.margin.setWordWrap(True)
        # Tool buttons: as wide as their text, where a push button takes at least 80 pixels each.
        self.buttons: dict[str, QAbstractButton] = {name: QToolButton() for name, _ in _BUTTONS}
        self.buttons["place_all"] = QPushButton()
        for name, text in _BUTTONS:
            self.buttons[name].setText(text)
        for name, button in self.buttons.items():
            button.setObjectName(name)
            button.setToolTip(TOOLTIPS.get(name, ""))
        self.buttons["place_all"].setStyleSheet("font-weight:bold;")
        # New, rename and delete in a menu: the tab's least width must leave the window fitting a 1280-pixel screen.
        self.basket_menu_button = QToolButton()
        self.basket_menu_button.setObjectName("basket_menu")
        self.basket_menu_button.setText("Basket ▾")
        # The style's own arrow is drawn over the text of a narrow button: the text carries the arrow instead.
        self.basket_menu_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        self.basket_menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.basket_menu = QMenu(self.basket_menu_button)
        self.actions_by_name: dict[str, QAction] = {}
        for name, text in _BASKET_ACTIONS:
            action = QAction(text, self.basket_menu)
            action.setObjectName(name)
            self.basket_menu.addAction(action)
            self.actions_by_name[name] = action
        self.basket_menu_button.setMenu(self.basket_menu)
        self._lay_out()
        self._connect()
        self._update_buttons()

    def _lay_out(self) -> None:
        # One row of controls above the orders: the tab is as wide as the window (beside the order book), and a
        # second row would make the window too tall for a 1280×720 screen.
        top = QHBoxLayout()
        top.addWidget(self.names)
        top.addWidget(self.basket_menu_button)
        top.addSpacing(12)
        for name in ("add", "edit", "remove", "up", "down"):
            top.addWidget(self.buttons[name])
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.margin, 1)
        bottom.addWidget(self.buttons["place_all"])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def _connect(self) -> None:
        self.names.activated.connect(self.basket_chosen)
        self.actions_by_name["new_basket"].triggered.connect(self.new_requested)
        self.actions_by_name["rename_basket"].triggered.connect(self.rename_requested)
        self.actions_by_name["delete_basket"].triggered.connect(self.delete_requested)
        self.buttons["add"].clicked.connect(self.add_requested)
        self.buttons["place_all"].clicked.connect(self.place_requested)
        self.buttons["edit"].clicked.connect(self._on_edit_clicked)
        self.buttons["remove"].clicked.connect(self._on_remove_clicked)
        self.buttons["up"].clicked.connect(self._on_up_clicked)
        self.buttons["down"].clicked.connect(self._on_down_clicked)
        self.table.remove_pressed.connect(self.remove_requested)
        self.table.edit_pressed.connect(self.edit_requested)
        self.table.move_pressed.connect(self.move_requested)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)

    # --- what the controller calls ---------------------------------------------------------------------------------
    def show_baskets(self, baskets: Baskets, select_row: int | None = None) -> None:
        """The basket names, the shown basket's orders, and ``select_row`` selected (as after a move)."""
        self.names.clear()
        self.names.addItems([f"{b.name} ({len(b.orders)})" for b in baskets.baskets])
        self.names.setCurrentIndex(baskets.current)
        self.model.show(baskets.shown)
        if select_row is not None and 0 <= select_row < self.model.rowCount():
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().setCurrentIndex(self.model.index(select_row, 0), flags)
        self._update_buttons()

    def set_margin(self, text: str) -> None:
        self.margin.setText(text)

    def set_editing(self, row: int | None) -> None:
        """While an order is being edited in the ticket, Add puts it back in its place."""
        self.buttons["add"].setText(ADD_TEXT if row is None else f"Save #{row + 1}")

    def set_placing(self, placing: bool) -> None:
        """While a basket is placed nothing in the baskets changes: the buttons and the Basket menu are off."""
        self._placing = placing
        for action in self.actions_by_name.values():
            action.setEnabled(not placing)
        self._update_buttons()

    def current_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    # --- slots -----------------------------------------------------------------------------------------------------
    @Slot()
    def _update_buttons(self) -> None:
        has_row = self.current_row() is not None and not self._placing
        for name in ("edit", "remove", "up", "down"):
            self.buttons[name].setEnabled(has_row)
        self.buttons["add"].setEnabled(not self._placing)
        self.buttons["place_all"].setEnabled(self.model.rowCount() > 0 and not self._placing)

    @Slot()
    def _on_edit_clicked(self) -> None:
        self._emit_for_current(self.edit_requested)

    @Slot()
    def _on_remove_clicked(self) -> None:
        self._emit_for_current(self.remove_requested)

    @Slot()
    def _on_up_clicked(self) -> None:
        row = self.current_row()
        if row is not None:
            self.move_requested.emit(row, -1)

    @Slot()
    def _on_down_clicked(self) -> None:
        row = self.current_row()
        if row is not None:
            self.move_requested.emit(row, 1)

    @Slot(object)
    def _on_table_double_clicked(self, index: object) -> None:
        row = getattr(index, "row", lambda: -1)()
        if row >= 0:
            self.edit_requested.emit(row)

    def _emit_for_current(self, signal: object) -> None:
        row = self.current_row()
        if row is not None:
            signal.emit(row)  # type: ignore[attr-defined]


_BASKET_ACTIONS = (("new_basket", "New basket…"), ("rename_basket", "Rename…"), ("delete_basket", "Delete"))
_BUTTONS = (
    ("add", ADD_TEXT),
    ("edit", "Edit"),
    ("remove", "✕"),
    ("up", "↑"),
    ("down", "↓"),
    ("place_all", "Place all"),
)
