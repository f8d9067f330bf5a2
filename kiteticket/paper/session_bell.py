"""The end of each exchange's session, as the exchange ends it: intraday positions still open there are squared
off at market first (a cover order through its own stop leg, an MIS position by a square-off order), then every
order still working there is cancelled, and AMOs wait for the next open.

Zerodha's support page "Why was my order cancelled with the reason 'exchange mass cancel'?" says unmatched
pending orders are cancelled once the market closes (their validity runs to the close), and names that reason.
The exact ``status_message`` the API carries for them is NOT CONFIRMED: this exchange writes the reason as the
page names it. The page times the mass cancel after the post-close session (equity 16:00, currency 17:00); the
paper exchange has no post-close session and cancels at its session's end (domain/market_clock.py).

Only the real-hours market closes by itself (``--market real``); the always-open default never does, and a test
closes it at will with the admin API's ``/_paper/close``.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiteticket.domain.enums import Exchange
from kiteticket.domain.market_clock import MarketMode
from kiteticket.domain.status import OrderStatus
from kiteticket.paper.book import OrderBook
from kiteticket.paper.clock import ExchangeClock
from kiteticket.paper.lifecycle import Lifecycle
from kiteticket.paper.squareoff import SquareOff

MASS_CANCEL_MESSAGE = "Exchange mass cancel"
# At rest on the exchange, so ended by its close; an AMO still in AMO REQ RECEIVED has not reached it yet.
_AT_THE_EXCHANGE = frozenset({OrderStatus.OPEN.value, OrderStatus.TRIGGER_PENDING.value})


@dataclass(frozen=True, slots=True)
class Close:
    """What a close did: the orders executed by the square-off, then the orders cancelled."""

    squared_off: list[str]
    cancelled: list[str]


class SessionBell:
    def __init__(self, book: OrderBook, clock: ExchangeClock, life: Lifecycle, square_off: SquareOff) -> None:
        self._book = book
        self._clock = clock
        self._life = life
        self._square_off = square_off

    def ring(self, *, day_ends: bool = False) -> Close:
        """In real hours, an exchange out of session is past its close: its intraday positions are squared off
        (had the clock jumped over the square-off time) and its working orders cancelled. When the day ends (the
        clock passed midnight, or jumped over a night), every session of that day has closed. Called on every beat
        and every move of the clock, so a restart or a jump ends them too."""
        if self._clock.mode is not MarketMode.REAL:
            return Close([], [])
        return self._end({exchange for exchange in Exchange if day_ends or not self._clock.is_open(exchange)})

    def close(self) -> Close:
        """The closing bell now, whatever the hours: every exchange squares off, then cancels what is working."""
        return self._end(set(Exchange))

    def _end(self, closed: set[Exchange]) -> Close:
        if not closed:
            return Close([], [])
        # Kite's RMS closes intraday positions before the close, so no cover order is left without its stop.
        squared_off = self._square_off.close_positions(closed)
        cancelled = []
        for order in list(self._book.working_orders()):
            if order.status in _AT_THE_EXCHANGE and Exchange(order.exchange) in closed:
                self._life.cancel(order, MASS_CANCEL_MESSAGE)
                cancelled.append(order.order_id)
        return Close(squared_off, cancelled)
