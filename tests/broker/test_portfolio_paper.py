"""Holdings, funds and position conversion through the real SDK against the paper exchange, straight and behind
the guarded gateway (each call audited; the conversion a kept write)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

import pytest

from kiteticket.broker.gateway import KiteGateway
from kiteticket.broker.guarded import GuardedGateway, guard
from kiteticket.domain.enums import Product
from kiteticket.domain.errors import BrokerError
from kiteticket.domain.holding import parse_holdings
from kiteticket.domain.portfolio_rows import parse_positions
from kiteticket.domain.position_conversion import conversion_for
from kiteticket.paper.exchange import PaperExchange
from tests.broker.test_gateway_paper import INFY, exchange, gateway  # noqa: F401 - the paper exchange and a session
from tests.paper.helpers import set_price


@pytest.fixture
def guarded(gateway: KiteGateway) -> Iterator[GuardedGateway]:  # noqa: F811 - the fixture imported above
    guarded = guard(gateway, ":memory:")
    yield guarded
    guarded.journal.close()


def test_holdings_are_the_accounts_starting_ones(guarded: GuardedGateway) -> None:
    holdings = {h.tradingsymbol: h for h in parse_holdings(guarded.holdings_raw())}
    assert set(holdings) == {"INFY", "SBIN", "RELIANCE"}
    assert holdings["INFY"].quantity == 10
    assert holdings["INFY"].average_price > 0


def test_funds_have_both_segments(guarded: GuardedGateway) -> None:
    funds = guarded.funds()
    assert [segment.segment for segment in funds.segments] == ["equity", "commodity"]
    equity = funds.segments[0]
    assert equity.available > 0
    assert equity.total == equity.available + equity.used
    calls = [record.call for record in guarded.journal.audit_records(10)]
    assert "funds" in calls


def test_an_intraday_buy_converts_to_delivery_and_the_write_is_kept_in_the_audit(
    exchange: PaperExchange,  # noqa: F811
    guarded: GuardedGateway,
) -> None:
    guarded.place(replace(INFY, product=Product.MIS, price=Decimal("1601.00"), tag=None))
    set_price(exchange, "INFY", 1600.0)
    (position,) = (p for p in parse_positions(guarded.positions_raw()) if p.tradingsymbol == "INFY")
    conversion = conversion_for(position, Product.CNC)
    assert conversion is not None

    assert guarded.convert_position(conversion) is True

    after = {p.key: p.quantity for p in parse_positions(guarded.positions_raw())}
    assert after == {"NSE:INFY:CNC": 5}
    kept = [(r.call, r.outcome) for r in guarded.journal.audit_records(10, routine=False)]
    assert ("convert_position", "ok") in kept
    with pytest.raises(BrokerError) as refused:  # nothing MIS is left to convert
        guarded.convert_position(conversion)
    assert "can be converted" in refused.value.user_message
