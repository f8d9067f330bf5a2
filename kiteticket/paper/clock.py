"""The exchange clock: IST wall time that tests can move, and the market mode (open, closed, real hours).

Session and AMO rules come from ``kiteticket.domain.market_clock``; this class only decides what "now" is.
Setting a time makes the clock run on from there, so TTL expiry and the 06:00 token expiry follow it.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta

from kiteticket.domain.enums import Exchange, Variety
from kiteticket.domain.market_clock import IST, MarketClock, MarketMode

TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"


def parse_mode(text: str) -> MarketMode:
    return MarketMode[text.strip().upper()]


class ExchangeClock:
    def __init__(self, mode: MarketMode = MarketMode.OPEN) -> None:
        self._lock = threading.Lock()
        self._offset = 0.0  # seconds added to the real clock
        self._rules = MarketClock(now=self.now, mode=mode)

    def now(self) -> datetime:
        return datetime.fromtimestamp(time.time() + self._offset, IST)

    def stamp(self) -> str:
        return self.now().strftime(TIMESTAMP_FORMAT)

    def today(self) -> str:
        return self.now().strftime("%Y-%m-%d")

    @property
    def mode(self) -> MarketMode:
        return self._rules.mode

    def set_mode(self, mode: MarketMode) -> None:
        with self._lock:
            self._rules = MarketClock(now=self.now, mode=mode)

    def set_now(self, text: str) -> None:
        target = datetime.strptime(text, TIMESTAMP_FORMAT).replace(tzinfo=IST)
        with self._lock:
            self._offset = target.timestamp() - time.time()

    def is_open(self, exchange: Exchange) -> bool:
        return self._rules.is_open(exchange)

    def placement_problem(self, variety: Variety, exchange: Exchange) -> str | None:
        return self._rules.placement_problem(variety, exchange)

    def next_token_expiry(self) -> datetime:
        """Kite's access tokens die at 06:00 IST the next morning (regulatory, facts §6)."""
        now = self.now()
        expiry = now.replace(hour=6, minute=0, second=0, microsecond=0)
        return expiry if now < expiry else expiry + timedelta(days=1)
