"""A keyed model signals each batch of changed cells once to its display copies (one call into Python, however many
runs of rows it changed), and as Qt's dataChanged, run by run, to whatever else listens."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiteticket.ui.display_copy import DisplayCopy
from kiteticket.ui.keyed_model import Column, KeyedTableModel
from tests.ui.test_display_copy import show_copy

Row = tuple[str, int, int]
COLUMNS = [
    Column("key", "Key", lambda row: row[0]),
    Column("price", "Price", lambda row: str(row[1])),
    Column("volume", "Volume", lambda row: str(row[2])),
]


def model_of(count: int) -> KeyedTableModel[Row]:
    model: KeyedTableModel[Row] = KeyedTableModel(COLUMNS, key=lambda row: row[0])
    model.apply([(f"K{number:04d}", number, 0) for number in range(count)])
    return model


def test_a_batch_is_one_cells_changed_and_a_data_changed_for_each_run(qapp: QApplication) -> None:
    model = model_of(50)
    batches: list[object] = []
    runs: list[tuple[int, int, int, int]] = []
    model.cells_changed.connect(batches.append)

    def on_data_changed(top_left: QModelIndex, bottom_right: QModelIndex, _roles: object = ()) -> None:
        runs.append((top_left.row(), bottom_right.row(), top_left.column(), bottom_right.column()))

    model.dataChanged.connect(on_data_changed)
    model.update_rows({"K0003": ("K0003", 3, 9), "K0004": ("K0004", 40, 0), "K0010": ("K0010", 10, 9)})
    assert batches == [[(3, 4, 1, 2), (10, 10, 2, 2)]]  # rows 3-4 over both columns either changed
    assert runs == [(3, 4, 1, 2), (10, 10, 2, 2)]
    model.update_rows({"K0003": ("K0003", 3, 9)})  # unchanged: nothing at all
    assert len(batches) == 1
    assert len(runs) == 2


class CountingCopy(DisplayCopy):
    heard = 0

    def _on_source_cells_changed(self, spans: list[tuple[int, int, int, int]]) -> None:
        self.heard += 1
        super()._on_source_cells_changed(spans)


def test_the_display_copy_hears_a_batch_of_scattered_changes_once_and_copies_them(qtbot: QtBot) -> None:
    model = model_of(500)
    view, copy = show_copy(qtbot, model, CountingCopy)
    assert isinstance(copy, CountingCopy)
    scattered = {f"K{number:04d}": (f"K{number:04d}", -number, 1) for number in range(0, 500, 3)}  # 167 runs
    model.update_rows(scattered)
    assert copy.heard == 1
    qtbot.waitUntil(lambda: view.model().index(3, 1).data() == "-3")  # in view: copied on a turn after
    assert view.model().index(4, 1).data() == "4"  # not changed, not touched
