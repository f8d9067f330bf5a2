"""File ▸ Export orders as CSV: offered in the user's documents folder, written so a spreadsheet reads it as data,
and a folder that cannot be written to is said in a message instead of an exception."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QWidget

from kiteticket.ui.assembly import default_export_path
from tests.ui.app.helpers import WAIT_MS, Order, PaperApp


def export_action(app: PaperApp) -> QAction:
    return next(a for a in app.window.findChildren(QAction) if a.text() == "Export orders as CSV…")


def test_the_export_is_offered_in_the_documents_folder_and_read_back_as_data(
    paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    order_id = paper_app.place(Order(quantity=3, price="1500.00"))
    paper_app.wait_for_order(order_id)
    offered: list[str] = []
    target = tmp_path / "orders.csv"

    def save_dialog(_parent: QWidget, _title: str, start: str, _filter: str) -> tuple[str, str]:
        offered.append(start)
        return str(target), "CSV files (*.csv)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    export_action(paper_app).trigger()
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert [Path(start).parent for start in offered] == [Path(documents)]
    assert Path(offered[0]).name.startswith("orders-")
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    [row] = [row for row in rows if row["Order ID"].strip() == order_id]
    assert (row["Quantity"], row["Filled"], row["Price"], row["Trigger"]) == ("3", "0", "1500.00", "")
    assert row["Order ID"] == "\t" + order_id


def test_exporting_to_a_folder_that_cannot_be_written_shows_an_error(paper_app: PaperApp, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("x", encoding="utf-8")
    assert not paper_app.shell.export_orders(str(not_a_folder / "orders.csv"))
    messages = paper_app.shell.messages
    paper_app.qtbot.waitUntil(lambda: bool(messages.shown), timeout=WAIT_MS)
    [(title, text)] = messages.shown
    assert title == "Orders not exported"
    assert "Choose another folder" in text


def test_the_default_file_name_carries_the_day() -> None:
    assert default_export_path(datetime(2026, 12, 18, 9, 15)).name == "orders-2026-12-18.csv"
