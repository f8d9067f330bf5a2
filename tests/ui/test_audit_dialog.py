"""The audit log dialog: reads the journal in the background, shows calls and placements through models that pass
qtmodeltester, and exports the shown tab as formula-safe CSV."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from kiteticket.broker.journal import Journal
from kiteticket.domain.audit import AuditRecord, PlacementState
from kiteticket.ui.audit_dialog import AuditDialog
from kiteticket.ui.tasks import TaskRunner
from tests.broker.test_gateway_paper import INFY

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
    yield opened
    opened.close()


@pytest.fixture
def dialog(qtbot: QtBot, journal: Journal) -> Iterator[AuditDialog]:
    tasks = TaskRunner()
    shown = AuditDialog(journal, tasks)
    qtbot.addWidget(shown)
    shown.show()
    shown.refresh()
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
    assert dialog.placements.rowCount() == 1
    assert dialog.placements.rows[0][1:4] == ("kt1", "BUY 5 NSE:INFY LIMIT 1500.00, CNC, regular", "rejected")
    assert dialog.status.text().startswith("4 calls, 1 placements")
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
    assert dialog.export(str(tmp_path / "placements.csv")) == 1


def test_refresh_shows_new_rows(qtbot: QtBot, dialog: AuditDialog, journal: Journal) -> None:
    journal.audit(AuditRecord(NOW + 9, "trades_raw", "GET /trades", "{}", "ok", 5.0, "0 rows"))
    dialog.refresh()
    qtbot.waitUntil(lambda: dialog.calls.rowCount() == 5, timeout=5_000)
    assert dialog.calls.index(0, 1).data() == "trades_raw"


def test_routine_reads_can_be_hidden(qtbot: QtBot, dialog: AuditDialog) -> None:
    dialog.routine.setChecked(False)
    qtbot.waitUntil(lambda: dialog.calls.rowCount() == 1, timeout=5_000)
    assert dialog.calls.index(0, 1).data() == "place"
