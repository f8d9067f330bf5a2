"""The chart's candles and the mutual fund calls through GuardedGateway, against the paper exchange through the real
SDK: each call audited, writes counted as writes, and an MF order whose reply was lost found again by its tag."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kiteticket.broker.guarded import GuardedGateway
from kiteticket.broker.journal import Journal
from kiteticket.domain.candles import Interval, history_window
from kiteticket.domain.errors import BrokerError
from kiteticket.domain.mf_rules import MfOrderRequest, MfSipChange, MfSipRequest
from kiteticket.domain.mutual_funds import SipFrequency, SipStatus
from kiteticket.paper.exchange import PaperExchange
from tests.broker.test_gateway_paper import fault
from tests.broker.test_guarded_paper import guarded
from tests.paper.conftest import config
from tests.paper.helpers import admin, set_price

INFY_TOKEN = 408065
FUND = "INF179K01VY8"  # HDFC Balanced Advantage: ₹1,000 first purchase, ₹500 after


@pytest.fixture
def exchange() -> Iterator[PaperExchange]:
    with PaperExchange(config()) as running:
        set_price(running, "INFY", 1600.0)
        yield running


@pytest.fixture
def gateway(exchange: PaperExchange, tmp_path: Path) -> Iterator[GuardedGateway]:
    journal = Journal(tmp_path / "journal.sqlite3")
    yield guarded(exchange, journal)
    journal.close()


def audited(gateway: GuardedGateway, *, writes_only: bool = False) -> list[tuple[str, str, str]]:
    gateway.journal.flush()
    rows = gateway.journal.audit_records(routine=not writes_only)
    return [(row.call, row.target, row.outcome) for row in reversed(rows)]


def test_candles_come_from_the_historical_route_in_their_own_budget(
    exchange: PaperExchange, gateway: GuardedGateway
) -> None:
    # A Friday in session, whatever the wall clock says: run between midnight IST and the open, the
    # day had no candle yet and the last one was the previous session's.
    admin(exchange, "clock", {"now": "2026-12-04 11:00:00"})
    set_price(exchange, "INFY", 1600.0)
    start, end = history_window(Interval.FIVE_MINUTES, date(2026, 12, 4))
    candles = gateway.historical_candles(INFY_TOKEN, Interval.FIVE_MINUTES, start, end)
    assert len(candles) > 10
    assert all(c.start.minute % 5 == 0 and c.low <= c.open <= c.high for c in candles)
    assert candles[-1].close == Decimal(1600)  # today's last candle closes at the last price
    assert ("historical_candles", f"GET /instruments/historical/{INFY_TOKEN}/5minute", "ok") in audited(gateway)


def test_an_mf_order_is_placed_listed_and_cancelled_each_write_in_the_audit_log(gateway: GuardedGateway) -> None:
    schemes = {scheme.tradingsymbol: scheme for scheme in gateway.mf_schemes()}
    assert schemes[FUND].minimum_purchase == 1000
    order_id = gateway.place_mf_order(MfOrderRequest(FUND, "BUY", amount=Decimal(5000)))
    (order,) = [o for o in gateway.mf_orders() if o.order_id == order_id]
    assert (order.status, order.amount, order.tag[:2]) == ("OPEN", 5000, "kt")  # tagged by the gateway
    gateway.cancel_mf_order(order_id)
    assert [o.status for o in gateway.mf_orders() if o.order_id == order_id] == ["CANCELLED"]
    assert [call for call, _target, _outcome in audited(gateway, writes_only=True)][-2:] == [
        "place_mf_order", "cancel_mf_order"
    ]  # fmt: skip


def test_a_sip_is_set_up_paused_and_cancelled(gateway: GuardedGateway) -> None:
    sip_id = gateway.place_mf_sip(MfSipRequest(FUND, Decimal(500), SipFrequency.MONTHLY, 12, instalment_day=5))
    gateway.modify_mf_sip(MfSipChange(sip_id, Decimal(700), SipStatus.PAUSED, 12, SipFrequency.MONTHLY, 5))
    (sip,) = [s for s in gateway.mf_sips() if s.sip_id == sip_id]
    assert (sip.status, sip.amount, sip.instalment_day) == ("PAUSED", 700, 5)
    gateway.cancel_mf_sip(sip_id)
    assert [s.status for s in gateway.mf_sips() if s.sip_id == sip_id] == ["CANCELLED"]
    assert gateway.mf_holdings() == ()  # nothing has settled yet


def test_an_mf_order_whose_reply_was_lost_is_found_by_its_tag(gateway: GuardedGateway, exchange: PaperExchange) -> None:
    fault(exchange, "drop_response", "/mf/orders", "POST")
    with pytest.raises(BrokerError) as raised:
        gateway.place_mf_order(MfOrderRequest(FUND, "BUY", amount=Decimal(2000), tag="lost1"))
    assert raised.value.outcome_unknown
    assert [o.amount for o in gateway.mf_orders() if o.tag == "lost1"] == [2000]
    assert audited(gateway, writes_only=True)[-1] == ("place_mf_order", "POST /mf/orders", "unknown")


def test_a_refused_mf_order_says_why(gateway: GuardedGateway) -> None:
    with pytest.raises(BrokerError) as raised:
        gateway.place_mf_order(MfOrderRequest(FUND, "SELL", units=Decimal(1)))
    assert "redeem at most" in raised.value.message
    assert not raised.value.outcome_unknown
