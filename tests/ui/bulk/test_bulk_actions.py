"""Cancel all open orders and exit all positions in the running app, against the paper exchange through the SDK:
the confirmation lists every write, the progress moves as each is answered, Stop sends no more, and each item's
result is shown at the end."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from kiteticket.domain.bulk_run import Outcome
from tests.ui.app.helpers import WAIT_MS, PaperApp
from tests.ui.bulk.helpers import answer_bulk, click, limit_buy, place_elsewhere, press, progress_dialog


def exchange_statuses(app: PaperApp, order_ids: list[str]) -> dict[str, str]:
    """What the exchange says of these orders, read by two fresh polls of the app's order book (a test reading on a
    session of its own would share the account's ten reads a second with the app, and draw 429s)."""
    app.poll_and_wait()
    return {order_id: app.status_cell(order_id) for order_id in order_ids}


def held(app: PaperApp) -> bool:
    """The exchange holds a request: the hold fault was taken (none is left in its list)."""
    return app.admin("faults", [])["faults"] == []


def test_cancel_all_stopped_after_some_sends_no_more(paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch) -> None:
    paper_app.set_price("INFY", "1600")
    placed = place_elsewhere(paper_app, [limit_buy("INFY", 1500.0 - step) for step in range(30)])
    for order_id in placed:
        paper_app.wait_for_status(order_id, "OPEN")
    answers = answer_bulk(monkeypatch)
    # Five cancel requests go through; the sixth waits at the exchange until released: Stop is pressed while it is
    # out. (A cancel may meet a 429 first, the placements above having filled the second: it is sent again, and
    # that request is one of the five, so one cancel fewer is done before the held one.)
    cancels = {"kind": "latency", "path": "/orders/", "method": "DELETE"}
    paper_app.admin("faults", [{**cancels, "count": 5}, {**cancels, "hold": True}])

    press(paper_app, Qt.Key.Key_X)  # Orders ▸ Cancel all open orders (Ctrl+Shift+X)
    dialog = progress_dialog(paper_app)
    run = dialog.run
    paper_app.qtbot.waitUntil(lambda: run.sending and held(paper_app), timeout=WAIT_MS)
    done = run.answered + 1  # the one out when Stop is pressed finishes; nothing after it is sent
    QTest.keyClick(dialog, Qt.Key.Key_Escape)  # a run under way is not hidden by Esc: it is stopped with Stop
    assert dialog.isVisible()
    click(dialog.stop_button)
    with paper_app.qtbot.waitSignal(paper_app.shell.bulk.run_finished, timeout=WAIT_MS):
        paper_app.admin("faults", {"release": True})

    [plan] = answers.plans
    assert len(plan.items) == 30
    assert plan.lines()[0].startswith("1. BUY 1 of 1 INFY (NSE) LIMIT at ₹1,500.00")  # oldest first
    outcomes = [result.outcome for result in run.results]
    assert done in (5, 6)
    assert outcomes == [Outcome.DONE] * done + [Outcome.NOT_SENT] * (30 - done)
    assert dialog.progress.value() == 30  # every item has its answer: sent, or not sent
    assert dialog.now.text().startswith(f"Stopped: {done} done, {30 - done} not sent")
    assert dialog.close_button.isEnabled()
    statuses = exchange_statuses(paper_app, placed)
    assert sorted(statuses[order_id] for order_id in placed) == ["CANCELLED"] * done + ["OPEN"] * (30 - done)
    assert all(statuses[order_id] == "CANCELLED" for order_id in placed[:done])  # in the order listed
    click(dialog.close_button)
    paper_app.qtbot.waitUntil(lambda: paper_app.shell.bulk.dialog is None, timeout=WAIT_MS)


def test_cancel_all_asks_first_and_no_sends_nothing(paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch) -> None:
    paper_app.set_price("SBIN", "1000")
    placed = place_elsewhere(paper_app, [limit_buy("SBIN", 990.0), limit_buy("SBIN", 989.0)])
    paper_app.wait_for_status(placed[-1], "OPEN")
    answers = answer_bulk(monkeypatch, answer=False)

    orders_action(paper_app, "cancel_all").trigger()  # Orders ▸ Cancel all open orders, from the menu
    paper_app.qtbot.waitUntil(lambda: len(answers.plans) == 1, timeout=WAIT_MS)

    assert paper_app.shell.bulk.dialog is None
    paper_app.poll_and_wait()
    assert set(exchange_statuses(paper_app, placed).values()) == {"OPEN"}


def market(symbol: str, side: str, quantity: int) -> dict[str, object]:
    return {
        "variety": "regular", "exchange": "NSE", "tradingsymbol": symbol, "transaction_type": side,
        "quantity": quantity, "product": "MIS", "order_type": "MARKET", "market_protection": -1,
    }  # fmt: skip


def net_quantities(app: PaperApp) -> dict[str, int]:
    """The positions as the app's positions tab shows them (refreshed as the book changes)."""
    return {row.tradingsymbol: row.quantity for row in app.shell.positions_model.rows()}


def open_positions(app: PaperApp) -> None:
    """Long 5 INFY and short 3 SBIN, intraday, and the app's positions showing both."""
    app.set_price("INFY", "1600")
    app.set_price("SBIN", "1000")
    place_elsewhere(app, [market("INFY", "BUY", 5), market("SBIN", "SELL", 3)])
    app.qtbot.waitUntil(lambda: net_quantities(app) == {"INFY": 5, "SBIN": -3}, timeout=WAIT_MS)


def test_exit_all_squares_off_every_position_at_market(paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch) -> None:
    open_positions(paper_app)
    answers = answer_bulk(monkeypatch)

    with paper_app.qtbot.waitSignal(paper_app.shell.bulk.run_finished, timeout=WAIT_MS):
        press(paper_app, Qt.Key.Key_E)  # Orders ▸ Exit all positions (Ctrl+Shift+E)

    [plan] = answers.plans
    assert sorted(line.split(". ", 1)[1] for line in plan.lines()) == [
        "BUY 3 SBIN (NSE) MIS at market, Auto protection · closes short 3",
        "SELL 5 INFY (NSE) MIS at market, Auto protection · closes long 5",
    ]
    dialog = progress_dialog(paper_app)
    assert [result.outcome for result in dialog.run.results] == [Outcome.DONE, Outcome.DONE]
    assert dialog.now.text() == "Finished: 2 done."
    paper_app.qtbot.waitUntil(lambda: net_quantities(paper_app) == {"INFY": 0, "SBIN": 0}, timeout=WAIT_MS)
    journal = paper_app.shell.journal
    assert journal is not None
    assert journal.open_placements() == ()  # each exit was journalled before it went, and settled after


def test_exit_whose_reply_is_lost_is_found_by_its_tag_and_not_sent_again(
    paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    paper_app.set_price("INFY", "1600")
    place_elsewhere(paper_app, [market("INFY", "BUY", 5)])
    paper_app.qtbot.waitUntil(lambda: net_quantities(paper_app) == {"INFY": 5}, timeout=WAIT_MS)
    answer_bulk(monkeypatch)
    # The exchange places the exit, then resets the connection instead of answering.
    paper_app.admin("faults", {"kind": "drop_response", "path": "/orders/regular", "method": "POST", "count": 1})

    press(paper_app, Qt.Key.Key_E)
    dialog = progress_dialog(paper_app)
    paper_app.qtbot.waitUntil(lambda: dialog.run.results[0].outcome is Outcome.DONE, timeout=WAIT_MS)

    assert "found by its tag" in dialog.run.results[0].detail
    paper_app.qtbot.waitUntil(lambda: net_quantities(paper_app) == {"INFY": 0}, timeout=WAIT_MS)
    paper_app.poll_and_wait()
    book = [paper_app.book.row_at(row) for row in range(paper_app.book.rowCount())]
    assert [(row.transaction_type, row.status) for row in book if row.tag] == [("SELL", "COMPLETE")]  # sent once


def test_cancel_the_orders_shown_leaves_those_the_filter_hides(
    paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    paper_app.set_price("INFY", "1600")
    paper_app.set_price("SBIN", "1000")
    infy = place_elsewhere(paper_app, [limit_buy("INFY", 1590.0), limit_buy("INFY", 1589.0)])
    sbin = place_elsewhere(paper_app, [limit_buy("SBIN", 990.0)])
    paper_app.wait_for_status(sbin[0], "OPEN")
    answers = answer_bulk(monkeypatch)
    search = paper_app.window.findChild(QLineEdit, "order_search")
    assert search is not None
    QTest.keyClicks(search, "infy")  # the book now shows the INFY orders only
    paper_app.qtbot.waitUntil(lambda: paper_app.visible_order_ids() == set(infy), timeout=WAIT_MS)

    with paper_app.qtbot.waitSignal(paper_app.shell.bulk.run_finished, timeout=WAIT_MS):
        orders_action(paper_app, "cancel_shown").trigger()

    [plan] = answers.plans
    assert plan.title == "Cancel the open orders shown"
    assert [line.split(" · order ")[1] for line in plan.lines()] == infy  # oldest first
    assert exchange_statuses(paper_app, [*infy, *sbin]) == {infy[0]: "CANCELLED", infy[1]: "CANCELLED", sbin[0]: "OPEN"}


def orders_action(app: PaperApp, name: str) -> QAction:
    action = app.window.findChild(QAction, name)
    assert action is not None, f"no {name} action in the window"
    return action


@pytest.mark.parametrize("count", [4, 1])  # with one, the refused write is also the last: the run still ends
def test_a_refusal_every_write_would_get_stops_the_run_after_one(
    paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    paper_app.set_price("INFY", "1600")
    placed = place_elsewhere(paper_app, [limit_buy("INFY", 1500.0 - step) for step in range(count)])
    paper_app.wait_for_status(placed[-1], "OPEN")
    answer_bulk(monkeypatch)
    # From now on Kite takes order writes only from another address (Settings ▸ Network's trouble): each cancel
    # would be refused the same way, so the run stops at the first refusal rather than sending three more.
    paper_app.admin("registered_ip", {"addresses": ["127.0.0.2"]})

    with paper_app.qtbot.waitSignal(paper_app.shell.bulk.run_finished, timeout=WAIT_MS):
        press(paper_app, Qt.Key.Key_X)

    results = progress_dialog(paper_app).run.results
    assert [result.outcome for result in results] == [Outcome.FAILED] + [Outcome.NOT_SENT] * (count - 1)
    assert "not registered for your API key" in results[0].detail
    journal = paper_app.shell.journal
    assert journal is not None
    assert [record.call for record in journal.audit_records()].count("cancel") == 1
    paper_app.admin("registered_ip", {"addresses": []})
    assert set(exchange_statuses(paper_app, placed).values()) == {"OPEN"}
