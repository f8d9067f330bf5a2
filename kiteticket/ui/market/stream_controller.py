"""One session's stream: started when the session is, stopped when it ends or Kite refuses its token; what it
subscribes to follows what the window shows.

Subscriptions: the ticket's instrument and every watchlist instrument in full mode (the ticket's depth; the
watch's best bid and offer, which only full-mode ticks carry) and the positions' instruments in quote mode
(their P&L); the broker's ``MarketStream``
sends only the difference when this set changes. Ticks go to the market watch here, and to whoever listens to
``ticks_arrived`` (the ticket, the positions); pushed order updates and the stream's state are passed on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal, Slot

from kiteticket.domain.stream import StreamState, StreamStatus
from kiteticket.domain.tick import Tick, TickMode
from kiteticket.ui.market.stream_bridge import StreamBridge
from kiteticket.ui.market.watch_model import WatchModel


class StreamHandle(Protocol):
    def start(self) -> None: ...

    def want(self, modes: Mapping[int, TickMode]) -> None: ...

    def stop(self) -> None: ...


# Makes the session's stream, delivering to the given sink (the bridge); the composition root binds the broker's
# MarketStream with the session's api_key, access token and the ticker's root.
StreamFactory = Callable[[StreamBridge], StreamHandle]


class StreamController(QObject):
    """Signals: ``ticks_arrived(dict[int, Tick])``, ``order_updated(dict)``, ``status_changed(StreamStatus)``."""

    ticks_arrived = Signal(object)
    order_updated = Signal(object)
    status_changed = Signal(object)

    def __init__(self, factory: StreamFactory, watch: WatchModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._factory = factory
        self._watch = watch
        self.bridge = StreamBridge(self)
        self._stream: StreamHandle | None = None
        self._ticket: int | None = None
        self._watched: frozenset[int] = frozenset()
        self._held: frozenset[int] = frozenset()
        self.status = StreamStatus(StreamState.DOWN, detail="not started")
        self.bridge.ticks_arrived.connect(self._on_bridge_ticks_arrived)
        self.bridge.order_updated.connect(self.order_updated)
        self.bridge.status_changed.connect(self._on_bridge_status_changed)

    @property
    def running(self) -> bool:
        return self._stream is not None

    def start(self) -> None:
        """A session began: a new stream (a new access token needs a new connection)."""
        self.stop()
        self._stream = self._factory(self.bridge)
        self._stream.start()
        self._send()

    def stop(self) -> None:
        if self._stream is not None:
            self._stream.stop()
            self._stream = None
            self._on_bridge_status_changed(StreamStatus(StreamState.DOWN, detail="stopped"))

    def set_ticket_instrument(self, token: int | None) -> None:
        if token != self._ticket:
            self._ticket = token
            self._send()

    def set_watched(self, tokens: Iterable[int]) -> None:
        watched = frozenset(tokens)
        if watched != self._watched:
            self._watched = watched
            self._send()

    def set_held(self, tokens: Iterable[int]) -> None:
        """The instruments of open positions and holdings, whose P&L should tick."""
        held = frozenset(tokens)
        if held != self._held:
            self._held = held
            self._send()

    def wanted(self) -> dict[int, TickMode]:
        modes = dict.fromkeys(self._held, TickMode.QUOTE)
        modes.update(dict.fromkeys(self._watched, TickMode.FULL))
        if self._ticket is not None:
            modes[self._ticket] = TickMode.FULL
        return modes

    def _send(self) -> None:
        if self._stream is not None:
            self._stream.want(self.wanted())

    @Slot(object)
    def _on_bridge_ticks_arrived(self, ticks: dict[int, Tick]) -> None:
        if self._stream is None:
            return  # a batch already on its way when the stream stopped: it belongs to no session now
        self._watch.apply_ticks(ticks)
        self.ticks_arrived.emit(ticks)

    @Slot(object)
    def _on_bridge_status_changed(self, status: StreamStatus) -> None:
        self.status = status
        self.status_changed.emit(status)


def tokens_of(keys: Iterable[str], lookup: Callable[[str], Any]) -> list[int]:
    """Instrument tokens of "EXCHANGE:SYMBOL" keys the instrument list knows."""
    found = (lookup(key) for key in keys)
    return [instrument.instrument_token for instrument in found if instrument is not None]
