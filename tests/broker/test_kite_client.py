"""broker.kite_client: the SDK's client with orjson reading the replies, against the paper exchange beside the
plain SDK. Every reply reads the same, and every failure (Kite's error envelopes, bodies that are not JSON) raises
the same exception with the same message."""

from __future__ import annotations

import gzip
import math
import threading
from collections.abc import Callable, Iterator
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import orjson
import pytest
import requests
from kiteconnect import KiteConnect
from kiteconnect import exceptions as ex

from kiteticket.broker.gateway import KiteGateway
from kiteticket.broker.kite_client import JsonResponse, KiteClient, decode_with_orjson
from kiteticket.broker.proxy_route import RoutedSession
from kiteticket.paper.exchange import PaperExchange
from tests.paper.conftest import config
from tests.paper.helpers import admin, logged_in, set_price


@pytest.fixture
def exchange() -> Iterator[PaperExchange]:
    with PaperExchange(config()) as running:
        set_price(running, "INFY", 1600.0)
        yield running


@pytest.fixture
def clients(exchange: PaperExchange) -> Iterator[tuple[KiteConnect, KiteClient, list[requests.Response]]]:
    """The plain SDK and ours on one session; the replies ours received, as its session handed them over."""
    plain = logged_in(exchange)
    ours = KiteClient(exchange.api_key, access_token=plain.access_token, root=exchange.root_url)
    replies: list[requests.Response] = []
    ours.reqsession.hooks["response"].append(lambda reply, *_args, **_kwargs: replies.append(reply))
    yield plain, ours, replies
    plain.reqsession.close()
    ours.reqsession.close()


def _place(kite: KiteConnect, price: float) -> str:
    order_id = kite.place_order(
        variety="regular", exchange="NSE", tradingsymbol="INFY", transaction_type="BUY", quantity=1,
        product="CNC", order_type="LIMIT", price=price, tag="orjson",
    )  # fmt: skip
    return str(order_id)


def _failure(call: Callable[[], Any]) -> tuple[type[BaseException], str, int | None]:
    with pytest.raises(Exception) as raised:  # noqa: PT011 - which one is what the test compares
        call()
    return type(raised.value), str(raised.value), getattr(raised.value, "code", None)


def test_replies_read_as_the_sdk_reads_them_through_orjson(
    clients: tuple[KiteConnect, KiteClient, list[requests.Response]],
) -> None:
    plain, ours, replies = clients
    placed = [_place(plain, 1500.0 + step) for step in range(3)]
    assert _place(ours, 1490.55) not in placed
    assert ours.orders() == plain.orders()
    assert ours._get("orders") == plain._get("orders")
    assert ours.profile() == plain.profile()
    assert ours.order_history(placed[0]) == plain.order_history(placed[0])
    assert replies
    assert all(isinstance(reply, JsonResponse) for reply in replies)


def test_kites_error_envelopes_raise_as_the_sdk_raises(
    exchange: PaperExchange, clients: tuple[KiteConnect, KiteClient, list[requests.Response]]
) -> None:
    plain, ours, _replies = clients
    refused = [_failure(partial(kite.order_history, "no-such-order")) for kite in (plain, ours)]
    assert refused[0] == refused[1]
    for _kite in (plain, ours):
        admin(exchange, "faults", {"kind": "http_5xx", "status": 503, "path": "/orders", "method": "GET", "count": 1})
    unavailable = [_failure(kite.orders) for kite in (plain, ours)]
    assert unavailable[0] == unavailable[1]
    assert unavailable[1][:1] == (ex.NetworkException,)


def test_an_expired_token_raises_and_calls_the_session_hook_as_the_sdk_does(exchange: PaperExchange) -> None:
    expired: list[str] = []
    kites = [
        KiteConnect(exchange.api_key, access_token="expired", root=exchange.root_url),
        KiteClient(exchange.api_key, access_token="expired", root=exchange.root_url),
    ]
    for kite in kites:
        kite.set_session_expiry_hook(lambda kite=kite: expired.append(type(kite).__name__))
    failures = [_failure(kite.orders) for kite in kites]
    assert failures[0] == failures[1]
    assert failures[1][0] is ex.TokenException
    assert expired == ["KiteConnect", "KiteClient"]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("html_error", "Unknown Content-Type"), ("malformed_json", "Couldn't parse the JSON response")],
)
def test_a_body_that_is_not_json_fails_as_the_sdk_fails(
    exchange: PaperExchange, clients: tuple[KiteConnect, KiteClient, list[requests.Response]], kind: str, expected: str
) -> None:
    plain, ours, _replies = clients
    for _kite in (plain, ours):
        admin(exchange, "faults", {"kind": kind, "path": "/orders", "method": "GET", "count": 1})
    failures = [_failure(kite.orders) for kite in (plain, ours)]
    assert failures[0] == failures[1]
    assert failures[1][0] is ex.DataException
    assert expected in failures[1][1]


def _reply(body: bytes, content_type: str) -> JsonResponse:
    """A reply as requests' adapter builds one, for bodies the paper exchange never sends."""
    reply = JsonResponse()
    reply._content = body
    reply.headers["content-type"] = content_type
    reply.encoding = requests.utils.get_encoding_from_headers(reply.headers)
    return reply


def test_what_orjson_refuses_is_read_by_requests_as_before() -> None:
    assert math.isnan(_reply(b'{"price": NaN}', "application/json").json()["price"])  # Python's json allows NaN
    latin = '{"name": "Société"}'.encode("latin-1")
    assert _reply(latin, "application/json; charset=ISO-8859-1").json() == {"name": "Société"}
    with pytest.raises(requests.exceptions.JSONDecodeError):
        _reply(b"", "application/json").json()


def test_a_session_set_later_reads_with_orjson_too(exchange: PaperExchange) -> None:
    gateway = KiteGateway.connect(exchange.api_key, logged_in(exchange).access_token, root=exchange.root_url)
    gateway.use_route(None)
    session = gateway._kite.reqsession
    assert isinstance(session, RoutedSession)
    replies: list[requests.Response] = []
    session.hooks["response"].append(lambda reply, *_args, **_kwargs: replies.append(reply))
    assert gateway.orders_raw() == []
    assert isinstance(replies[-1], JsonResponse)
    session.close()


def test_orders_changed_between_two_reads_read_as_the_sdk_reads_them(
    clients: tuple[KiteConnect, KiteClient, list[requests.Response]],
) -> None:
    plain, ours, _replies = clients
    placed = [_place(plain, 1500.0 + step) for step in range(3)]
    assert ours._get("orders") == plain._get("orders")
    plain.modify_order("regular", placed[1], price=1450.05)
    plain.cancel_order("regular", placed[2])
    _place(plain, 1400.0)

    assert ours._get("orders") == plain._get("orders")
    assert ours._get("orders") == plain._get("orders")


class _ListReplies(BaseHTTPRequestHandler):
    """Serves one list reply gzipped and chunked (``/chunked``) or with its length (``/plain``), as a CDN might."""

    BODY = b'{"status":"success","data":[' + b",".join(b'{"order_id":"%d"}' % n for n in range(5_000)) + b"]}"

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if self.path == "/plain":
            self.send_header("Content-Length", str(len(self.BODY)))
            self.end_headers()
            self.wfile.write(self.BODY)
            return
        packed = gzip.compress(self.BODY)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for start in range(0, len(packed), 4_000):
            piece = packed[start : start + 4_000]
            self.wfile.write(b"%x\r\n%b\r\n" % (len(piece), piece))
        self.wfile.write(b"0\r\n\r\n")

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.mark.parametrize("path", ["/plain", "/chunked"])
def test_a_body_is_read_whole_however_it_comes(path: str) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ListReplies)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    session = decode_with_orjson(requests.Session())
    try:
        reply = session.get(f"http://127.0.0.1:{server.server_port}{path}", timeout=10)
        assert isinstance(reply, JsonResponse)
        assert reply.content == _ListReplies.BODY
        assert reply.json() == orjson.loads(_ListReplies.BODY)
    finally:
        session.close()
        server.shutdown()
        server.server_close()
        thread.join()
