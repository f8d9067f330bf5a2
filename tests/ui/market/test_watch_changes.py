"""The watch's change bookkeeping: changed cells as runs of rows, and flashes that end in the order they began."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from kiteticket.ui.keyed_model import row_spans
from kiteticket.ui.market.watch_changes import Flashes


def test_consecutive_rows_make_one_span_over_every_column_they_changed() -> None:
    changes = [(7, 3, 3), (5, 1, 2), (6, 9, 11), (9, 1, 1), (5, 4, 4)]
    assert row_spans(changes) == [(5, 7, 1, 11), (9, 9, 1, 1)]
    assert row_spans([]) == []


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 11), st.integers(0, 10)), max_size=40))
def test_spans_cover_exactly_the_changed_rows_and_their_columns(raw: list[tuple[int, int, int]]) -> None:
    changes = [(row, first, first + extra) for row, first, extra in raw]
    spans = row_spans(changes)
    covered = [row for top, bottom, _left, _right in spans for row in range(top, bottom + 1)]
    assert covered == sorted({row for row, _first, _last in changes})
    for (_top, bottom, _left, _right), (top, _bottom, _l, _r) in pairwise(spans):
        assert top > bottom + 1  # runs never touch: they would be one
    for row, first, last in changes:
        (span,) = [span for span in spans if span[0] <= row <= span[1]]
        assert span[2] <= first
        assert last <= span[3]


def test_flashes_end_in_order_and_a_new_flash_of_a_row_starts_its_time_again() -> None:
    flashes = Flashes(0.4)
    flashes.start("NSE:INFY", True, now=10.0)
    flashes.start("NSE:SBIN", False, now=10.1)
    flashes.start("NSE:INFY", False, now=10.2)  # INFY moved down again: it now ends after SBIN
    assert (flashes.direction("NSE:INFY"), flashes.direction("NSE:SBIN"), flashes.direction("NSE:TCS")) == (
        False, False, None,
    )  # fmt: skip
    assert flashes.expire(now=10.45) == []
    assert flashes.expire(now=10.5) == ["NSE:SBIN"]
    assert flashes
    assert flashes.expire(now=11.0) == ["NSE:INFY"]
    assert not flashes
