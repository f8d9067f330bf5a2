"""The ticket's market data: a quote for the chosen instrument once a second (Kite allows one quote request a
second) and the required margin for the order as it stands, fetched off the GUI thread."""

from __future__ import annotations

import time
from decimal import Decimal
from functools import partial
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, SignalInstance, Slot

from kiteticket.domain.errors import BrokerError
from kiteticket.domain.margin_preview import MarginPreview, funds_segment
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.quote import Quote
from kiteticket.ui.broker_port import BrokerPort
from kiteticket.ui.tasks import TaskRunner

QUOTE_INTERVAL_MS = 1_000


class QuotedTicket(Protocol):
    """What the controller needs of the order ticket (OrderTicket has it)."""

    @property
    def quote_wanted(self) -> SignalInstance: ...
    @property
    def margin_wanted(self) -> SignalInstance: ...
    def set_quote(self, quote: Quote) -> None: ...
    def set_margin(self, preview: MarginPreview) -> None: ...
    def set_margin_failed(self, message: str) -> None: ...


def margin_preview(broker: BrokerPort, request: OrderRequest) -> MarginPreview:
    """Required margin and, beside it, the funds available in the order's segment (run off the GUI thread). Funds
    that cannot be read leave the preview without them rather than without the margin."""
    estimate = broker.order_margin(request)
    try:
        available: Decimal | None = broker.available_funds(funds_segment(request.exchange))
    except BrokerError:
        available = None
    return MarginPreview(estimate, available)


class MarketDataController(QObject):
    """Feeds the ticket's quote and margin panels. Only the newest answer is shown; stale ones are dropped."""

    def __init__(self, ticket: QuotedTicket, broker: BrokerPort, tasks: TaskRunner) -> None:
        super().__init__()
        self._ticket = ticket
        self._broker = broker
        self._tasks = tasks
        self._key = ""
        self._quote_in_flight = False
        self._last_quote_at = 0.0
        self._margin_for: OrderRequest | None = None
        self._streaming = False
        self._quoted = ""  # the key a REST quote last arrived for
        self._timer = QTimer(self)
        self._timer.setInterval(QUOTE_INTERVAL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        ticket.quote_wanted.connect(self._on_ticket_quote_wanted)
        ticket.margin_wanted.connect(self._on_ticket_margin_wanted)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @Slot(str)
    def _on_ticket_quote_wanted(self, key: str) -> None:
        self._key = key
        self._fetch_quote()

    @Slot()
    def _on_timer_timeout(self) -> None:
        if self._streaming and self._quoted == self._key:
            return  # ticks keep the quote current; the one REST quote gave what ticks lack (the circuit limits)
        self._fetch_quote()

    def set_streaming(self, streaming: bool) -> None:
        """Whether the stream is live: while it is, the instrument is quoted over REST once, not every second."""
        self._streaming = streaming

    def _fetch_quote(self) -> None:
        too_soon = time.monotonic() - self._last_quote_at < QUOTE_INTERVAL_MS / 1000 * 0.9
        if not self._key or self._quote_in_flight or too_soon:
            return
        self._quote_in_flight = True
        self._last_quote_at = time.monotonic()
        self._tasks.read(partial(self._broker.quotes, [self._key]), self._on_quotes_ready, self._on_quotes_failed)

    def _on_quotes_ready(self, quotes: object) -> None:
        self._quote_in_flight = False
        quote = quotes.get(self._key) if isinstance(quotes, dict) else None
        if isinstance(quote, Quote):
            self._quoted = self._key
            self._ticket.set_quote(quote)

    def _on_quotes_failed(self, _error: BaseException) -> None:
        # The poller's status shows connection trouble; a missed quote is simply retried on the next tick.
        self._quote_in_flight = False

    @Slot(object)
    def _on_ticket_margin_wanted(self, request: OrderRequest) -> None:
        self._margin_for = request
        self._tasks.read(
            partial(margin_preview, self._broker, request),
            partial(self._on_margin_ready, request),
            partial(self._on_margin_failed, request),
        )

    def _on_margin_ready(self, request: OrderRequest, preview: object) -> None:
        if request is self._margin_for and isinstance(preview, MarginPreview):
            self._ticket.set_margin(preview)

    def _on_margin_failed(self, request: OrderRequest, error: BaseException) -> None:
        if request is self._margin_for:
            message = getattr(error, "user_message", str(error))
            self._ticket.set_margin_failed(f"Margin not available: {message}")
