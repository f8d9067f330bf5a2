"""The end of each exchange's session, as the exchange ends it: every order still working there is cancelled, and
AMOs wait for the next open.

Zerodha's support page "Why was my order cancelled with the reason 'exchange mass cancel'?" says unmatched
pending orders are cancelled once the market closes (their validity runs to the close), and names that reason.
The exact ``status_message`` the API carries for them is NOT CONFIRMED: this exchange writes the reason as the
page names it. The page times the mass cancel after the post-close session (equity 16:00, currency 17:00); the
paper exchange has no post-close session and cancels at its session's end (domain/market_clock.py).

Only the real-hours market closes by itself (``--market real``); the always-open default never does, and a test
closes it at will with the admin API's ``/_paper/close``.
"""

from __future__ import annotations

from kiteticket.domain.enums import Exchange
from kiteticket.domain.market_clock import MarketMode
from kiteticket.domain.status import OrderStatus
from kiteticket.paper.book import OrderBook
from kiteticket.paper.clock import ExchangeClock
from kiteticket.paper.lifecycle import Lifecycle

MASS_CANCEL_MESSAGE = "Exchange mass cancel"
# At rest on the exchange, so ended by its close; an AMO still in AMO REQ RECEIVED has not reached it yet.
_AT_THE_EXCHANGE = frozenset({OrderStatus.OPEN.value, OrderStatus.TRIGGER_PENDING.value})


class SessionBell:
    def __init__(self, book: OrderBook, clock: ExchangeClock, life: Lifecycle) -> None:
        self._book = book
        self._clock = clock
        self._life = life
        self._open_on: dict[Exchange, str] = {}  # the day each exchange was last seen in session

    def ring(self) -> None:
        """Ends every session that closed since the last call, on a beat of the market or a move of the clock
        (also one jumped over a whole night: the session seen open on another day has ended too)."""
        if self._clock.mode is not MarketMode.REAL:
            self._open_on.clear()
            return
        today = self._clock.today()
        for exchange in Exchange:
            in_session = self._clock.is_open(exchange)
            seen = self._open_on.get(exchange)
            if seen is not None and (seen != today or not in_session):
                self.close(exchange)
            if in_session:
                self._open_on[exchange] = today
            else:
                self._open_on.pop(exchange, None)

    def close(self, exchange: Exchange | None = None) -> list[str]:
        """The exchange (every exchange when None) cancels what is still working on it; returns the order ids."""
        ended = []
        for order in list(self._book.working_orders()):
            if order.status in _AT_THE_EXCHANGE and exchange in (None, Exchange(order.exchange)):
                self._life.cancel(order, MASS_CANCEL_MESSAGE)
                ended.append(order.order_id)
        return ended
