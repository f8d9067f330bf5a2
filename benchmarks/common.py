"""Shared by the benchmark scripts: a paper exchange in its own process, a logged-in SDK client, medians, tables.

The exchange runs in a separate process so that the client side measured here does not share its GIL with the
server, as it would not with Kite.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from kiteconnect import KiteConnect

Row = Sequence[str]


@contextmanager
def paper_exchange_process(*extra: str) -> Iterator[str]:
    """``kiteticket-paper`` on a free loopback port, in-memory, no rate limits; yields its root URL."""
    command = [sys.executable, "-m", "kiteticket.paper.cli", "--port", "0", "--db", ":memory:", "--no-rate-limit"]
    server = subprocess.Popen([*command, *extra], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        root = server.stdout.readline().strip().split()[-1]
        yield root
    finally:
        server.terminate()
        server.wait(timeout=10)


def login(root: str, api_key: str = "paper", api_secret: str = "paper", timeout: int | None = None) -> KiteConnect:
    reply = requests.get(
        f"{root}/connect/login", params={"api_key": api_key, "v": "3"}, allow_redirects=False, timeout=10
    )
    token = parse_qs(urlsplit(reply.headers["Location"]).query)["request_token"][0]
    kite = KiteConnect(api_key, root=root, timeout=timeout)
    kite.generate_session(token, api_secret=api_secret)
    return kite


def admin(root: str, action: str, body: Any) -> Any:
    reply = requests.post(f"{root}/_paper/{action}", json=body, timeout=10)
    reply.raise_for_status()
    return reply.json()["data"]


def median_ms(call: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def print_table(title: str, header: Row, rows: Sequence[Row]) -> None:
    widths = [max(len(str(row[column])) for row in [header, *rows]) for column in range(len(header))]
    print(f"\n{title}")
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))


def python_calls(action: Callable[[], object]) -> int:
    """How many Python functions run (called from Python or from Qt) while ``action`` runs: each call Qt makes into
    Python while it paints or dispatches must take the GIL, and may wait for another thread to give it up."""
    calls = 0

    def count(_frame: object, event: str, _arg: object) -> None:
        nonlocal calls
        calls += event == "call"

    sys.setprofile(count)
    try:
        action()
    finally:
        sys.setprofile(None)
    return calls
