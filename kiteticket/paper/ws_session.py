"""One WebSocket connection of the paper exchange's ticker, on the HTTP server's own port (path ``/ws``).

The HTTP server has already read the upgrade request; it is handed to wsproto (a sans-IO WebSocket protocol
implementation, so the connection lives in the server's own handler thread rather than in a second server). The
handshake checks ``api_key`` and ``access_token`` as Kite does: a bad token is refused with 403 before the upgrade.
The handler thread reads client messages; a writer thread drains the connection's queue, so the hub never waits
on a slow client, and a client that stops reading loses ticks (never order updates) rather than growing the queue.
"""

from __future__ import annotations

import contextlib
import json
import logging
import queue
import socket
import struct
import sys
import threading
from collections.abc import Callable
from io import BufferedIOBase
from urllib.parse import parse_qs, urlsplit

from wsproto import ConnectionType, WSConnection
from wsproto.events import (
    AcceptConnection,
    BytesMessage,
    CloseConnection,
    Ping,
    RejectConnection,
    RejectData,
    Request,
    TextMessage,
)
from wsproto.utilities import LocalProtocolError, RemoteProtocolError

from kiteticket.paper.ticker_hub import Subscriber, TickerHub

log = logging.getLogger(__name__)

OUTBOX_LIMIT = 256  # binary frames waiting for a slow client before ticks are dropped
TEXT_LIMIT = 1024  # text frames (order updates, error replies) waiting: past this the client is not reading at all
SEND_TIMEOUT_SECONDS = 10  # a write the client does not take within this ends the connection
READ_SIZE = 65536
MAX_MESSAGE_BYTES = 1 << 20  # a client message bigger than this (3,000 tokens is ~30 kB) is refused
_STOP = object()

Authenticate = Callable[[str, str], bool]  # (api_key, access_token) -> a live session?


class _Outbox:
    """The connection's writer: frames queued by any thread, written by one."""

    def __init__(self, connection: WSConnection, sock: socket.socket) -> None:
        self._ws = connection
        self._sock = sock
        # wsproto's state and the socket's writes: the writer thread, the reader's pongs and its receive_data.
        self.lock = threading.RLock()
        self._queue: queue.Queue[object] = queue.Queue()
        self.dropped = 0
        self.aborted = False
        self._delay = 0.0
        self._wake = threading.Event()  # set on close: a delayed frame stops waiting
        self._thread = threading.Thread(target=self._run, name="paper-ws-writer", daemon=True)

    def start(self) -> None:
        """Begin writing what is queued: only once the handshake's answer is out, since a frame before it would
        break the protocol (an order update can be queued the moment the connection is attached)."""
        self._thread.start()

    def send(self, message: bytes | str) -> None:
        waiting = self._queue.qsize()
        if isinstance(message, bytes) and waiting >= OUTBOX_LIMIT:
            self.dropped += 1  # market data only: a newer tick will follow; order updates are never dropped...
            return
        if waiting >= TEXT_LIMIT:
            self.abort()  # ...but a client that reads nothing at all is cut off rather than queued for forever
            return
        self._queue.put(message)

    def set_delay(self, seconds: float) -> None:
        self._delay = max(0.0, seconds)

    def abort(self) -> None:
        """A reset: linger 0 makes the close send RST instead of FIN; shutting the reading side (which sends
        nothing) wakes the reader blocked on this socket, and ``serve`` then closes it."""
        self.aborted = True
        with contextlib.suppress(OSError):
            self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self._sock.shutdown(socket.SHUT_RD)

    def write(self, event: object) -> None:
        with self.lock:
            data = self._ws.send(event)  # type: ignore[arg-type]
            self._sock.sendall(data)

    def close(self) -> None:
        self._wake.set()
        self._queue.put(_STOP)
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while (message := self._queue.get()) is not _STOP:
            if self._delay and self._wake.wait(self._delay):
                return
            event = TextMessage(message) if isinstance(message, str) else BytesMessage(message)  # type: ignore[arg-type]
            try:
                self.write(event)
            except (OSError, LocalProtocolError):
                return  # the connection is gone; the reader notices and detaches


def serve(
    sock: socket.socket, reader: BufferedIOBase, request: bytes, hub: TickerHub, authenticate: Authenticate
) -> None:
    """Run one WebSocket connection to its end. `request` is the upgrade request as received; `reader` the
    server's buffered reader of `sock`, which may already hold bytes the client sent after it."""
    connection = WSConnection(ConnectionType.SERVER)
    connection.receive_data(request)
    handshake = next(connection.events(), None)
    if not isinstance(handshake, Request):
        return
    query = parse_qs(urlsplit(handshake.target).query)
    api_key, access_token = (query.get(name, [""])[0] for name in ("api_key", "access_token"))
    if not authenticate(api_key, access_token):
        _reject(connection, sock, 403, "TokenException", "Incorrect `api_key` or `access_token`.")
        return
    outbox = _Outbox(connection, sock)
    subscriber = hub.attach(outbox, api_key)
    if subscriber is None:
        outbox.close()
        _reject(connection, sock, 429, "NetworkException", "Too many connections for this api_key (3 at most).")
        return
    sock.settimeout(None)  # a quiet ticker connection is normal; the server's shutdown wakes this read
    _limit_sends(sock)
    try:
        outbox.write(AcceptConnection())
        outbox.start()
        _read(connection, reader, outbox, hub, subscriber)
    except (OSError, LocalProtocolError, RemoteProtocolError):
        pass  # the client went away or broke the protocol: either way this connection is over
    finally:
        hub.detach(subscriber)
        outbox.close()
        if outbox.aborted:
            sock.close()  # now, with linger 0: the client sees a reset, not a closing handshake


def _read(connection: WSConnection, reader: BufferedIOBase, outbox: _Outbox, hub: TickerHub, who: Subscriber) -> None:
    text: list[str] = []
    while data := reader.read1(READ_SIZE):
        with outbox.lock:  # the writer thread drives the same wsproto connection
            connection.receive_data(data)
            events = list(connection.events())
        for event in events:
            if isinstance(event, TextMessage):
                text.append(event.data)
                if sum(map(len, text)) > MAX_MESSAGE_BYTES:
                    outbox.write(CloseConnection(code=1009, reason="message too big"))
                    return
                if event.message_finished:
                    hub.receive(who, "".join(text))
                    text.clear()
            elif isinstance(event, Ping) and not hub.stalled:
                outbox.write(event.response())
            elif isinstance(event, CloseConnection):
                with contextlib.suppress(LocalProtocolError):
                    outbox.write(event.response())
                return
    connection.receive_data(None)


def _reject(connection: WSConnection, sock: socket.socket, status: int, kind: str, message: str) -> None:
    """Refuse the upgrade with Kite's JSON error envelope, as its ticker refuses a bad token."""
    body = json.dumps({"status": "error", "message": message, "data": None, "error_type": kind}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    with contextlib.suppress(OSError, LocalProtocolError):
        sock.sendall(connection.send(RejectConnection(status_code=status, headers=headers, has_body=True)))
        sock.sendall(connection.send(RejectData(data=body)))


def _limit_sends(sock: socket.socket) -> None:
    """A send the client does not take within SEND_TIMEOUT_SECONDS fails, so a stuck client cannot hold its
    writer thread for ever; reads stay unlimited (a quiet connection is normal). Best effort where the option
    differs."""
    if sys.platform == "win32":
        value = struct.pack("<L", SEND_TIMEOUT_SECONDS * 1000)
    else:
        value = struct.pack("ll", SEND_TIMEOUT_SECONDS, 0)
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, value)
