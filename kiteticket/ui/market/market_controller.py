"""The market watch and the session's stream, wired to the ticket.

Subscriptions follow what is on screen: the ticket's instrument (full mode, its depth) and every watchlist's
instruments (quote mode). Ticks reach the watch's rows and the ticket's quote; a watch row's B/S/F1/F2 or a
double-click opens the ticket on that instrument and side. Watchlists are saved on every edit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Signal, SignalInstance, Slot

from kiteticket.domain.enums import Exchange, TransactionType
from kiteticket.domain.instruments import Instrument, InstrumentMaster
from kiteticket.domain.quote import Quote
from kiteticket.domain.tick import Tick, quote_with_tick
from kiteticket.domain.watchlist import Watchlists
from kiteticket.ui.market.stream_controller import StreamController, StreamFactory, tokens_of
from kiteticket.ui.market.watch_view import MarketWatch


class StreamedTicket(Protocol):
    """What the market needs of the order ticket (OrderTicket has it)."""

    @property
    def quote_wanted(self) -> SignalInstance: ...
    def instrument(self) -> Instrument | None: ...
    def last_quote(self) -> Quote | None: ...
    def set_quote(self, quote: Quote) -> None: ...
    def set_instrument(self, exchange: Exchange | str, tradingsymbol: str) -> None: ...
    def open_side(self, side: TransactionType) -> None: ...


class MarketController(QObject):
    """Signals: ``status_changed(StreamStatus)``, ``order_updated(dict)`` (a pushed order update), and
    ``ticks_arrived(dict[int, Tick])`` for other views that tick (positions)."""

    status_changed = Signal(object)
    order_updated = Signal(object)
    ticks_arrived = Signal(object)

    def __init__(
        self,
        watch: MarketWatch,
        ticket: StreamedTicket,
        factory: StreamFactory | None,
        save_watchlists: Callable[[Watchlists], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.watch = watch
        self._ticket = ticket
        self._save = save_watchlists
        self._master: InstrumentMaster | None = None
        self.stream = StreamController(factory, watch.model, self) if factory is not None else None
        watch.watchlists_changed.connect(self._on_watch_watchlists_changed)
        watch.trade_requested.connect(self._on_watch_trade_requested)
        ticket.quote_wanted.connect(self._on_ticket_quote_wanted)
        if self.stream is not None:
            self.stream.ticks_arrived.connect(self._on_stream_ticks_arrived)
            self.stream.status_changed.connect(self.status_changed)
            self.stream.order_updated.connect(self.order_updated)

    @property
    def streaming(self) -> bool:
        """Live ticks are coming: REST quotes are only needed for what ticks do not carry (circuit limits)."""
        return self.stream is not None and self.stream.status.healthy

    def set_master(self, master: InstrumentMaster) -> None:
        self._master = master
        self.watch.set_master(master, self._lookup)
        self._subscribe_watched()
        self._on_ticket_quote_wanted("")

    def set_held(self, tokens: set[int]) -> None:
        """The instruments of open positions: their P&L ticks too."""
        if self.stream is not None:
            self.stream.set_held(tokens)

    def session_started(self) -> None:
        if self.stream is not None:
            self.stream.start()

    def session_ended(self) -> None:
        if self.stream is not None:
            self.stream.stop()

    def _lookup(self, key: str) -> Instrument | None:
        exchange, _, symbol = key.partition(":")
        return self._master.get(exchange, symbol) if self._master is not None and symbol else None

    def _subscribe_watched(self) -> None:
        if self.stream is not None:
            self.stream.set_watched(tokens_of(self.watch.watchlists.all_keys(), self._lookup))

    @Slot(object)
    def _on_watch_watchlists_changed(self, watchlists: Watchlists) -> None:
        self._save(watchlists)
        self._subscribe_watched()

    @Slot(str, object)
    def _on_watch_trade_requested(self, key: str, side: TransactionType) -> None:
        exchange, _, symbol = key.partition(":")
        self._ticket.set_instrument(exchange, symbol)
        self._ticket.open_side(side)

    @Slot(str)
    def _on_ticket_quote_wanted(self, _key: str) -> None:
        if self.stream is not None:
            instrument = self._ticket.instrument()
            self.stream.set_ticket_instrument(instrument.instrument_token if instrument else None)

    @Slot(object)
    def _on_stream_ticks_arrived(self, ticks: dict[int, Tick]) -> None:
        instrument, quote = self._ticket.instrument(), self._ticket.last_quote()
        if instrument is not None and quote is not None and quote.key == instrument.key:
            tick = ticks.get(instrument.instrument_token)
            if tick is not None:
                self._ticket.set_quote(quote_with_tick(quote, tick))
        self.ticks_arrived.emit(ticks)
