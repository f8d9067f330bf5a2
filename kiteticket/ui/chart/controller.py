"""Keeps the chart on the ticket's instrument: its history fetched off the GUI thread at each change of instrument or
interval, then extended by the instrument's ticks, with the working orders and positions drawn as price lines.

History is fetched only while the chart is on screen (or when it comes back into view after a change): a trader
flips through instruments in the ticket all day, and each fetch spends one of Kite's three historical requests a
second for a chart nobody is looking at."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, time
from decimal import Decimal
from functools import partial
from typing import Protocol

from PySide6.QtCore import QObject, SignalInstance, Slot

from kiteticket.domain.candles import Candle, CandleSeries, Interval, first_candle, history_window
from kiteticket.domain.chart_lines import average_lines, order_lines
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.market_clock import IST
from kiteticket.domain.orderbook import OrderBookSnapshot
from kiteticket.domain.portfolio_rows import Position
from kiteticket.domain.prices import as_decimal
from kiteticket.domain.tick import Tick
from kiteticket.ui.broker_port import BrokerPort
from kiteticket.ui.chart.view import ChartView
from kiteticket.ui.messages import error_text
from kiteticket.ui.tasks import TaskRunner


class ChartedTicket(Protocol):
    """What the chart needs of the order ticket (OrderTicket has it)."""

    @property
    def quote_wanted(self) -> SignalInstance: ...
    def instrument(self) -> Instrument | None: ...


class ChartController(QObject):
    """Signals: none of its own; the view is its output."""

    def __init__(
        self, view: ChartView, ticket: ChartedTicket, broker: BrokerPort, tasks: TaskRunner, parent: QObject | None
    ) -> None:
        super().__init__(parent)
        self.view = view
        self._ticket = ticket
        self._broker = broker
        self._tasks = tasks
        self._instrument: Instrument | None = None
        self._series: CandleSeries | None = None
        self._request = 0  # the latest history request: answers to older ones are dropped
        self._stale = False  # the instrument or interval changed while the chart was out of view
        self._book = OrderBookSnapshot.empty()
        self._positions: tuple[Position, ...] = ()
        ticket.quote_wanted.connect(self._on_ticket_quote_wanted)
        view.interval_changed.connect(self._on_view_interval_changed)
        view.shown.connect(self._on_view_shown)

    @property
    def series(self) -> CandleSeries | None:
        return self._series

    @Slot()
    def reload(self) -> None:
        """Fetch the history again (after a login: a request before it had no session)."""
        self._load()

    @Slot(str)
    def _on_ticket_quote_wanted(self, _key: str) -> None:
        self.follow_ticket()

    def follow_ticket(self) -> None:
        """Show the ticket's instrument (when it changes, and once when the chart is made)."""
        instrument = self._ticket.instrument()
        if instrument == self._instrument:
            return
        self._instrument = instrument
        self.view.set_title(instrument.tradingsymbol if instrument else "", instrument.key if instrument else "")
        self._show_lines()
        self._load()

    @Slot(object)
    def _on_view_interval_changed(self, _interval: Interval) -> None:
        self._load()

    @Slot()
    def _on_view_shown(self) -> None:
        if self._stale:
            self._load()

    def _load(self) -> None:
        self._request += 1
        self._series = None
        self._stale = not self.view.isVisible()
        instrument = self._instrument
        if self._stale:
            return
        if instrument is None:
            self.view.show_series(CandleSeries(self.view.interval(), ()), fit=True)
            self.view.set_status("Pick an instrument in the ticket")
            return
        interval = self.view.interval()
        start, end = history_window(interval, datetime.now(IST).date())
        self.view.set_status("Loading candles…")
        fetch = partial(self._broker.historical_candles, instrument.instrument_token, interval, start, end)
        done = partial(self._on_history_loaded, self._request, interval, first_candle(instrument.exchange))
        self._tasks.read(fetch, done, partial(self._on_history_failed, self._request))

    def _on_history_loaded(self, request: int, interval: Interval, opening: time, candles: tuple[Candle, ...]) -> None:
        if request != self._request:
            return
        self._series = CandleSeries(interval, tuple(candles), opening)
        self.view.show_series(self._series, fit=True)
        self.view.set_status("" if candles else "No candles for this period")

    def _on_history_failed(self, request: int, error: BaseException) -> None:
        if request == self._request:
            self.view.set_status(f"Candles not loaded: {error_text(error)}")

    # -- live inputs --------------------------------------------------------------------------------------------
    @Slot(object)
    def on_ticks(self, ticks: Mapping[int, Tick]) -> None:
        """The stream's latest ticks: the instrument's moves the last candle, or starts the next."""
        instrument, series = self._instrument, self._series
        tick = ticks.get(instrument.instrument_token) if instrument is not None else None
        if tick is None or series is None or not tick.last_price:
            return
        seconds = tick.exchange_timestamp or tick.last_trade_time
        if not seconds:
            return  # a tick that says nothing of when: better left out than put in the wrong candle
        self._series = series.with_tick(tick.last_price, datetime.fromtimestamp(seconds, IST), tick.volume)
        self.view.show_series(self._series, fit=False)

    @Slot(object)
    def on_book(self, snapshot: OrderBookSnapshot) -> None:
        self._book = snapshot
        self._show_lines()

    def on_positions(self, positions: Iterable[Position]) -> None:
        self._positions = tuple(positions)
        self._show_lines()

    def _show_lines(self) -> None:
        instrument = self._instrument
        if instrument is None:
            self.view.set_lines(())
            return
        tick: Decimal = as_decimal(instrument.tick_size) if instrument.tick_size else Decimal("0.05")
        lines = order_lines(self._book.rows, instrument.key, tick) + average_lines(
            self._positions, instrument.key, tick
        )
        self.view.set_lines(lines)
