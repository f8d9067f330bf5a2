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

KINDS = ("latency", "http_5xx", "malformed_json", "html_error", "reset", "drop_response")


@dataclass(slots=True)
class Fault:
    kind: str
    path: str = ""
    method: str = ""
    count: int = 1
    latency_ms: int = 0
    status: int = 503

    def matches(self, method: str, path: str) -> bool:
        return path.startswith(self.path) and (not self.method or self.method.upper() == method)


class Faults:
    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def configure(self, spec: Any) -> list[dict[str, Any]]:
        """Apply one admin request: ``{"clear": true}``, one fault object, or a list of them."""
        if isinstance(spec, dict) and spec.get("clear"):
            self.clear()
        elif spec:
            for item in spec if isinstance(spec, list) else [spec]:
                self.add(_fault(item))
        return self.describe()

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

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


def _fault(item: Any) -> Fault:
    if not isinstance(item, dict) or item.get("kind") not in KINDS:
        raise input_error(f"A fault needs a kind, one of: {', '.join(KINDS)}.")
    try:
        fault = Fault(
            kind=str(item["kind"]),
            path=str(item.get("path", "")),
            method=str(item.get("method", "")),
            count=int(item.get("count", 1)),
            latency_ms=int(item.get("latency_ms", 0)),
            status=int(item.get("status", 503)),
        )
    except (TypeError, ValueError):
        raise input_error("Invalid fault: count, latency_ms and status are integers.") from None
    if fault.count == 0 or fault.count < -1:
        raise input_error("A fault's count is a positive number, or -1 to keep it until cleared.")
    return fault
