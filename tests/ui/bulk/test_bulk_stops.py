"""What stops a bulk run, and that nothing more is sent after it: Stop pressed while a write is out whose answer is a
429 (it is not sent again), and a refusal for the address the app trades from (the next write is never sent). The
exchange holds the write that is out until the test has acted, so nothing here depends on timing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiteticket.domain.bulk_run import Outcome
from kiteticket.domain.enums import OrderType, Product, Variety
from kiteticket.ui.bulk.controller import QUIT_TITLE
from kiteticket.ui.bulk.runner import STOPPED_AFTER_RATE_LIMIT
from tests.ui.app.helpers import WAIT_MS, Order, PaperApp
from tests.ui.bulk.helpers import answer_bulk, click, limit_buy, place_elsewhere, press, progress_dialog


def three_open_orders(app: PaperApp) -> list[str]:
    app.set_price("INFY", "1600")
    placed = place_elsewhere(app, [limit_buy("INFY", 1500.0 - step) for step in range(3)])
    for order_id in placed:
        app.wait_for_status(order_id, "OPEN")
    return placed


def cancels_sent(app: PaperApp) -> int:
    journal = app.shell.journal
    assert journal is not None
    return sum(1 for record in journal.audit_records() if record.call == "cancel")


def test_stop_while_a_cancel_is_out_and_kite_answers_429_sends_it_not_again(
    paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    placed = three_open_orders(paper_app)
    answer_bulk(monkeypatch)
    # The first cancel waits at the exchange until released, then is refused for rate (another app used the second).
    paper_app.admin("faults", {"kind": "http_5xx", "status": 429, "path": "/orders/", "method": "DELETE", "hold": True})

    press(paper_app, Qt.Key.Key_X)  # Orders ▸ Cancel all open orders
    dialog = progress_dialog(paper_app)
    run = dialog.run
    paper_app.qtbot.waitUntil(lambda: run.sending, timeout=WAIT_MS)
    click(dialog.stop_button)
    with paper_app.qtbot.waitSignal(paper_app.shell.bulk.run_finished, timeout=WAIT_MS):
        paper_app.admin("faults", {"release": True})

    assert [result.outcome for result in run.results] == [Outcome.NOT_SENT] * 3
    assert run.results[0].detail == STOPPED_AFTER_RATE_LIMIT
    assert cancels_sent(paper_app) == 1, "the refused cancel was not sent a second time after Stop"
    paper_app.poll_and_wait()
    assert {paper_app.status_cell(order_id) for order_id in placed} == {"OPEN"}


def test_a_refusal_for_the_address_stops_the_run_before_the_next_write(
    paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    placed = three_open_orders(paper_app)
    answer_bulk(monkeypatch)
    paper_app.admin("registered_ip", {"addresses": ["127.0.0.2"]})  # order writes from 127.0.0.1 are refused

    with paper_app.qtbot.waitSignal(paper_app.shell.bulk.run_finished, timeout=WAIT_MS):
        press(paper_app, Qt.Key.Key_X)
    run = progress_dialog(paper_app).run

    assert [result.outcome for result in run.results] == [Outcome.FAILED, Outcome.NOT_SENT, Outcome.NOT_SENT]
    assert run.stopped
    assert cancels_sent(paper_app) == 1, "nothing more was sent after the first refusal"
    paper_app.admin("registered_ip", {"addresses": []})
    paper_app.poll_and_wait()
    assert {paper_app.status_cell(order_id) for order_id in placed} == {"OPEN"}


def test_closing_the_window_mid_run_asks_and_no_keeps_it_running(
    paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    placed = three_open_orders(paper_app)
    answer_bulk(monkeypatch)
    paper_app.admin("faults", {"kind": "latency", "path": "/orders/", "method": "DELETE", "hold": True})
    press(paper_app, Qt.Key.Key_X)
    run = progress_dialog(paper_app).run
    paper_app.qtbot.waitUntil(lambda: run.sending, timeout=WAIT_MS)
    paper_app.answers.answer = False

    paper_app.window.close()  # the window's close button

    assert paper_app.answers.asked[-1] == QUIT_TITLE
    assert paper_app.answers.texts[-1].startswith("Cancel all open orders: 0 of 3 answered. Quitting stops it")
    assert paper_app.window.isVisible()
    assert not run.stopped
    with paper_app.qtbot.waitSignal(paper_app.shell.bulk.run_finished, timeout=WAIT_MS):
        paper_app.admin("faults", {"release": True})
    assert [result.outcome for result in run.results] == [Outcome.DONE] * 3
    paper_app.poll_and_wait()
    assert {paper_app.status_cell(order_id) for order_id in placed} == {"CANCELLED"}


def test_yes_to_quitting_mid_run_stops_it_before_the_window_closes(
    paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    three_open_orders(paper_app)
    answer_bulk(monkeypatch)
    paper_app.admin("faults", {"kind": "latency", "path": "/orders/", "method": "DELETE", "hold": True})
    press(paper_app, Qt.Key.Key_X)
    run = progress_dialog(paper_app).run
    paper_app.qtbot.waitUntil(lambda: run.sending, timeout=WAIT_MS)

    assert paper_app.shell.bulk.may_close()  # what the close button asks first; answered Yes

    assert paper_app.answers.asked[-1] == QUIT_TITLE
    assert run.stopped
    assert [result.outcome for result in run.results][1:] == [Outcome.NOT_SENT] * 2
    with paper_app.qtbot.waitSignal(paper_app.shell.bulk.run_finished, timeout=WAIT_MS):
        paper_app.admin("faults", {"release": True})  # the cancel that was out finishes
    assert run.results[0].outcome is Outcome.DONE
    assert cancels_sent(paper_app) == 1


def test_a_cover_order_exit_whose_reply_is_lost_is_done_once_its_stop_leg_completes(
    paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    paper_app.show_instrument("INFY", "1600")
    entry = paper_app.place(
        Order(variety=Variety.CO, product=Product.MIS, order_type=OrderType.MARKET, trigger_price="1580.00")
    )
    paper_app.qtbot.waitUntil(lambda: len(paper_app.children_of(entry)) == 1, timeout=WAIT_MS)
    stop = paper_app.children_of(entry)[0].order_id
    paper_app.wait_for_status(stop, "TRIGGER PENDING")
    answer_bulk(monkeypatch)
    # Exiting a cover order cancels its stop leg, which the exchange then fills at market: the reply is lost.
    paper_app.admin("faults", {"kind": "drop_response", "path": "/orders/co/", "method": "DELETE"})

    press(paper_app, Qt.Key.Key_E)  # Orders ▸ Exit all positions
    run = progress_dialog(paper_app).run

    paper_app.qtbot.waitUntil(lambda: run.results[0].outcome.final, timeout=WAIT_MS)
    assert run.results[0].outcome is Outcome.DONE, run.results[0]
    assert run.results[0].detail == f"order {stop} is COMPLETE"
    assert paper_app.status_cell(stop) == "COMPLETE"
