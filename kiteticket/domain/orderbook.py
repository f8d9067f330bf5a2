"""The order book as immutable snapshots, and the diff between two of them keyed by order_id.

Why a row is never lost: Kite's /orders lists the current trading day only, so an order that is absent from a
*successful* poll really has left the book (a new day, or an account switch) and the diff removes it. A failed poll
produces no snapshot at all (the poller reports the error and keeps the last snapshot), so an error, a timeout or an
expired token can never empty the book or drop a row; only a complete reply from Kite can.

A snapshot built with ``OrderBookSnapshot.following(previous, raw)`` carries its diff from ``previous``, so the
poller computes it off the GUI thread and the model only applies it.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from itertools import pairwise
from types import MappingProxyType

from kiteticket.domain.order_row import COMPARED_FIELDS, IcebergLeg, OrderRow, RawOrder, parse_order, parse_orders

__all__ = [
    "IcebergLeg",
    "Insertion",
    "Move",
    "OrderBookDiff",
    "OrderBookSnapshot",
    "OrderRow",
    "RawOrder",
    "RowChange",
    "diff",
    "display_order_key",
    "parse_order",
    "parse_orders",
]

# Numbers each snapshot; next() on a count is atomic under the GIL, and snapshots are made on two threads.
_serials = itertools.count(1)


def display_order_key(row: OrderRow) -> tuple[str, int, str]:
    # Order ids are numeric strings of varying length: (length, text) orders them as numbers without int().
    return (row.order_timestamp, len(row.order_id), row.order_id)


@dataclass(frozen=True, slots=True)
class Insertion:
    """Rows to insert at ``position`` of the new book (positions counted after earlier insertions)."""

    position: int
    rows: tuple[OrderRow, ...]


@dataclass(frozen=True, slots=True)
class RowChange:
    """A row still in the book whose fields changed; ``position`` is its index in the new book."""

    position: int
    row: OrderRow
    fields: frozenset[str]


@dataclass(frozen=True, slots=True)
class Move:
    """Take out the row at ``source`` and put it back at ``destination``, both counted on the list as it is then."""

    source: int
    destination: int


@dataclass(frozen=True, slots=True)
class OrderBookDiff:
    """How to turn the old rows into the new ones, in this order:

    1. delete each ``removed_ranges`` (first, last) of old positions, given bottom-up so earlier deletions do not
       shift later ones; these are the orders in ``removed_ids``, which left the book;
    2. make each of ``moved``, one after the other: rows whose place changed relative to the others (Kite re-stamps
       ``order_timestamp`` on a modify, so a modified order rises to the top). A move, unlike a remove and insert,
       keeps the row's selection in a view;
    3. insert each ``inserted`` run of new orders, top-down;
    4. replace each ``changed`` row in place (moved rows included, at their new position).
    """

    removed_ids: frozenset[str]
    removed_ranges: tuple[tuple[int, int], ...]
    moved: tuple[Move, ...]
    inserted: tuple[Insertion, ...]
    changed: tuple[RowChange, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.removed_ranges or self.moved or self.inserted or self.changed)

    def apply_to(self, rows: list[OrderRow]) -> None:
        """Apply to a plain list, in place; what the Qt model does, without the signals."""
        for first, last in self.removed_ranges:
            del rows[first : last + 1]
        for move in self.moved:
            rows.insert(move.destination, rows.pop(move.source))
        for insertion in self.inserted:
            rows[insertion.position : insertion.position] = insertion.rows
        for change in self.changed:
            rows[change.position] = change.row


@dataclass(frozen=True, slots=True, eq=False)
class OrderBookSnapshot:
    """One successful poll: rows newest first (by order_timestamp, then order_id), looked up by id or position.

    ``changes`` is the diff from the snapshot whose ``serial`` is ``base_serial``, when it was built from one.
    """

    rows: tuple[OrderRow, ...]
    by_id: Mapping[str, OrderRow]
    positions: Mapping[str, int]
    has_open_orders: bool
    serial: int = field(default_factory=lambda: next(_serials))
    base_serial: int | None = None
    changes: OrderBookDiff | None = None
    from_push: bool = False  # made from a pushed update, not fetched: other reads (funds) may not show it yet

    @classmethod
    def from_rows(cls, rows: Iterable[OrderRow]) -> OrderBookSnapshot:
        # A dict first: should Kite ever repeat an order_id, the last row wins and the book stays keyed uniquely.
        by_id = {row.order_id: row for row in rows}
        ordered = tuple(sorted(by_id.values(), key=display_order_key, reverse=True))
        return cls(
            rows=ordered,
            by_id=MappingProxyType(by_id),
            positions=MappingProxyType({row.order_id: index for index, row in enumerate(ordered)}),
            has_open_orders=any(row.status_info.is_open for row in ordered),
        )

    @classmethod
    def from_raw(cls, raw: Iterable[RawOrder]) -> OrderBookSnapshot:
        return cls.from_rows(parse_orders(raw))

    @staticmethod
    def empty() -> OrderBookSnapshot:
        """The one empty book. Shared, so a new poller's first diff (from empty) fits a model that starts empty."""
        return _EMPTY

    @classmethod
    def following(cls, previous: OrderBookSnapshot, raw: Iterable[RawOrder]) -> OrderBookSnapshot:
        """The next snapshot after ``previous``: unchanged rows reused, and the diff from ``previous`` attached."""
        rows = parse_orders(raw, previous.by_id)
        if _all_reused(previous, rows):
            # Most polls change nothing: the book is ``previous``'s as it is, with no sorting and no diff (and
            # fetched, though ``previous`` may have been a push).
            return replace(
                previous, serial=next(_serials), base_serial=previous.serial, changes=_NO_CHANGES, from_push=False
            )
        snapshot = cls.from_rows(rows)
        return replace(snapshot, base_serial=previous.serial, changes=diff(previous, snapshot))

    @classmethod
    def pushed(cls, previous: OrderBookSnapshot, raw: RawOrder) -> OrderBookSnapshot:
        """``previous`` with one order as a pushed update (WebSocket or postback) shows it, and the diff attached.

        A push only ever moves an order forward: one that would turn a final order back into a working one, or
        lower its filled quantity, arrived after a poll that already knew better and is ignored (``previous`` is
        returned as it is). Kite's postback status ``UPDATE`` (a modification or a partial fill) is not a status
        of the book: the row keeps the status it had.
        """
        current = previous.by_id.get(str(raw.get("order_id") or ""))
        if raw.get("status") == PUSHED_UPDATE:
            raw = {**raw, "status": current.status if current else "OPEN"}
        row = parse_order(raw)
        if not row.order_id or (current is not None and not _is_forward(current, row)):
            return previous
        rows = {**previous.by_id, row.order_id: row}
        snapshot = cls.from_rows(rows.values())
        return replace(snapshot, base_serial=previous.serial, changes=diff(previous, snapshot), from_push=True)

    def __len__(self) -> int:
        return len(self.rows)


_EMPTY = OrderBookSnapshot.from_rows(())
_NO_CHANGES = OrderBookDiff(frozenset(), (), (), (), ())


def _all_reused(previous: OrderBookSnapshot, rows: tuple[OrderRow, ...]) -> bool:
    """Whether ``rows`` are exactly ``previous``'s row objects, each once (``parse_orders`` reuses a row only
    when its raw dict is equal to the one it was parsed from)."""
    by_id = previous.by_id
    return (
        len(rows) == len(previous.rows)
        and all(by_id.get(row.order_id) is row for row in rows)
        and len({row.order_id for row in rows}) == len(rows)
    )


PUSHED_UPDATE = "UPDATE"  # a postback's status for a modification or a partial fill (kite-api-facts §11)


def _is_forward(current: OrderRow, pushed: OrderRow) -> bool:
    if current.status_info.is_terminal and not pushed.status_info.is_terminal:
        return False
    return pushed.filled_quantity >= current.filled_quantity


def diff(old: OrderBookSnapshot, new: OrderBookSnapshot) -> OrderBookDiff:
    """The diff turning ``old.rows`` into ``new.rows``: O(n) dict lookups and identity checks, plus O(n) per move."""
    departed = [index for index, row in enumerate(old.rows) if row.order_id not in new.positions]
    inserted: list[tuple[int, OrderRow]] = []
    changed: list[RowChange] = []
    for position, row in enumerate(new.rows):
        old_index = old.positions.get(row.order_id)
        if old_index is None:
            inserted.append((position, row))
            continue
        old_row = old.rows[old_index]
        if not _same(old_row, row):
            changed.append(RowChange(position, row, changed_fields(old_row, row)))
    return OrderBookDiff(
        removed_ids=frozenset(old.rows[index].order_id for index in departed),
        removed_ranges=tuple(reversed(_runs(departed))),
        moved=_moves(old, new),
        inserted=_insertions(inserted),
        changed=tuple(changed),
    )


def changed_fields(old: OrderRow, new: OrderRow) -> frozenset[str]:
    return frozenset(name for name in COMPARED_FIELDS if getattr(old, name) != getattr(new, name))


def _same(old: OrderRow, new: OrderRow) -> bool:
    # Identity first (parse_orders reuses unchanged rows), then equal copies of the raw dict (one C-level
    # comparison; the same dict object proves nothing, it may have changed in place), and only then the fields:
    # two raw dicts may differ in a key the book does not show.
    return old is new or (old.raw is not new.raw and old.raw == new.raw) or old == new


def _kept_positions(old: OrderBookSnapshot, new: OrderBookSnapshot) -> set[int]:
    """Old positions of the rows that stay where they are; every other row both books share is moved.

    Both books are sorted by ``display_order_key``, so rows whose order_timestamp is unchanged keep their relative
    order, and only rows Kite re-stamped (a modify) can have moved. The longest increasing run is the fallback for
    snapshots built some other way.
    """
    common: list[int] = []
    unstamped: list[int] = []
    for row in new.rows:
        index = old.positions.get(row.order_id)
        if index is None:
            continue
        common.append(index)
        old_row = old.rows[index]
        if old_row is row or old_row.order_timestamp == row.order_timestamp:
            unstamped.append(index)
    if _increasing(common):
        return set(common)
    if _increasing(unstamped):
        return set(unstamped)
    return _longest_increasing(common)


def _moves(old: OrderBookSnapshot, new: OrderBookSnapshot) -> tuple[Move, ...]:
    """Single-row moves that put the rows both books share into the new order, moving only rows that must move.

    Each moving row, taken in new order, goes right after the row that precedes it in the new book; that row has
    either stayed put or been placed already, so the placed rows are always in new order. O(n) per move, and
    moves are rare: a poll has one per modified order at most.
    """
    kept = _kept_positions(old, new)
    target = [row.order_id for row in new.rows if row.order_id in old.positions]
    if len(kept) == len(target):
        return ()
    current = [row.order_id for row in old.rows if row.order_id in new.positions]
    moves: list[Move] = []
    for index, order_id in enumerate(target):
        if old.positions[order_id] in kept:
            continue
        source = current.index(order_id)
        del current[source]
        destination = current.index(target[index - 1]) + 1 if index else 0
        current.insert(destination, order_id)
        if destination != source:
            moves.append(Move(source, destination))
    return tuple(moves)


def _increasing(values: list[int]) -> bool:
    return all(a < b for a, b in pairwise(values))


def _longest_increasing(values: list[int]) -> set[int]:
    """The values of a longest strictly increasing subsequence (patience sorting, O(n log n))."""
    tails: list[int] = []  # tails[k]: index into values of the smallest tail of an increasing run of length k+1
    parent = [-1] * len(values)
    for index, value in enumerate(values):
        k = bisect_left(tails, value, key=values.__getitem__)
        parent[index] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(index)
        else:
            tails[k] = index
    keep: set[int] = set()
    cursor = tails[-1] if tails else -1
    while cursor >= 0:
        keep.add(values[cursor])
        cursor = parent[cursor]
    return keep


def _runs(indexes: list[int]) -> list[tuple[int, int]]:
    """Sorted indexes grouped into (first, last) runs of consecutive numbers."""
    runs: list[tuple[int, int]] = []
    for index in indexes:
        if runs and runs[-1][1] == index - 1:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return runs


def _insertions(inserted: list[tuple[int, OrderRow]]) -> tuple[Insertion, ...]:
    """(position, row) pairs, ascending, grouped into runs of consecutive positions."""
    runs: list[tuple[int, list[OrderRow]]] = []
    for position, row in inserted:
        if runs and runs[-1][0] + len(runs[-1][1]) == position:
            runs[-1][1].append(row)
        else:
            runs.append((position, [row]))
    return tuple(Insertion(first, tuple(rows)) for first, rows in runs)
