"""The audit log: every broker call and every placement the journal holds, newest first, exportable as CSV.

Non-modal, so the user can keep trading while reading it. The rows are read from the journal in the background
(a month of polls is tens of thousands of rows) and shown through a plain read-only table model. Routine reads (the
order-book poll, quotes) are hidden until asked for: they are nearly every row and bury what the user came for.
A placement Kite took and then rejected (funds, holdings) reads "rejected" with Kite's reason, from today's book.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiteticket.domain.audit import AUDIT_HEADER, PLACEMENT_HEADER, audit_rows, placement_rows
from kiteticket.domain.csv_export import to_csv
from kiteticket.domain.order_row import OrderRow
from kiteticket.ui.journal_port import JournalPort
from kiteticket.ui.tasks import TaskRunner

ROW_LIMIT = 5_000
Rows = Sequence[tuple[str, ...]]
OrdersById = Callable[[], Mapping[str, OrderRow]]
# Columns sized to what they hold (a full time stamp, a call's name); the long ones (parameters, detail, message)
# get a readable width and the last one stretches.
_FITTED = {"Time", "Call", "Request", "Outcome", "ms", "Created", "Tag", "State", "Order id", "Updated"}
_Index = QModelIndex | QPersistentModelIndex


class RecordsModel(QAbstractTableModel):
    """Rows of text under a fixed header; replaced whole on each refresh (the log is read, not edited)."""

    def __init__(self, header: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.header = tuple(header)
        self.rows: list[tuple[str, ...]] = []

    def set_rows(self, rows: Rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.header)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return self.rows[index.row()][index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.header[section] if 0 <= section < len(self.header) else None
        return None


class AuditDialog(QDialog):
    """Two tabs, "Calls" and "Placements"; Refresh reads the journal again, Export writes the shown tab as CSV."""

    def __init__(
        self,
        journal: JournalPort,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        *,
        orders: OrdersById | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("AuditDialog")
        self.setWindowTitle("Audit log")
        self.setWindowModality(Qt.WindowModality.NonModal)
        self._journal = journal
        self._tasks = tasks
        self._orders = orders
        self._reads = 0
        self.calls = RecordsModel(AUDIT_HEADER, self)
        self.placements = RecordsModel(PLACEMENT_HEADER, self)
        self.tabs = QTabWidget()
        for model, title in ((self.calls, "Calls"), (self.placements, "Placements")):
            self.tabs.addTab(_table(model), title)
        self.status = QLabel("Reading the journal…")
        self.routine = QCheckBox("Show routine reads (polls, quotes)")
        self.routine.setChecked(False)
        self.routine.toggled.connect(self.refresh)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        refresh = QPushButton("Refresh")
        export = QPushButton("Export CSV…")
        buttons.addButton(refresh, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(export, QDialogButtonBox.ButtonRole.ActionRole)
        refresh.clicked.connect(self.refresh)
        export.clicked.connect(self._on_export_clicked)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.routine)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(1100, 600)

    @Slot()
    def refresh(self) -> None:
        journal, routine = self._journal, self.routine.isChecked()
        orders = self._orders() if self._orders is not None else None  # an immutable snapshot, taken here
        # Reads run on a pool and may finish out of order: only the newest one's rows are shown.
        self._reads += 1
        self._tasks.read(
            lambda: (
                audit_rows(journal.audit_records(ROW_LIMIT, routine=routine)),
                placement_rows(journal.placements(ROW_LIMIT), orders),
            ),
            partial(self._on_rows_read, self._reads),
            self._on_rows_failed,
        )

    def _on_rows_read(self, read: int, result: object) -> None:
        if read != self._reads:
            return
        assert isinstance(result, tuple)
        calls: Rows = result[0]
        placements: Rows = result[1]
        self.calls.set_rows(calls)
        self.placements.set_rows(placements)
        self.status.setText(f"{len(calls)} calls, {len(placements)} placements (newest first, at most {ROW_LIMIT}).")

    def _on_rows_failed(self, error: BaseException) -> None:
        self.status.setText(f"The journal could not be read: {error}")

    def current_model(self) -> RecordsModel:
        return self.calls if self.tabs.currentIndex() == 0 else self.placements

    def export(self, path: str) -> int:
        """Write the shown tab to ``path`` as formula-safe CSV; the number of rows written, or -1 when the file
        could not be written (the status line says why)."""
        model = self.current_model()
        try:
            with open(path, "w", encoding="utf-8", newline="") as file:
                file.write(to_csv(model.header, model.rows))
        except OSError as error:
            self.status.setText(f"Not exported: could not write {path}: {error.strerror or error}.")
            return -1
        self.status.setText(f"Exported {len(model.rows)} rows to {path}.")
        return len(model.rows)

    @Slot()
    def _on_export_clicked(self) -> None:
        name = "audit-calls.csv" if self.tabs.currentIndex() == 0 else "audit-placements.csv"
        path, _ = QFileDialog.getSaveFileName(self, "Export audit log", name, "CSV files (*.csv)")
        if path:
            self.export(path)


def _table(model: RecordsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    for section, name in enumerate(model.header):
        if name in _FITTED:
            header.setSectionResizeMode(section, QHeaderView.ResizeMode.ResizeToContents)
        else:
            view.setColumnWidth(section, 260)
    view.setWordWrap(False)
    return view
