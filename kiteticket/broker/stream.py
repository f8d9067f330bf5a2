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
import struct
import threading
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from kiteconnect import KiteTicker
from twisted.internet import reactor

from kiteticket.broker.tick_decoder import ticks_from_frame
from kiteticket.domain.stream import StreamState, StreamStatus
from kiteticket.domain.tick import Tick, TickMode

log = logging.getLogger(__name__)

RECONNECT_MAX_TRIES = 300  # the SDK's ceiling: a trader's stream should keep trying all day
RECONNECT_MAX_DELAY = 10  # seconds between attempts at most (the SDK's floor is 5)
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
        # Binary frames are decoded here (broker.tick_decoder), not by the SDK's on_ticks path: its _parse_binary
        # and the conversion of its dicts cost about 45 µs a full tick against 15, and the reactor's thread holds
        # the GIL the GUI thread needs while it decodes. Text frames (order updates, errors) stay the SDK's.
        ws.on_message = self._on_message
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

    def _on_message(self, _ws: KiteTicker, payload: bytes, is_binary: bool) -> None:
        if not is_binary or len(payload) <= 4:  # text frames are the SDK's; a 1-byte frame is the heartbeat
            return
        try:
            ticks = ticks_from_frame(payload)
        except struct.error:
            log.warning("stream: a market-data frame cut short was skipped (%d bytes)", len(payload))
            return
        if ticks:
            self._tell(lambda sink: sink.ticks(ticks))

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
