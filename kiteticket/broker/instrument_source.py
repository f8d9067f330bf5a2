"""Today's instrument master: from the day's cache, or downloaded once through the SDK and cached.

Kite rebuilds the dump every morning, so a cache from an earlier IST day is never used (kite-api-facts.md §8).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from kiteticket.broker.instrument_cache import InstrumentCache
from kiteticket.domain.instruments import InstrumentMaster
from kiteticket.domain.market_clock import IST


class InstrumentDump(Protocol):
    """The app's GuardedGateway: the day's download is rate-limited and audited like any other call."""

    def instruments_csv(self) -> str: ...


def load_master(gateway: InstrumentDump, cache: InstrumentCache, today: date | None = None) -> InstrumentMaster:
    day = today or datetime.now(IST).date()
    cached = cache.load(day)
    return cached if cached is not None else cache.store(gateway.instruments_csv(), day)
