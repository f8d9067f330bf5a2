"""Driving bulk actions in the running app: seeding open orders and positions from "another device", answering
the bulk confirmation, and the progress dialog's parts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton, QWidget

from kiteticket.broker.ratelimit import Budget, RateLimiter
from kiteticket.domain.bulk import BulkPlan
from kiteticket.ui.bulk.confirm_dialog import BulkConfirmation
from kiteticket.ui.bulk.progress_dialog import BulkProgressDialog
from tests.ui.active_window import activate
from tests.ui.app.helpers import WAIT_MS, PaperApp


@dataclass
class BulkAnswers:
    """Stands in for ``BulkConfirmation.ask``: records each plan it was shown and answers ``answer``."""

    answer: bool = True
    plans: list[BulkPlan] = field(default_factory=list)


def answer_bulk(monkeypatch: pytest.MonkeyPatch, answer: bool = True) -> BulkAnswers:
    answers = BulkAnswers(answer)

    def ask(_cls: type[BulkConfirmation], _parent: QWidget | None, plan: BulkPlan) -> bool:
        answers.plans.append(plan)
        return answers.answer

    monkeypatch.setattr(BulkConfirmation, "ask", classmethod(ask))
    return answers


def place_elsewhere(app: PaperApp, orders: list[dict[str, Any]]) -> list[str]:
    """Orders placed on the account from another session (as from Kite web), within Kite's 10 a second."""
    kite = app.other_device()
    limiter = RateLimiter()
    placed = []
    try:
        for order in orders:
            with limiter.slot(Budget.ORDERS):
                placed.append(str(kite.place_order(**order)))
    finally:
        kite.reqsession.close()
    return placed


def limit_buy(symbol: str, price: float, quantity: int = 1, product: str = "CNC") -> dict[str, Any]:
    return {
        "variety": "regular", "exchange": "NSE", "tradingsymbol": symbol, "transaction_type": "BUY",
        "quantity": quantity, "product": product, "order_type": "LIMIT", "price": price,
    }  # fmt: skip


CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def press(app: PaperApp, key: Qt.Key, modifiers: Qt.KeyboardModifier = CTRL_SHIFT) -> None:
    """A shortcut (Ctrl+Shift+key unless told) on the window, with it active, as a trader presses it."""
    activate(app.qtbot, app.window, WAIT_MS)
    QTest.keyClick(app.window, key, modifiers)


def progress_dialog(app: PaperApp) -> BulkProgressDialog:
    app.qtbot.waitUntil(lambda: app.shell.bulk.dialog is not None, timeout=WAIT_MS)
    dialog = app.shell.bulk.dialog
    assert dialog is not None
    return dialog


def click(button: QPushButton) -> None:
    assert button.isEnabled()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
