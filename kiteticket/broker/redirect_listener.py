"""A one-shot HTTP listener for Kite's login redirect, on 127.0.0.1 only.

Kite sends the browser to the redirect URL registered with the Kite app, with ``request_token``, ``status`` and the
``redirect_params`` the login URL carried (facts §7). kiteticket puts a random ``state`` in those params, so a
request that does not carry it (a forged or stale redirect, an ``<img>`` on some web page) is answered 400 and
otherwise ignored; the first redirect that carries it settles the login, with a token or Kite's error, and the
listener closes. The user may instead paste the redirected URL (``offer``), or cancel.

Any local process or page can connect, so nothing a client does may hold the login: each connection is served on
its own thread with one deadline for the whole request (a client dripping a byte every few seconds is cut off
after REQUEST_SECONDS), and ``wait`` waits on an event, not on a socket, so a cancel, a paste or the deadline ends
it at once, however many connections are open.
"""

from __future__ import annotations

import contextlib
import html
import secrets
import socket
import sys
import threading
import time
from urllib.parse import parse_qs, urlsplit

from kiteticket.domain.credentials import redirect_port
from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.session import LoginCancelledError

LOOPBACK = "127.0.0.1"
WAIT_SECONDS = 300.0
# How often the accepting thread looks up from the socket to notice the listener was closed.
SLICE_SECONDS = 0.2
# The whole request line and headers must arrive within this; a browser sends them at once.
REQUEST_SECONDS = 3.0
MAX_REQUEST_BYTES = 16_384
MAX_CONNECTIONS = 64  # open at once; more are closed on arrival (a flood cannot exhaust threads)

_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>kiteticket</title></head>
<body style="font-family:sans-serif;margin:3em"><h2>{title}</h2><p>{text}</p></body></html>"""
_REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict"}


class RedirectListener:
    """Bound at construction (so a busy port shows before the browser opens); served from then until closed."""

    def __init__(self, redirect_url: str, state: str) -> None:
        self._state = state
        self._settled = threading.Event()
        self._lock = threading.Lock()
        self._token = ""
        self._error: BrokerError | None = None
        self._closed = threading.Event()
        self._connections: set[socket.socket] = set()
        self._socket = _bind(redirect_port(redirect_url))
        self._address: tuple[str, int] = self._socket.getsockname()[:2]
        self._acceptor = threading.Thread(target=self._accept, name="login-listener", daemon=True)
        self._acceptor.start()

    @property
    def address(self) -> tuple[str, int]:
        return self._address

    def wait(self, timeout: float = WAIT_SECONDS) -> str:
        """The request_token, once a redirect (or a pasted URL) brings one; closes the listener in any case."""
        try:
            if not self._settled.wait(timeout):
                raise BrokerError(ErrorKind.TIMEOUT, f"No login came back within {_duration(timeout)}. Try again.")
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
        """Stop listening and drop every connection still sending its request (idempotent; from any thread)."""
        if self._closed.is_set():
            return
        self._closed.set()
        if threading.current_thread() is not self._acceptor:
            self._acceptor.join()
        self._socket.close()
        with self._lock:
            connections, self._connections = self._connections, set()
        for connection in connections:
            _drop(connection)

    def judge(self, query: dict[str, list[str]], *, pasted: bool = False) -> tuple[str, BrokerError | None]:
        """The token a redirect's query carries, or why it is refused."""
        if not self._ours(query, pasted=pasted):
            return "", _state_mismatch()
        status = query.get("status", ["success"])[0]
        if status != "success":
            return "", BrokerError(ErrorKind.TOKEN, f"Kite reported the login as {status!r}.")
        token = query.get("request_token", [""])[0]
        if not token:
            return "", BrokerError(ErrorKind.TOKEN, "The login redirect carried no request token.")
        return token, None

    def settle_from_redirect(self, path: str) -> tuple[int, str, str]:
        """Settle with a redirect's outcome; the HTTP status, title and text to answer the browser with. A request
        without this attempt's state is answered and ignored: it must not end the login."""
        query = parse_qs(urlsplit(path).query)
        if not self._ours(query):
            return 400, "Not this login", f"{_state_mismatch().message} It was ignored; the login goes on."
        token, error = self.judge(query)
        if not self._settle(token, error):
            return 409, "Login already handled", "This login was already handled. You can close this tab."
        if error is not None:
            return 400, "Login refused", f"{error.message} Start the login again from kiteticket."
        return 200, "Logged in", "kiteticket has your login. You can close this tab and return to kiteticket."

    # --- serving ------------------------------------------------------------------------------------------------
    def _accept(self) -> None:
        self._socket.settimeout(SLICE_SECONDS)
        while not self._closed.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # closed under us
            with self._lock:
                crowded = len(self._connections) >= MAX_CONNECTIONS
                if not crowded:
                    self._connections.add(connection)
            if crowded:
                _drop(connection)
                continue
            threading.Thread(target=self._serve, args=(connection,), name="login-connection", daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        try:
            with contextlib.suppress(OSError):  # the client went away, or was too slow: nothing to tell it
                request = _read_request(connection, time.monotonic() + REQUEST_SECONDS)
                if request is not None and self._answering(connection):
                    connection.settimeout(REQUEST_SECONDS)
                    connection.sendall(_answer(*self._respond(request)))
        finally:
            with self._lock:
                self._connections.discard(connection)
            _drop(connection)

    def _answering(self, connection: socket.socket) -> bool:
        """A whole request came in: from now on ``close`` leaves this connection be, so the browser that brought
        the redirect gets its page although the login it settled closes the listener at once."""
        with self._lock:
            if connection not in self._connections:
                return False  # dropped by close while it was being read
            self._connections.discard(connection)
            return True

    def _respond(self, request_line: str) -> tuple[int, str, str]:
        method, _, rest = request_line.partition(" ")
        target = rest.rpartition(" ")[0] or rest
        if method != "GET":
            return 405, "Not allowed", ""
        if urlsplit(target).path == "/favicon.ico":  # browsers ask for it; it is not the redirect
            return 404, "Not found", ""
        return self.settle_from_redirect(target)

    def _ours(self, query: dict[str, list[str]], *, pasted: bool = False) -> bool:
        state = query.get("state", [""])[0]
        # A pasted URL was chosen by the user, who may have trimmed it; a redirect must prove it is ours.
        return secrets.compare_digest(state.encode(), self._state.encode()) or (pasted and not state)

    def _settle(self, token: str, error: BrokerError | None) -> bool:
        with self._lock:
            if self._settled.is_set():
                return False
            self._token, self._error = token, error
            self._settled.set()
            return True


def _state_mismatch() -> BrokerError:
    return BrokerError(ErrorKind.TOKEN, "The login redirect did not come from this login attempt (state mismatch).")


def _read_request(connection: socket.socket, deadline: float) -> str | None:
    """The request line, once the whole head has come in before ``deadline``; None if it did not."""
    received = b""
    while b"\r\n\r\n" not in received and b"\n\n" not in received:
        left = deadline - time.monotonic()
        if left <= 0 or len(received) > MAX_REQUEST_BYTES:
            return None
        connection.settimeout(left)
        chunk = connection.recv(4096)
        if not chunk:
            return None
        received += chunk
    return received.split(b"\n", 1)[0].decode("latin-1").strip()


def _answer(status: int, title: str, text: str) -> bytes:
    body = _PAGE.format(title=html.escape(title), text=html.escape(text)).encode()
    head = (
        f"HTTP/1.1 {status} {_REASONS.get(status, 'OK')}\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Cache-Control: no-store\r\n"
        "Referrer-Policy: no-referrer\r\n"  # the request_token is in this page's URL
        "Connection: close\r\n\r\n"
    )
    return head.encode() + body


def _drop(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):  # not connected any more
        connection.shutdown(socket.SHUT_RDWR)
    connection.close()


def _duration(seconds: float) -> str:
    return f"{seconds / 60:g} minutes" if seconds >= 60 else f"{seconds:g} seconds"


def _bind(port: int) -> socket.socket:
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # SO_REUSEADDR lets a port in TIME_WAIT be bound again; on Windows it would let another process take over a
    # port that is in use, so it stays off there.
    if sys.platform != "win32":
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((LOOPBACK, port))
        listening.listen(MAX_CONNECTIONS)
    except OSError as error:
        listening.close()
        raise BrokerError(
            ErrorKind.CONFIG,
            f"Cannot listen for the login on {LOOPBACK}:{port} ({error.strerror or error}). Close the program using "
            "that port, or register another redirect URL with your Kite app and enter it in kiteticket.",
        ) from error
    return listening
