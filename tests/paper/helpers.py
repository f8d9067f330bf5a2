"""Helpers for the paper exchange tests: logging in through the real SDK, the admin API, bounded waiting."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from kiteconnect import KiteConnect

from kiteticket.paper.exchange import PaperExchange


def login_redirect(exchange: PaperExchange, **params: str) -> dict[str, list[str]]:
    """GET the login URL as a browser would (without following the redirect) and read the redirect's query."""
    query = {"api_key": exchange.api_key, "v": "3", **params}
    response = requests.get(f"{exchange.root_url}/connect/login", params=query, allow_redirects=False, timeout=5)
    assert response.status_code == 302, response.text
    return parse_qs(urlsplit(response.headers["Location"]).query)


def request_token(exchange: PaperExchange) -> str:
    return login_redirect(exchange)["request_token"][0]


def logged_in(exchange: PaperExchange) -> KiteConnect:
    kite = KiteConnect(exchange.api_key, root=exchange.root_url)
    kite.generate_session(request_token(exchange), api_secret=exchange.api_secret)
    return kite


def admin(exchange: PaperExchange, action: str, body: Any) -> Any:
    response = requests.post(f"{exchange.root_url}/_paper/{action}", json=body, timeout=5)
    payload = response.json()
    assert response.status_code == 200, payload
    return payload["data"]


def set_price(exchange: PaperExchange, tradingsymbol: str, price: float, exchange_code: str = "NSE") -> None:
    admin(exchange, "price", {"exchange": exchange_code, "tradingsymbol": tradingsymbol, "last_price": price})


def raw(kite: KiteConnect, method: str, path: str, **kwargs: Any) -> requests.Response:
    """A request with the SDK's own session and headers, for checking whole envelopes."""
    headers = {"X-Kite-Version": "3", "Authorization": f"token {kite.api_key}:{kite.access_token}"}
    return kite.reqsession.request(method, f"{kite.root}{path}", headers=headers, timeout=5, **kwargs)


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Poll ``condition`` until it holds, for at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        pause.wait(0.05)


def statuses(kite: KiteConnect, order_id: str) -> list[str]:
    return [row["status"] for row in kite.order_history(order_id)]


def last(kite: KiteConnect, order_id: str) -> dict[str, Any]:
    return dict(kite.order_history(order_id)[-1])


def buy_limit(kite: KiteConnect, price: float, quantity: int = 1, **extra: object) -> str:
    """Place a BUY LIMIT CNC order for INFY on NSE through the SDK; returns the order id."""
    params = {
        "variety": "regular",
        "exchange": "NSE",
        "tradingsymbol": "INFY",
        "transaction_type": "BUY",
        "quantity": quantity,
        "product": "CNC",
        "order_type": "LIMIT",
        "price": price,
    }
    params.update(extra)
    return str(kite.place_order(**params))


def nearest_future(kite: KiteConnect, name: str = "NIFTY") -> dict[str, Any]:
    """The nearest-expiry future on ``name`` in the exchange's master (its symbols follow today's date)."""
    rows = [row for row in kite.instruments("NFO") if row["instrument_type"] == "FUT" and row["name"] == name]
    return min(rows, key=lambda row: row["expiry"])
