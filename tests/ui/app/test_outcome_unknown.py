"""A placement whose reply is lost (the exchange placed it, then the connection reset): the ticket says the outcome
is not known and refuses to send it again, the order book finds it by its tag, and it shows exactly once."""

from __future__ import annotations

from tests.ui.app.helpers import WAIT_MS, Order, PaperApp

DROP_PLACE_REPLY = {"kind": "drop_response", "path": "/orders", "method": "POST", "count": 1}
HOLD_ORDER_UPDATES = {"kind": "ws_stall", "latency_ms": 30_000}  # the socket stays open and sends nothing


def test_lost_reply_is_reconciled_to_one_order_by_its_tag(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    paper_app.poll_and_wait()
    before = paper_app.book.rowCount()
    paper_app.admin("faults", DROP_PLACE_REPLY)
    paper_app.enter(Order(price="1590.00"))

    with paper_app.qtbot.waitSignal(paper_app.shell.placement.outcome_resolved, timeout=WAIT_MS) as resolved:
        paper_app.click_submit()
    tag, order_id = (str(arg) for arg in resolved.args)
    paper_app.poll_and_wait()

    assert order_id
    assert paper_app.wait_for_status(order_id, "OPEN").tag == tag
    assert paper_app.book.rowCount() == before + 1
    assert paper_app.result_text() == f"Order {order_id} placed"


def test_same_order_is_not_sent_again_while_its_outcome_is_unknown(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    paper_app.poll_and_wait()
    before = paper_app.book.rowCount()
    # Nothing may settle the lost placement during this test: no poll, and no order update pushed over the socket.
    paper_app.shell.poller.pause()
    paper_app.admin("faults", HOLD_ORDER_UPDATES)
    paper_app.admin("faults", DROP_PLACE_REPLY)
    paper_app.enter(Order(price="1590.00"))

    with paper_app.qtbot.waitSignal(paper_app.shell.placement.outcome_unknown, timeout=WAIT_MS):
        paper_app.click_submit()
    paper_app.qtbot.waitUntil(lambda: not paper_app.ticket.is_busy(), timeout=WAIT_MS)
    asked = len(paper_app.answers.asked)
    sent_again = paper_app.ticket.submit()
    said = paper_app.result_text()
    paper_app.admin("faults", {**HOLD_ORDER_UPDATES, "latency_ms": 0})
    paper_app.shell.poller.resume()
    paper_app.poll_and_wait()

    assert not sent_again
    assert len(paper_app.answers.asked) == asked  # refused before even asking
    assert said.startswith("Not known whether the order was placed")
    assert paper_app.book.rowCount() == before + 1  # the one that did reach the exchange
