"""Kite's rate limits and order caps, each answered as Kite answers it (facts §5).

Per second, a sliding window per category: 10 order writes, 1 quote call, 3 historical-candle calls, 10 other
requests (429 "Too many requests"). Order writes (place, modify, cancel: every write counts, facts §5) also have a
minute and a day cap. The paper account has one user, so the windows are global. Only authenticated requests are
counted: the server checks the token first, as Kite does, so a caller without a session cannot use up the
account's windows.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from kiteticket.paper.errors import order_requests_exceeded, too_many_requests

LIMITS = {"orders": 10, "quote": 1, "historical": 3, "other": 10}
# 400 a minute is the 2026 staff answer (200 in older ones; facts §13): the newer figure is the one in force.
ORDERS_PER_MINUTE = 400
ORDERS_PER_DAY = 5_000  # per user, all segments and varieties, modifications and RMS rejections included


def category(method: str, path: str) -> str:
    if path.startswith("/quote"):
        return "quote"
    if path.startswith("/instruments/historical/"):
        return "historical"
    if path.startswith("/orders/") and method in ("POST", "PUT", "DELETE"):
        return "orders"
    return "other"


class RateLimiter:
    def __init__(
        self, enabled: bool = True, limits: dict[str, int] | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.enabled = enabled
        self._clock = clock
        self._limits = dict(limits or LIMITS)
        self._windows: dict[str, deque[float]] = {name: deque() for name in self._limits}
        self._minute: deque[float] = deque()
        self._day, self._day_count = "", 0
        self._lock = threading.Lock()

    def check(self, method: str, path: str, day: str) -> None:
        """Count one request of ``day`` (the exchange's date), or raise Kite's error when a limit is reached;
        a refused request is not counted."""
        if not self.enabled:
            return
        name = category(method, path)
        now = self._clock()
        with self._lock:
            second = _trimmed(self._windows[name], now, 1.0)
            if len(second) >= self._limits[name]:
                raise too_many_requests()
            if name == "orders":
                self._check_order_caps(now, day)
            second.append(now)

    def count_order(self, day: str) -> None:
        """An order the exchange made for a request already counted (an iceberg's next leg, an autoslice's
        further slice): Kite counts each toward the day's cap (facts §1.5, F12), though not as a request."""
        if self.enabled:
            with self._lock:
                self._roll(day)
                self._day_count += 1

    def _roll(self, day: str) -> None:
        if day != self._day:
            self._day, self._day_count = day, 0

    def _check_order_caps(self, now: float, day: str) -> None:
        self._roll(day)
        if self._day_count >= ORDERS_PER_DAY:
            raise order_requests_exceeded()
        if len(_trimmed(self._minute, now, 60.0)) >= ORDERS_PER_MINUTE:
            raise too_many_requests()
        self._minute.append(now)
        self._day_count += 1

    def reset(self) -> None:
        with self._lock:
            for window in self._windows.values():
                window.clear()
            self._minute.clear()
            self._day, self._day_count = "", 0


def _trimmed(window: deque[float], now: float, span: float) -> deque[float]:
    while window and now - window[0] >= span:
        window.popleft()
    return window
