"""What the positions and holdings tables share: actions that follow the current row.

A row's actions (Exit, Add, Convert, GTT …) are enabled, with a tooltip that says why not, for the row under the
cursor; they are worked out again when the cursor moves and when the data changes under it (a poll can flatten the
current position), and the context menu shows them. Each table says which actions it has and how it judges a row.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Slot
from PySide6.QtGui import QAction, QContextMenuEvent
from PySide6.QtWidgets import QAbstractItemView, QMenu, QWidget

from kiteticket.ui.display_copy import keyed_row
from kiteticket.ui.keyed_model import KeyedTableModel
from kiteticket.ui.portfolio.tables import DenseTable

MenuEntry = QAction | None  # None: a separator


class RowActionsTable(DenseTable):
    """Signals: QTableView's own. Subclasses give ``menu_entries`` and ``_refresh_actions``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def menu_entries(self) -> tuple[MenuEntry, ...]:
        raise NotImplementedError

    def _refresh_actions(self) -> None:
        raise NotImplementedError

    # -- Qt overrides -----------------------------------------------------------------------------------------
    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            self.selectionModel().currentRowChanged.connect(self._on_selection_current_row_changed)
        self._refresh_actions()

    def show_keyed(self, model: KeyedTableModel[Any]) -> None:
        super().show_keyed(model)
        # The keyed model's changes, not the copy's: those come a turn later, and the actions judge its rows.
        for signal in (model.dataChanged, model.rowsRemoved, model.modelReset):
            signal.connect(self._on_model_changed)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        index = self.indexAt(event.pos())
        if index.isValid():
            self.setCurrentIndex(index)
        self.context_menu().popup(event.globalPos())

    # -- our API ----------------------------------------------------------------------------------------------
    def current_row(self) -> object:
        """The current row's typed row (the keyed model's), or None."""
        return keyed_row(self.currentIndex())

    def context_menu(self) -> QMenu:
        """The actions for the current row (deleted when closed). Public for tests."""
        self._refresh_actions()
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.setToolTipsVisible(True)
        for entry in self.menu_entries():
            if entry is None:
                menu.addSeparator()
            else:
                menu.addAction(entry)
        return menu

    # -- slots ------------------------------------------------------------------------------------------------
    @Slot(QModelIndex, QModelIndex)
    def _on_selection_current_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._refresh_actions()

    @Slot()
    def _on_model_changed(self) -> None:
        self._refresh_actions()
