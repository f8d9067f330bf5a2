"""Bad values thrown at every route and field (issue 12): the paper exchange answers each with a 4xx envelope,
never a 500; refused requests leave the book as it was; and it keeps answering (each request has a client-side
timeout, so a request that froze the exchange fails the test without any timed assertion)."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kiteconnect import KiteConnect
from kiteconnect.exceptions import KiteException

from kiteticket.paper.exchange import PaperExchange
from kiteticket.paper.faults import KINDS
from tests.paper.conftest import config
from tests.paper.helpers import buy_limit, logged_in, set_price

TIMEOUT = 10  # seconds per request: far above any answer, far below the test's own timeout
FUZZ = settings(max_examples=120, suppress_health_check=[HealthCheck.function_scoped_fixture])

NASTY = ["1E+400000", "1e+1000000", "-1E+400000", "inf", "-Infinity", "NaN", "1_0", "١٢", "１２", "0x1F", "1" * 5000,
         "", " ", "-", ".", "1e", "null", "true", "[]", "{}", "\x00", "\u202e", "%00", "../../etc", "' OR 1=1 --",
         "-0", "-1", "0", "1.5.5", "9" * 40, "1e-400000"]  # fmt: skip
VALUES = st.one_of(st.sampled_from(NASTY), st.text(max_size=24), st.integers().map(str), st.floats().map(str))
PLACE_FIELDS = ["variety", "exchange", "tradingsymbol", "transaction_type", "quantity", "product", "order_type",
                "price", "trigger_price", "validity", "validity_ttl", "disclosed_quantity", "iceberg_legs",
                "iceberg_quantity", "market_protection", "auction_number", "autoslice", "tag"]  # fmt: skip
MODIFY_FIELDS = ["quantity", "price", "trigger_price", "order_type", "validity", "disclosed_quantity",
                 "market_protection", "parent_order_id"]  # fmt: skip
SDK_FIELDS = [name for name in PLACE_FIELDS if name not in ("variety", "autoslice")]  # what place_order() takes
VALID = {"exchange": "NSE", "tradingsymbol": "INFY", "transaction_type": "BUY", "quantity": "1", "product": "CNC",
         "order_type": "LIMIT", "price": "1450"}  # fmt: skip
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


class Bench:
    """One exchange for all examples: a resting order, a token, and the book as it stands."""

    def __init__(self, exchange: PaperExchange) -> None:
        self.exchange = exchange
        self.kite = logged_in(exchange)
        set_price(exchange, "INFY", 1500)
        self.resting = buy_limit(self.kite, 1450)
        self.session = requests.Session()
        self.session.headers.update(
            {"X-Kite-Version": "3", "Authorization": f"token {self.kite.api_key}:{self.kite.access_token}"}
        )
        self.book = self.orders()

    def orders(self) -> list[dict[str, Any]]:
        response = self.session.get(f"{self.exchange.root_url}/orders", timeout=TIMEOUT)
        assert response.status_code == 200, response.text
        return list(response.json()["data"])

    def send(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.session.request(method, f"{self.exchange.root_url}{path}", timeout=TIMEOUT, **kwargs)

    def judge(self, response: requests.Response) -> None:
        """A 4xx envelope that changed nothing, or a success (then the book may have changed: it is read again)."""
        assert response.status_code < 500, response.text
        assert response.headers["Content-Type"].startswith("application/json")
        body = response.json()
        if response.status_code >= 400:
            assert set(body) == {"status", "message", "data", "error_type"}
            assert body["status"] == "error"
            assert self.orders() == self.book
        else:
            self.book = self.orders()


@pytest.fixture(scope="module")
def bench() -> Iterator[Bench]:
    with PaperExchange(config()) as running:
        yield Bench(running)


def _segment(text: str) -> str:
    return quote(text, safe="")


@FUZZ
@given(changes=st.dictionaries(st.sampled_from(PLACE_FIELDS), VALUES, min_size=1, max_size=3))
def test_placements_with_bad_fields(bench: Bench, changes: dict[str, str]) -> None:
    variety = _segment(changes.pop("variety", "regular")) or "regular"
    bench.judge(bench.send("POST", f"/orders/{variety}", data={**VALID, **changes}))


@FUZZ
@given(changes=st.dictionaries(st.sampled_from(MODIFY_FIELDS), VALUES, min_size=1, max_size=3))
def test_modifications_with_bad_fields(bench: Bench, changes: dict[str, str]) -> None:
    bench.judge(bench.send("PUT", f"/orders/regular/{bench.resting}", data=changes))


@FUZZ
@given(first=VALUES, second=VALUES)
def test_bad_ids_varieties_segments_and_instruments(bench: Bench, first: str, second: str) -> None:
    one, two = _segment(first) or "x", _segment(second) or "y"
    bench.judge(bench.send("DELETE", f"/orders/{one}/{two}"))
    bench.judge(bench.send("GET", f"/orders/{one}"))
    bench.judge(bench.send("GET", f"/orders/{one}/trades"))
    bench.judge(bench.send("GET", f"/user/margins/{one}"))
    bench.judge(bench.send("GET", f"/instruments/trigger_range/{one}", params={"i": second}))
    for path in ("/quote", "/quote/ltp", "/quote/ohlc"):
        bench.judge(bench.send("GET", path, params={"i": [first, second]}))


@FUZZ
@given(first=VALUES, second=VALUES, third=VALUES)
def test_the_login_routes(bench: Bench, first: str, second: str, third: str) -> None:
    login = bench.send("GET", "/connect/login", params={"api_key": first, "redirect_params": second},
                       allow_redirects=False)  # fmt: skip
    if login.status_code != 302:  # a fuzzed api_key that happens to be right redirects, as Kite's would
        bench.judge(login)
    form = {"api_key": first, "request_token": second, "checksum": third}
    bench.judge(bench.send("POST", "/session/token", data=form))
    bench.judge(bench.send("DELETE", "/session/token", params={"api_key": first, "access_token": second}))


@FUZZ
@given(body=st.one_of(JSON_VALUES.map(json.dumps), st.sampled_from(NASTY), st.lists(
    st.fixed_dictionaries({}, optional={"exchange": VALUES, "tradingsymbol": VALUES, "quantity": VALUES | JSON_VALUES,
                                        "price": VALUES | JSON_VALUES, "product": VALUES, "transaction_type": VALUES}),
    max_size=3).map(json.dumps)))  # fmt: skip
def test_margin_and_charges_bodies(bench: Bench, body: str) -> None:
    for path in ("/margins/orders", "/margins/basket", "/charges/orders"):
        bench.judge(bench.send("POST", path, data=body.encode(), headers={"Content-Type": "application/json"}))


@FUZZ
@given(body=st.one_of(JSON_VALUES, st.fixed_dictionaries({}, optional={
    "exchange": VALUES | JSON_VALUES, "tradingsymbol": VALUES | JSON_VALUES,
    "last_price": st.sampled_from(NASTY) | JSON_VALUES})))  # fmt: skip
def test_admin_price_bodies(bench: Bench, body: Any) -> None:
    if isinstance(body, dict) and {"exchange", "tradingsymbol", "last_price"} <= set(body):
        body["last_price"] = -abs(body["last_price"]) if isinstance(body["last_price"], int | float) else "NaN"
    raw = json.dumps(body).replace('"NaN"', "NaN")
    response = bench.send("POST", "/_paper/price", data=raw, headers={"Content-Type": "application/json"})
    assert 400 <= response.status_code < 500, response.text
    bench.judge(response)


def _not_a_status(value: Any) -> bool:
    return not isinstance(value, int) or isinstance(value, bool) or not 400 <= value < 600


def _not_a_mode(value: Any) -> bool:
    return not isinstance(value, str) or value.strip().upper() not in ("OPEN", "CLOSED", "REAL")


BAD_FAULTS = st.one_of(
    st.fixed_dictionaries(
        {"kind": st.sampled_from(["http_5xx", "latency"]), "status": JSON_VALUES.filter(_not_a_status)}
    ),
    st.fixed_dictionaries({"kind": st.just("latency"), "latency_ms": st.integers().filter(lambda n: n > 60_000)}),
    st.fixed_dictionaries({"kind": VALUES.filter(lambda text: text not in KINDS)}),
)
OUTSIDE_YEARS = st.integers(1, 9999).filter(lambda year: not 2000 <= year < 2100)
BAD_CLOCKS = st.one_of(
    OUTSIDE_YEARS.map(lambda year: {"now": f"{year:04d}-06-01 10:00:00"}),
    st.fixed_dictionaries({"now": JSON_VALUES.filter(lambda value: not isinstance(value, str))}),
    st.fixed_dictionaries({"market": JSON_VALUES.filter(_not_a_mode)}),
)


@FUZZ
@given(action=st.sampled_from(["faults", "clock"]), data=st.data())
def test_admin_fault_and_clock_bodies(bench: Bench, action: str, data: st.DataObject) -> None:
    body = data.draw(BAD_FAULTS if action == "faults" else BAD_CLOCKS)
    core = bench.exchange.core
    before = (core.faults.describe(), core.clock.today(), core.clock.mode)
    sent = json.dumps(body)  # NaN and Infinity included, as a careless client would write them
    response = bench.send("POST", f"/_paper/{action}", data=sent, headers={"Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    assert (core.faults.describe(), core.clock.today(), core.clock.mode) == before
    bench.judge(response)


@FUZZ
@given(method=st.sampled_from(["POST", "PUT", "PATCH", "OPTIONS", "HEAD", "FOO", "GET"]),
       length=st.sampled_from(["abc", "-1", "١٢", "99999999999999", "1e3", "", "5000000000"]),
       extra=st.sampled_from(["", "Transfer-Encoding: chunked\r\n", "Content-Length: 3\r\n"]))  # fmt: skip
def test_malformed_http(bench: Bench, method: str, length: str, extra: str) -> None:
    parts = urlsplit(bench.exchange.root_url)
    head = f"{method} /orders/regular HTTP/1.1\r\nHost: x\r\nContent-Length: {length}\r\n{extra}\r\n"
    with socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT) as sock:
        sock.sendall(head.encode())
        reply = b""
        while b"\r\n\r\n" not in reply:
            chunk = sock.recv(65536)
            assert chunk, "the connection was dropped without an answer"
            reply += chunk
    status = int(reply.split(b" ", 2)[1])
    assert 400 <= status < 500, reply[:200]
    assert b"application/json" in reply.split(b"\r\n\r\n", 1)[0].lower()
    assert bench.orders() == bench.book


@FUZZ
@given(changes=st.dictionaries(st.sampled_from(SDK_FIELDS), VALUES, min_size=1, max_size=2))
def test_the_sdk_sees_only_4xx_exceptions(bench: Bench, changes: dict[str, str]) -> None:
    params: dict[str, Any] = {"variety": "regular", **VALID, **changes}
    refused: KiteException | None = None
    try:
        bench.kite.place_order(**params)
    except KiteException as error:
        refused = error
    if refused is None:
        bench.book = bench.orders()
        return
    assert refused.code < 500, refused
    assert bench.orders() == bench.book


def test_the_exchange_is_still_whole_afterwards(bench: Bench) -> None:
    kite: KiteConnect = bench.kite
    assert any(order["order_id"] == bench.resting for order in kite.orders())
    assert buy_limit(kite, 1451)
