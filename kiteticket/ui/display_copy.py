"""What a table view paints of a keyed model, copied into Qt's own item model so that painting runs no Python.

A view asks its model for seven roles of every cell it paints. Asked of a Python model, each cell was three calls
into Python (``index`` asks ``rowCount`` and ``columnCount``, then ``multiData``), each taking the GIL afresh and
waiting for it while another thread held it: a full repaint of the market watch cost 20-30 ms of the GUI thread's
CPU, 56 ms of wall time while the ticker's thread parsed, against 4-8 ms for the same cells in a
``QStandardItemModel``. So the view shows a ``QStandardItemModel``, and this class keeps it equal to the keyed
model where it is seen:

* rows in view are copied on the event loop's next turn after the keyed model signals a change (only the cells
  whose text, colour, or tooltip differ from what the copy holds), and signalled with one ``dataChanged`` on the
  turn after that, when the view repaints them: applying a batch of ticks, copying it and repainting held the GUI
  thread 20 ms in one stretch at 3,000 ticks a second; in three turns, input and timers run in between;
* rows out of view are only marked stale, and copied when they come into view (a scroll, a resize, a show):
  3,000 ticking rows cost the copying of the thirty in sight, not of all of them;
* rows inserted, removed, moved or reset in the keyed model are inserted, removed or reset in the copy, so the
  view's row numbers are the keyed model's (a moved row is removed and inserted: the copy cannot move rows).

Behind a sorting or filtering proxy (the order book's ``SortedProxy``), the rows in view are the proxy's mapped back,
and every change is signalled at once, rows in view copied first: the proxy must hear of a change out of view too.
What the proxy sorts and filters on (the SORT value of the column it sorts by, the FILTER text) is copied into every
row, in view or not, before the proxy hears of the row: an inserted row comes with them, so the proxy files it once,
in Qt's own code. Rows the proxy brings into view after a sort or a filter are copied on the next turn.

The keyed model stays the truth: read rows, keys and sort values from it (``keyed_row``), never from the copy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView

from kiteticket.ui.keyed_model import KeyedRole, KeyedTableModel, row_spans

ModelIndex = QModelIndex | QPersistentModelIndex
# The roles copied, in the order of the layers ``KeyedTableModel.painted`` gives.
LAYER_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ToolTipRole,
)
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_STALE, _FRESH = 1, 0
# Rows whose changed cells one turn signals for repainting, the rest on the turns after. Laying out a changed cell's
# text costs the view 30-40 µs: a market watch whose 34 rows in view all ticked at once took 13-16 ms to repaint in
# one stretch; ten rows take about 4.
ROWS_A_REPAINT = 10
# Rows inserted at once that a proxy files one by one, each as it comes with its keys; more, when they are also more
# than the copy holds already (the first poll of the day), are inserted in one block and filed in one sort
# (``QSortFilterProxyModel.invalidate``, a layout change of the whole view). One by one, each insertion updates the
# proxy's and the view's row mappings: the first poll of 5,000 orders took 119 ms that way, against 64 ms for a block.
ROWS_FILED_ONE_BY_ONE = 32
_VIEW_CHANGES = frozenset((QEvent.Type.Resize, QEvent.Type.Show))


class _Unsignalled:
    """Cells copied and not yet signalled: each row's range of columns, in the order rows first waited (a row
    copied again keeps its place), so a row that ticks on and on never keeps the ones after it from a repaint."""

    def __init__(self) -> None:
        self._rows: dict[int, tuple[int, int]] = {}

    def add(self, cells: Iterable[tuple[int, int]]) -> None:
        rows = self._rows
        for row, column in cells:
            known = rows.get(row)
            rows[row] = (column, column) if known is None else (min(known[0], column), max(known[1], column))

    def __bool__(self) -> bool:
        return bool(self._rows)

    def take(self, rows: int, limit: int) -> list[tuple[int, int, int, int]]:
        """The cells of the ``limit`` rows that have waited longest, as (top, bottom, left, right) runs of
        consecutive rows, and forget them; rows at or past ``rows`` are gone from the model and dropped."""
        cells = self._rows
        for row in [row for row in cells if row >= rows]:
            del cells[row]
        return row_spans([(row, *cells.pop(row)) for row in list(cells)[:limit]])

    def clear(self) -> None:
        """Rows were inserted, removed or moved: the numbers no longer name the same rows, and the view repaints
        every row in view after such a change anyway."""
        self._rows.clear()


# A row's SORT value in the column the proxy sorts by (None: it sorts by none), and its FILTER text.
_Keys = tuple[Any, Any]
_SORT, _FILTER = KeyedRole.SORT, KeyedRole.FILTER


def _blank(value: object) -> bool:
    """What a cell the copy never wrote already shows: nothing."""
    return value is None or value == ""


class SortedProxy(QSortFilterProxyModel):
    """A sorting and filtering proxy that works in Qt's own code: on the SORT role of the column it sorts by, and
    the FILTER role of the first column (``Column.sorted_by``, ``KeyedTableModel.filter_text``), which a ``DisplayCopy``
    under it writes into every row, in view or not. A Python ``lessThan`` or ``filterAcceptsRow`` ran once per
    comparison or row (4,376 Python calls to sort 200 orders), each a chance for another thread to take the GIL from
    the GUI thread in the middle of a poll's insertions.

    Signals: QSortFilterProxyModel's own; ``sort_column_changing(int)`` before it sorts by another column (the
    copy writes that column's values first: it holds the sorted column's only).
    """

    sort_column_changing = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(KeyedRole.SORT)
        self.setFilterRole(KeyedRole.FILTER)
        self.setFilterKeyColumn(0)
        # Re-filter and re-sort only the rows a change touched.
        self.setDynamicSortFilter(True)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column != self.sortColumn():
            self.sort_column_changing.emit(column)
        super().sort(column, order)


class DisplayCopy(QObject):
    """Makes ``view`` show a copy of ``source``; parented to the view, it lives as long as the view."""

    def __init__(self, source: KeyedTableModel[Any], view: QTableView, proxy: SortedProxy | None = None) -> None:
        super().__init__(view)
        self._source, self._view, self._proxy = source, view, proxy
        self.model = QStandardItemModel(0, source.columnCount(), self)
        for section, column in enumerate(source.columns):
            self.model.setHeaderData(section, Qt.Orientation.Horizontal, column.header)
            self.model.setHeaderData(section, Qt.Orientation.Horizontal, column.alignment, _ALIGNMENT)
        self._held: list[tuple[tuple[Any, ...], ...] | None] = []  # each row's layers as the copy holds them
        self._keys: list[_Keys] = []  # behind a proxy: each row's sort value and filter text as the copy holds them
        self._sort_column = -1 if proxy is None else proxy.sortColumn()
        self._plain_item = QStandardItem()  # cloned into C++ items (``_key_items``)
        self._stale = bytearray()  # per row: changed in the keyed model since it was last copied
        self._current: tuple[Any, int] | None = None  # the view's current row (key, column) across a move
        self._unsignalled = _Unsignalled()
        self._insert(0, source.rowCount())
        self._next_turn = QTimer(self)  # copies the rows in view that changed, once per turn of the event loop
        self._next_turn.setSingleShot(True)
        self._next_turn.setInterval(0)
        self._next_turn.timeout.connect(self.refresh_in_view)
        self._signal_turn = QTimer(self)
        self._signal_turn.setSingleShot(True)
        self._signal_turn.setInterval(0)
        self._signal_turn.timeout.connect(self._on_signal_turn_timeout)
        self._connect()
        if proxy is None:
            view.setModel(self.model)
        else:
            proxy.sort_column_changing.connect(self._on_sort_column_changing)
            proxy.setSourceModel(self.model)
            view.setModel(proxy)
            # A sort or a filter brings other rows into view.
            for signal in (proxy.layoutChanged, proxy.rowsInserted, proxy.rowsRemoved, proxy.modelReset):
                signal.connect(self._on_proxy_rows_changed)
        view.viewport().installEventFilter(self)
        view.verticalScrollBar().valueChanged.connect(self._on_scrolled)

    def _connect(self) -> None:
        source = self._source
        source.cells_changed.connect(self._on_source_cells_changed)  # its dataChanged, a batch at a time
        source.rowsInserted.connect(self._on_source_rows_inserted)
        source.rowsRemoved.connect(self._on_source_rows_removed)
        source.rowsMoved.connect(self._on_source_rows_moved)
        source.modelReset.connect(self._on_source_model_reset)
        source.layoutChanged.connect(self._on_source_model_reset)
        if self._proxy is None:  # behind a proxy, the proxy keeps the view's current row on its row
            for about_to_change in (
                source.rowsAboutToBeMoved,
                source.rowsAboutToBeRemoved,
                source.modelAboutToBeReset,
                source.layoutAboutToBeChanged,
            ):
                about_to_change.connect(self._remember_current)

    @property
    def source(self) -> KeyedTableModel[Any]:
        return self._source

    # -- what is in view ------------------------------------------------------------------------------------------
    def in_view(self) -> Sequence[int]:
        """The keyed model's rows the view shows now (none while it is hidden)."""
        view = self._view
        first = view.rowAt(0) if view.isVisible() else -1
        if first < 0:
            return ()
        last = view.rowAt(view.viewport().height() - 1)
        shown = range(first, (last if last >= 0 else view.model().rowCount() - 1) + 1)
        proxy = self._proxy
        return shown if proxy is None else [proxy.mapToSource(proxy.index(row, 0)).row() for row in shown]

    @Slot()
    def refresh_in_view(self) -> None:
        """Copy every stale row in view."""
        self._copy(self.in_view())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _VIEW_CHANGES:
            self.refresh_in_view()
        return False

    @Slot(int)
    def _on_scrolled(self, _value: int) -> None:
        self.refresh_in_view()

    @Slot()
    def _on_proxy_rows_changed(self) -> None:
        if not self._next_turn.isActive():
            self._next_turn.start()

    # -- the keyed model's signals --------------------------------------------------------------------------------
    @Slot(object)
    def _on_source_cells_changed(self, spans: list[tuple[int, int, int, int]]) -> None:
        stale = self._stale
        for top, bottom, _left, _right in spans:
            stale[top : bottom + 1] = bytes((_STALE,)) * (bottom - top + 1)
        if self._proxy is not None:  # the proxy must hear of every change, and see fresh cells in view
            self._write_keys(row for top, bottom, _left, _right in spans for row in range(top, bottom + 1))
            in_view = [row for row in self.in_view() if stale[row] == _STALE]
            changed = [row for row in in_view if any(top <= row <= bottom for top, bottom, _l, _r in spans)]
            self._copy(changed, signal=False)  # signalled below
            self._copy([row for row in in_view if row not in changed])  # stale from before: signalled on a turn
            right = self.model.columnCount() - 1
            for top, bottom, _left, _right in spans:
                self.model.dataChanged.emit(self.model.index(top, 0), self.model.index(bottom, right))
        elif not self._next_turn.isActive():
            # Not asking whether the rows are in view: the one turn that may find nothing stale in view costs
            # less than asking the view.
            self._next_turn.start()

    @Slot(QModelIndex, int, int)
    def _on_source_rows_inserted(self, _parent: ModelIndex, first: int, last: int) -> None:
        self._insert(first, last - first + 1)
        self.refresh_in_view()

    @Slot(QModelIndex, int, int)
    def _on_source_rows_removed(self, _parent: ModelIndex, first: int, last: int) -> None:
        self._remove(first, last - first + 1)
        self._restore_current()
        self.refresh_in_view()

    @Slot(QModelIndex, int, int, QModelIndex, int)
    def _on_source_rows_moved(
        self, _parent: ModelIndex, start: int, end: int, _destination: ModelIndex, row: int
    ) -> None:
        count = end - start + 1
        self._remove(start, count)
        self._insert(row if row < start else row - count, count)  # Qt's destination counts the moved rows
        self._restore_current()
        self.refresh_in_view()

    @Slot()
    def _on_source_model_reset(self) -> None:
        self.model.removeRows(0, self.model.rowCount())
        self._held, self._stale, self._keys = [], bytearray(), []
        self._insert(0, self._source.rowCount())
        self._restore_current()
        self.refresh_in_view()

    # -- the view's current row, kept on its key -------------------------------------------------------------------
    def _remember_current(self, *_signal_arguments: object) -> None:
        """Before the keyed model moves, removes or resets rows: the key of the view's current row. The copy moves
        a row by removing and inserting it, and Qt then makes the row above current: the positions' Exit (E) would
        act on another instrument than the one the user selected."""
        current = self._view.currentIndex()
        if current.isValid() and self._current is None:
            self._current = (self._source.key_at(current.row()), current.column())

    def _restore_current(self) -> None:
        """After the change: the same row current again, wherever it went; none if it is gone (never a neighbour)."""
        if self._current is None:
            return
        (key, column), self._current = self._current, None
        position = self._source.row_for_key(key)
        selection = self._view.selectionModel()
        if position is None:
            selection.clearSelection()
            selection.clearCurrentIndex()
        elif self._view.currentIndex().row() != position or not selection.isRowSelected(position):
            self._view.setCurrentIndex(self.model.index(position, column))

    # -- copying --------------------------------------------------------------------------------------------------
    def _insert(self, position: int, count: int) -> None:
        if count <= 0:
            return
        # The keys first: should one fail, the copy's lists still match its rows.
        keys = [] if self._proxy is None else [self._keys_of(row) for row in range(position, position + count)]
        self._unsignalled.clear()
        self._held[position:position] = [None] * count
        self._stale[position:position] = bytes((_STALE,)) * count
        if self._proxy is None:
            self.model.insertRows(position, count)
            return
        self._keys[position:position] = keys
        if count <= ROWS_FILED_ONE_BY_ONE or count <= self.model.rowCount():
            # Row by row, each with its keys: the proxy files a row by them when it is inserted, and a row inserted
            # empty would be filed under no key, then moved when its keys came.
            for row, row_keys in enumerate(keys, start=position):
                self.model.insertRow(row, self._key_items(row_keys))
            return
        self.model.insertRows(position, count)  # filed under no key for a moment ...
        self._write_held_keys(range(position, position + count))
        self._proxy.invalidate()  # ... and then every row afresh, in one sort

    def _keys_of(self, position: int) -> _Keys:
        source, column = self._source, self._sort_column
        row = source.row_at(position)
        return source.columns[column].sorted_by(row) if column >= 0 else None, source.filter_text(row)

    def _key_items(self, keys: _Keys) -> list[QStandardItem]:
        """A row of cells holding only ``keys``: the FILTER text in the first, the SORT value in the sorted one.
        Cloned from a plain item: an item made in Python is a wrapper that takes the GIL the first time Qt calls each
        of its virtual methods (while painting, when the GIL is another thread's), to look for a Python override."""
        column = self._sort_column
        items = [self._plain_item.clone() for _column in range(max(column, 0) + 1)]
        items[0].setData(keys[1], _FILTER)
        if column >= 0:
            items[column].setData(keys[0], _SORT)
        return items

    def _write_held_keys(self, positions: Iterable[int]) -> None:
        """Write the keys the copy holds for ``positions`` into its rows, unsignalled (the caller sorts the proxy)."""
        model, column = self.model, self._sort_column
        model.blockSignals(True)
        try:
            for position in positions:
                value, text = self._keys[position]
                if column >= 0:
                    model.setData(model.index(position, column), value, _SORT)
                model.setData(model.index(position, 0), text, _FILTER)
        finally:
            model.blockSignals(False)

    def _write_keys(self, positions: Iterable[int]) -> None:
        """Copy the keys of ``positions`` that changed, unsignalled: the caller signals the rows to the proxy."""
        model, column = self.model, self._sort_column
        model.blockSignals(True)
        try:
            for position in positions:
                (value, text), (held_value, held_text) = self._keys_of(position), self._keys[position]
                if column >= 0 and value != held_value:
                    model.setData(model.index(position, column), value, _SORT)
                if text != held_text:
                    model.setData(model.index(position, 0), text, _FILTER)
                self._keys[position] = (value, text)
        finally:
            model.blockSignals(False)

    @Slot(int)
    def _on_sort_column_changing(self, column: int) -> None:
        """Before the proxy sorts by another column: every row's value for that column, one Python call or so a
        row, once (a Python ``lessThan`` ran about twenty a row, on every sort)."""
        source = self._source
        if not 0 <= column < len(source.columns):
            self._sort_column = -1  # no sort: the proxy reads no value
            return
        sorted_by = source.columns[column].sorted_by
        values = [sorted_by(source.row_at(position)) for position in range(len(self._keys))]
        # The other columns' values stay: the proxy reads only this one's.
        self._sort_column = column
        self._keys = [(value, text) for value, (_old, text) in zip(values, self._keys, strict=True)]
        self._write_held_keys(range(len(self._keys)))

    def _remove(self, position: int, count: int) -> None:
        self.model.removeRows(position, count)
        self._unsignalled.clear()
        del self._held[position : position + count]
        del self._stale[position : position + count]
        del self._keys[position : position + count]

    def _copy(self, positions: Iterable[int], signal: bool = True) -> None:
        """Copy the stale rows among ``positions``, then (on the next turn) signal the cells that changed."""
        written: list[tuple[int, int]] = []
        self.model.blockSignals(True)  # a dataChanged a run of rows on the next turn, not one per cell
        try:
            for position in positions:
                if 0 <= position < len(self._stale) and self._stale[position] == _STALE:
                    self._stale[position] = _FRESH
                    written += self._copy_row(position)
        finally:
            self.model.blockSignals(False)
        if written and signal:
            self._unsignalled.add(written)
            if not self._signal_turn.isActive():
                self._signal_turn.start()

    @Slot()
    def _on_signal_turn_timeout(self) -> None:
        """The cells copied, signalled a turn after the copy: the view repaints them then, so a copy and the
        repaint it causes do not hold the GUI thread in one stretch either. Run by run of rows, not as one rectangle
        around them: in a burst of ticks a few rows in view change each frame, scattered, and the rectangle around
        them was the whole view, every cell's text laid out anew (10-16 ms a repaint, against 5 ms for the same
        view unchanged). At most ``ROWS_A_REPAINT`` rows a turn."""
        model = self.model
        for top, bottom, left, right in self._unsignalled.take(model.rowCount(), ROWS_A_REPAINT):
            model.dataChanged.emit(model.index(top, left), model.index(bottom, right))
        if self._unsignalled:
            self._signal_turn.start()  # the rest on the next turn: each repaint holds the GUI thread a few ms

    def _copy_row(self, position: int) -> list[tuple[int, int]]:
        """Write the row's cells that differ from what the copy holds; the (row, column) of each cell written."""
        layers = self._source.painted(position)
        held = self._held[position]
        if held == layers:
            return []
        model, written = self.model, set()
        if held is None:
            for column, alignment in enumerate(self._source.alignments):
                model.setData(model.index(position, column), alignment, _ALIGNMENT)
        for layer, role in enumerate(LAYER_ROLES):
            old = None if held is None else held[layer]
            if old == layers[layer]:
                continue
            for column, value in enumerate(layers[layer]):
                if _blank(value) if old is None else old[column] == value:
                    continue
                model.setData(model.index(position, column), value, role)
                written.add((position, column))
        self._held[position] = layers
        return sorted(written)


def keyed_source(model: QAbstractItemModel | None) -> KeyedTableModel[Any] | None:
    """The keyed model behind ``model``: itself, or the one behind its proxies and display copy."""
    while isinstance(model, QAbstractProxyModel):
        model = model.sourceModel()
    owner = model.parent() if model is not None else None
    if isinstance(owner, DisplayCopy):
        return owner.source
    return model if isinstance(model, KeyedTableModel) else None


def keyed_row(index: ModelIndex) -> Any:
    """The keyed model's row behind a view's index (through proxies and a display copy), or None."""
    model = index.model()
    while isinstance(model, QAbstractProxyModel) and index.isValid():
        index = model.mapToSource(index)
        model = model.sourceModel()
    keyed = keyed_source(model)
    return keyed.row_at(index.row()) if keyed is not None and index.isValid() else None


def view_index(model: QAbstractItemModel, position: int, column: int = 0) -> QModelIndex:
    """The index in a view's ``model`` (the keyed model, its display copy, or proxies over either) of the keyed
    model's row ``position``: invalid if a filter hides it. A copy's rows are its keyed model's."""
    if isinstance(model, QAbstractProxyModel):
        return model.mapFromSource(view_index(model.sourceModel(), position, column))
    return model.index(position, column)
