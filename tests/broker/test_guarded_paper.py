"""GuardedGateway against the paper exchange through the real SDK: the journal row exists before the order is
sent, a lost reply leaves it "unknown" with its tag, a burst never draws a 429, and no secret reaches the file."""

from __future__ import annotations

import json
import sqlite3
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
from kiteticket.domain.audit import PlacementState
from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.order import ModifyRequest
from kiteticket.paper.exchange import PaperExchange
from tests.broker.test_gateway_paper import INFY, fault, order_ids_tagged
from tests.paper.conftest import config
from tests.paper.helpers import set_price, wait_until

API_KEY = "kx9apikey123"
API_SECRET = "sx9secret456"


@pytest.fixture
def exchange() -> Iterator[PaperExchange]:
    with PaperExchange(config(api_key=API_KEY, api_secret=API_SECRET)) as running:
        set_price(running, "INFY", 1600.0)
        yield running


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    opened = Journal(tmp_path / "journal.sqlite3")
    yield opened
    opened.close()


def guarded(exchange: PaperExchange, journal: Journal, timeout: int | None = None) -> GuardedGateway:
    gateway = GuardedGateway(
        KiteGateway.connect(exchange.api_key, "", root=exchange.root_url, timeout=timeout), journal
    )
    url = login_url(exchange.api_key, base=f"{exchange.root_url}/connect/login")
    gateway.log_in(request_token_by_redirect(url), exchange.api_secret)
    return gateway


def test_a_placement_is_journalled_before_it_is_sent(exchange: PaperExchange, journal: Journal) -> None:
    gateway = guarded(exchange, journal)
    fault(exchange, "latency", "/orders/regular", "POST", latency_ms=1500)
    order = replace(INFY, tag="slow1")
    placing = threading.Thread(target=gateway.place, args=(order,))
    placing.start()
    wait_until(lambda: journal.placement("slow1") is not None)
    assert placing.is_alive(), "the row must exist while the request is still out"
    in_flight = journal.placement("slow1")
    assert in_flight is not None
    assert in_flight.state is PlacementState.SENDING
    placing.join(timeout=10)
    settled = journal.placement("slow1")
    assert settled is not None
    assert settled.state is PlacementState.PLACED
    assert [settled.order_id] == order_ids_tagged(gateway, "slow1")


def test_a_lost_reply_leaves_the_placement_unknown_with_its_tag(exchange: PaperExchange, journal: Journal) -> None:
    gateway = guarded(exchange, journal)
    fault(exchange, "drop_response", "/orders/regular", "POST")
    with pytest.raises(BrokerError) as caught:
        gateway.place(replace(INFY, tag="lost1"))
    assert caught.value.outcome_unknown
    entry = journal.placement("lost1")
    assert entry is not None
    assert entry.state is PlacementState.UNKNOWN
    assert json.loads(entry.request)["tag"] == "lost1"
    assert [entry.tag for entry in journal.open_placements()] == ["lost1"]
    assert len(order_ids_tagged(gateway, "lost1")) == 1
    [audit] = [record for record in journal.audit_records() if record.call == "place"]
    assert (audit.outcome, audit.target) == ("unknown", "POST /orders/regular")


def test_a_refusal_is_journalled_as_rejected_and_an_untagged_order_gets_a_tag(
    exchange: PaperExchange, journal: Journal
) -> None:
    gateway = guarded(exchange, journal)
    with pytest.raises(BrokerError):
        gateway.place(replace(INFY, tag="bad1", price=Decimal("1500.03")))
    refused = journal.placement("bad1")
    assert refused is not None
    assert refused.state is PlacementState.REJECTED
    assert "tick" in refused.message
    result = gateway.place(replace(INFY, tag=None))
    [entry] = [p for p in journal.placements() if p.order_id == result.order_id]
    assert entry.tag
    assert entry.state is PlacementState.PLACED


def test_every_call_is_audited(exchange: PaperExchange, journal: Journal) -> None:
    gateway = guarded(exchange, journal)
    order_id = gateway.place(INFY).order_id
    gateway.modify(ModifyRequest(order_id=order_id, variety=INFY.variety, price=INFY.price))
    gateway.orders_raw()
    gateway.quotes(["NSE:INFY"])
    gateway.cancel(INFY.variety, order_id)
    calls = [record.call for record in reversed(journal.audit_records())]
    assert calls == ["log_in", "place", "modify", "orders_raw", "quotes", "cancel"]
    assert all(record.duration_ms >= 0 for record in journal.audit_records())


def test_a_burst_of_30_placements_stays_within_kites_limits(tmp_path: Path) -> None:
    """The paper exchange answers 429 beyond 10 order writes (and 10 reads) in any second; nothing here may."""
    with PaperExchange(config(rate_limit=True)) as exchange:
        set_price(exchange, "INFY", 1600.0)
        journal = Journal(tmp_path / "burst.sqlite3")
        gateway = guarded(exchange, journal)
        errors: list[BaseException] = []

        def place_ten(worker: int) -> None:
            for number in range(10):
                try:
                    gateway.place(replace(INFY, tag=f"burst{worker}x{number}"))
                    gateway.orders_raw()
                except BrokerError as error:
                    errors.append(error)

        workers = [threading.Thread(target=place_ten, args=(worker,)) for worker in range(3)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=30)
        assert errors == []
        placed = [row for row in gateway.orders_raw() if str(row.get("tag", "")).startswith("burst")]
        assert len(placed) == 30
        journal.close()


def test_a_429_from_elsewhere_is_reported_and_backs_the_budget_off(exchange: PaperExchange, journal: Journal) -> None:
    gateway = guarded(exchange, journal)
    fault(exchange, "http_5xx", "/orders", "GET", status=429)
    with pytest.raises(BrokerError) as caught:
        gateway.orders_raw()
    assert caught.value.kind is ErrorKind.RATE_LIMIT
    assert "slows down" in caught.value.user_message
    before = gateway._limiter.waited_seconds
    gateway.orders_raw()  # waits out the backoff (one second) instead of drawing another 429
    assert gateway._limiter.waited_seconds - before > 0.5


def test_no_secret_is_ever_written_down(exchange: PaperExchange, journal: Journal, tmp_path: Path) -> None:
    gateway = GuardedGateway(KiteGateway.connect(exchange.api_key, "", root=exchange.root_url), journal)
    request_token = request_token_by_redirect(login_url(exchange.api_key, base=f"{exchange.root_url}/connect/login"))
    gateway.log_in(request_token, exchange.api_secret)
    gateway.place(INFY)
    gateway.orders_raw()
    access_token = gateway._inner._kite.access_token
    stale = GuardedGateway(KiteGateway.connect(exchange.api_key, "not-a-token", root=exchange.root_url), journal)
    stale.use_token("stale-token-secret")
    with pytest.raises(BrokerError):
        stale.orders_raw()
    journal.close()
    secrets = [API_KEY, API_SECRET, access_token, request_token, "stale-token-secret"]
    database = sqlite3.connect(tmp_path / "journal.sqlite3")
    text = "\n".join(
        repr(row) for table in ("placements", "audit") for row in database.execute(f"SELECT * FROM {table}")
    )
    database.close()
    assert "log_in" in text
    for secret in secrets:
        assert secret not in text
    for file in tmp_path.glob("journal.sqlite3*"):
        raw = file.read_bytes()
        for secret in secrets:
            assert secret.encode() not in raw, f"{secret!r} is in {file.name}"


def test_an_order_that_cannot_be_journalled_is_not_sent(exchange: PaperExchange, tmp_path: Path) -> None:
    journal = Journal(tmp_path / "broken.sqlite3")
    gateway = guarded(exchange, journal)
    journal.close()  # as good as a full disk: nothing can be written down
    with pytest.raises(BrokerError) as caught:
        gateway.place(replace(INFY, tag="unjournalled"))
    assert caught.value.kind is ErrorKind.CONFIG
    assert not caught.value.outcome_unknown
    assert caught.value.message.startswith("Not sent: the order could not be written to the local journal first")
    assert order_ids_tagged(gateway, "unjournalled") == [], "nothing reached the exchange"
    assert gateway.audit_failures > 0, "reads go on without their audit rows"
