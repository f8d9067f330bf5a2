"""The margin preview of a MARKET order is what the exchange then requires: it is asked for at the price Kite will
use (the market-protection limit price), beside the funds available and the shortfall, before anything is sent."""

from __future__ import annotations

import re
from decimal import Decimal

from kiteticket.domain.enums import OrderType
from kiteticket.domain.fields import Field
from kiteticket.domain.money import format_inr
from tests.ui.app.helpers import WAIT_MS, Order, PaperApp, choose

REQUIRED = re.compile(r"Required margin is (\d+\.\d+) but available margin is (\d+\.\d+)")


def test_market_margin_preview_equals_the_margin_the_exchange_requires(paper_app: PaperApp) -> None:
    paper_app.show_instrument("MARUTI", "17000")
    paper_app.enter(Order("MARUTI", order_type=OrderType.MARKET, quantity=1000))
    assert choose(paper_app.ticket, Field.ORDER_TYPE, OrderType.MARKET)
    panel = paper_app.ticket.parts.margin_panel
    paper_app.qtbot.waitUntil(lambda: panel.shortfall.text().startswith("Short by"), timeout=WAIT_MS)
    previewed, short = panel.required.text(), panel.shortfall.text()

    order_id = paper_app.place(Order("MARUTI", order_type=OrderType.MARKET, quantity=1000))
    row = paper_app.wait_for_status(order_id, "REJECTED")

    found = REQUIRED.search(row.status_message or "")
    assert found is not None, row.status_message
    required, available = Decimal(found[1]), Decimal(found[2])
    assert previewed == format_inr(required)
    assert panel.available.text() == format_inr(available)
    assert short == f"Short by {format_inr(required - available)}"


def test_a_limit_order_within_funds_shows_no_shortfall(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    paper_app.enter(Order(price="1600.00", quantity=2))
    panel = paper_app.ticket.parts.margin_panel
    paper_app.qtbot.waitUntil(lambda: panel.available.text().startswith("₹"), timeout=WAIT_MS)
    assert panel.required.text() == format_inr(Decimal("3200"))
    assert panel.shortfall.text() == ""

    with paper_app.qtbot.waitSignal(paper_app.shell.placement.order_placed, timeout=WAIT_MS):
        paper_app.click_submit()
    lines = paper_app.answers.texts[-1].splitlines()
    assert f"Margin ₹3,200.00 (available {panel.available.text()})" in lines  # the confirmation says it too
    assert "Value ₹3,200.00" in lines
