"""A one-shot HTTP listener for Kite's login redirect, on 127.0.0.1 only.

Kite sends the browser to the redirect URL registered with the Kite app, with ``request_token``, ``status`` and the
``redirect_params`` the login URL carried (facts §7). kiteticket puts a random ``state`` in those params, so a
redirect that does not carry it (a forged or stale one) is refused. The first redirect settles the login, with a
token or an error, and the listener closes; the user may instead paste the redirected URL (``offer``).
"""

from __future__ import annotations

import html
import secrets
import socketserver
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from kiteticket.domain.credentials import redirect_port
from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.session import LoginCancelledError

LOOPBACK = "127.0.0.1"
WAIT_SECONDS = 300.0
# How often a wait looks up from the socket to notice a pasted URL, a cancel or its deadline.
SLICE_SECONDS = 0.2
# A browser that opens a connection and sends nothing must not hold the listener.
REQUEST_SECONDS = 5

_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>kiteticket</title></head>
<body style="font-family:sans-serif;margin:3em"><h2>{title}</h2><p>{text}</p></body></html>"""


class RedirectListener:
    """Bound at construction (so a busy port shows before the browser opens); ``wait`` serves until settled."""

    def __init__(self, redirect_url: str, state: str) -> None:
        self._state = state
        self._settled = threading.Event()
        self._lock = threading.Lock()
        self._token = ""
        self._error: BrokerError | None = None
        self._server = _bind(redirect_port(redirect_url), self)

    @property
    def address(self) -> tuple[str, int]:
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    def wait(self, timeout: float = WAIT_SECONDS) -> str:
        """The request_token, once a redirect (or a pasted URL) brings one; closes the listener in any case."""
        deadline = time.monotonic() + timeout
        try:
            while not self._settled.is_set():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise BrokerError(ErrorKind.TIMEOUT, f"No login came back within {_duration(timeout)}. Try again.")
                self._server.timeout = min(SLICE_SECONDS, left)
                self._server.handle_request()
        finally:
            self.close()
        if self._error is not None:
            raise self._error
        return self._token

    def offer(self, url: str) -> None:
        """A redirected URL the user pasted: it settles the wait like a redirect would; a bad one raises."""
        token, error = self.judge(parse_qs(urlsplit(url.strip()).query), pasted=True)
        if error is not None:
            raise error
        self._settle(token, None)

    def cancel(self) -> None:
        self._settle("", LoginCancelledError())

    def close(self) -> None:
        self._server.server_close()

    def judge(self, query: dict[str, list[str]], *, pasted: bool = False) -> tuple[str, BrokerError | None]:
        """The token a redirect's query carries, or why it is refused."""
        state = query.get("state", [""])[0]
        # A pasted URL was chosen by the user, who may have trimmed it; a redirect must prove it is ours.
        if not secrets.compare_digest(state.encode(), self._state.encode()) and (state or not pasted):
            return "", BrokerError(
                ErrorKind.TOKEN, "The login redirect did not come from this login attempt (state mismatch)."
            )
        status = query.get("status", ["success"])[0]
        if status != "success":
            return "", BrokerError(ErrorKind.TOKEN, f"Kite reported the login as {status!r}.")
        token = query.get("request_token", [""])[0]
        if not token:
            return "", BrokerError(ErrorKind.TOKEN, "The login redirect carried no request token.")
        return token, None

    def settle_from_redirect(self, path: str) -> tuple[int, str, str]:
        """Settle with a redirect's outcome; the HTTP status, title and text to answer the browser with."""
        token, error = self.judge(parse_qs(urlsplit(path).query))
        if not self._settle(token, error):
            return 409, "Login already handled", "This login was already handled. You can close this tab."
        if error is not None:
            return 400, "Login refused", f"{error.message} Start the login again from kiteticket."
        return 200, "Logged in", "kiteticket has your login. You can close this tab and return to kiteticket."

    def _settle(self, token: str, error: BrokerError | None) -> bool:
        with self._lock:
            if self._settled.is_set():
                return False
            self._token, self._error = token, error
            self._settled.set()
            return True


class _Server(socketserver.TCPServer):
    # SO_REUSEADDR lets a port in TIME_WAIT be bound again; on Windows it would let another process take over a
    # port that is in use, so it stays off there.
    allow_reuse_address = sys.platform != "win32"

    def __init__(self, port: int, listener: RedirectListener) -> None:
        self.listener = listener
        super().__init__((LOOPBACK, port), _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    timeout = REQUEST_SECONDS

    def do_GET(self) -> None:
        if urlsplit(self.path).path == "/favicon.ico":  # browsers ask for it; it is not the redirect
            self._answer(404, "Not found", "")
            return
        self._answer(*self.server.listener.settle_from_redirect(self.path))

    def _answer(self, status: int, title: str, text: str) -> None:
        body = _PAGE.format(title=html.escape(title), text=html.escape(text)).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Referrer-Policy", "no-referrer")  # the request_token is in this page's URL
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Silent: the request line carries the request_token, which no log or terminal should show."""


def _duration(seconds: float) -> str:
    return f"{seconds / 60:g} minutes" if seconds >= 60 else f"{seconds:g} seconds"


def _bind(port: int, listener: RedirectListener) -> _Server:
    try:
        return _Server(port, listener)
    except OSError as error:
        raise BrokerError(
            ErrorKind.CONFIG,
            f"Cannot listen for the login on {LOOPBACK}:{port} ({error.strerror or error}). Close the program using "
            "that port, or register another redirect URL with your Kite app and enter it in kiteticket.",
        ) from error
