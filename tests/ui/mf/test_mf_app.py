"""The mutual funds window in the running app, against the paper exchange through the real SDK: opened from the
View menu's shortcut, a purchase checked against the fund's minimum before it is sent, then bought and cancelled;
a holding redeemed in full; a SIP started, modified (paused) and cancelled; each through clicks and keys."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QLabel, QLineEdit, QPushButton, QTableView, QWidget

from kiteticket.ui.keyed_model import KeyedRole
from kiteticket.ui.mf.sip_dialog import SipModifyDialog
from kiteticket.ui.mf.window import MfWindow
from tests.ui.active_window import activate
from tests.ui.app.helpers import WAIT_MS, PaperApp
from tests.ui.ticket.helpers import named

BALANCED = "INF179K01VY8"  # HDFC Balanced Advantage: ₹1,000 first purchase, ₹500 after
FLEXI = "INF174K01LS2"  # Kotak Flexicap: ₹500


def open_funds(app: PaperApp) -> MfWindow:
    """Ctrl+Shift+M, as View ▸ Mutual funds… says, and wait for the funds to load."""
    activate(app.qtbot, app.window, WAIT_MS)  # the shortcut is the active window's
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    app.qtbot.keyClick(app.window, Qt.Key.Key_M, modifiers)
    app.qtbot.waitUntil(lambda: app.shell.mf.window is not None and app.shell.mf.window.isVisible(), timeout=WAIT_MS)
    window = app.shell.mf.window
    assert window is not None
    app.qtbot.waitUntil(lambda: window.form.fund.count() > 0, timeout=WAIT_MS)
    return window


def click(app: PaperApp, parent: QWidget, name: str) -> None:
    QTest.mouseClick(named(parent, name, QPushButton), Qt.MouseButton.LeftButton)


def pick_fund(window: MfWindow, tradingsymbol: str) -> None:
    window.form.fund.setCurrentIndex(window.form.fund.findData(tradingsymbol))


def type_into(app: PaperApp, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    app.qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    app.qtbot.keyClicks(edit, text)


def select_row(app: PaperApp, view: QTableView, matches: Callable[[Any], bool]) -> None:
    """Click the first row whose value satisfies ``matches``."""
    model = view.model()

    def row() -> QModelIndex | None:
        for number in range(model.rowCount()):
            index = model.index(number, 0)
            if matches(index.data(KeyedRole.ROW)):
                return index
        return None

    app.qtbot.waitUntil(lambda: row() is not None, timeout=WAIT_MS)
    index = row()
    assert index is not None
    view.scrollTo(index)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    assert view.selectionModel().isRowSelected(index.row(), QModelIndex())


def test_a_purchase_below_the_minimum_is_refused_beside_the_amount_then_bought_and_cancelled(
    paper_app: PaperApp,
) -> None:
    window = open_funds(paper_app)
    form = window.form
    pick_fund(window, BALANCED)
    type_into(paper_app, form.amount, "999")
    problem = named(form, "mf_problem_amount", QLabel)
    assert problem.text() == "The minimum for a first purchase of this fund is ₹1,000.00."
    click(paper_app, form, "mf_submit")
    assert paper_app.answers.asked == []  # nothing asked, nothing sent
    type_into(paper_app, form.amount, "5,000")
    assert problem.text() == ""
    click(paper_app, form, "mf_submit")
    paper_app.qtbot.waitUntil(lambda: form.result.text().startswith("Order placed"), timeout=WAIT_MS)
    assert paper_app.answers.asked == ["Place fund order?"]
    assert "Buy ₹5,000.00 of HDFC Balanced Advantage Fund" in paper_app.answers.texts[0]
    paper_app.qtbot.waitUntil(lambda: window.orders.rowCount() == 1, timeout=WAIT_MS)
    (order,) = window.orders.rows()
    assert (order.status, order.amount, order.tradingsymbol) == ("OPEN", Decimal(5000), BALANCED)
    assert form.amount.text() == ""  # cleared for the next order
    select_row(paper_app, window.orders_view, lambda row: row.order_id == order.order_id)
    click(paper_app, window, "mf_cancel_order")
    paper_app.qtbot.waitUntil(lambda: window.orders.rows()[0].status == "CANCELLED", timeout=WAIT_MS)
    assert paper_app.answers.asked[-1] == "Cancel fund order?"


def test_a_holding_is_redeemed_in_full_from_the_holdings_tab(paper_app: PaperApp) -> None:
    # Bought on a Friday before the 15:00 cut-off; that day's NAV is published at 21:00, when the units are allotted.
    paper_app.admin("clock", {"now": "2026-12-04 10:00:00"})
    window = open_funds(paper_app)
    pick_fund(window, FLEXI)
    type_into(paper_app, window.form.amount, "2000")
    click(paper_app, window.form, "mf_submit")
    paper_app.qtbot.waitUntil(lambda: window.orders.rowCount() == 1, timeout=WAIT_MS)
    paper_app.admin("clock", {"now": "2026-12-04 21:30:00"})
    click(paper_app, window, "mf_refresh")
    paper_app.qtbot.waitUntil(lambda: window.holdings.rowCount() == 1, timeout=WAIT_MS)
    (holding,) = window.holdings.rows()
    window.tabs.setCurrentIndex(2)
    select_row(paper_app, window.holdings_view, lambda row: row.tradingsymbol == FLEXI)
    click(paper_app, window, "mf_redeem")
    form = window.form
    assert form.submit_button.text() == "Redeem"
    assert form.fund.currentData() == FLEXI
    type_into(paper_app, form.units, "999999")
    assert named(form, "mf_problem_units", QLabel).text().startswith("You can redeem at most")
    QTest.mouseClick(named(form, "mf_all_units", QCheckBox), Qt.MouseButton.LeftButton)
    click(paper_app, form, "mf_submit")
    paper_app.qtbot.waitUntil(lambda: window.orders.rowCount() == 2, timeout=WAIT_MS)
    redemption = window.orders.rows()[0]
    assert (redemption.transaction_type, redemption.units, redemption.status) == ("SELL", holding.units, "OPEN")
    assert paper_app.answers.texts[-1] == f"Redeem {holding.units:f} units of Kotak Flexicap Fund - Direct Plan?"


def test_a_sip_is_started_paused_with_a_new_amount_and_cancelled(paper_app: PaperApp) -> None:
    window = open_funds(paper_app)
    form = window.form
    click(paper_app, form, "mf_mode_sip")
    pick_fund(window, FLEXI)
    type_into(paper_app, form.amount, "400")
    assert named(form, "mf_problem_amount", QLabel).text() == (
        "The minimum for a SIP instalment of this fund is ₹500.00."
    )
    type_into(paper_app, form.amount, "500")
    type_into(paper_app, form.instalments, "24")
    form.day.setFocus()
    form.day.selectAll()
    paper_app.qtbot.keyClicks(form.day, "5")
    click(paper_app, form, "mf_submit")
    paper_app.qtbot.waitUntil(lambda: window.sips.rowCount() == 1, timeout=WAIT_MS)
    (sip,) = window.sips.rows()
    assert (sip.status, sip.amount, sip.frequency, sip.instalment_day, sip.instalments) == (
        "ACTIVE", Decimal(500), "monthly", 5, 24,
    )  # fmt: skip
    window.tabs.setCurrentIndex(1)
    select_row(paper_app, window.sips_view, lambda row: row.sip_id == sip.sip_id)
    click(paper_app, window, "mf_modify_sip")
    paper_app.qtbot.waitUntil(lambda: window.findChild(SipModifyDialog) is not None, timeout=WAIT_MS)
    dialog = window.findChild(SipModifyDialog)
    assert dialog is not None
    type_into(paper_app, dialog.amount, "700")
    QTest.mouseClick(dialog.paused, Qt.MouseButton.LeftButton)
    QTest.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    paper_app.qtbot.waitUntil(lambda: window.sips.rows()[0].status == "PAUSED", timeout=WAIT_MS)
    assert window.sips.rows()[0].amount == Decimal(700)
    click(paper_app, window, "mf_cancel_sip")
    paper_app.qtbot.waitUntil(lambda: window.sips.rows()[0].status == "CANCELLED", timeout=WAIT_MS)
    assert paper_app.answers.asked == ["Start SIP?", "Modify SIP?", "Cancel SIP?"]


def test_the_window_refreshes_while_open_and_stops_when_closed(paper_app: PaperApp) -> None:
    window = open_funds(paper_app)
    assert window.refresh_timer.isActive()
    refreshed: list[bool] = []
    window.refresh_requested.connect(lambda: refreshed.append(True))
    window.refresh_timer.timeout.emit()  # what the timer does every 30 s
    assert refreshed == [True]
    window.close()
    assert not window.refresh_timer.isActive()
    open_funds(paper_app)  # opened again: the same window, refreshing again
    assert paper_app.shell.mf.window is window
    assert window.refresh_timer.isActive()
