"""Injected faults for the reliability work: what a flaky Kite or network does to a client.

Kinds: ``latency`` (answer late), ``http_5xx`` (a Kite-style JSON 5xx), ``malformed_json`` (a JSON content type
with a body that does not parse), ``html_error`` (a CDN's HTML 502 page), ``reset`` (the connection is reset
before any answer) and ``drop_response`` (the request is carried out, e.g. the order placed, but the connection
is reset instead of answering). Each fault hits the next ``count`` requests whose path starts with ``path``
(and whose method is ``method`` when given); ``count`` -1 keeps it until cleared.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from typing import Any

from kiteticket.paper.errors import input_error

# The ticker's faults act at once on the WebSocket connections (the admin API hands them to the exchange's ticker):
# ws_close drops every connection with a reset, ws_stall sends nothing for latency_ms (not even a pong, so the
# client's own watchdog notices), ws_delay holds every frame back by latency_ms (0 ends it).
TICKER_KINDS = ("ws_close", "ws_stall", "ws_delay")
KINDS = ("latency", "http_5xx", "malformed_json", "html_error", "reset", "drop_response", *TICKER_KINDS)


@dataclass(slots=True)
class Fault:
    kind: str
    path: str = ""
    method: str = ""
    count: int = 1
    latency_ms: int = 0
    status: int = 503
    hold: bool = False  # the request waits for {"release": true} (or a clear) before its kind applies

    def matches(self, method: str, path: str) -> bool:
        return path.startswith(self.path) and (not self.method or self.method.upper() == method)


class Faults:
    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._released = threading.Event()

    def add(self, fault: Fault) -> None:
        with self._lock:
            if fault.hold and self._released.is_set():
                self._released = threading.Event()  # a new hold: the requests it takes wait for the next release
            self._faults.append(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
        self.release()  # nothing is left waiting on a fault that no longer exists

    def release(self) -> None:
        """Let every request held by a ``hold`` fault go on (each then answers as its fault's kind says)."""
        with self._lock:
            self._released.set()

    def wait_released(self) -> None:
        """Hold the calling request's thread until ``release``: at most a minute, so no test hangs the server."""
        with self._lock:
            released = self._released
        released.wait(_MAX_LATENCY_MS / 1000)

    def describe(self) -> list[dict[str, Any]]:
        with self._lock:
            return [asdict(fault) for fault in self._faults]

    def take(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path):
                    if fault.count > 0:
                        fault.count -= 1
                        if fault.count == 0:
                            self._faults.remove(fault)
                    return fault
        return None


# Bounds that keep a fault meaningful: an error status (4xx too: the drill injects 429s), a latency of a minute.
_STATUSES = range(400, 600)
_MAX_LATENCY_MS = 60_000
_MAX_COUNT = 1_000_000
_METHODS = ("", "GET", "POST", "PUT", "DELETE")


def parse_faults(spec: Any) -> list[Fault]:
    """One fault object or a list of them, every one checked before any is used."""
    items = spec if isinstance(spec, list) else [spec]
    return [_fault(item) for item in items]


def _fault(item: Any) -> Fault:
    if not isinstance(item, dict) or item.get("kind") not in KINDS:
        raise input_error(f"A fault needs a kind, one of: {', '.join(KINDS)}.")
    path, method = item.get("path", ""), item.get("method", "")
    if not isinstance(path, str) or len(path) > 200 or not isinstance(method, str) or method.upper() not in _METHODS:
        raise input_error("Invalid fault: path is a route prefix, method one of GET, POST, PUT, DELETE.")
    count = _integer(item, "count", 1, range(-1, _MAX_COUNT + 1))
    if count == 0:
        raise input_error("A fault's count is a positive number, or -1 to keep it until cleared.")
    return Fault(
        kind=str(item["kind"]),
        path=path,
        method=method.upper(),
        count=count,
        latency_ms=_integer(item, "latency_ms", 0, range(_MAX_LATENCY_MS + 1)),
        status=_integer(item, "status", 503, _STATUSES),
        hold=_flag(item, "hold"),
    )


def _flag(item: dict[str, Any], name: str) -> bool:
    value = item.get(name, False)
    if not isinstance(value, bool):
        raise input_error(f"Invalid fault: {name} is true or false.")
    return value


def _integer(item: dict[str, Any], name: str, default: int, allowed: range) -> int:
    value = item.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        raise input_error(f"Invalid fault: {name} is a whole number from {allowed.start} to {allowed.stop - 1}.")
    return value
