"""The admin API cannot be driven by a web page (Origin, Host, content type) and refuses impossible bodies with a
400 that changes nothing; the app's own calls (requests.post(json=…)) keep working."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from kiteconnect import KiteConnect

from kiteticket.paper.exchange import PaperExchange
from tests.paper.helpers import admin, set_price


def post(exchange: PaperExchange, action: str, body: str, **headers: str) -> requests.Response:
    """A POST with a body sent as written (so numbers such as 1E+400000 reach the server as text)."""
    sent = {"Content-Type": "application/json", **headers}
    return requests.post(f"{exchange.root_url}/_paper/{action}", data=body, headers=sent, timeout=5)


def state(exchange: PaperExchange, kite: KiteConnect) -> dict[str, Any]:
    core = exchange.core
    return {
        "ltp": kite.ltp("NSE:INFY"),
        "faults": core.faults.describe(),
        "market": core.clock.mode,
        "day": core.clock.today(),
        "orders": kite.orders(),
    }


@pytest.fixture
def before(exchange: PaperExchange, kite: KiteConnect) -> dict[str, Any]:
    set_price(exchange, "INFY", 1500)
    return state(exchange, kite)


PRICE = '{"exchange": "NSE", "tradingsymbol": "INFY", "last_price": 1600}'


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "https://evil.example"}, {"Origin": "null"}, {"Host": "evil.example"},
     {"Host": "127.0.0.1.evil.example:80"}],
)  # fmt: skip
def test_cross_origin_and_rebound_requests_get_403(
    exchange: PaperExchange, kite: KiteConnect, before: dict[str, Any], headers: dict[str, str]
) -> None:
    response = post(exchange, "price", PRICE, **headers)
    assert response.status_code == 403
    assert response.json()["error_type"] == "PermissionException"
    assert state(exchange, kite) == before


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data"])
def test_only_json_bodies_are_accepted(
    exchange: PaperExchange, kite: KiteConnect, before: dict[str, Any], content_type: str
) -> None:
    response = post(exchange, "reset", "{}", **{"Content-Type": content_type})
    assert response.status_code == 415
    assert response.json()["error_type"] == "InputException"
    assert state(exchange, kite) == before


BAD_BODIES = [
    ("price", '{"exchange": "NSE", "tradingsymbol": "INFY", "last_price": 1E+400000}'),
    ("price", '{"exchange": "NSE", "tradingsymbol": "INFY", "last_price": NaN}'),
    ("price", '{"exchange": "NSE", "tradingsymbol": "INFY", "last_price": -5}'),
    ("price", '{"exchange": "NSE", "tradingsymbol": "INFY", "last_price": true}'),
    ("price", '{"exchange": ["NSE"], "tradingsymbol": "INFY", "last_price": 1600}'),
    ("price", "[1, 2]"),
    ("clock", '{"now": "0001-01-01 10:00:00"}'),
    ("clock", '{"now": "9999-12-31 23:59:59"}'),
    ("clock", '{"now": 20261201}'),
    ("clock", '{"market": "closed", "now": "yesterday"}'),
    ("clock", '{"market": 7}'),
    ("faults", '{"kind": "http_5xx", "status": 99999}'),
    ("faults", '{"kind": "latency", "latency_ms": 1E+400000}'),
    ("faults", '{"kind": "latency", "latency_ms": "100"}'),
    ("faults", '{"kind": "latency", "count": true}'),
    ("faults", '{"kind": "latency", "count": 1.5}'),
    ("faults", '{"kind": "latency", "method": "BREW"}'),
    ("faults", '[{"kind": "latency"}, {"kind": "meteor"}]'),
    ("reset", "[]"),
    ("reset", '{"a": ' * 50 + "1" + "}" * 50),
]


@pytest.mark.parametrize(("action", "body"), BAD_BODIES)
def test_impossible_bodies_get_400_and_change_nothing(
    exchange: PaperExchange, kite: KiteConnect, before: dict[str, Any], action: str, body: str
) -> None:
    response = post(exchange, action, body)
    assert response.status_code == 400, response.text
    assert response.json()["error_type"] == "InputException"
    assert state(exchange, kite) == before


def test_the_apps_own_calls_still_work(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1600)
    assert kite.ltp("NSE:INFY")["NSE:INFY"]["last_price"] == 1600
    assert admin(exchange, "clock", {"now": "2026-12-01 10:00:00", "market": "open"})["market"] == "open"
    assert admin(exchange, "faults", [{"kind": "latency", "count": 2}]) == {
        "faults": [
            {"kind": "latency", "path": "", "method": "", "count": 2, "latency_ms": 0, "status": 503, "hold": False}
        ]
    }
    assert admin(exchange, "faults", {"clear": True}) == {"faults": []}
    assert admin(exchange, "reset", {}) is True
    localhost = requests.post(
        f"http://localhost:{exchange.root_url.rsplit(':', 1)[1]}/_paper/reset", json={}, timeout=5
    )
    assert localhost.status_code == 200
