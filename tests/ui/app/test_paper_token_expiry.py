"""On the paper exchange the access token dies at 06:00 IST as on Kite; with no one to ask, the app logs in again by
itself, the order book comes back, and the next order goes through."""

from __future__ import annotations

from datetime import datetime, timedelta

from kiteticket.domain.market_clock import IST
from tests.ui.app.helpers import WAIT_MS, Order, PaperApp


def test_the_app_logs_in_again_by_itself_when_the_paper_token_expires(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    now = datetime.fromisoformat(paper_app.admin("clock", {})["now"]).replace(tzinfo=IST)
    paper_app.admin("clock", {"now": (now + timedelta(days=1)).strftime("%Y-%m-%d 06:00:01")})

    with paper_app.qtbot.waitSignal(paper_app.shell.session.connected, timeout=WAIT_MS):
        paper_app.shell.poller.poll_now()  # refused: the token died at 06:00
    order_id = paper_app.place(Order(price="1590.00"))

    assert paper_app.wait_for_order(order_id).tag
    assert [title for title, _ in paper_app.shell.messages.shown] == []
