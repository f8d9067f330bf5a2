"""Kite's per-second rate limits, each answered with 429 beyond the limit (facts §5).

A sliding one-second window per category: 10 order writes, 1 quote call, 3 historical-candle calls, 10 other
requests. The paper account has one user, so the windows are global.
"""

from __future__ import annotations

import threading
import time
from collections import deque

LIMITS = {"orders": 10, "quote": 1, "historical": 3, "other": 10}


def category(method: str, path: str) -> str:
    if path.startswith("/quote"):
        return "quote"
    if path.startswith("/instruments/historical/"):
        return "historical"
    if path.startswith("/orders/") and method in ("POST", "PUT", "DELETE"):
        return "orders"
    return "other"


class RateLimiter:
    def __init__(self, enabled: bool = True, limits: dict[str, int] | None = None) -> None:
        self.enabled = enabled
        self._limits = dict(limits or LIMITS)
        self._windows: dict[str, deque[float]] = {name: deque() for name in self._limits}
        self._lock = threading.Lock()

    def allow(self, method: str, path: str) -> bool:
        if not self.enabled:
            return True
        name = category(method, path)
        now = time.monotonic()
        with self._lock:
            window = self._windows[name]
            while window and now - window[0] >= 1.0:
                window.popleft()
            if len(window) >= self._limits[name]:
                return False
            window.append(now)
            return True

    def reset(self) -> None:
        with self._lock:
            for window in self._windows.values():
                window.clear()
