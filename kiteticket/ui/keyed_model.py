"""A table model over rows with a key, updated by diff: a poll moves, inserts, removes and changes rows, never resets.

A reset would drop the selection and the current row on every poll (STYLE.md, "Models and views"). Columns are
data (``Column``), so each model that uses this one is a list of columns and a key function.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Generic, TypeVar, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QMetaMethod,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

T = TypeVar("T")
ModelIndex = QModelIndex | QPersistentModelIndex
RoleDataSpan = QModelRoleDataSpan | QModelRoleData  # what ``multiData`` is given

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

DISPLAY = Qt.ItemDataRole.DisplayRole.value
ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
# Asked of every painted cell by the item delegate and answered by no keyed model: no lookup at all for them.
UNANSWERED = frozenset(
    role.value for role in (Qt.ItemDataRole.FontRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.CheckStateRole)
)
Look = tuple[tuple[str, ...], tuple[QColor | None, ...]]  # a row's texts and foreground colours, column by column


class KeyedRole(IntEnum):
    """UserRole gives the row's key; ROW the row itself; SORT a value that sorts as the column should; FILTER (in
    the first column) the text a filtering proxy matches, when the model gives one (``filter_text``)."""

    KEY = Qt.ItemDataRole.UserRole.value
    ROW = Qt.ItemDataRole.UserRole.value + 1
    SORT = Qt.ItemDataRole.UserRole.value + 2
    FILTER = Qt.ItemDataRole.UserRole.value + 3


@dataclass(frozen=True, slots=True)
class Column(Generic[T]):
    key: str
    header: str
    text: Callable[[T], str]
    alignment: Qt.AlignmentFlag = LEFT
    foreground: Callable[[T], QColor | None] | None = None
    sort_value: Callable[[T], Any] | None = None
    tooltip: Callable[[T], str | None] | None = None
    # What a change of this cell is judged by (cheaper than formatting the text); the text when not given.
    value: Callable[[T], Any] | None = None
    # The row's fields this column shows, for a model told which fields changed (the order book's diff names
    # them): it signals only the columns showing one of them.
    fields: frozenset[str] = frozenset()

    def compared(self, row: T) -> Any:
        return self.value(row) if self.value is not None else self.text(row)

    def sorted_by(self, row: T) -> Any:
        """What the column sorts by: ``sort_value`` when given, else the text."""
        return self.sort_value(row) if self.sort_value is not None else self.text(row)


def _each_role(span: RoleDataSpan) -> Iterable[QModelRoleData]:
    """The span's roles (iterable by index at run time; its stubs do not say so)."""
    return (span,) if isinstance(span, QModelRoleData) else cast("Iterable[QModelRoleData]", span)


def runs(indexes: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted indexes as (first, last) runs of consecutive numbers."""
    found: list[tuple[int, int]] = []
    for index in indexes:
        if found and found[-1][1] == index - 1:
            found[-1] = (found[-1][0], index)
        else:
            found.append((index, index))
    return found


def row_spans(changes: Iterable[tuple[int, int, int]]) -> list[tuple[int, int, int, int]]:
    """(row, first column, last column) changes as (top, bottom, left, right) runs of consecutive rows, in one
    pass over the sorted changes (a row changed twice counts once, over both column ranges)."""
    spans: list[tuple[int, int, int, int]] = []
    for row, first, last in sorted(changes):
        if spans and row <= spans[-1][1] + 1:
            top, _bottom, left, right = spans[-1]
            spans[-1] = (top, row, min(left, first), max(right, last))
        else:
            spans.append((row, row, first, last))
    return spans


class KeyedTableModel(QAbstractTableModel, Generic[T]):
    """Rows of any type in the order ``apply`` gives them, each known by ``key(row)``.

    Signals: QAbstractItemModel's own; ``apply`` emits rowsRemoved/rowsInserted/rowsMoved and dataChanged for
    changed rows only; modelReset only from ``clear``. ``cells_changed(list)``: each batch of changed cells in one
    signal, as the (top, bottom, left, right) runs that dataChanged names one by one (``signal_changes``).
    """

    cells_changed = Signal(object)

    def __init__(
        self, columns: Sequence[Column[T]], key: Callable[[T], Hashable], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._key = key
        self._rows: list[T] = []
        self._keys: list[Hashable] = []
        self._positions: dict[Hashable, int] | None = None  # key -> row, rebuilt after the rows' order changes
        self._signals = 0  # structural and change signals sent by ``apply``: whether a poll changed anything
        # The keys beside the rows, which ``apply``'s diff walks. A model that diffs elsewhere (the order book, by
        # order id on its poller thread) turns this off: at 5,000 rows the bookkeeping doubled its apply's cost.
        self._track_keys = True
        # As plain ints: PySide turns an AlignmentFlag into a QVariant far more slowly (a sixth of a repaint).
        self._alignments = tuple(column.alignment.value for column in self._columns)
        self._no_backgrounds: tuple[QColor | None, ...] = (None,) * len(self._columns)
        # Each painted row's texts and colours, with the row they were made from: a repaint formats nothing
        # that has not changed. Checked by identity, so a replaced row is formatted again on its next paint.
        self._looks: dict[int, tuple[T, Look]] = {}
        self._data_changed = QMetaMethod.fromSignal(self.dataChanged)

    # -- Qt overrides -----------------------------------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default argument
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self.cell(index.row(), index.column(), int(role))

    def multiData(self, index: ModelIndex, roleDataSpan: RoleDataSpan) -> None:  # noqa: N803
        """Every role of a cell in one call: Qt's item delegate asks seven roles of each cell it paints this way.
        Through ``data`` that was seven calls into Python per cell, each taking the GIL afresh (and waiting up to
        the interpreter's switch interval whenever another thread held it): a repaint of the order book while the
        poller parsed took the GUI thread 50-100 ms. One call per cell, answered from the row's cached look."""
        if not index.isValid():
            return
        position, column = index.row(), index.column()
        texts, colours = self.look(position)  # the common roles straight from the look: this runs per painted cell
        for role_data in _each_role(roleDataSpan):
            role = role_data.role()
            if role == DISPLAY:
                role_data.setData(texts[column])
            elif role == ALIGNMENT:
                role_data.setData(self._alignments[column])
            elif role == FOREGROUND:
                if colours[column] is not None:
                    role_data.setData(colours[column])
            elif role not in UNANSWERED and (value := self.cell(position, column, role)) is not None:
                role_data.setData(value)

    def cell(self, position: int, column_number: int, role: int) -> Any:
        """What ``data`` gives for a valid cell; models with roles of their own extend this."""
        if role == DISPLAY:
            return self.look(position)[0][column_number]
        if role == ALIGNMENT:
            return self._alignments[column_number]
        if role == FOREGROUND:
            return self.look(position)[1][column_number]
        row, column = self._rows[position], self._columns[column_number]
        if role == TOOLTIP and column.tooltip is not None:
            return column.tooltip(row)
        return self._user_data(position, row, column, role)

    def look(self, position: int) -> Look:
        """The row's texts and colours, made once per row object (rows are immutable: a change replaces it)."""
        row = self._rows[position]
        cached = self._looks.get(position)
        if cached is not None and cached[0] is row:
            return cached[1]
        texts = tuple(column.text(row) for column in self._columns)
        colours = tuple(None if column.foreground is None else column.foreground(row) for column in self._columns)
        self._looks[position] = (row, (texts, colours))
        return texts, colours

    def painted(self, position: int) -> tuple[tuple[Any, ...], ...]:
        """The row as a view paints it, layer by layer (texts, foreground colours, background colours, tooltips),
        each column by column: what ``DisplayCopy`` copies into the model a view shows."""
        texts, colours = self.look(position)
        return texts, colours, self.backgrounds(position), self.tooltips(position)

    def backgrounds(self, position: int) -> tuple[QColor | None, ...]:
        """The row's background colours, column by column; models that colour cells override this."""
        del position
        return self._no_backgrounds

    def tooltips(self, position: int) -> tuple[str | None, ...]:
        row = self._rows[position]
        return tuple(None if column.tooltip is None else column.tooltip(row) for column in self._columns)

    def filter_text(self, row: T) -> str | None:
        """The text a filtering proxy matches for ``row`` (the FILTER role); None: this model gives none."""
        del row
        return None

    @property
    def alignments(self) -> tuple[int, ...]:
        return self._alignments

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._columns[section].header
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return self._columns[section].alignment
        return None

    # -- our API ----------------------------------------------------------------------------------------------
    @property
    def columns(self) -> tuple[Column[T], ...]:
        return self._columns

    def rows(self) -> tuple[T, ...]:
        return tuple(self._rows)

    def row_at(self, row: int) -> T:
        return self._rows[row]

    def key_at(self, position: int) -> Hashable:
        return self._key(self._rows[position])

    def row_for_key(self, key: Hashable) -> int | None:
        if self._positions is None:
            self._positions = {known: position for position, known in enumerate(self._keys)}
        return self._positions.get(key)

    def apply(self, new_rows: Sequence[T]) -> bool:
        """Show ``new_rows`` in this order, by removes, moves, inserts and changes; a repeated key keeps its first.
        True if any row changed."""
        unique: dict[Hashable, T] = {}
        for row in new_rows:
            unique.setdefault(self._key(row), row)
        before = self._signals
        self._remove_missing(unique.keys())
        keys, rows = list(unique), list(unique.values())
        position = 0
        while position < len(keys):
            position = self._place(position, keys, rows)
        return self._signals != before

    def update_rows(self, updates: Mapping[Hashable, T]) -> list[int]:
        """Rows replaced in place (keys and order unchanged): only the columns whose value changed are signalled,
        nothing for an unchanged row or an unknown key. Returns the positions that changed."""
        changes = []
        for key, row in updates.items():
            position = self.row_for_key(key)
            if position is None:
                continue
            old = self._rows[position]
            changed = [i for i, column in enumerate(self._columns) if column.compared(old) != column.compared(row)]
            self._rows[position] = row
            if changed:
                changes.append((position, changed[0], changed[-1]))
        self.signal_changes(changes)
        return [position for position, _first, _last in changes]

    def replace_row(self, position: int, row: T) -> None:
        """Put `row` at `position` without a signal: the caller signals (``signal_changes``) what it changed."""
        self._rows[position] = row

    def signal_changes(self, changes: Iterable[tuple[int, int, int]]) -> None:
        """Signal (row, first column, last column) changes as runs of consecutive rows over the columns any of them
        changed, since each signal costs far more than the cells it names (a batch of ticks moving 3,000 rows is
        one run, not 3,000): all the runs at once in ``cells_changed``, then each in a ``dataChanged``.

        Every change of a keyed model's cells comes through here. The display copies hear ``cells_changed``: a slot
        on dataChanged was a call into Python per run, several hundred for a batch of 500 ticks, and cost the GUI
        thread more than the batch's own work (6 of its 11 ms). dataChanged goes out only when something listens
        (a view or a proxy on this model itself, a test); its indexes come from ``createIndex``, as ``index`` asks
        the Python rowCount and columnCount first."""
        spans = row_spans(changes)
        if not spans:
            return
        self.cells_changed.emit(spans)
        if self.isSignalConnected(self._data_changed):
            for top, bottom, left, right in spans:
                self.dataChanged.emit(self.createIndex(top, left), self.createIndex(bottom, right))

    def clear(self) -> None:
        """Empty the model (logout, account switch): the one place a reset is right."""
        self.reset_rows(())

    # -- helpers ----------------------------------------------------------------------------------------------
    def _user_data(self, position: int, row: T, column: Column[T], role: int) -> Any:
        if role == KeyedRole.KEY:
            return self._key(row)
        if role == KeyedRole.ROW:
            return row
        if role == KeyedRole.SORT:
            return column.sorted_by(row)
        if role == KeyedRole.FILTER and column is self._columns[0]:
            return self.filter_text(row)
        return None

    # -- structure, for models that compute their own diff (the order book's comes from its poller thread) --------
    def remove_rows(self, first: int, last: int) -> None:
        self.beginRemoveRows(QModelIndex(), first, last)
        del self._rows[first : last + 1]
        self._looks.clear()  # positions shifted: the identity check would miss them all anyway
        if self._track_keys:
            del self._keys[first : last + 1]
        self._positions = None
        self._signals += 1
        self.endRemoveRows()

    def insert_rows(self, position: int, rows: Sequence[T]) -> None:
        self.beginInsertRows(QModelIndex(), position, position + len(rows) - 1)
        self._rows[position:position] = rows
        if self._track_keys:
            self._keys[position:position] = [self._key(row) for row in rows]
        self._positions = None
        self._signals += 1
        self.endInsertRows()

    def reset_rows(self, rows: Sequence[T]) -> None:
        """Replace everything with one modelReset (logout, account switch)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._looks.clear()
        self._keys = [self._key(row) for row in rows] if self._track_keys else []
        self._positions = None
        self.endResetModel()

    def _remove_missing(self, keep: Any) -> None:
        gone = [index for index, key in enumerate(self._keys) if key not in keep]
        for first, last in reversed(runs(gone)):
            self.remove_rows(first, last)

    def _place(self, position: int, keys: list[Hashable], rows: list[T]) -> int:
        """Make ``position`` hold ``keys[position]``; returns the next position to look at."""
        key = keys[position]
        if position < len(self._keys) and self._keys[position] == key:
            self._update(position, rows[position])
            return position + 1
        known = set(self._keys)
        if key not in known:
            end = position
            while end < len(keys) and keys[end] not in known:
                end += 1
            self.insert_rows(position, rows[position:end])
            return end
        source = self._keys.index(key, position)
        self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), position)
        self._rows.insert(position, self._rows.pop(source))
        self._keys.insert(position, self._keys.pop(source))
        self._positions = None
        self._signals += 1
        self.endMoveRows()
        self._update(position, rows[position])
        return position + 1

    def _update(self, position: int, row: T) -> None:
        if self._rows[position] == row:
            return
        self._rows[position] = row
        self._signals += 1
        self.signal_changes(((position, 0, len(self._columns) - 1),))
