"""Kite's login flow, through the SDK: the login URL, the redirect's request_token, and the session exchange.

The real Kite asks for a password and 2FA in a browser, then redirects it to the Kite app's redirect URL, where a
``LoginAttempt``'s listener waits. The paper exchange redirects at once, so the app can log in to it with the very
same calls and no browser (``request_token_by_redirect``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qs, urlencode, urlsplit

import requests
from kiteconnect import KiteConnect

from kiteticket.broker.errors import translate
from kiteticket.broker.redirect_listener import WAIT_SECONDS, RedirectListener
from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.market_clock import IST
from kiteticket.domain.session import token_expiry

KITE_LOGIN_URL = "https://kite.zerodha.com/connect/login"
LOGIN_TIMEOUT_SECONDS = 7


@dataclass(frozen=True, slots=True)
class Session:
    user_id: str
    access_token: str
    expires_at: datetime

    def __repr__(self) -> str:
        return f"Session(user_id={self.user_id!r}, access_token=<redacted>, expires_at={self.expires_at})"


class LoginAttempt:
    """One browser login: a fresh random state, the login URL carrying it, and the listener that checks it.

    ``url`` is what the browser opens. ``wait`` blocks (run it off the GUI thread) until the redirect, a pasted
    URL (``offer``) or ``cancel``; ``offer`` and ``cancel`` may be called from any thread.
    """

    def __init__(self, api_key: str, redirect_url: str, base: str = KITE_LOGIN_URL) -> None:
        state = secrets.token_urlsafe(16)
        self._listener = RedirectListener(redirect_url, state)
        self.url = login_url(api_key, base, {"state": state})

    def wait(self, timeout: float = WAIT_SECONDS) -> str:
        return self._listener.wait(timeout)

    def offer(self, url: str) -> None:
        self._listener.offer(url)

    def cancel(self) -> None:
        self._listener.cancel()

    def close(self) -> None:
        self._listener.close()


def login_url(api_key: str, base: str = KITE_LOGIN_URL, redirect_params: dict[str, str] | None = None) -> str:
    query = {"api_key": api_key, "v": "3"}
    if redirect_params:
        query["redirect_params"] = urlencode(redirect_params)
    return f"{base}?{urlencode(query)}"


def request_token_from_url(url: str) -> str:
    """The request_token of a redirect URL such as http://127.0.0.1:5010/?request_token=…&status=success."""
    query = parse_qs(urlsplit(url).query)
    if query.get("status", ["success"])[0] != "success" or not query.get("request_token"):
        raise BrokerError(ErrorKind.TOKEN, "The login did not succeed: the redirect carried no request token.")
    return query["request_token"][0]


def request_token_by_redirect(url: str) -> str:
    """Open the login URL without a browser and read the request_token from the redirect (paper exchange only)."""
    try:
        reply = requests.get(url, allow_redirects=False, timeout=LOGIN_TIMEOUT_SECONDS)
    except requests.RequestException as error:
        raise translate(error) from error
    location = reply.headers.get("Location")
    reply.close()
    if reply.status_code not in (301, 302, 303, 307) or not location:
        raise BrokerError(ErrorKind.TOKEN, f"The login page answered {reply.status_code} instead of redirecting.")
    return request_token_from_url(location)


def create_session(kite: KiteConnect, request_token: str, api_secret: str) -> Session:
    """Exchange the request_token for an access token (the SDK sets it on ``kite`` too)."""
    try:
        data = kite.generate_session(request_token, api_secret=api_secret)
    except Exception as error:
        raise translate(error) from error
    login_time = data.get("login_time")
    logged_in = login_time.replace(tzinfo=IST) if isinstance(login_time, datetime) else datetime.now(IST)
    return Session(str(data["user_id"]), str(data["access_token"]), token_expiry(logged_in))
