"""The audit log dialog: reads the journal in the background, shows calls and placements through models that pass
qtmodeltester, hides routine polls until asked, tells a placement Kite rejected after taking it, and exports the
shown tab as formula-safe CSV."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from kiteticket.broker.journal import Journal
from kiteticket.domain.audit import AuditRecord, PlacementState
from kiteticket.domain.order_row import parse_order
from kiteticket.ui.audit_dialog import AuditDialog
from kiteticket.ui.tasks import TaskRunner
from tests.broker.test_gateway_paper import INFY
from tests.domain.test_orderbook import raw_order

NOW = 1_764_050_000.0
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise")


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    opened = Journal(tmp_path / "journal.sqlite3", clock=lambda: NOW)
    for number in range(3):
        opened.audit(AuditRecord(NOW + number, "orders_raw", "GET /orders", "{}", "ok", 8.0, f"{number} rows"))
    opened.audit(AuditRecord(NOW + 5, "place", "POST /orders/regular", '{"tag": "kt1"}', "error", 30.0, "=HYPERLINK()"))
    opened.sending(replace(INFY, tag="kt1"))
    opened.settle("kt1", PlacementState.REJECTED, message="Insufficient funds.")
    opened.sending(replace(INFY, tag="kt2"))
    opened.settle("kt2", PlacementState.PLACED, order_id="1796534239131000000")
    yield opened
    opened.close()


# Today's book as the app last polled it: Kite took kt2's order, then its risk checks rejected it.
REJECTED_LATER = parse_order(
    raw_order("1796534239131000000", status="REJECTED", status_message="Insufficient funds. Required margin is 95.")
)


@pytest.fixture
def dialog(qtbot: QtBot, journal: Journal) -> Iterator[AuditDialog]:
    tasks = TaskRunner()
    shown = AuditDialog(journal, tasks, orders=lambda: {REJECTED_LATER.order_id: REJECTED_LATER})
    qtbot.addWidget(shown)
    shown.show()
    shown.routine.setChecked(True)  # the tests below read every call
    qtbot.waitUntil(lambda: shown.calls.rowCount() == 4, timeout=5_000)
    yield shown
    tasks.shutdown()


def test_calls_and_placements_newest_first(dialog: AuditDialog) -> None:
    assert [dialog.calls.index(row, 1).data() for row in range(4)] == [
        "place",
        "orders_raw",
        "orders_raw",
        "orders_raw",
    ]
    assert dialog.calls.headerData(0, Qt.Orientation.Horizontal) == "Time"
    assert dialog.placements.rowCount() == 2
    [kt1] = [row for row in dialog.placements.rows if row[1] == "kt1"]
    assert kt1[2:4] == ("BUY 5 NSE:INFY LIMIT 1500.00, CNC, regular", "rejected")
    assert dialog.status.text().startswith("4 calls, 2 placements")
    assert not dialog.isModal()


def test_the_models_pass_qtmodeltester(dialog: AuditDialog, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(dialog.calls)
    qtmodeltester.check(dialog.placements)


def test_export_writes_the_shown_tab_formula_safe(dialog: AuditDialog, tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    assert dialog.export(str(path)) == 4
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "Time,Call,Request,Parameters,Outcome,ms,Detail"
    assert "'=HYPERLINK()" in text
    dialog.tabs.setCurrentIndex(1)
    assert dialog.export(str(tmp_path / "placements.csv")) == 2


def test_export_to_a_folder_that_cannot_be_written_says_so(dialog: AuditDialog, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("x", encoding="utf-8")
    assert dialog.export(str(not_a_folder / "calls.csv")) == -1
    assert dialog.status.text().startswith("Not exported: could not write")


def test_refresh_shows_new_rows(qtbot: QtBot, dialog: AuditDialog, journal: Journal) -> None:
    journal.audit(AuditRecord(NOW + 9, "trades_raw", "GET /trades", "{}", "ok", 5.0, "0 rows"))
    dialog.refresh()
    qtbot.waitUntil(lambda: dialog.calls.rowCount() == 5, timeout=5_000)
    assert dialog.calls.index(0, 1).data() == "trades_raw"


def test_routine_reads_are_hidden_until_asked_for(qtbot: QtBot, journal: Journal) -> None:
    tasks = TaskRunner()
    fresh = AuditDialog(journal, tasks)
    qtbot.addWidget(fresh)
    fresh.show()
    qtbot.waitExposed(fresh)
    fresh.refresh()
    qtbot.waitUntil(lambda: fresh.calls.rowCount() == 1, timeout=5_000)
    assert fresh.calls.index(0, 1).data() == "place"
    assert not fresh.routine.isChecked()
    box = QPoint(8, fresh.routine.height() // 2)  # on the tick box (the row is as wide as the dialog)
    qtbot.mouseClick(fresh.routine, Qt.MouseButton.LeftButton, pos=box)
    qtbot.waitUntil(lambda: fresh.calls.rowCount() == 4, timeout=5_000)
    tasks.shutdown()


def test_a_placement_kite_rejected_after_taking_it_reads_rejected_with_kites_reason(dialog: AuditDialog) -> None:
    [kt2] = [row for row in dialog.placements.rows if row[1] == "kt2"]
    assert kt2[3] == "rejected"
    assert kt2[5] == "Placed, then rejected by Kite: Insufficient funds. Required margin is 95."


def test_the_time_column_is_readable(qtbot: QtBot, dialog: AuditDialog) -> None:
    view = dialog.tabs.currentWidget()
    assert isinstance(view, QTableView)
    stamp = dialog.calls.index(0, 0).data()
    assert len(stamp) == len("2025-11-25 10:00:05")
    qtbot.waitUntil(lambda: view.columnWidth(0) > view.fontMetrics().horizontalAdvance(stamp))
