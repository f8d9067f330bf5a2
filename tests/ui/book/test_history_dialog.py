"""The order history dialog: the status timeline oldest first, the trades, and a rejection reason in view."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from kiteticket.domain.order_row import parse_order
from kiteticket.domain.portfolio_rows import parse_trades
from kiteticket.ui.book.history_dialog import OrderHistoryDialog
from tests.domain.test_orderbook import raw_order
from tests.kite_samples import ORDER_HISTORY, ORDER_TRADES

SAMPLES = {"order_info.json": ORDER_HISTORY, "order_trades.json": ORDER_TRADES}


def mock(name: str) -> list[dict[str, Any]]:
    """Sample rows in the shape of the named kiteconnect-mocks answer (a copy: tests may change it)."""
    return copy.deepcopy(SAMPLES[name])


@pytest.fixture
def dialog(qtbot: QtBot) -> OrderHistoryDialog:
    widget = OrderHistoryDialog(parse_order(raw_order("171229000724687", tradingsymbol="SBIN", price=300)))
    qtbot.addWidget(widget)
    return widget


def label(dialog: QDialog, name: str) -> QLabel:
    found = dialog.findChild(QLabel, name)
    assert found is not None
    return found


def column(dialog: OrderHistoryDialog, header: str) -> list[str]:
    model = dialog.history_model
    section = [c.header for c in model.columns].index(header)
    return [model.index(row, section).data() for row in range(model.rowCount())]


def test_non_modal_and_deletes_itself(dialog: OrderHistoryDialog) -> None:
    assert not dialog.isModal()
    assert dialog.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    assert label(dialog, "status").text() == "Loading…"


def test_history_rows_oldest_first(dialog: OrderHistoryDialog, qtmodeltester: ModelTester) -> None:
    history = mock("order_info.json")
    dialog.set_history(history)
    qtmodeltester.check(dialog.history_model)

    assert column(dialog, "Status") == [row["status"] for row in history]
    assert column(dialog, "Status")[-1] == "OPEN"
    assert column(dialog, "Price")[-1] == "300.10"
    assert column(dialog, "Time")[0] == "11:06:52"
    assert not label(dialog, "status").isVisibleTo(dialog)
    assert not label(dialog, "rejection").isVisibleTo(dialog)


def test_trades(dialog: OrderHistoryDialog, qtmodeltester: ModelTester) -> None:
    dialog.set_trades(list(parse_trades(mock("order_trades.json"))))
    qtmodeltester.check(dialog.trades_model)
    model = dialog.trades_model
    assert [model.index(0, c).data() for c in range(model.columnCount())] == ["10000000", "16:00:36", "1", "4,852.00"]
    assert not label(dialog, "no_trades").isVisibleTo(dialog)

    dialog.set_trades([])
    assert label(dialog, "no_trades").isVisibleTo(dialog)


def test_rejection_reason_is_prominent(dialog: OrderHistoryDialog) -> None:
    message = "Insufficient funds. Required margin is 95417.84 but available margin is 74251.80."
    rows = [
        raw_order("1", status="PUT ORDER REQ RECEIVED"),
        raw_order("1", status="REJECTED", status_message=message, status_message_raw="RMS:Margin Exceeds"),
    ]
    dialog.set_history(rows)

    rejection = label(dialog, "rejection")
    assert rejection.isVisibleTo(dialog)
    assert rejection.text() == f"Rejected: {message}"
    assert rejection.toolTip() == "RMS:Margin Exceeds"
    assert column(dialog, "Message")[-1] == message


def test_failure_keeps_what_was_shown(dialog: OrderHistoryDialog) -> None:
    dialog.set_history(mock("order_info.json"))
    dialog.set_failed("Too many requests")

    assert label(dialog, "status").text() == "Could not load the history: Too many requests"
    assert label(dialog, "status").isVisibleTo(dialog)
    assert dialog.history_model.rowCount() == 8


def test_render(dialog: OrderHistoryDialog) -> None:
    rows = mock("order_info.json")
    rows[-1] = dict(rows[-1], status="REJECTED", status_message="Insufficient funds. Required margin is 95417.84.")
    dialog.set_history(rows)
    dialog.set_trades([])
    assert dialog.grab().save("/tmp/history_dialog.png")
