"""The bulk confirmation (every write listed, No by default) and the results table, on their own."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from kiteticket.domain.bulk import cancel_plan
from kiteticket.domain.bulk_run import BulkRun, ItemResult, Outcome
from kiteticket.domain.order_row import parse_order
from kiteticket.ui.bulk.confirm_dialog import BulkConfirmDialog
from kiteticket.ui.bulk.results_model import BulkResultsModel
from tests.domain.test_orderbook import raw_order

PLAN = cancel_plan([parse_order(raw_order(str(n), status=status)) for n, status in enumerate(("OPEN", "OPEN"))])


def test_the_confirmation_lists_every_write_and_enter_says_no(qtbot: QtBot) -> None:
    dialog = BulkConfirmDialog(PLAN)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)

    assert dialog.items.toPlainText().splitlines() == [
        "1. BUY 10 of 10 INFY (NSE) LIMIT at ₹1,500.50 · order 1",
        "2. BUY 10 of 10 INFY (NSE) LIMIT at ₹1,500.50 · order 0",
    ]
    with qtbot.waitSignal(dialog.finished, timeout=2_000) as finished:
        QTest.keyClick(dialog, Qt.Key.Key_Return)  # a held Enter must not start the run
    assert finished.args == [QDialog.DialogCode.Rejected.value]


def test_the_confirmations_send_button_accepts(qtbot: QtBot) -> None:
    dialog = BulkConfirmDialog(PLAN)
    qtbot.addWidget(dialog)
    dialog.show()
    yes = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Yes)  # type: ignore[union-attr]
    assert yes.text() == "Send 2"

    with qtbot.waitSignal(dialog.accepted, timeout=2_000):
        QTest.mouseClick(yes, Qt.MouseButton.LeftButton)


def test_results_model_shows_each_outcome(qtmodeltester: object, qtbot: QtBot) -> None:
    run = BulkRun(PLAN)
    model = BulkResultsModel(run)
    taken = run.take()
    assert taken is not None
    run.answer(taken[0], ItemResult(Outcome.FAILED, "Order cannot be cancelled as it is being processed."))
    run.stop()

    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert [model.index(row, 2).data() for row in range(2)] == ["Failed", "Not sent"]
    assert model.index(0, 3).data() == "Order cannot be cancelled as it is being processed."
