"""The market-data and order-update stream: the official ``KiteTicker``, the same code for live and paper.

KiteTicker runs on Twisted's reactor in a daemon thread (one reactor per process: the first stream starts it, later
ones join it, and it is never stopped, since it cannot be restarted). Twisted is not thread-safe, so everything
the app asks of the ticker goes through ``reactor.callFromThread``. The ticker resubscribes by itself after a
reconnect; a new access token needs a new ``MarketStream``, since the token is part of the socket URL.

What the stream hears goes to a ``StreamSink`` on the reactor's thread, already converted to domain values; the sink
must not block (the app's sink coalesces and hands batches to the GUI thread).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any, Protocol

from kiteconnect import KiteTicker
from twisted.internet import reactor

from kiteticket.domain.quote import DepthLevel
from kiteticket.domain.stream import StreamState, StreamStatus
from kiteticket.domain.tick import Tick, TickMode

log = logging.getLogger(__name__)

RECONNECT_MAX_TRIES = 300  # the SDK's ceiling: a trader's stream should keep trying all day
RECONNECT_MAX_DELAY = 10  # seconds between attempts at most (the SDK's floor is 5)
_ZERO = Decimal(0)
# How autobahn reports a handshake that Kite answered with 403 (a bad or expired access token).
TOKEN_REFUSED = "upgrade failed (403)"
SESSION_REFUSED = "Kite refused the session: log in again"


class StreamSink(Protocol):
    def ticks(self, ticks: list[Tick]) -> None: ...

    def order_update(self, payload: Mapping[str, Any]) -> None: ...

    def status(self, status: StreamStatus) -> None: ...


class MarketStream:
    """One ticker connection with the subscriptions the app wants; ``start``, ``want`` and ``stop`` may be called
    from any thread."""

    def __init__(
        self,
        api_key: str,
        access_token: str,
        root: str | None,
        sink: StreamSink,
        proxy: Mapping[str, Any] | None = None,
    ) -> None:
        self._ws = KiteTicker(
            api_key, access_token, root=root,
            reconnect_max_tries=RECONNECT_MAX_TRIES, reconnect_max_delay=RECONNECT_MAX_DELAY,
        )  # fmt: skip
        # Callbacks on the reactor's thread reach the sink only under this lock, and stop() drops the sink under
        # it: once stop() returns, nothing calls into a sink its owner may then delete (a Qt object, on the GUI).
        self._sink_lock = threading.Lock()
        self._sink: StreamSink | None = sink
        self._proxy = dict(proxy) if proxy else None  # KiteTicker.connect's {"host": …, "port": …}
        self._wanted: dict[int, TickMode] = {}
        self._stopped = False
        self._refused = False
        ws = self._ws
        ws.on_connect = self._on_connect
        ws.on_ticks = self._on_ticks
        ws.on_order_update = self._on_order_update
        ws.on_reconnect = self._on_reconnect
        ws.on_noreconnect = self._on_noreconnect
        # No on_close: a close the app asked for is the app's to report (a newer stream may already be live on
        # the same sink), and any other close is followed by a reconnect, which reports itself.
        ws.on_error = self._on_error

    def start(self) -> None:
        self._status(StreamStatus(StreamState.CONNECTING))
        _on_reactor(self._ws.connect, threaded=True, proxy=self._proxy)

    def want(self, modes: Mapping[int, TickMode]) -> None:
        """The whole set of instruments the app wants and in which mode; the difference is sent."""
        wanted = dict(modes)
        _on_reactor(self._apply, wanted)

    def stop(self) -> None:
        self._stopped = True
        with self._sink_lock:
            self._sink = None
        _on_reactor(self._close)

    def _status(self, status: StreamStatus) -> None:
        self._tell(lambda sink: sink.status(status))

    def _tell(self, deliver: Callable[[StreamSink], None]) -> None:
        with self._sink_lock:
            if self._sink is not None:
                deliver(self._sink)

    # -- on the reactor's thread -------------------------------------------------------------------------------

    def _apply(self, wanted: dict[int, TickMode]) -> None:
        before, self._wanted = self._wanted, wanted
        if self._ws.is_connected():
            _send(self._ws, before, wanted)

    def _close(self) -> None:
        self._ws.stop_retry()
        if self._ws.is_connected():
            self._ws.close()

    def _on_connect(self, ws: KiteTicker, _response: Any) -> None:
        if self._stopped:
            ws.close()
            return
        _send(ws, {}, self._wanted)
        self._status(StreamStatus(StreamState.LIVE))

    def _on_ticks(self, _ws: KiteTicker, ticks: list[dict[str, Any]]) -> None:
        converted = []
        for raw in ticks:
            try:
                converted.append(tick_from_sdk(raw))
            except (KeyError, TypeError, ValueError, ArithmeticError):
                log.warning("stream: a tick the app cannot read was skipped: %r", raw)
        if converted:
            self._tell(lambda sink: sink.ticks(converted))

    def _on_order_update(self, _ws: KiteTicker, data: Mapping[str, Any]) -> None:
        self._tell(lambda sink: sink.order_update(data))

    def _on_reconnect(self, _ws: KiteTicker, attempt: int) -> None:
        if not self._stopped:
            self._status(StreamStatus(StreamState.RECONNECTING, attempt))

    def _on_noreconnect(self, _ws: KiteTicker) -> None:
        if not self._stopped:
            self._status(StreamStatus(StreamState.DOWN, detail="the stream gave up reconnecting"))

    def _on_error(self, ws: KiteTicker, code: Any, reason: Any) -> None:
        log.info("stream error %s: %s", code, reason)
        if TOKEN_REFUSED in str(reason) and not self._stopped:
            # Retrying a dead token only earns more refusals: the session has to be renewed first.
            self._stopped = self._refused = True
            ws.stop_retry()
            self._status(StreamStatus(StreamState.DOWN, detail=SESSION_REFUSED))


def _send(ws: KiteTicker, before: Mapping[int, TickMode], after: Mapping[int, TickMode]) -> None:
    gone = [token for token in before if token not in after]
    new = [token for token in after if token not in before]
    if gone:
        ws.unsubscribe(gone)
    if new:
        ws.subscribe(new)
    current = {**before, **dict.fromkeys(new, TickMode.QUOTE)}  # Kite starts a new subscription in quote mode
    for mode in TickMode:
        changed = [token for token, wanted in after.items() if wanted is mode and current.get(token) is not mode]
        if changed:
            ws.set_mode(mode.value, changed)


def _on_reactor(call: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    if reactor.running:
        reactor.callFromThread(call, *args, **kwargs)
    else:
        call(*args, **kwargs)  # the first ticker's connect() starts the reactor itself


@lru_cache(maxsize=1 << 16)
def _price(value: float | None) -> Decimal:
    """A float price from the SDK, back to the decimal it was on the wire (at most 7 places, CDS). Prices sit on
    a tick grid and repeat from tick to tick, so a cache turns most conversions into a lookup."""
    return Decimal(repr(value)) if value else _ZERO


def _epoch(value: datetime | None) -> int:
    return int(value.timestamp()) if value else 0


def _depth(levels: Iterable[Mapping[str, Any]]) -> tuple[DepthLevel, ...]:
    return tuple(DepthLevel(_price(level["price"]), level["quantity"], level["orders"]) for level in levels)


def tick_from_sdk(raw: Mapping[str, Any]) -> Tick:
    """The SDK's decoded tick (its own key names) as a domain Tick."""
    ohlc = raw.get("ohlc") or {}
    depth = raw.get("depth") or {}
    return Tick(
        instrument_token=raw["instrument_token"],
        last_price=_price(raw["last_price"]),
        mode=TickMode(raw.get("mode", TickMode.LTP)),
        last_quantity=raw.get("last_traded_quantity", 0),
        average_price=_price(raw.get("average_traded_price")),
        volume=raw.get("volume_traded", 0),
        buy_quantity=raw.get("total_buy_quantity", 0),
        sell_quantity=raw.get("total_sell_quantity", 0),
        open=_price(ohlc.get("open")),
        high=_price(ohlc.get("high")),
        low=_price(ohlc.get("low")),
        close=_price(ohlc.get("close")),
        last_trade_time=_epoch(raw.get("last_trade_time")),
        oi=raw.get("oi", 0),
        oi_day_high=raw.get("oi_day_high", 0),
        oi_day_low=raw.get("oi_day_low", 0),
        exchange_timestamp=_epoch(raw.get("exchange_timestamp")),
        bids=_depth(depth.get("buy", ())),
        asks=_depth(depth.get("sell", ())),
    )
