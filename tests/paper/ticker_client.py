"""The official KiteTicker pointed at a paper exchange, with what it heard collected for assertions.

KiteTicker runs on Twisted's reactor, which can be started only once per process: the first ticker starts it in a
daemon thread and later ones join it. Twisted is not thread-safe, so connecting and sending go through
``reactor.callFromThread``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from kiteconnect import KiteConnect, KiteTicker
from twisted.internet import reactor

from kiteticket.paper.exchange import PaperExchange
from tests.paper.helpers import wait_until


@dataclass
class Heard:
    ticks: list[dict[str, Any]] = field(default_factory=list)
    orders: list[dict[str, Any]] = field(default_factory=list)
    errors: list[Any] = field(default_factory=list)
    closes: list[Any] = field(default_factory=list)
    connected: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def tokens(self) -> set[int]:
        with self.lock:
            return {tick["instrument_token"] for tick in self.ticks}

    def last(self, token: int) -> dict[str, Any]:
        with self.lock:
            return next(tick for tick in reversed(self.ticks) if tick["instrument_token"] == token)


def ticker(
    exchange: PaperExchange, kite: KiteConnect, access_token: str | None = None, *, reconnect: bool = False
) -> tuple[KiteTicker, Heard]:
    """A connected (or refused) KiteTicker on `exchange`; reconnection off unless asked for, so that a refusal
    stays a refusal."""
    # The SDK ignores its own ``reconnect=False``: no retries is said through reconnect_max_tries instead.
    ws = KiteTicker(
        kite.api_key, access_token or kite.access_token, root=exchange.ws_url,
        reconnect_max_tries=KiteTicker.RECONNECT_MAX_TRIES if reconnect else 0,
    )  # fmt: skip
    heard = Heard()

    def on_ticks(_ws: Any, ticks: list[dict[str, Any]]) -> None:
        with heard.lock:
            heard.ticks.extend(ticks)

    ws.on_ticks = on_ticks
    ws.on_connect = lambda _ws, _response: heard.connected.set()
    ws.on_order_update = lambda _ws, data: heard.orders.append(data)
    ws.on_error = lambda _ws, code, reason: heard.errors.append((code, reason))
    ws.on_close = lambda _ws, code, reason: heard.closes.append((code, reason))
    if reactor.running:
        reactor.callFromThread(ws.connect, threaded=True)
    else:
        ws.connect(threaded=True)
    return ws, heard


def call(method: Any, *args: Any) -> None:
    """Run a KiteTicker method on the reactor's thread."""
    reactor.callFromThread(method, *args)


def close(ws: KiteTicker, heard: Heard) -> None:
    """Close, and stop any reconnection in progress (a ticker left retrying would outlive its test)."""
    connected = ws.is_connected()
    call(ws.close)
    if connected:
        wait_until(lambda: bool(heard.closes))
