"""GTT calls through GuardedGateway and the real SDK against the paper exchange: place, list, modify, delete, the
audit trail of each, a trigger that places a real order, and the static-IP refusal recognised as for orders."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from kiteticket.broker.gateway import KiteGateway
from kiteticket.broker.guarded import GuardedGateway
from kiteticket.broker.journal import Journal
from kiteticket.broker.login import login_url, request_token_by_redirect
from kiteticket.domain.enums import Exchange, Product, TransactionType
from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.gtt import GttStatus, GttType
from kiteticket.domain.gtt_row import parse_gtts
from kiteticket.domain.gtt_rules import GttDraft, build_request
from kiteticket.domain.gtt_validation import problems
from kiteticket.paper.exchange import PaperExchange
from tests.paper.conftest import config
from tests.paper.helpers import set_price

D = Decimal
SELL_OCO = GttDraft(
    type=GttType.OCO,
    exchange=Exchange.NSE,
    tradingsymbol="INFY",
    transaction_type=TransactionType.SELL,
    product=Product.CNC,
    quantity=2,
    last_price=D("1600"),
    stoploss_trigger=D("1520"),
    stoploss_price=D("1515"),
    target_trigger=D("1700"),
    target_price=D("1699"),
)


def guarded(exchange: PaperExchange, journal: Journal) -> GuardedGateway:
    gateway = GuardedGateway(KiteGateway.connect(exchange.api_key, "", root=exchange.root_url), journal)
    url = login_url(exchange.api_key, base=f"{exchange.root_url}/connect/login")
    gateway.log_in(request_token_by_redirect(url), exchange.api_secret)
    return gateway


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    opened = Journal(tmp_path / "journal.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def exchange() -> Iterator[PaperExchange]:
    with PaperExchange(config()) as running:
        set_price(running, "INFY", 1600.0)
        yield running


def test_place_list_modify_and_delete_each_audited(exchange: PaperExchange, journal: Journal) -> None:
    gateway = guarded(exchange, journal)
    assert problems(SELL_OCO) == ()
    trigger_id = gateway.place_gtt(build_request(SELL_OCO))
    (row,) = parse_gtts(gateway.gtts_raw())
    assert (row.trigger_id, row.status, row.type) == (trigger_id, GttStatus.ACTIVE, GttType.OCO)
    assert [line.trigger for line in row.orders] == [D("1520"), D("1700")]
    assert [line.price for line in row.orders] == [D("1515"), D("1699")]

    assert gateway.modify_gtt(trigger_id, build_request(replace(SELL_OCO, target_trigger=D("1750")))) == trigger_id
    (row,) = parse_gtts(gateway.gtts_raw())
    assert row.orders[1].trigger == D("1750")
    assert gateway.delete_gtt(trigger_id) == trigger_id
    assert gateway.gtts_raw() == []

    audited = {record.call: record for record in journal.audit_records()}
    for call in ("place_gtt", "modify_gtt", "delete_gtt", "gtts_raw"):
        assert audited[call].outcome == "ok", call
    assert audited["place_gtt"].target == "POST /gtt/triggers"
    assert '"trigger_values": [1520.0, 1700.0]' in audited["place_gtt"].params
    assert audited["delete_gtt"].detail == f"GTT {trigger_id}"
    kept = [record.call for record in journal.audit_records(routine=False)]
    assert sorted(kept) == ["delete_gtt", "log_in", "modify_gtt", "place_gtt"], "writes are kept; reads are routine"


def test_a_trigger_the_market_crosses_places_a_real_order(exchange: PaperExchange, journal: Journal) -> None:
    gateway = guarded(exchange, journal)
    trigger_id = gateway.place_gtt(build_request(SELL_OCO))
    set_price(exchange, "INFY", 1705.0)
    (row,) = parse_gtts(gateway.gtts_raw())
    assert (row.trigger_id, row.status) == (trigger_id, GttStatus.TRIGGERED)
    (order_id,) = row.placed_order_ids
    order = next(order for order in gateway.orders_raw() if order["order_id"] == order_id)
    assert (order["transaction_type"], order["quantity"], order["price"]) == ("SELL", 2, 1699)


def test_a_refused_modify_of_a_triggered_gtt_is_an_input_error(exchange: PaperExchange, journal: Journal) -> None:
    gateway = guarded(exchange, journal)
    trigger_id = gateway.place_gtt(build_request(SELL_OCO))
    set_price(exchange, "INFY", 1705.0)
    with pytest.raises(BrokerError) as refused:
        gateway.modify_gtt(trigger_id, build_request(SELL_OCO))
    assert refused.value.kind is ErrorKind.INPUT
    assert not refused.value.outcome_unknown
    assert "Only an active GTT can be modified" in refused.value.message
    failed = [record for record in journal.audit_records() if record.call == "modify_gtt"]
    assert [record.outcome for record in failed] == ["error"]


def test_gtt_writes_from_an_unregistered_address_are_recognised_as_the_ip_refusal(journal: Journal) -> None:
    with PaperExchange(config(registered_ips=("192.0.2.10",))) as running:
        set_price(running, "INFY", 1600.0)
        gateway = guarded(running, journal)
        refusals: list[bool] = []
        gateway.watch_route(refusals.append)
        for write in (
            lambda: gateway.place_gtt(build_request(SELL_OCO)),
            lambda: gateway.modify_gtt("1", build_request(SELL_OCO)),
            lambda: gateway.delete_gtt("1"),
        ):
            with pytest.raises(BrokerError) as refused:
                write()
            assert refused.value.kind is ErrorKind.IP_NOT_REGISTERED
            assert not refused.value.outcome_unknown
        assert refusals == [True, True, True], "the route watchers hear of it, as for a refused order"
        assert gateway.gtts_raw() == [], "the list is a read: it works from any address, and nothing was placed"


def test_gtt_writes_share_the_budget_of_other_endpoints_as_kite_counts_them(journal: Journal) -> None:
    # Kite (and the paper exchange) count /gtt/ with "all other endpoints", 10 a second, not with /orders: a GTT
    # sent right after a second's ten reads waits for a slot instead of drawing a 429.
    with PaperExchange(config(rate_limit=True)) as exchange:
        set_price(exchange, "INFY", 1600.0)
        limited_gtt_writes(guarded(exchange, journal))
    assert [record.outcome for record in journal.audit_records() if record.outcome != "ok"] == []


def limited_gtt_writes(gateway: GuardedGateway) -> None:
    for _ in range(10):
        gateway.gtts_raw()
    trigger_id = gateway.place_gtt(build_request(SELL_OCO))
    for _ in range(9):
        gateway.gtts_raw()
    assert gateway.delete_gtt(trigger_id) == trigger_id


def test_a_burst_of_gtt_writes_from_three_threads_never_draws_a_429(tmp_path: Path) -> None:
    """The paper exchange answers 429 beyond 10 requests in any second outside orders, quotes and candles (GTT
    writes and reads among them); the gateway's slots keep to it, reads in between included."""
    with PaperExchange(config(rate_limit=True)) as running:
        set_price(running, "INFY", 1600.0)
        journal = Journal(tmp_path / "burst.sqlite3")
        gateway = guarded(running, journal)
        errors: list[BaseException] = []

        def write_and_read() -> None:
            for _ in range(4):
                try:
                    gateway.delete_gtt(gateway.place_gtt(build_request(SELL_OCO)))
                    gateway.gtts_raw()
                except BrokerError as error:
                    errors.append(error)

        workers = [threading.Thread(target=write_and_read) for _ in range(3)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=30)
        assert errors == []
        assert gateway.gtts_raw() == []
        writes = [record for record in journal.audit_records() if record.call in ("place_gtt", "delete_gtt")]
        assert len(writes) == 24
        assert sum(record.call == "gtts_raw" for record in journal.audit_records()) >= 12
        journal.close()
