"""The GTT tab: the account's triggers with their status, trigger(s), last price and the order(s) they placed, and
the actions on them (new from the ticket, modify, delete, show the placed order). It decides nothing: each action
is a signal the controller answers.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolBar, QVBoxLayout, QWidget

from kiteticket.domain.gtt import GttStatus
from kiteticket.domain.gtt_row import GttRow
from kiteticket.ui.display_copy import keyed_row, view_index
from kiteticket.ui.gtt.model import GttLine, GttModel, describe
from kiteticket.ui.gtt.view import GttView


class GttTab(QWidget):
    """The list and its actions, which follow the current row.

    Signals:
        new_requested(): a GTT from what the ticket holds.
        modify_requested(GttRow), delete_requested(GttRow): for an active GTT.
        show_order_requested(str): the order a triggered GTT placed, to select in the order book.
        refresh_requested(): read the list again now.
    """

    new_requested = Signal()
    modify_requested = Signal(object)
    delete_requested = Signal(object)
    show_order_requested = Signal(str)
    refresh_requested = Signal()

    def __init__(self, model: GttModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gtt_tab")
        self.model = model
        self.view = GttView(model)
        self.new_action = self._action(
            "new_gtt", "New GTT…", "A GTT from the ticket's instrument, side, quantity and price."
        )
        self.modify_action = self._action("modify_gtt", "Modify…", "")
        self.delete_action = self._action("delete_gtt", "Delete", "")
        self.show_order_action = self._action("show_gtt_order", "Show order", "")
        self.refresh_action = self._action("refresh_gtts", "Refresh", "Read the GTT list from Kite now.")
        self.view.menu_actions = [self.modify_action, self.delete_action, self.show_order_action]
        self.detail = QLabel()
        self.detail.setObjectName("gtt_detail")
        self.detail.setWordWrap(True)
        self.detail.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status = QLabel("GTT: not loaded yet")
        self.status.setObjectName("gtt_status")
        # A long error here must not widen the window: the label takes the width it is given.
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._layout()
        self._connect()
        self._refresh_actions()

    def _action(self, name: str, text: str, tip: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setToolTip(tip or text)
        return action

    def _layout(self) -> None:
        # A tool bar, not a row of buttons: beside the ticket the tab may be narrow, and a tool bar folds the
        # actions it cannot show into its » menu instead of widening the window past a 1366-pixel screen.
        bar = QToolBar()
        bar.setObjectName("gtt_actions")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.new_action, self.modify_action, self.delete_action, self.show_order_action):
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction(self.refresh_action)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)  # as the order book's page beside it
        layout.setSpacing(2)
        layout.addWidget(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.status)

    def _connect(self) -> None:
        self.new_action.triggered.connect(self.new_requested)
        self.refresh_action.triggered.connect(self.refresh_requested)
        self.modify_action.triggered.connect(self._on_modify_action_triggered)
        self.delete_action.triggered.connect(self._on_delete_action_triggered)
        self.show_order_action.triggered.connect(self._on_show_order_action_triggered)
        self.view.row_double_clicked.connect(self._on_view_row_double_clicked)
        self.view.delete_pressed.connect(self.delete_action.trigger)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        for signal in (self.model.dataChanged, self.model.rowsRemoved, self.model.rowsInserted, self.model.modelReset):
            signal.connect(self._on_model_changed)

    # -- our API ---------------------------------------------------------------------------------------------
    def current_row(self) -> GttRow | None:
        line = keyed_row(self.view.currentIndex())
        return line.row if isinstance(line, GttLine) else None

    def select(self, trigger_id: str) -> bool:
        position = self.model.row_for_key(trigger_id)
        if position is None:
            return False
        self.view.setCurrentIndex(view_index(self.view.model(), position))
        return True

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    # -- slots -----------------------------------------------------------------------------------------------
    @Slot()
    def _on_modify_action_triggered(self) -> None:
        row = self.current_row()
        if row is not None and row.can_change:
            self.modify_requested.emit(row)

    @Slot()
    def _on_delete_action_triggered(self) -> None:
        row = self.current_row()
        if row is not None and row.can_change:
            self.delete_requested.emit(row)

    @Slot()
    def _on_show_order_action_triggered(self) -> None:
        row = self.current_row()
        if row is not None and row.placed_order_ids:
            self.show_order_requested.emit(row.placed_order_ids[0])

    @Slot(QModelIndex)
    def _on_view_row_double_clicked(self, index: QModelIndex) -> None:
        """An active GTT opens for modification; a triggered one shows the order it placed."""
        line = keyed_row(index)
        if not isinstance(line, GttLine):
            return
        if line.row.placed_order_ids:
            self.show_order_requested.emit(line.row.placed_order_ids[0])
        elif line.row.can_change:
            self.modify_requested.emit(line.row)

    @Slot(QModelIndex, QModelIndex)
    def _on_current_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._refresh_actions()

    @Slot()
    def _on_model_changed(self) -> None:
        self._refresh_actions()

    def _refresh_actions(self) -> None:
        line = keyed_row(self.view.currentIndex())
        self.detail.setText(describe(line) if isinstance(line, GttLine) else "")
        row = self.current_row()
        if row is None:
            for action in (self.modify_action, self.delete_action, self.show_order_action):
                action.setEnabled(False)
                action.setToolTip("Select a GTT first.")
            return
        status = row.status.label.lower() if row.status is not None else row.raw_status
        changeable = "" if row.can_change else f"Only an active GTT can change; this one is {status}."
        for action, tip in ((self.modify_action, "Change the triggers, prices or quantity."),
                            (self.delete_action, "Delete this GTT at Kite (Delete key).")):  # fmt: skip
            action.setEnabled(row.can_change)
            action.setToolTip(changeable or tip)
        placed = bool(row.placed_order_ids)
        self.show_order_action.setEnabled(placed)
        never = "Its order was not placed." if row.status is GttStatus.REJECTED else "It has not placed an order."
        self.show_order_action.setToolTip("Select the order it placed in the order book." if placed else never)
