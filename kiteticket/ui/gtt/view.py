"""The GTT table: rows as dense as the order book's, the tab's actions in its context menu, Delete and Enter on
the current row, and a double-click that never depends on how the click began."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QAbstractItemView, QMenu, QWidget

from kiteticket.ui.gtt.model import GttModel
from kiteticket.ui.portfolio.tables import DenseTable

_ACTION_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Return, Qt.Key.Key_Enter)


class GttView(DenseTable):
    """The table; its context menu shows the tab's actions.

    Signals:
        row_double_clicked(QModelIndex): the row under a double-click, made current first (QAbstractItemView's own
            doubleClicked needs the press that began it on the same index, which a synthesised double-click lacks);
            Enter on the current row too.
        delete_pressed(): the Delete key, with the focus in the table.
    """

    row_double_clicked = Signal(QModelIndex)
    delete_pressed = Signal()

    def __init__(self, model: GttModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gtt_table")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.show_keyed(model)
        self.menu_actions: list[QAction] = []

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if index.isValid():
            self.setCurrentIndex(index)
            self.row_double_clicked.emit(index)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.isAutoRepeat() and event.key() in _ACTION_KEYS:
            event.accept()  # a held key is one request, not one per repeat
        elif event.key() == Qt.Key.Key_Delete:
            self.delete_pressed.emit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.row_double_clicked.emit(self.currentIndex())
        else:
            super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        index = self.indexAt(event.pos())
        if index.isValid():
            self.setCurrentIndex(index)
        self.context_menu().popup(event.globalPos())

    def context_menu(self) -> QMenu:
        """The actions for the current row (deleted when closed). Public for tests."""
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.setToolTipsVisible(True)
        for action in self.menu_actions:
            menu.addAction(action)
        return menu
