"""The market watch panel: a watchlist chooser, an "add instrument" search and the ticking table.

Keys on a selected row, as NEST and Kite web traders expect: B or F1 opens a BUY ticket, S or F2 a SELL ticket
(double-click too), Delete removes the row, Alt+Up/Alt+Down move it. The panel only shows and edits watchlists;
what to subscribe and what a ticket should hold is for its controller to decide.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kiteticket.domain.enums import TransactionType
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.watchlist import Watchlist, Watchlists
from kiteticket.ui.display_copy import DisplayCopy
from kiteticket.ui.market.watch_model import WatchModel, WatchRow
from kiteticket.ui.ticket.instrument_search import InstrumentSearch, Master

TRADE_KEYS = {
    Qt.Key.Key_B: TransactionType.BUY,
    Qt.Key.Key_F1: TransactionType.BUY,
    Qt.Key.Key_S: TransactionType.SELL,
    Qt.Key.Key_F2: TransactionType.SELL,
}
Resolve = Callable[[str], Instrument | None]
# The widest value each column commonly shows: its width fits it, so a narrow panel (the market watch sits beside
# the ticket on a 1366-pixel screen) shows the instrument, LTP, change and change % whole, not three columns of
# a default width with the change cut off. A price is never elided at these widths (MRF's six digits fit).
COLUMN_SAMPLES = {
    "ltp": "999999.95", "change": "+9999.95", "change_percent": "+99.99%", "bid": "999999.95", "ask": "999999.95",
    "bid_qty": "99,99,999", "ask_qty": "99,99,999", "volume": "99,99,99,999", "oi": "9,99,99,999",
    "high": "999999.95", "low": "999999.95",
}  # fmt: skip
CELL_PADDING = 14  # pixels beside the text, as a header section leaves for its sort arrow


class WatchTable(QTableView):
    """The table, with the trader's keys. Signals: ``trade_requested(str, object)`` (key, TransactionType),
    ``remove_requested(str)``, ``move_requested(str, int)``."""

    trade_requested = Signal(str, object)
    remove_requested = Signal(str)
    move_requested = Signal(str, int)

    def __init__(self, model: WatchModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("market_watch_table")
        # The view paints a copy of the rows in view: painting the keyed model itself ran Python for every cell.
        self.display = DisplayCopy(model, self)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)  # one line a cell: laying text out for wrapping was a third of a repaint's cost
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)  # a symbol is never cut short
        header.setResizeContentsPrecision(0)  # the rows in view: not every row, on every tick
        header.setStretchLastSection(True)
        self._fit_columns(model)
        self.doubleClicked.connect(self._on_table_double_clicked)
        self.watch_model = model

    def _fit_columns(self, model: WatchModel) -> None:
        cells, headers = self.fontMetrics(), self.horizontalHeader().fontMetrics()
        for section, column in enumerate(model.columns):
            sample = COLUMN_SAMPLES.get(column.key)
            if sample is not None:
                widest = max(cells.horizontalAdvance(sample), headers.horizontalAdvance(column.header))
                self.setColumnWidth(section, widest + CELL_PADDING)

    def current_key(self) -> str | None:
        index = self.currentIndex()
        return self.watch_model.row_at(index.row()).key if index.isValid() else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = self.current_key()
        pressed = Qt.Key(event.key())
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if key is not None and not alt and pressed in TRADE_KEYS:
            self.trade_requested.emit(key, TRADE_KEYS[pressed])
        elif key is not None and pressed == Qt.Key.Key_Delete:
            self.remove_requested.emit(key)
        elif key is not None and alt and pressed in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_requested.emit(key, -1 if pressed == Qt.Key.Key_Up else 1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    @Slot(QModelIndex)
    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        self.trade_requested.emit(self.watch_model.row_at(index.row()).key, TransactionType.BUY)


class MarketWatch(QWidget):
    """Signals: ``watchlists_changed(Watchlists)`` after every edit, ``trade_requested(str, object)``."""

    watchlists_changed = Signal(object)
    trade_requested = Signal(str, object)

    def __init__(self, watchlists: Watchlists, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("market_watch")
        self.model = WatchModel(self)
        self.table = WatchTable(self.model)
        self.lists = QComboBox()
        self.lists.setObjectName("watchlist")
        self.add_box = QLineEdit()
        self.add_box.setObjectName("watch_add")
        self.add_box.setPlaceholderText("Add: INFY, NIFTY DEC FUT…")
        self.search = InstrumentSearch(self.add_box, self)
        self.problem = QLabel()
        self.problem.setObjectName("watch_problem")
        self.problem.setProperty("role", "problem")
        self._watchlists = watchlists
        self._resolve: Resolve = lambda _key: None
        self._build()
        self._connect()
        self._show()

    @property
    def watchlists(self) -> Watchlists:
        return self._watchlists

    def set_master(self, master: Master | None, resolve: Resolve) -> None:
        """The instrument list arrived (or changed day): rows learn their instruments and tokens."""
        self.search.set_master(master)
        self._resolve = resolve
        self._show()

    def _build(self) -> None:
        new, delete = QToolButton(), QToolButton()
        new.setObjectName("watch_new")
        delete.setObjectName("watch_delete")
        new.setText("+")
        new.setToolTip("New watchlist")
        delete.setText("−")
        delete.setToolTip("Delete this watchlist")
        new.clicked.connect(self._on_new_clicked)
        delete.clicked.connect(self._on_delete_clicked)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.lists, 1)
        top.addWidget(new)
        top.addWidget(delete)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(self.add_box)
        column.addWidget(self.problem)
        column.addWidget(self.table, 1)
        self.problem.hide()

    def _connect(self) -> None:
        self.lists.activated.connect(self._on_lists_activated)
        self.search.instrument_picked.connect(self._on_search_instrument_picked)
        self.table.trade_requested.connect(self.trade_requested)
        self.table.remove_requested.connect(self._on_table_remove_requested)
        self.table.move_requested.connect(self._on_table_move_requested)

    def _show(self) -> None:
        names = [watchlist.name for watchlist in self._watchlists.lists]
        if [self.lists.itemText(i) for i in range(self.lists.count())] != names:
            self.lists.clear()
            self.lists.addItems(names)
        self.lists.setCurrentIndex(self._watchlists.current)
        shown = self._watchlists.shown
        self.model.show_rows([WatchRow(key, self._resolve(key)) for key in shown.keys])

    def _edit(self, watchlists: Watchlists, problem: str = "") -> None:
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        if watchlists != self._watchlists:
            self._watchlists = watchlists
            self._show()
            self.watchlists_changed.emit(watchlists)

    def _edit_shown(self, edit: Callable[[Watchlist], Watchlist]) -> None:
        try:
            self._edit(self._watchlists.with_shown(edit(self._watchlists.shown)))
        except ValueError as exc:
            self._edit(self._watchlists, str(exc))

    @Slot(int)
    def _on_lists_activated(self, index: int) -> None:
        self._edit(self._watchlists.select(index))

    @Slot(str, str)
    def _on_search_instrument_picked(self, exchange: str, symbol: str) -> None:
        key = f"{exchange}:{symbol}"
        self._edit_shown(lambda watchlist: watchlist.add(key))
        self.add_box.clear()
        position = self.model.row_for_key(key)
        if position is not None:
            self.table.selectRow(position)

    @Slot(str)
    def _on_table_remove_requested(self, key: str) -> None:
        self._edit_shown(lambda watchlist: watchlist.remove(key))

    @Slot(str, int)
    def _on_table_move_requested(self, key: str, offset: int) -> None:
        self._edit_shown(lambda watchlist: watchlist.move(key, offset))
        position = self.model.row_for_key(key)
        if position is not None:
            self.table.selectRow(position)

    @Slot()
    def _on_new_clicked(self) -> None:
        name, accepted = QInputDialog.getText(self, "New watchlist", "Name:")
        if accepted:
            try:
                self._edit(self._watchlists.create(name))
            except ValueError as exc:
                self._edit(self._watchlists, str(exc))

    @Slot()
    def _on_delete_clicked(self) -> None:
        self._edit(self._watchlists.delete_shown())
