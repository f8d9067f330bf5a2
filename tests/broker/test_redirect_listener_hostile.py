"""Hostile local clients cannot stall or end a login: any process or page on this computer can connect to the
listener, so a slow or idle connection must not hold the wait, the cancel or the real redirect."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import pytest
import requests

from kiteticket.broker.redirect_listener import REQUEST_SECONDS, RedirectListener
from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.session import LoginCancelledError
from tests.broker.test_redirect_listener import JOIN_SECONDS, STATE, browser, free_port, redirect

DRIP_SECONDS = 1.0  # well inside any per-read timeout: only a deadline for the whole request stops it
IDLE_CONNECTIONS = 10


@pytest.fixture
def listener() -> Iterator[RedirectListener]:
    listening = RedirectListener(f"http://127.0.0.1:{free_port()}/", STATE)
    yield listening
    listening.close()


def connect(listener: RedirectListener) -> socket.socket:
    return socket.create_connection(listener.address, timeout=JOIN_SECONDS)


@contextmanager
def drip(listener: RedirectListener) -> Iterator[socket.socket]:
    """A slow-loris client: a request line one byte at a time, for as long as the test lasts."""
    client = connect(listener)
    stop = threading.Event()

    def send() -> None:
        for byte in b"GET /?state=" + b"x" * 10_000:
            if stop.wait(DRIP_SECONDS):
                return
            try:
                client.send(bytes([byte]))
            except OSError:
                return  # cut off by the listener

    dripping = threading.Thread(target=send)
    dripping.start()
    try:
        yield client
    finally:
        stop.set()
        dripping.join(JOIN_SECONDS)
        client.close()


def test_a_byte_drip_is_cut_off_and_the_redirect_still_gets_through(listener: RedirectListener) -> None:
    with drip(listener) as slow:
        with browser(redirect(listener, f"request_token=rt1&status=success&state={STATE}")) as got:
            assert listener.wait(JOIN_SECONDS) == "rt1"
        assert got["reply"].status_code == 200
        slow.settimeout(REQUEST_SECONDS + JOIN_SECONDS)
        assert slow.recv(1) == b"", "the dripping connection was not closed"


def test_cancel_returns_during_a_drip(listener: RedirectListener) -> None:
    with drip(listener):
        canceller = threading.Timer(0.1, listener.cancel)
        canceller.start()
        with pytest.raises(LoginCancelledError):
            listener.wait(JOIN_SECONDS * 6)  # the drip would outlast this, were the wait held by it
        canceller.join(JOIN_SECONDS)


def test_the_deadline_holds_during_a_drip(listener: RedirectListener) -> None:
    with drip(listener), pytest.raises(BrokerError) as caught:
        listener.wait(DRIP_SECONDS / 2)
    assert caught.value.kind is ErrorKind.TIMEOUT


def test_a_pasted_url_wins_during_a_drip(listener: RedirectListener) -> None:
    with drip(listener):
        paste = threading.Timer(0.1, listener.offer, [f"http://127.0.0.1/?request_token=pasted&state={STATE}"])
        paste.start()
        assert listener.wait(JOIN_SECONDS * 6) == "pasted"
        paste.join(JOIN_SECONDS)


def test_idle_connections_do_not_keep_the_redirect_out(listener: RedirectListener) -> None:
    with ExitStack() as idle:
        for _ in range(IDLE_CONNECTIONS):
            idle.enter_context(connect(listener))
        with browser(redirect(listener, f"request_token=rt2&status=success&state={STATE}")) as got:
            assert listener.wait(REQUEST_SECONDS) == "rt2", "the redirect was kept out by idle connections"
    assert got["reply"].status_code == 200


def test_stray_requests_then_the_real_redirect(listener: RedirectListener) -> None:
    host, port = listener.address
    answers = [requests.get(f"http://{host}:{port}/?state=wrong{n}", timeout=JOIN_SECONDS) for n in range(3)]
    icon = requests.get(f"http://{host}:{port}/favicon.ico", timeout=JOIN_SECONDS)
    with browser(redirect(listener, f"request_token=rt3&status=success&state={STATE}")):
        assert listener.wait(JOIN_SECONDS) == "rt3"
    assert [answer.status_code for answer in answers] == [400, 400, 400]
    assert icon.status_code == 404
