"""The order book as a Qt table model that changes row by row and never resets on a poll.

A reset would drop the user's selection and current row every second; instead each poll's diff (computed off the
GUI thread, see ``OrderBookSnapshot.following``) becomes beginRemoveRows/beginInsertRows over contiguous runs and
one dataChanged per changed row over the narrowest span of columns, as qutebrowser's DownloadModel and napari's
_BaseEventedItemModel do. A modified order that Kite re-stamps rises to the top as a remove and an insert (see
``_move_row`` for why not a move).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from enum import IntEnum

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from kiteticket.domain.csv_export import orders_csv
from kiteticket.domain.money import money_cell
from kiteticket.domain.orderbook import Move, OrderBookDiff, OrderBookSnapshot, OrderRow, diff
from kiteticket.ui.keyed_model import Column, KeyedRole, KeyedTableModel

# What a column sorts by: one value that Qt's own proxy compares (``QSortFilterProxyModel`` sorts on the SORT role in
# C++; a Python lessThan ran once per comparison, each call a chance for another thread to take the GIL). Strings
# compare as Python's do, floats as numbers; one type per column, never an int (an int and a float in one column
# compare as ints in Qt).
SortKey = str | float
# Joins the parts of a key that sorts as the tuple of its parts would: lower than any character a part holds.
_PART = "\x1f"

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter


class OrderBookRole(IntEnum):
    """Roles beyond Qt's own, the keyed models' (``KeyedRole``) under the order book's names: UserRole gives the
    order_id, so a view's selection maps straight to an order."""

    ORDER_ID = KeyedRole.KEY.value
    ORDER_ROW = KeyedRole.ROW.value


_STATUS_COLOURS = {
    "COMPLETE": QColor("#2e7d32"),
    "REJECTED": QColor("#c62828"),
    "CANCELLED": QColor("#757575"),
    "OPEN": QColor("#1565c0"),
    "TRIGGER PENDING": QColor("#1565c0"),
}
_SIDE_COLOURS = {"BUY": QColor("#1565c0"), "SELL": QColor("#c62828")}


def _time(row: OrderRow) -> str:
    # "YYYY-MM-DD HH:MM:SS": the book holds one trading day, so the time of day is what a trader reads.
    return row.order_timestamp[11:] or row.order_timestamp


def _number_key(digits: str) -> str:
    # An order id's length before it orders numeric strings as numbers, without int().
    return f"{len(digits):03d}{digits}"


def _time_key(row: OrderRow) -> str:
    # ``domain.orderbook.display_order_key`` as one string: Kite's timestamps have one width.
    return f"{row.order_timestamp}{_PART}{_number_key(row.order_id)}"


def _status_tooltip(row: OrderRow) -> str | None:
    return row.status_message or None


def _column(
    key: str,
    header: str,
    field_names: str,
    text: Callable[[OrderRow], str],
    *,
    alignment: Qt.AlignmentFlag = _LEFT,
    sort_key: Callable[[OrderRow], SortKey] | None = None,
    foreground: Callable[[OrderRow], QColor | None] | None = None,
    tooltip: Callable[[OrderRow], str | None] | None = None,
) -> Column[OrderRow]:
    """A column over space-separated OrderRow fields; by default it sorts by the first field's own value. (The CSV
    export has its own columns, in ``domain.csv_export``: a spreadsheet wants filled and ordered quantities apart,
    and plain numbers.)"""
    names = tuple(field_names.split())
    if sort_key is None:
        sort_key = _attribute_key(names[0])
    return Column(
        key, header, text, alignment, foreground, sort_value=sort_key, tooltip=tooltip, fields=frozenset(names)
    )


def _attribute_key(name: str) -> Callable[[OrderRow], SortKey]:
    def key(row: OrderRow) -> SortKey:
        value = getattr(row, name)
        return value if isinstance(value, str) else float(value)

    return key


COLUMNS: tuple[Column[OrderRow], ...] = (
    _column("time", "Time", "order_timestamp", _time, sort_key=_time_key),
    _column(
        "side",
        "Buy/Sell",
        "transaction_type",
        lambda r: r.transaction_type,
        alignment=_CENTER,
        foreground=lambda r: _SIDE_COLOURS.get(r.transaction_type),
    ),
    _column("instrument", "Instrument", "tradingsymbol", lambda r: r.tradingsymbol),
    _column("exchange", "Exchange", "exchange", lambda r: r.exchange),
    _column("product", "Product", "product", lambda r: r.product),
    _column("variety", "Variety", "variety", lambda r: r.variety),
    _column("order_type", "Order type", "order_type", lambda r: r.order_type),
    _column(
        "quantity",
        "Filled/Qty",
        "filled_quantity quantity",
        lambda r: f"{r.filled_quantity}/{r.quantity}",
        alignment=_RIGHT,
        sort_key=lambda r: f"{int(r.filled_quantity):015d}{int(r.quantity):015d}",
    ),
    _column("price", "Price", "price", lambda r: money_cell(r.price), alignment=_RIGHT),
    _column(
        "trigger",
        "Trigger",
        "trigger_price",
        lambda r: money_cell(r.trigger_price),
        alignment=_RIGHT,
    ),
    _column(
        "average",
        "Avg. price",
        "average_price",
        lambda r: money_cell(r.average_price),
        alignment=_RIGHT,
    ),
    _column(
        "status",
        "Status",
        "status status_message",
        lambda r: r.status,
        foreground=lambda r: _STATUS_COLOURS.get(r.status),
        tooltip=_status_tooltip,
    ),
    # "tags" too: a change of the tags alone must reach the book's search text (``filter_text``).
    _column("tag", "Tag", "tag tags", lambda r: r.tag or "", sort_key=lambda r: r.tag or ""),
    _column("order_id", "Order ID", "order_id", lambda r: r.order_id, sort_key=lambda r: _number_key(r.order_id)),
)


def filter_text(row: OrderRow) -> str:
    """What the book's filters match (``ui.book.filter``, in Qt's own code): the row's kind of status ("open",
    "executed" or "closed"), then the words a search finds it by (symbol, tags, order id, status), casefolded."""
    kind = "open" if row.status_info.is_open else "executed" if row.status == "COMPLETE" else "closed"
    words = " ".join((row.tradingsymbol, row.tag or "", *row.tags, row.order_id, row.status)).casefold()
    return f"{kind}{_PART}{words}"


def _span(changed: frozenset[str]) -> tuple[int, int] | None:
    """The narrowest (first, last) column range covering every column that shows one of ``changed``."""
    hit = [index for index, column in enumerate(COLUMNS) if column.fields & changed]
    return (hit[0], hit[-1]) if hit else None


def _order_id(row: OrderRow) -> str:
    return row.order_id


class OrderBookModel(KeyedTableModel[OrderRow]):
    """The day's orders, newest first. ``apply`` takes each poll's snapshot; ``reset`` is for logout/account switch.

    One of the keyed table models (``KeyedTableModel``, ``Column``), with the order book's own way in: the diff
    comes ready from the poller thread (``OrderBookSnapshot.following``) and names the fields that changed, so the
    GUI thread neither diffs 5,000 rows nor formats a cell to find what changed.

    Signals: only QAbstractItemModel's own (rowsInserted, rowsRemoved, dataChanged; modelReset on ``reset`` only).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(COLUMNS, _order_id, parent)
        self._track_keys = False  # the snapshot knows each order's position (``row_for_key``)
        self._snapshot = OrderBookSnapshot.empty()

    # -- our API ----------------------------------------------------------------------------------------------
    @property
    def snapshot(self) -> OrderBookSnapshot:
        return self._snapshot

    def row_for_order(self, order_id: str) -> int | None:
        return self._snapshot.positions.get(order_id)

    def row_for_key(self, key: Hashable) -> int | None:
        return self._snapshot.positions.get(str(key))

    def apply(self, snapshot: OrderBookSnapshot | Sequence[OrderRow]) -> bool:
        """Move to ``snapshot`` with row-level signals only; True if any row changed. (Rows, as any keyed model
        takes them, are made into a snapshot first.)

        Uses the diff the poller attached when it was made against the snapshot shown here; otherwise (a snapshot
        from another base, or right after a reset) diffs here, in O(n) on the GUI thread.
        """
        if not isinstance(snapshot, OrderBookSnapshot):
            snapshot = OrderBookSnapshot.from_rows(snapshot)
        if snapshot is self._snapshot:
            return False
        changes = snapshot.changes
        if changes is None or snapshot.base_serial != self._snapshot.serial:
            changes = diff(self._snapshot, snapshot)
        self._apply_structure(changes, snapshot)
        self._snapshot = snapshot
        self._apply_changes(changes)
        return not changes.is_empty

    def filter_text(self, row: OrderRow) -> str:
        return filter_text(row)

    def export_csv(self) -> str:
        """Every order in the model's order (newest first) as CSV, with full timestamps and plain numbers."""
        return orders_csv(self.rows())

    def reset(self, snapshot: OrderBookSnapshot | None = None) -> None:
        """Replace everything (logout, account switch): the one place a modelReset is right."""
        self._snapshot = snapshot or OrderBookSnapshot.empty()
        self.reset_rows(self._snapshot.rows)

    def clear(self) -> None:
        self.reset()

    # -- helpers ----------------------------------------------------------------------------------------------
    def _apply_structure(self, changes: OrderBookDiff, snapshot: OrderBookSnapshot) -> None:
        for first, last in changes.removed_ranges:
            self.remove_rows(first, last)
        for move in changes.moved:
            self._move_row(move, snapshot)
        for insertion in changes.inserted:
            self.insert_rows(insertion.position, insertion.rows)

    def _move_row(self, move: Move, snapshot: OrderBookSnapshot) -> None:
        # Not beginMoveRows, though it would keep the moved row's selection: QSortFilterProxyModel turns a source
        # move into a layout change that re-filters and re-sorts every row: about 280 ms measured at 5,000 sorted
        # orders, against 0.4 ms for a remove and an insert. A view that must keep the row re-selects it by id.
        # The row goes back in as the new book has it: a proxy files it by its new values (a modified order's new
        # timestamp) once, rather than by the old ones and then again.
        order_id = self.row_at(move.source).order_id
        self.remove_rows(move.source, move.source)
        self.insert_rows(move.destination, (snapshot.by_id[order_id],))

    def _apply_changes(self, changes: OrderBookDiff) -> None:
        cells = []
        for change in changes.changed:
            self.replace_row(change.position, change.row)
            span = _span(change.fields)
            if span is not None:
                cells.append((change.position, *span))
        self.signal_changes(cells)
