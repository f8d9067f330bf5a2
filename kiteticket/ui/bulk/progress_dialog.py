"""The bulk action as it happens: a bar that moves as each write is answered, the item being sent, Stop, and each
item's result in a table that stays once the run is over. Not modal: the order book behind it shows the orders go."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiteticket.domain.bulk_run import BulkRun, Outcome
from kiteticket.ui.bulk.results_model import BulkResultsModel
from kiteticket.ui.bulk.runner import BulkRunner


class BulkProgressDialog(QDialog):
    """Shows ``runner``'s progress and offers Stop; Close once nothing more will be sent. Signals: QDialog's own.

    Named children: QProgressBar ``progress``, QLabel ``now`` (what is being sent, then the summary), QTableView
    ``results``, QPushButton ``stop`` and ``close``.
    """

    def __init__(self, runner: BulkRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        run = runner.run
        self.setObjectName("bulk_progress")
        self.setWindowTitle(run.plan.title)
        self.progress = QProgressBar()
        self.progress.setObjectName("progress")
        self.progress.setRange(0, max(run.total, 1))
        self.progress.setFormat("%v of %m")
        self.now = QLabel()
        self.now.setObjectName("now")
        self.now.setWordWrap(True)
        self.model = BulkResultsModel(run, self)
        self.results = QTableView()
        self.results.setObjectName("results")
        self.results.setModel(self.model)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.verticalHeader().hide()
        self.results.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)  # 300 rows, tight
        self.results.setWordWrap(False)  # one line per item; a long refusal is elided, whole in its tooltip
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)  # Kite's words for a refusal take the room that is left
        self.stop_button = QPushButton("Stop")
        self.stop_button.setObjectName("stop")
        self.stop_button.setToolTip("Send no more; the write already on its way finishes and is reported.")
        self.close_button = QPushButton("Close")
        self.close_button.setObjectName("close")
        self.close_button.setEnabled(False)
        self._lay_out()
        self.stop_button.clicked.connect(self._on_stop_button_clicked)
        self.close_button.clicked.connect(self.accept)
        runner.item_changed.connect(self._on_runner_item_changed)
        runner.finished.connect(self._on_runner_finished)
        self.resize(820, 460)
        self._show_now()

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.now)
        layout.addWidget(self.results, 1)
        layout.addLayout(buttons)

    @Slot()
    def _on_stop_button_clicked(self) -> None:
        self.stop_button.setEnabled(False)
        self._runner.stop()

    @Slot(int)
    def _on_runner_item_changed(self, row: int) -> None:
        self.model.refresh_item(row)
        self._show_now()
        if self._runner.run.results[row].outcome is Outcome.SENDING:
            self.results.scrollTo(self.model.index(row, 0))

    @Slot()
    def _on_runner_finished(self) -> None:
        self.stop_button.setEnabled(False)
        self.close_button.setEnabled(True)
        self.close_button.setDefault(True)
        self._show_now()

    def _show_now(self) -> None:
        run = self._runner.run
        self.progress.setValue(run.answered)
        if run.finished:
            self.now.setText(f"{'Stopped' if run.stopped else 'Finished'}: {run.summary()}.")
            return
        sending = [i for i, result in enumerate(run.results) if result.outcome is Outcome.SENDING]
        if sending:
            self.now.setText(f"Sending {sending[0] + 1} of {run.total}: {run.plan.items[sending[0]].line}")

    @property
    def run(self) -> BulkRun:
        return self._runner.run

    def is_running(self) -> bool:
        return not self._runner.run.finished or self._runner.run.sending

    def reject(self) -> None:
        """Esc closes it only once the run is over: a run under way is stopped with Stop, not hidden."""
        if not self.is_running():
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_running():
            event.ignore()
            return
        super().closeEvent(event)
