"""KiteGateway against the paper exchange through the real SDK: every call the app makes, and every kind of
failure turned into a BrokerError that says whether an order could have gone through anyway."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kiteticket.broker.gateway import KiteGateway
from kiteticket.broker.instrument_cache import InstrumentCache
from kiteticket.broker.instrument_source import load_master
from kiteticket.broker.login import login_url, request_token_by_redirect
from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Variety
from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.order import AUTO_MARKET_PROTECTION, ModifyRequest, OrderRequest
from kiteticket.paper.exchange import PaperExchange
from tests.paper.conftest import config
from tests.paper.helpers import admin, set_price

INFY = OrderRequest(
    variety=Variety.REGULAR,
    exchange=Exchange.NSE,
    tradingsymbol="INFY",
    transaction_type=TransactionType.BUY,
    quantity=5,
    product=Product.CNC,
    order_type=OrderType.LIMIT,
    price=Decimal("1500.00"),
    tag="gw1",
)


@pytest.fixture
def exchange() -> Iterator[PaperExchange]:
    with PaperExchange(config()) as running:
        set_price(running, "INFY", 1600.0)
        yield running


def connect(exchange: PaperExchange, timeout: int | None = None) -> KiteGateway:
    gateway = KiteGateway.connect(exchange.api_key, "", root=exchange.root_url, timeout=timeout)
    url = login_url(exchange.api_key, base=f"{exchange.root_url}/connect/login")
    gateway.log_in(request_token_by_redirect(url), exchange.api_secret)
    return gateway


@pytest.fixture
def gateway(exchange: PaperExchange) -> KiteGateway:
    return connect(exchange)


def fault(exchange: PaperExchange, kind: str, path: str, method: str = "", **more: object) -> None:
    admin(exchange, "faults", {"kind": kind, "path": path, "method": method, "count": 1, **more})


def order_ids_tagged(gateway: KiteGateway, tag: str) -> list[str]:
    return [row["order_id"] for row in gateway.orders_raw() if row.get("tag") == tag]


def test_profile_after_the_login_flow(gateway: KiteGateway) -> None:
    profile = gateway.profile()
    assert profile.user_id
    assert "NSE" in profile.exchanges


def test_place_modify_cancel_and_read_back(gateway: KiteGateway) -> None:
    order_id = gateway.place(INFY).order_id
    assert order_ids_tagged(gateway, "gw1") == [order_id]
    gateway.modify(ModifyRequest(order_id=order_id, variety=Variety.REGULAR, price=Decimal("1505.00")))
    history = gateway.order_history_raw(order_id)
    assert history[-1]["price"] == 1505.0
    assert [step["status"] for step in history].count("MODIFY VALIDATION PENDING") == 1
    gateway.cancel(Variety.REGULAR, order_id)
    assert gateway.order_history_raw(order_id)[-1]["status"] == "CANCELLED"


def test_a_fill_shows_in_trades_and_positions(exchange: PaperExchange, gateway: KiteGateway) -> None:
    order_id = gateway.place(INFY).order_id
    set_price(exchange, "INFY", 1499.0)
    assert [trade["order_id"] for trade in gateway.order_trades_raw(order_id)] == [order_id]
    assert any(trade["order_id"] == order_id for trade in gateway.trades_raw())
    positions = gateway.positions_raw()
    assert any(row["tradingsymbol"] == "INFY" and row["quantity"] == 5 for row in positions["net"])


def test_quotes_and_margins(gateway: KiteGateway) -> None:
    quote = gateway.quotes(["NSE:INFY", "NSE:NOSUCHTHING"])["NSE:INFY"]
    assert quote.last_price == Decimal("1600")
    assert quote.bids
    assert quote.asks
    assert quote.lower_circuit < quote.last_price < quote.upper_circuit
    estimate = gateway.order_margin(INFY)
    assert estimate.required == Decimal("7500")  # CNC: the full value, 5 x 1500
    assert estimate.charges.total > 0
    # The funds the margin preview shows beside it: the segment's "net", as the RMS check compares with.
    assert gateway.available_funds("equity") == Decimal(str(gateway._kite.margins("equity")["net"])) > 0


def test_the_instrument_master_is_downloaded_once_a_day(gateway: KiteGateway, tmp_path: Path) -> None:
    cache = InstrumentCache(tmp_path)
    master = load_master(gateway, cache, date(2026, 11, 25))
    infy = master.get(Exchange.NSE, "INFY")
    assert infy is not None
    assert infy.tick_size > 0
    assert cache.load(date(2026, 11, 25)) is not None
    assert cache.load(date(2026, 11, 26)) is None


def test_refused_input_is_definite(gateway: KiteGateway) -> None:
    with pytest.raises(BrokerError) as caught:
        gateway.place(replace(INFY, price=Decimal("1500.03")))
    assert caught.value.kind is ErrorKind.INPUT
    assert caught.value.code == 400
    assert not caught.value.outcome_unknown
    assert "tick" in caught.value.message


def test_market_orders_without_protection_are_refused_as_kite_does(gateway: KiteGateway) -> None:
    with pytest.raises(BrokerError) as caught:
        gateway.place(replace(INFY, order_type=OrderType.MARKET, price=None))
    assert caught.value.kind is ErrorKind.INPUT
    assert "market protection" in caught.value.message.lower()
    order_id = gateway.place(
        replace(INFY, order_type=OrderType.MARKET, price=None, market_protection=AUTO_MARKET_PROTECTION)
    ).order_id
    assert order_ids_tagged(gateway, "gw1") == [order_id]


def test_an_expired_token_is_a_token_error(exchange: PaperExchange) -> None:
    stale = KiteGateway.connect(exchange.api_key, "not-a-token", root=exchange.root_url)
    with pytest.raises(BrokerError) as caught:
        stale.orders_raw()
    assert caught.value.kind is ErrorKind.TOKEN
    assert caught.value.code == 403


def test_a_dropped_reply_to_a_placement_is_outcome_unknown(exchange: PaperExchange, gateway: KiteGateway) -> None:
    fault(exchange, "drop_response", "/orders/regular", "POST")
    with pytest.raises(BrokerError) as caught:
        gateway.place(INFY)
    assert caught.value.outcome_unknown
    assert len(order_ids_tagged(gateway, "gw1")) == 1, "the order was placed although the reply was lost"


@pytest.mark.parametrize(
    ("kind", "extra", "expected"),
    [
        ("http_5xx", {"status": 503}, ErrorKind.NETWORK),
        ("http_5xx", {"status": 502}, ErrorKind.DATA),
        ("html_error", {}, ErrorKind.DATA),
        ("malformed_json", {}, ErrorKind.DATA),
        ("reset", {}, ErrorKind.NETWORK),
    ],
)
def test_server_trouble_on_a_write_is_outcome_unknown_and_on_a_read_is_transient(
    exchange: PaperExchange, gateway: KiteGateway, kind: str, extra: dict[str, object], expected: ErrorKind
) -> None:
    fault(exchange, kind, "/orders/regular", "POST", **extra)
    with pytest.raises(BrokerError) as write:
        gateway.place(INFY)
    assert write.value.kind is expected
    assert write.value.outcome_unknown
    fault(exchange, kind, "/orders", "GET", **extra)
    with pytest.raises(BrokerError) as read:
        gateway.orders_raw()
    assert read.value.kind is expected
    assert read.value.is_transient
    assert not read.value.outcome_unknown


def test_a_reply_later_than_the_timeout_is_a_timeout(exchange: PaperExchange) -> None:
    slow = connect(exchange, timeout=1)
    fault(exchange, "latency", "/orders/regular", "POST", latency_ms=1500)
    with pytest.raises(BrokerError) as caught:
        slow.place(INFY)
    assert caught.value.kind is ErrorKind.TIMEOUT
    assert caught.value.outcome_unknown


def test_too_many_requests_is_a_rate_limit_and_definite() -> None:
    with PaperExchange(config(rate_limit=True)) as exchange:
        gateway = connect(exchange)
        errors = []
        for number in range(30):
            try:
                gateway.place(replace(INFY, tag=f"burst{number}"))
            except BrokerError as error:
                errors.append(error)
        assert errors, "30 placements in a burst must exceed Kite's 10 orders a second"
        assert all(error.kind is ErrorKind.RATE_LIMIT and not error.outcome_unknown for error in errors)
        placed = [row for row in gateway.orders_raw() if str(row.get("tag", "")).startswith("burst")]
        assert len(placed) == 30 - len(errors)


def test_a_decimal_market_protection_travels_as_written(gateway: KiteGateway) -> None:
    request = replace(INFY, order_type=OrderType.MARKET, price=None, market_protection=Decimal("1.5"), tag="mp15")
    gateway.place(request)
    [row] = [row for row in gateway.orders_raw() if row.get("tag") == "mp15"]
    assert row["market_protection"] == 1.5
    assert row["tags"] == ["mp15", "mktp", "mktp:1.50"]
