"""The result line follows the order's fate as the order book learns it, clears for a new order, and a rejection
for a closed market does not outlive the closed market."""

from __future__ import annotations

from kiteticket.domain.enums import Exchange, OrderType, Validity
from tests.ui.app.helpers import WAIT_MS, Order, PaperApp


def wait_for_result(app: PaperApp, start: str) -> str:
    app.qtbot.waitUntil(lambda: app.result_text().startswith(start), timeout=WAIT_MS)
    return app.result_text()


def test_an_unmatched_ioc_order_turns_from_placed_to_cancelled(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    order_id = paper_app.place(Order(price="1590.00", quantity=3, validity=Validity.IOC))
    text = wait_for_result(paper_app, f"Order {order_id} cancelled (IOC)")
    assert text == f"Order {order_id} cancelled (IOC): nothing filled, the rest found no match at once"


def test_a_filled_order_turns_from_placed_to_complete(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    order_id = paper_app.place(Order(order_type=OrderType.MARKET, quantity=2))
    text = wait_for_result(paper_app, f"Order {order_id} complete")
    assert text.startswith(f"Order {order_id} complete: 2 filled at ₹")


def test_the_result_line_clears_when_a_new_order_is_started(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    order_id = paper_app.place(Order(order_type=OrderType.MARKET))
    wait_for_result(paper_app, f"Order {order_id} complete")
    paper_app.ticket.set_instrument(Exchange.NSE, "SBIN")
    assert paper_app.result_text() == ""


def test_a_closed_market_rejection_goes_when_the_market_opens(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    paper_app.window.paper_market_requested.emit("closed")
    paper_app.qtbot.waitUntil(lambda: paper_app.market_mode() == "closed", timeout=WAIT_MS)
    paper_app.enter(Order(price="1590.00"))
    paper_app.click_submit()
    paper_app.qtbot.waitUntil(lambda: "ejected" in paper_app.result_text(), timeout=WAIT_MS)
    assert paper_app.result_text()

    paper_app.window.paper_market_requested.emit("open")
    paper_app.qtbot.waitUntil(lambda: paper_app.market_mode() == "open", timeout=WAIT_MS)
    paper_app.qtbot.waitUntil(lambda: paper_app.result_text() == "", timeout=WAIT_MS)
