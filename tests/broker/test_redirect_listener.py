"""The one-shot listener for Kite's login redirect: loopback only, the state checked, one answer, a clean timeout."""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import requests

from kiteticket.broker.redirect_listener import RedirectListener
from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.session import LoginCancelledError

STATE = "s-123"
JOIN_SECONDS = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def listener() -> Iterator[RedirectListener]:
    listening = RedirectListener(f"http://127.0.0.1:{free_port()}/", STATE)
    yield listening
    listening.close()


@contextmanager
def browser(url: str) -> Iterator[dict[str, requests.Response]]:
    """GET ``url`` on a thread, as a browser sent there by Kite would, while the test waits on the listener."""
    replies: dict[str, requests.Response] = {}
    thread = threading.Thread(target=lambda: replies.setdefault("reply", requests.get(url, timeout=JOIN_SECONDS)))
    thread.start()
    try:
        yield replies
    finally:
        thread.join(JOIN_SECONDS)
    assert not thread.is_alive()


def redirect(listener: RedirectListener, query: str, path: str = "/") -> str:
    host, port = listener.address
    return f"http://{host}:{port}{path}?{query}"


def test_a_redirect_with_the_state_gives_the_token_and_a_closing_page(listener: RedirectListener) -> None:
    with browser(redirect(listener, f"request_token=rt1&action=login&type=login&status=success&state={STATE}")) as got:
        assert listener.wait(JOIN_SECONDS) == "rt1"
    assert got["reply"].status_code == 200
    assert "close this tab" in got["reply"].text


def test_it_answers_once_then_is_closed(listener: RedirectListener) -> None:
    with browser(redirect(listener, f"request_token=rt1&status=success&state={STATE}")):
        listener.wait(JOIN_SECONDS)
    with pytest.raises(requests.ConnectionError):
        requests.get(redirect(listener, f"request_token=rt2&status=success&state={STATE}"), timeout=JOIN_SECONDS)


@pytest.mark.parametrize(
    "query",
    ["request_token=rt1&status=success&state=forged", "request_token=rt1&status=success", "state=%C3%A9t%C3%A9"],
)
def test_a_request_without_this_attempts_state_is_refused_and_the_login_goes_on(
    listener: RedirectListener, query: str
) -> None:
    """An ``<img>`` on any web page can make the browser send one; it must not end the login."""
    stray = requests.get(redirect(listener, query), timeout=JOIN_SECONDS)
    assert stray.status_code == 400
    assert "did not come from this login attempt" in stray.text
    assert "the login goes on" in stray.text
    with browser(redirect(listener, f"request_token=rt1&status=success&state={STATE}")) as got:
        assert listener.wait(JOIN_SECONDS) == "rt1"
    assert got["reply"].status_code == 200


def test_a_failed_login_is_reported(listener: RedirectListener) -> None:
    with browser(redirect(listener, f"status=cancelled&state={STATE}")), pytest.raises(BrokerError, match="cancelled"):
        listener.wait(JOIN_SECONDS)


def test_the_favicon_request_does_not_end_the_wait(listener: RedirectListener) -> None:
    tokens: list[str] = []
    waiter = threading.Thread(target=lambda: tokens.append(listener.wait(JOIN_SECONDS)))
    waiter.start()
    icon = requests.get(redirect(listener, "", "/favicon.ico"), timeout=JOIN_SECONDS)
    page = requests.get(redirect(listener, f"request_token=rt9&status=success&state={STATE}"), timeout=JOIN_SECONDS)
    waiter.join(JOIN_SECONDS)
    assert (icon.status_code, page.status_code, tokens) == (404, 200, ["rt9"])


def test_the_wait_times_out_and_frees_the_port() -> None:
    port = free_port()
    listening = RedirectListener(f"http://127.0.0.1:{port}/", STATE)
    with pytest.raises(BrokerError, match=r"No login came back within 0\.3 seconds") as caught:
        listening.wait(0.3)
    assert caught.value.kind is ErrorKind.TIMEOUT
    RedirectListener(f"http://127.0.0.1:{port}/", STATE).close()  # bindable again


def test_it_binds_loopback_only_even_for_localhost() -> None:
    listening = RedirectListener(f"http://localhost:{free_port()}/kite/", STATE)
    try:
        assert listening.address[0] == "127.0.0.1"
    finally:
        listening.close()


@pytest.mark.parametrize(
    "url",
    [
        "http://0.0.0.0:5010/",
        "http://192.168.1.20:5010/",
        "https://127.0.0.1:5010/",
        "127.0.0.1:5010",
        "http://127.0.0.1:99999/",
    ],
)
def test_a_redirect_url_off_this_computer_is_refused(url: str) -> None:
    with pytest.raises(BrokerError) as caught:
        RedirectListener(url, STATE)
    assert caught.value.kind is ErrorKind.CONFIG


def test_a_busy_port_is_a_clear_error() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(BrokerError, match=re.escape(f"Cannot listen for the login on 127.0.0.1:{port}")):
            RedirectListener(f"http://127.0.0.1:{port}/", STATE)


def test_a_pasted_url_settles_the_wait(listener: RedirectListener) -> None:
    listener.offer(f"http://127.0.0.1:5010/?request_token=pasted&status=success&state={STATE}")
    assert listener.wait(JOIN_SECONDS) == "pasted"


def test_a_pasted_url_may_lack_the_state_but_not_carry_a_wrong_one(listener: RedirectListener) -> None:
    with pytest.raises(BrokerError, match="state mismatch"):
        listener.offer("http://127.0.0.1:5010/?request_token=old&status=success&state=old-attempt")
    with pytest.raises(BrokerError, match="no request token"):
        listener.offer("http://127.0.0.1:5010/?status=success")
    listener.offer("http://127.0.0.1:5010/?request_token=trimmed&status=success")
    assert listener.wait(JOIN_SECONDS) == "trimmed"


def test_cancel_ends_the_wait_from_another_thread(listener: RedirectListener) -> None:
    timer = threading.Timer(0.1, listener.cancel)
    timer.start()
    with pytest.raises(LoginCancelledError):
        listener.wait(JOIN_SECONDS)
    timer.join(JOIN_SECONDS)
