"""Malformed HTTP gets Kite's JSON envelope, never an HTML page or a dropped connection: bodies are capped before
they are buffered, the token is checked before a body is read, and every method but Kite's four gets 405."""

from __future__ import annotations

import http.client
import logging
import socket
import threading
from urllib.parse import urlsplit

import pytest
import requests
from kiteconnect import KiteConnect

from kiteticket.paper.exchange import PaperExchange
from kiteticket.paper.request_body import MAX_BODY_BYTES
from tests.paper.conftest import config
from tests.paper.helpers import admin, logged_in


def send_raw(exchange: PaperExchange, head: bytes, body: bytes = b"") -> tuple[int, dict[str, str], bytes]:
    """Send bytes as they are and read one answer; the socket times out rather than hang the test."""
    parts = urlsplit(exchange.root_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        sock.sendall(head + body)
        answer = http.client.HTTPResponse(sock, method=head.split(b" ", 1)[0].decode())
        answer.begin()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()


def envelope_error(status: int, headers: dict[str, str], body: bytes, expected: int, error_type: str) -> str:
    assert status == expected, body
    assert headers["content-type"].startswith("application/json")
    payload = requests.models.complexjson.loads(body)
    assert set(payload) == {"status", "message", "data", "error_type"}
    assert (payload["status"], payload["data"], payload["error_type"]) == ("error", None, error_type)
    return str(payload["message"])


def test_a_declared_multi_gigabyte_body_gets_413_before_anything_is_read(exchange: PaperExchange) -> None:
    head = b"POST /orders/regular HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000000\r\n\r\n"
    message = envelope_error(*send_raw(exchange, head), 413, "InputException")
    assert "too large" in message


def test_a_body_just_over_the_cap_gets_413_without_being_sent(exchange: PaperExchange) -> None:
    head = f"POST /margins/orders HTTP/1.1\r\nHost: x\r\nContent-Length: {MAX_BODY_BYTES + 1}\r\n\r\n".encode()
    envelope_error(*send_raw(exchange, head), 413, "InputException")


@pytest.mark.parametrize("length", [b"abc", b"-1", b"\xd9\xa1\xd9\xa2", b"1_0", b"99999999999999999999", b"1, 2"])
def test_an_unreadable_content_length_gets_400(exchange: PaperExchange, length: bytes) -> None:
    head = b"POST /orders/regular HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + b"\r\n\r\n"
    assert envelope_error(*send_raw(exchange, head), 400, "InputException") == "Invalid Content-Length header."


def test_a_chunked_body_gets_400(exchange: PaperExchange) -> None:
    head = b"POST /orders/regular HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
    envelope_error(*send_raw(exchange, head, b"1\r\na\r\n0\r\n\r\n"), 400, "InputException")


def test_the_token_is_checked_before_the_body_is_read(exchange: PaperExchange) -> None:
    # The body is declared but never sent: the server answers 403 at once instead of waiting for it.
    head = b"POST /orders/regular HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n"
    envelope_error(*send_raw(exchange, head), 403, "TokenException")


@pytest.mark.parametrize("method", ["OPTIONS", "HEAD", "PATCH", "TRACE", "FOO"])
def test_other_methods_get_405_in_the_envelope(exchange: PaperExchange, method: str) -> None:
    head = f"{method} /orders HTTP/1.1\r\nHost: x\r\n\r\n".encode()
    status, headers, body = send_raw(exchange, head)
    assert status == 405
    assert headers["content-type"].startswith("application/json")
    if method != "HEAD":  # HEAD answers carry no body, by definition
        assert envelope_error(status, headers, body, 405, "GeneralException") == "Method not allowed"


@pytest.mark.parametrize(
    "line", [b"GARBAGE\r\n", b"GET /orders HTTP/9.9\r\n", b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n"]
)
def test_a_broken_request_line_gets_the_envelope(exchange: PaperExchange, line: bytes) -> None:
    status, headers, body = send_raw(exchange, line + b"Host: x\r\n\r\n")
    assert 400 <= status < 600
    envelope_error(status, headers, body, status, "InputException" if status < 500 else "GeneralException")


def test_keep_alive_survives_a_refused_request_with_an_unread_body(exchange: PaperExchange, kite: KiteConnect) -> None:
    bad = kite.reqsession.post(f"{exchange.root_url}/orders/regular", data={"quantity": "1"}, timeout=5)
    assert bad.status_code == 403
    assert kite.orders() == []  # the same pooled connection, framed correctly after the unread form


def test_bad_input_and_a_stop_mid_request_log_no_traceback(
    caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    with PaperExchange(config()) as running:
        kite = logged_in(running)
        send_raw(running, b"FOO / HTTP/1.1\r\n\r\n")
        send_raw(running, b"POST /orders/regular HTTP/1.1\r\nContent-Length: x\r\n\r\n")
        admin(running, "faults", {"kind": "latency", "latency_ms": 300, "path": "/orders"})
        outcome: list[BaseException] = []
        caller = threading.Thread(target=lambda: _call_catching(kite, outcome))
        caller.start()
        _wait_for_fault_taken(running)
    caller.join(timeout=10)
    assert outcome, "the request in flight must fail, not hang"
    assert "Traceback" not in capfd.readouterr().err
    assert not [record for record in caplog.records if record.exc_info]


def _call_catching(kite: KiteConnect, outcome: list[BaseException]) -> None:
    try:
        kite.orders()
        outcome.append(AssertionError("answered although the exchange stopped"))
    except Exception as error:  # the connection was closed under it: what a client sees on a restart
        outcome.append(error)


def _wait_for_fault_taken(exchange: PaperExchange) -> None:
    """Until the latency fault has been taken by the request in flight (it is then mid-request)."""
    taken = threading.Event()
    while exchange.core.faults.describe() and not taken.wait(0.01):
        pass


def test_a_body_cut_short_gets_400_without_a_traceback(
    exchange: PaperExchange, kite: KiteConnect, caplog: pytest.LogCaptureFixture
) -> None:
    parts = urlsplit(exchange.root_url)
    head = (
        f"POST /orders/regular HTTP/1.1\r\nHost: x\r\nAuthorization: token {kite.api_key}:{kite.access_token}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\nexchange=NSE"
    )
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        sock.sendall(head.encode())
        sock.shutdown(socket.SHUT_WR)  # the rest of the declared body never comes
        answer = http.client.HTTPResponse(sock, method="POST")
        answer.begin()
        assert 400 <= answer.status < 500
    assert kite.orders() == []
    assert not [record for record in caplog.records if record.exc_info]
