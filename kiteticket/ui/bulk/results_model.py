"""The items of a bulk action and what became of each, as a table: what is sent, its outcome, Kite's answer."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Slot
from PySide6.QtGui import QColor

from kiteticket.domain.bulk_run import BulkRun, Outcome

ModelIndex = QModelIndex | QPersistentModelIndex
HEADERS = ("#", "What", "Result", "Detail")
_COLOURS = {
    Outcome.DONE: QColor("#2e7d32"),
    Outcome.PARTLY: QColor("#a05a00"),
    Outcome.FAILED: QColor("#c62828"),
    Outcome.CHECKING: QColor("#a05a00"),
}


class BulkResultsModel(QAbstractTableModel):
    """One row per item of ``run``'s plan, in the order they are sent; ``refresh_item`` after each change.

    Signals: QAbstractItemModel's own (dataChanged for the one row that changed).
    """

    def __init__(self, run: BulkRun, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._run = run

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default argument
        return 0 if parent.isValid() else self._run.total

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._run.total:
            return None
        result = self._run.results[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            texts = (str(index.row() + 1), self._run.plan.items[index.row()].line, result.outcome.value, result.detail)
            return texts[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 2:
            return _COLOURS.get(result.outcome)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:
            return result.detail or None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    @Slot(int)
    def refresh_item(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
