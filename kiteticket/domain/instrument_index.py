"""Search structures for the instrument master: a range-minimum table over search ranks, and text helpers.

A prefix like "NIFTY" matches tens of thousands of rows of the full dump, so the best few cannot be found by
scanning them. Rows are sorted by symbol (a prefix is one contiguous run, found with bisect) and every row has a
global search rank; a sparse table answers "smallest rank in rows lo..hi" in O(1), and popping minima off a heap of
sub-ranges yields the best `limit` rows of a run in O(limit log limit), however long the run is.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable
from datetime import date
from heapq import heapify, heappop, heappush

# Past every character in a dump symbol, so (prefix, prefix + PREFIX_END) brackets all keys starting with prefix.
PREFIX_END = "\U0010ffff"

_WORD = re.compile(r"[0-9A-Z]+")
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
# Kite's weekly-expiry symbols write the month as one character: 1-9, then O, N, D (NIFTY2612926000CE).
_WEEKLY_MONTHS = "123456789OND"


def name_words(name: str) -> list[str]:
    """The words of an instrument name as the search matches them ("ADANI PORT & SEZ" -> ADANI, PORT, SEZ)."""
    return _WORD.findall(name.upper())


def month_code(month: int) -> str:
    return _MONTHS[month - 1]


def derivative_root(symbol: str, expiry: date | None) -> str:
    """The underlying part of a derivative symbol: NIFTY26DEC26000CE and NIFTY2612926000CE both give NIFTY.

    The dump's name column is empty for derivatives in older dumps, so the symbol is the dependable source.
    """
    if expiry is None:
        return symbol
    year = f"{expiry.year % 100:02d}"
    for code in (year + _MONTHS[expiry.month - 1], f"{year}{_WEEKLY_MONTHS[expiry.month - 1]}{expiry.day:02d}"):
        at = symbol.find(code, 1)
        if at > 0:
            return symbol[:at]
    return symbol


def sparse_offsets(n: int) -> list[int]:
    """Where level j (j >= 1) starts in the flat sparse table; the last entry is the table's total length.

    Level j holds min(ranks[i : i + 2**j]) for every i, so it has n - 2**j + 1 entries.
    """
    offsets = [0, 0]
    width = 2
    while width <= n:
        offsets.append(offsets[-1] + n - width + 1)
        width *= 2
    return offsets


def build_sparse(ranks: array[int]) -> array[int]:
    table: array[int] = array("i")
    level, half = ranks, 1
    while 2 * half <= len(ranks):
        # map() over two arrays runs in C; this is the one heavy step of the build, done once per dump.
        level = array("i", map(min, level, level[half:]))
        table.extend(level)
        half *= 2
    return table


class RankIndex:
    """Best-ranked rows of a run of rows, read from the ranks, their inverse and the sparse table."""

    __slots__ = ("_by_rank", "_offsets", "_ranks", "_sparse")

    def __init__(self, ranks: array[int], by_rank: array[int], sparse: array[int]) -> None:
        self._ranks = ranks
        self._by_rank = by_rank
        self._sparse = sparse
        self._offsets = sparse_offsets(len(ranks))

    def range_min(self, lo: int, hi: int) -> int:
        """The smallest rank among rows lo..hi-1 (hi > lo)."""
        level = (hi - lo).bit_length() - 1
        if level == 0:
            return self._ranks[lo]
        start = self._offsets[level]
        left, right = self._sparse[start + lo], self._sparse[start + hi - (1 << level)]
        return left if left < right else right

    def top(self, ranges: Iterable[tuple[int, int]], limit: int) -> list[int]:
        """The `limit` best-ranked rows across the given half-open row ranges, best first."""
        heap = [(self.range_min(lo, hi), lo, hi) for lo, hi in ranges if lo < hi]
        heapify(heap)
        rows: list[int] = []
        while heap and len(rows) < limit:
            rank, lo, hi = heappop(heap)
            row = self._by_rank[rank]
            rows.append(row)
            for sub_lo, sub_hi in ((lo, row), (row + 1, hi)):
                if sub_lo < sub_hi:
                    heappush(heap, (self.range_min(sub_lo, sub_hi), sub_lo, sub_hi))
        return rows
