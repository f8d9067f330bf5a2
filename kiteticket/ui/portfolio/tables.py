"""What the trades and positions tables beside the ticket share: rows as dense as the order book's, and columns as
wide as their widest text, so that ₹1,25,000.00 or a quantity of 1,80,000 is never cut to "1,2…"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from kiteticket.ui.display_copy import DisplayCopy
from kiteticket.ui.keyed_model import KeyedTableModel
from kiteticket.ui.portfolio.trades_model import TradesModel


class DenseTable(QTableView):
    """Order-book density (one text line and a little air) and columns sized by what they show.

    Beside the ticket there is little room: a column wider than its text wastes it, and one narrower elides numbers.
    Qt's ResizeToContents mode sizes columns when the header is laid out, not when rows arrive or change, nor when
    a hidden tab is shown: so the widths are measured again after each of those (the rows in view only, a few
    dozen), once the view has laid the new rows out (a zero timer: measured at once, the new rows are not there yet).
    Signals: QTableView's own.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Measure the rows in view only: Qt's default looks at up to 1,000 rows, each a call into the Python
        # model per role, on every change, which with a day's trades was a GUI stall of its own.
        header.setResizeContentsPrecision(0)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        self._measure = QTimer(self)
        self._measure.setSingleShot(True)
        self._measure.setInterval(0)
        self._measure.timeout.connect(self._on_measure_timeout)
        self._key_actions: dict[Qt.Key, QAction] = {}

    def show_keyed(self, model: KeyedTableModel[Any]) -> None:
        """Show `model` through a display copy (``ui/display_copy.py``): painting asks Python nothing, which matters
        for positions whose P&L ticks. Read rows from the keyed model (``display_copy.keyed_row``), not the view's."""
        self.display = DisplayCopy(model, self)

    def bind_key(self, key: Qt.Key, action: QAction) -> None:
        """A plain letter that triggers ``action`` on the current row while the table has the focus. Not a
        QShortcut: a window-wide one would fire wherever the user is, and the ticket reads B and S window-wide."""
        self._key_actions[key] = action

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self._key_actions.get(Qt.Key(event.key()))
        if action is None or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
            return
        if action.isEnabled() and not event.isAutoRepeat():
            action.trigger()
        event.accept()

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            for signal in (model.rowsInserted, model.rowsMoved, model.dataChanged, model.modelReset):
                signal.connect(self._on_model_content_changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._on_model_content_changed()

    @Slot()
    def _on_model_content_changed(self) -> None:
        self._measure.start()

    @Slot()
    def _on_measure_timeout(self) -> None:
        if self.isVisible():
            self.horizontalHeader().resizeSections(QHeaderView.ResizeMode.ResizeToContents)


class TradesView(DenseTable):
    """The day's trades, newest first (the model's order: sorting is off). Signals: QTableView's own."""

    def __init__(self, model: TradesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Trades")
        self.setSortingEnabled(False)
        self.show_keyed(model)
