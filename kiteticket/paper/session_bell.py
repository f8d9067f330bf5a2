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

from collections.abc import Callable

from kiteticket.domain.enums import Exchange
from kiteticket.domain.market_clock import MarketMode
from kiteticket.domain.status import OrderStatus
from kiteticket.paper.book import OrderBook
from kiteticket.paper.clock import ExchangeClock
from kiteticket.paper.lifecycle import Lifecycle
from kiteticket.paper.model import PaperOrder

MASS_CANCEL_MESSAGE = "Exchange mass cancel"
# At rest on the exchange, so ended by its close; an AMO still in AMO REQ RECEIVED has not reached it yet.
_AT_THE_EXCHANGE = frozenset({OrderStatus.OPEN.value, OrderStatus.TRIGGER_PENDING.value})


class SessionBell:
    def __init__(self, book: OrderBook, clock: ExchangeClock, life: Lifecycle) -> None:
        self._book = book
        self._clock = clock
        self._life = life

    def ring(self, *, day_ends: bool = False) -> list[str]:
        """In real hours, the orders still working on an exchange out of session are past their close: the
        exchange cancels them. When the day ends (the clock passed midnight, or jumped over a night), every
        session of that day has closed. Called on every beat and every move of the clock, so a restart or a jump
        ends them too. Returns the order ids it ended."""
        if self._clock.mode is not MarketMode.REAL:
            return []
        in_session: dict[str, bool] = {}

        def past_close(order: PaperOrder) -> bool:
            if order.exchange not in in_session:
                in_session[order.exchange] = self._clock.is_open(Exchange(order.exchange))
            return day_ends or not in_session[order.exchange]

        return self._end(past_close)

    def close(self) -> list[str]:
        """The closing bell now, whatever the hours: every exchange cancels what is still working on it."""
        return self._end(lambda _order: True)

    def _end(self, past_close: Callable[[PaperOrder], bool]) -> list[str]:
        ended = []
        for order in list(self._book.working_orders()):
            if order.status in _AT_THE_EXCHANGE and past_close(order):
                self._life.cancel(order, MASS_CANCEL_MESSAGE)
                ended.append(order.order_id)
        return ended
