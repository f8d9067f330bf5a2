"""The display copy: a view shows Qt's own item model, kept equal to the keyed model for every row in view, and
rows out of view catch up when they come into view; painting runs no Python."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from kiteticket.ui.display_copy import LAYER_ROLES, ROWS_A_REPAINT, DisplayCopy, SortedProxy, keyed_row
from kiteticket.ui.keyed_model import RIGHT, Column, KeyedTableModel
from tests.ui.counting import CountsPaintCalls, calls_to_paint

Row = tuple[str, int]
ModelIndex = QModelIndex | QPersistentModelIndex
RED, GREEN = QColor("red"), QColor("green")
COLUMNS = [
    Column("key", "Key", lambda row: row[0], tooltip=lambda row: f"row {row[0]}"),
    Column("price", "Price", lambda row: str(row[1]) if row[1] else "", RIGHT,
           foreground=lambda row: GREEN if row[1] > 0 else (RED if row[1] < 0 else None)),
]  # fmt: skip


class CountingModel(CountsPaintCalls, KeyedTableModel[Row]):
    """Counts the calls a view's painting makes into Python; the price cell of a row above 100 has a background."""

    def __init__(self) -> None:
        super().__init__(COLUMNS, key=lambda row: row[0])

    def backgrounds(self, position: int) -> tuple[QColor | None, ...]:
        return (None, GREEN) if self.row_at(position)[1] > 100 else (None, None)


def rows(count: int, price: int = 0) -> list[Row]:
    return [(f"K{number:04d}", price + number) for number in range(count)]


def show_copy(
    qtbot: QtBot,
    model: KeyedTableModel[Any],
    make: Callable[..., DisplayCopy] = DisplayCopy,
    proxy: SortedProxy | None = None,
) -> tuple[QTableView, DisplayCopy]:
    """`model` shown in a 400x300 table through a display copy that `make` makes (behind `proxy`, if given)."""
    view = QTableView()
    qtbot.addWidget(view)
    copy = make(model, view, proxy)
    view.resize(400, 300)
    view.show()
    qtbot.waitExposed(view)
    return view, copy


@pytest.fixture
def shown(qtbot: QtBot) -> tuple[CountingModel, QTableView, DisplayCopy]:
    model = CountingModel()
    model.apply(rows(500))
    view, copy = show_copy(qtbot, model)
    return model, view, copy


def in_view(view: QTableView) -> range:
    last = view.rowAt(view.viewport().height() - 1)
    return range(view.rowAt(0), (last if last >= 0 else view.model().rowCount() - 1) + 1)


def assert_copied(model: CountingModel, view: QTableView, positions: range) -> None:
    shown = view.model()
    assert shown.rowCount() == model.rowCount()
    for position in positions:
        for column in range(model.columnCount()):
            for layer, role in enumerate(LAYER_ROLES):
                expected = model.painted(position)[layer][column]
                assert shown.index(position, column).data(role) == (expected or None), (position, column, role)
            alignment = shown.index(position, column).data(Qt.ItemDataRole.TextAlignmentRole)
            assert alignment == model.alignments[column]


def test_rows_in_view_are_copied_with_every_layer_and_painting_asks_the_keyed_model_nothing(
    shown: tuple[CountingModel, QTableView, DisplayCopy],
) -> None:
    model, view, _copy = shown
    assert len(in_view(view)) > 5
    assert_copied(model, view, in_view(view))
    assert view.model().headerData(1, Qt.Orientation.Horizontal) == "Price"
    assert calls_to_paint(model, view) == 0


def test_a_change_in_view_is_copied_on_the_next_turn_and_one_out_of_view_when_scrolled_to(
    qtbot: QtBot, shown: tuple[CountingModel, QTableView, DisplayCopy]
) -> None:
    model, view, _copy = shown
    below = in_view(view).stop + 100
    model.update_rows({"K0002": ("K0002", -7), f"K{below:04d}": (f"K{below:04d}", 250)})
    assert view.model().index(2, 1).data() == "2"  # the batch's own turn is the keyed model's alone
    with qtbot.waitSignal(view.model().dataChanged):  # copied, then signalled for the view to repaint
        pass
    assert view.model().index(2, 1).data() == "-7"
    assert view.model().index(2, 1).data(Qt.ItemDataRole.ForegroundRole) == RED
    assert view.model().index(below, 1).data() != "250"  # out of view: not copied yet
    view.setFocus()
    view.setCurrentIndex(view.model().index(in_view(view).stop - 1, 0))
    while below not in in_view(view):
        qtbot.keyClick(view, Qt.Key.Key_PageDown)  # as a person scrolls
    assert view.model().index(below, 1).data() == "250"
    assert view.model().index(below, 1).data(Qt.ItemDataRole.BackgroundRole) == GREEN
    assert_copied(model, view, in_view(view))


def signalled_runs(view: QTableView) -> list[tuple[int, int, int, int]]:
    """The (top, bottom, left, right) of every dataChanged the copy sends the view, as they come."""
    runs: list[tuple[int, int, int, int]] = []

    def record(top_left: QModelIndex, bottom_right: QModelIndex, _roles: object = ()) -> None:
        runs.append((top_left.row(), bottom_right.row(), top_left.column(), bottom_right.column()))

    view.model().dataChanged.connect(record)
    return runs


def test_scattered_changes_repaint_their_own_rows_not_the_rectangle_around_them(
    qtbot: QtBot, shown: tuple[CountingModel, QTableView, DisplayCopy]
) -> None:
    model, view, _copy = shown
    runs = signalled_runs(view)
    model.update_rows({"K0002": ("K0002", -2), "K0003": ("K0003", -3), "K0009": ("K0009", -9)})
    qtbot.waitUntil(lambda: view.model().index(9, 1).data() == "-9")
    qtbot.waitUntil(lambda: len(runs) == 2)
    assert runs == [(2, 3, 1, 1), (9, 9, 1, 1)]  # rows 4 to 8 and the key column are not repainted


def test_a_view_whose_every_row_changed_is_repainted_a_few_rows_a_turn(
    qtbot: QtBot, shown: tuple[CountingModel, QTableView, DisplayCopy]
) -> None:
    model, view, copy = shown
    view.resize(400, 900)  # a tall market watch
    qtbot.waitUntil(lambda: len(in_view(view)) > 2 * ROWS_A_REPAINT)
    qtbot.waitUntil(lambda: not copy._unsignalled)  # the rows the resize brought in, copied and signalled
    shown_rows = in_view(view)
    runs = signalled_runs(view)
    model.update_rows({key: (key, -price - 1) for key, price in rows(500)})
    copy.refresh_in_view()  # the copy's turn
    assert runs == []
    copy._on_signal_turn_timeout()  # the first repaint turn: a few rows, the others on the turns after
    assert runs == [(shown_rows.start, shown_rows.start + ROWS_A_REPAINT - 1, 1, 1)]
    qtbot.waitUntil(lambda: sum(bottom - top + 1 for top, bottom, _l, _r in runs) == len(shown_rows))
    assert_copied(model, view, shown_rows)


def test_rows_that_keep_ticking_never_hold_back_the_repaint_of_the_others(
    qtbot: QtBot, shown: tuple[CountingModel, QTableView, DisplayCopy]
) -> None:
    model, view, copy = shown
    view.resize(400, 900)
    qtbot.waitUntil(lambda: len(in_view(view)) > 2 * ROWS_A_REPAINT)
    qtbot.waitUntil(lambda: not copy._unsignalled)
    shown_rows = in_view(view)
    runs = signalled_runs(view)
    model.update_rows({key: (key, -price - 1) for key, price in rows(500)})  # every row in view
    turns_needed = -(-len(shown_rows) // ROWS_A_REPAINT)
    for frame in range(turns_needed):  # the top rows tick on; one copy and one repaint turn a frame
        copy.refresh_in_view()
        copy._on_signal_turn_timeout()
        model.update_rows({key: (key, -frame - 1000) for key, _price in rows(ROWS_A_REPAINT)})
    last = shown_rows[-1]
    assert any(top <= last <= bottom for top, bottom, _left, _right in runs)  # the bottom row too, in time


class Filter(SortedProxy):
    """Shows the rows in ``accepted`` (all when None)."""

    accepted: set[int] | None = None

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        return self.accepted is None or source_row in self.accepted


def test_behind_a_proxy_a_stale_row_a_filter_brings_into_view_is_repainted(qtbot: QtBot) -> None:
    model = CountingModel()
    model.apply(rows(100))
    proxy = Filter()
    view, copy = show_copy(qtbot, model, proxy=proxy)
    model.update_rows({"K0050": ("K0050", -50)})  # out of view: only marked stale
    assert copy.model.index(50, 1).data() is None
    runs = signalled_runs(view)
    proxy.accepted = {3, 50}
    proxy.invalidate()  # row 50 comes into view; its copy is due on the next turn
    model.update_rows({"K0003": ("K0003", -3)})  # but another change comes first, and copies it
    assert copy.model.index(50, 1).data() == "-50"
    shown_at = proxy.mapFromSource(copy.model.index(50, 0)).row()
    qtbot.waitUntil(lambda: any(top <= shown_at <= bottom for top, bottom, _left, _right in runs))


def test_inserts_removes_moves_and_resets_keep_the_rows_in_line(
    shown: tuple[CountingModel, QTableView, DisplayCopy],
) -> None:
    model, view, _copy = shown
    current = rows(500)
    edits = [
        [("NEW1", 5), ("NEW2", -5), *current],  # inserted at the top
        [row for row in current if row[0] not in ("K0001", "K0003")],  # removed from the middle
        [current[4], *current[:4], *current[5:]],  # moved up
        [*current[1:8], current[0], *current[8:]],  # moved down
    ]
    for edit in edits:
        model.apply(edit)
        assert_copied(model, view, in_view(view))
        assert [view.model().index(row, 0).data() for row in in_view(view)] == [edit[row][0] for row in in_view(view)]
    model.reset_rows(rows(20, price=-3))
    assert_copied(model, view, in_view(view))


def test_a_hidden_view_copies_nothing_until_it_is_shown(
    qtbot: QtBot, shown: tuple[CountingModel, QTableView, DisplayCopy]
) -> None:
    model, view, _copy = shown
    view.hide()
    model.update_rows({"K0001": ("K0001", 42)})
    assert view.model().index(1, 1).data() == "1"
    view.show()
    qtbot.waitExposed(view)
    assert view.model().index(1, 1).data() == "42"


def select(qtbot: QtBot, view: QTableView, position: int) -> None:
    """Click the row, as a user picks one."""
    view.scrollTo(view.model().index(position, 0))
    point = view.visualRect(view.model().index(position, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert view.currentIndex().row() == position


def test_the_current_row_follows_its_key_when_the_keyed_model_moves_it(
    qtbot: QtBot, shown: tuple[CountingModel, QTableView, DisplayCopy]
) -> None:
    model, view, _copy = shown
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    select(qtbot, view, 3)
    moved = rows(500)
    moved.insert(0, moved.pop(3))  # the poll lists K0003 first now: a move in the keyed model
    model.apply(moved)
    assert keyed_row(view.currentIndex()) == ("K0003", 3)  # not the row that took its place (K0002)
    assert [keyed_row(index) for index in view.selectionModel().selectedRows()] == [("K0003", 3)]
    reordered = rows(500)
    reordered.append(reordered.pop(3))  # then last: far out of view
    model.apply(reordered)
    assert keyed_row(view.currentIndex()) == ("K0003", 3)


def test_a_removed_current_row_leaves_no_neighbour_current(
    qtbot: QtBot, shown: tuple[CountingModel, QTableView, DisplayCopy]
) -> None:
    model, view, _copy = shown
    select(qtbot, view, 3)
    model.apply([row for row in rows(500) if row[0] != "K0003"])
    assert not view.currentIndex().isValid()  # an action on "the current row" acts on nothing, not on K0002
    assert view.selectionModel().selectedIndexes() == []
    select(qtbot, view, 5)
    model.apply([row for row in rows(500) if row[0] not in ("K0003", "K0001")])  # a row above it goes
    assert keyed_row(view.currentIndex())[0] == "K0006"  # the row, one place up, stays current
