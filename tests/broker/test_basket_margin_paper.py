"""The basket margin through the guarded gateway and the real SDK against the paper exchange: read-limited,
audited, and the combined figures as /margins/basket gives them."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from kiteticket.broker.journal import Journal
from kiteticket.paper.exchange import PaperExchange
from tests.broker.test_gateway_paper import INFY
from tests.broker.test_guarded_paper import exchange, guarded, journal

__all__ = ["exchange", "journal"]


def test_basket_margin_is_the_orders_margins_together_and_audited(exchange: PaperExchange, journal: Journal) -> None:
    gateway = guarded(exchange, journal)
    twice = replace(INFY, quantity=INFY.quantity * 2)
    one = gateway.order_margin(INFY).required

    margin = gateway.basket_margin([INFY, twice])

    # The paper exchange adds the orders' margins up and gives no hedge benefit, so final equals initial.
    assert margin.initial == margin.final == 3 * one > 0
    assert margin.benefit == Decimal(0)
    assert margin.charges > 0
    [record] = [record for record in journal.audit_records() if record.call == "basket_margin"]
    assert (record.target, record.outcome) == ("POST /margins/basket", "ok")
