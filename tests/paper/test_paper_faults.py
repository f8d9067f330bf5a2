"""Injected faults, as the SDK sees them."""

from __future__ import annotations

import threading
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


def wait_until_taken(exchange: PaperExchange) -> None:
    """Until the held request has taken its fault (the list is then empty): it is at the exchange, waiting."""
    deadline = time.monotonic() + 30
    while admin(exchange, "faults", []) != {"faults": []}:
        assert time.monotonic() < deadline, "the request never reached the exchange"


def test_a_held_request_waits_for_release_and_is_carried_out_only_then(
    exchange: PaperExchange, kite: KiteConnect
) -> None:
    set_price(exchange, "INFY", 1700)
    # The first placement goes through; the second is held until released.
    admin(exchange, "faults", [
        {"kind": "latency", "path": "/orders/regular", "method": "POST", "count": 1},
        {"kind": "latency", "path": "/orders/regular", "method": "POST", "hold": True},
    ])  # fmt: skip
    buy_limit(kite, 1600, tag="first")
    placed: list[str] = []
    held = threading.Thread(target=lambda: placed.append(buy_limit(kite, 1600, tag="held")))
    held.start()
    wait_until_taken(exchange)
    exchange_kite = KiteConnect(api_key=kite.api_key, access_token=kite.access_token, root=kite.root)
    # Not carried out, however long we look: the held request waits before the exchange reads it.
    assert [row["tag"] for row in exchange_kite.orders()] == ["first"]

    admin(exchange, "faults", {"release": True})
    held.join(timeout=30)

    assert not held.is_alive()
    assert [row["tag"] for row in exchange_kite.orders()] == ["first", "held"]
    assert admin(exchange, "faults", {"clear": True}) == {"faults": []}


def test_a_held_rate_limit_refusal_comes_after_release(exchange: PaperExchange, kite: KiteConnect) -> None:
    fault(exchange, kind="http_5xx", status=429, path="/user/profile", hold=True)
    refused: list[BaseException] = []

    def call() -> None:
        try:
            kite.profile()
        except Exception as error:  # the SDK's exception, kept for the assertion below
            refused.append(error)

    held = threading.Thread(target=call)
    held.start()
    admin(exchange, "faults", {"release": True})
    held.join(timeout=30)

    assert [getattr(error, "code", None) for error in refused] == [429]
