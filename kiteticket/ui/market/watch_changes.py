"""What a batch of ticks changed in the market watch, kept cheap for thousands of rows a second: the changed cells
as a few rectangles, and the last prices flashing after a move.

A ``dataChanged`` signal costs far more than the cells it names, so changes go out as runs of consecutive rows
over the columns any of them changed (a batch moving 3,000 rows is one signal, not 3,000); the view repaints what
of them is in sight.
"""

from __future__ import annotations

from collections.abc import Iterable


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


class Flashes:
    """Rows whose last price is flashing up or down until a moment; every flash lasts as long, so they are kept
    in the order they end and expiring them reads only the ones that ended."""

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self._until: dict[str, tuple[bool, float]] = {}  # key -> (up?, until), oldest first

    def __bool__(self) -> bool:
        return bool(self._until)

    def start(self, key: str, up: bool, now: float) -> None:
        self._until.pop(key, None)  # a new flash of the row ends last: to the back
        self._until[key] = (up, now + self._seconds)

    def direction(self, key: str) -> bool | None:
        """True while flashing up, False while flashing down, None when not flashing."""
        flash = self._until.get(key)
        return None if flash is None else flash[0]

    def expire(self, now: float) -> list[str]:
        """The rows whose flash has ended by ``now``, forgotten."""
        done = []
        for key, (_up, until) in self._until.items():
            if until > now:
                break
            done.append(key)
        for key in done:
            del self._until[key]
        return done
