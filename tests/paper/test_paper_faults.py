"""Injected faults, as the SDK sees them."""

from __future__ import annotations

import time

import pytest
import requests
from kiteconnect import KiteConnect
from kiteconnect.exceptions import DataException, NetworkException

from kiteticket.paper.exchange import PaperExchange
from tests.paper.helpers import admin, buy_limit, set_price


def fault(exchange: PaperExchange, **spec: object) -> None:
    admin(exchange, "faults", spec)


def test_latency(exchange: PaperExchange, kite: KiteConnect) -> None:
    fault(exchange, kind="latency", latency_ms=300, path="/user/profile")
    started = time.monotonic()
    kite.profile()
    assert time.monotonic() - started >= 0.3


def test_5xx_is_a_kite_envelope(exchange: PaperExchange, kite: KiteConnect) -> None:
    fault(exchange, kind="http_5xx", status=503, path="/orders")
    with pytest.raises(NetworkException) as caught:
        kite.orders()
    assert caught.value.code == 503
    assert kite.orders() == []  # count 1: the next call works


def test_malformed_json(exchange: PaperExchange, kite: KiteConnect) -> None:
    fault(exchange, kind="malformed_json")
    with pytest.raises(DataException, match="Couldn't parse the JSON response"):
        kite.profile()


def test_html_error_page(exchange: PaperExchange, kite: KiteConnect) -> None:
    fault(exchange, kind="html_error")
    with pytest.raises(DataException, match="Unknown Content-Type"):
        kite.profile()


def test_reset_connection(exchange: PaperExchange, kite: KiteConnect) -> None:
    fault(exchange, kind="reset", path="/orders", method="POST")
    with pytest.raises(requests.exceptions.ConnectionError):
        buy_limit(kite, 1600)
    assert kite.orders() == []  # nothing was placed


def test_drop_response_places_the_order_anyway(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    fault(exchange, kind="drop_response", path="/orders/regular", method="POST")
    with pytest.raises(requests.exceptions.ConnectionError):
        buy_limit(kite, 1600, tag="retry1")
    assert [row["tag"] for row in kite.orders()] == ["retry1"]


def test_faults_persist_with_count_minus_one_until_cleared(exchange: PaperExchange, kite: KiteConnect) -> None:
    fault(exchange, kind="http_5xx", status=502, count=-1, path="/user/profile")
    for _ in range(3):
        with pytest.raises(DataException):
            kite.profile()
    assert admin(exchange, "faults", {"clear": True}) == {"faults": []}
    assert kite.profile()


def test_a_fault_needs_a_known_kind(exchange: PaperExchange) -> None:
    response = requests.post(f"{exchange.root_url}/_paper/faults", json={"kind": "meteor"}, timeout=5)
    assert response.status_code == 400
    assert response.json()["error_type"] == "InputException"


def test_admin_reset_starts_a_fresh_account(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    buy_limit(kite, 1700)
    assert admin(exchange, "reset", {}) is True
    assert kite.orders() == []  # the session outlives the reset
    assert kite.positions() == {"net": [], "day": []}
    assert {row["tradingsymbol"] for row in kite.holdings()} == {"INFY", "SBIN", "RELIANCE"}


def test_admin_rejects_unknown_actions(exchange: PaperExchange) -> None:
    response = requests.post(f"{exchange.root_url}/_paper/nothing", json={}, timeout=5)
    assert response.status_code == 404
    bad_clock = requests.post(f"{exchange.root_url}/_paper/clock", json={"now": "tomorrow"}, timeout=5)
    assert bad_clock.status_code == 400


def test_a_fault_count_must_be_positive_or_minus_one(exchange: PaperExchange) -> None:
    response = requests.post(f"{exchange.root_url}/_paper/faults", json={"kind": "reset", "count": 0}, timeout=5)
    assert response.status_code == 400
