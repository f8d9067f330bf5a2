"""Staying within Kite's rate limits on the client, so that Kite never has to answer 429 (facts §5).

Kite allows 10 order writes a second, 1 quote request a second and 10 other requests a second, per account. How
Kite counts a "second" is not documented; a sliding window (as the paper exchange uses) is the strictest reading,
so that is what is kept to: each budget is N slots, and a slot used by a request comes free one window after that
request's reply. Counting from the reply rather than from the send makes it safe whatever the network latency: the
server saw the request somewhere between the two, so N+1 requests can never land inside one window. (A token bucket
dripping back at N per second would let 2N through in the first second and draw a 429.)

The wait blocks the calling worker thread, never the GUI. A 429 that gets through anyway (another app on the same
account) blocks its budget for a second, doubling while they keep coming.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum


class Budget(StrEnum):
    ORDERS = "orders"  # place, modify, cancel
    QUOTES = "quotes"  # /quote and its kin
    READS = "reads"  # everything else, orders book included
    HISTORICAL = "historical"  # /instruments/historical: Kite's own cap of 3 a second (facts §5)


KITE_BUDGETS = {Budget.ORDERS: 10, Budget.QUOTES: 1, Budget.READS: 10, Budget.HISTORICAL: 3}
WINDOW_SECONDS = 1.0
FIRST_BACKOFF_SECONDS = 1.0
MAX_BACKOFF_SECONDS = 8.0


class SlotWindow:
    """N requests in any window: the arithmetic, with the time passed in (so tests need no clock)."""

    def __init__(self, size: int, window: float = WINDOW_SECONDS) -> None:
        self._window = window
        self._free_at = [-math.inf] * size  # when each slot can be used again; inf while its request is out
        self._blocked_until = -math.inf
        self._backoffs = 0

    def wait(self, now: float) -> float:
        """Seconds until a request may start (0: at once; inf: every slot is out, wait for a release)."""
        return max(min(self._free_at) - now, self._blocked_until - now, 0.0)

    def take(self, now: float) -> int:
        """Use the slot that has been free longest; ``wait(now)`` must be 0."""
        if self.wait(now) > 0:
            raise RuntimeError("no slot is free yet")
        slot = self._free_at.index(min(self._free_at))
        self._free_at[slot] = math.inf
        return slot

    def release(self, slot: int, now: float) -> None:
        """The request on ``slot`` has its reply (or failed): the slot comes free one window from now."""
        self._free_at[slot] = now + self._window

    def back_off(self, now: float) -> float:
        """Kite answered 429: block the budget, longer each time in a row. Returns the pause in seconds."""
        pause = min(FIRST_BACKOFF_SECONDS * float(2**self._backoffs), MAX_BACKOFF_SECONDS)
        self._backoffs += 1
        self._blocked_until = max(self._blocked_until, now + pause)
        return pause

    def succeeded(self) -> None:
        self._backoffs = 0


class RateLimiter:
    """The blocking side: one SlotWindow per budget, shared by every thread that calls the broker."""

    def __init__(
        self,
        budgets: dict[Budget, int] | None = None,
        *,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._clock = clock
        self._windows = {budget: SlotWindow(size, window) for budget, size in (budgets or KITE_BUDGETS).items()}
        self._changed = threading.Condition()
        self.waited_seconds = 0.0  # total time callers spent waiting: a figure for benchmarks

    @contextmanager
    def slot(self, budget: Budget) -> Iterator[None]:
        """Wait for a slot of ``budget``, hold it while the request is out, and free it after the reply."""
        index = self._acquire(budget)
        try:
            yield
        finally:
            with self._changed:
                self._windows[budget].release(index, self._clock())
                self._changed.notify_all()

    def back_off(self, budget: Budget) -> float:
        with self._changed:
            return self._windows[budget].back_off(self._clock())

    def succeeded(self, budget: Budget) -> None:
        with self._changed:
            self._windows[budget].succeeded()

    def _acquire(self, budget: Budget) -> int:
        window = self._windows[budget]
        started = self._clock()
        with self._changed:
            while (delay := window.wait(self._clock())) > 0:
                # A release notifies; a timed wait covers a slot that simply comes free with time.
                self._changed.wait(None if math.isinf(delay) else delay)
            self.waited_seconds += self._clock() - started
            return window.take(self._clock())
