"""Benchmarks for the paper exchange, printed side by side with a baseline and the issue's target.

    /work/venv/bin/python benchmarks/bench_paper.py [--orders 10000]

* place_order per second through the official SDK on loopback, rate limits off, against the same SDK calling
  /user/profile (the cheapest authenticated route) on the same server.
* GET /orders with 5,000 orders in the book (median of 50 calls) against GET /user/profile: over HTTP with the
  SDK's session (what the server costs), and through ``kite.orders()`` (adds the SDK's own timestamp parsing).
* The client and the server share one process (as when the app embeds the exchange), so they share the GIL.
* Resident memory after 1,000 and after 10,000 orders (Linux /proc): the day's book (orders and their cached
  JSON) is held in memory by design; then 10,000 more orders on the next exchange day, when the previous day's
  book is released: RSS, and the Python heap measured by tracemalloc in a second run, must stay flat.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from kiteconnect import KiteConnect

from kiteticket.paper.config import PaperConfig
from kiteticket.paper.exchange import PaperExchange

ORDER = {
    "variety": "regular",
    "exchange": "NSE",
    "tradingsymbol": "SBIN",
    "transaction_type": "BUY",
    "quantity": 1,
    "product": "MIS",
    "order_type": "LIMIT",
    "price": 900,
}


def login_at(root: str, api_key: str = "paper", api_secret: str = "paper",
             kite: KiteConnect | None = None) -> KiteConnect:  # fmt: skip
    response = requests.get(
        f"{root}/connect/login", params={"api_key": api_key, "v": "3"}, allow_redirects=False, timeout=5
    )
    token = parse_qs(urlsplit(response.headers["Location"]).query)["request_token"][0]
    kite = kite or KiteConnect(api_key, root=root)
    kite.generate_session(token, api_secret=api_secret)
    return kite


def login(exchange: PaperExchange, kite: KiteConnect | None = None) -> KiteConnect:
    return login_at(exchange.root_url, exchange.api_key, exchange.api_secret, kite)


def rate(call: Callable[[], Any], count: int) -> float:
    started = time.perf_counter()
    for _ in range(count):
        call()
    return count / (time.perf_counter() - started)


def median_ms(call: Callable[[], Any], count: int) -> float:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def place(kite: KiteConnect, count: int) -> None:
    for _ in range(count):
        kite.place_order(**ORDER)


Row = tuple[str, str, str, str]


def next_day(exchange: PaperExchange, kite: KiteConnect) -> KiteConnect:
    """Move the exchange clock to tomorrow 10:00 (the old session dies at 06:00) and log in again on the same
    connection, so the server keeps using the same handler thread."""
    tomorrow = (exchange.core.clock.now() + timedelta(days=1)).strftime("%Y-%m-%d 10:00:00")
    requests.post(f"{exchange.root_url}/_paper/clock", json={"now": tomorrow}, timeout=5)
    return login(exchange, kite)


def memory_rows(config: PaperConfig, orders: int) -> list[Row]:
    with PaperExchange(config) as exchange:  # RSS, without tracemalloc's own overhead
        kite = login(exchange)
        place(kite, 1000)
        gc.collect()
        at_1k = rss_mb()
        place(kite, orders - 1000)
        gc.collect()
        at_full = rss_mb()
        kite = next_day(exchange, kite)
        place(kite, orders)
        gc.collect()
        at_next = rss_mb()
        kite.reqsession.close()
    tracemalloc.start()
    with PaperExchange(config) as exchange:  # the Python heap: what the exchange really holds
        kite = login(exchange)
        place(kite, orders)
        gc.collect()
        heap_day1 = tracemalloc.get_traced_memory()[0] / 1e6
        kite = next_day(exchange, kite)
        place(kite, orders)
        gc.collect()
        heap_day2 = tracemalloc.get_traced_memory()[0] / 1e6
        kite.reqsession.close()
    tracemalloc.stop()
    per_order_kb = (at_full - at_1k) * 1024 / max(orders - 1000, 1)
    k = f"{orders // 1000}k"
    return [
        (f"RSS after 1k vs {k} orders", f"{at_full:.1f} MB", f"{at_1k:.1f} MB (1k)",
         f"the day's book only ({per_order_kb:.2f} KB/order)"),
        (f"RSS after {k} more on the next day", f"{at_next:.1f} MB", f"{at_full:.1f} MB (day 1)", "flat"),
        (f"Python heap after {k} more on the next day", f"{heap_day2:.1f} MB", f"{heap_day1:.1f} MB (day 1)",
         "flat"),
    ]  # fmt: skip


def separate_process_rate(folder: str) -> Row:
    """The same measurement with the exchange in its own process (``kiteticket-paper``), as Kite would be."""
    command = [sys.executable, "-m", "kiteticket.paper.cli", "--port", "0", "--db", f"{folder}/process.sqlite3",
               "--no-rate-limit", "--seed", "1", "--reset"]  # fmt: skip
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as server:
        assert server.stdout is not None
        root = server.stdout.readline().strip().removeprefix("root: ")
        try:
            kite = login_at(root)
            kite.place_order(**ORDER)
            orders_per_s = rate(lambda: kite.place_order(**ORDER), 2000)
            profile_per_s = rate(kite.profile, 2000)
            kite.reqsession.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    return ("place_order through the SDK, own process", f"{orders_per_s:,.0f} /s",
            f"{profile_per_s:,.0f} /s (profile)", ">= 300 /s")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=10_000)
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    # A file database, as in real use: an in-memory one would count every history snapshot as process memory.
    config = PaperConfig(
        port=0, db_path=f"{folder.name}/bench.sqlite3", rate_limit=False, tick_seconds=0.0, seed=1, reset=True
    )
    rows: list[Row] = []
    with PaperExchange(config) as exchange:
        kite = login(exchange)
        kite.place_order(**ORDER)  # warm up both paths
        kite.profile()
        orders_per_s = rate(lambda: kite.place_order(**ORDER), 2000)
        profile_per_s = rate(kite.profile, 2000)
        rows.append(
            (
                "place_order through the SDK, in-process",
                f"{orders_per_s:,.0f} /s",
                f"{profile_per_s:,.0f} /s (profile)",
                ">= 300 /s",
            )
        )
        rows.append(separate_process_rate(folder.name))
        place(kite, 5000 - len(kite.orders()))
        book = len(kite.orders())
        orders_ms = median_ms(kite.orders, 50)
        raw_ms = median_ms(
            lambda: kite.reqsession.get(
                f"{kite.root}/orders",
                headers={"X-Kite-Version": "3", "Authorization": f"token {kite.api_key}:{kite.access_token}"},
            ),
            50,
        )
        profile_ms = median_ms(kite.profile, 50)
        rows.append(
            (
                f"GET /orders, {book:,} orders (SDK, parsed)",
                f"{orders_ms:.1f} ms",
                f"{profile_ms:.2f} ms (profile)",
                "(the SDK's own date parsing, client-side)",
            )
        )
        rows.append(
            (
                f"GET /orders, {book:,} orders (HTTP only)",
                f"{raw_ms:.1f} ms",
                f"{profile_ms:.2f} ms (profile)",
                "< 50 ms",
            )
        )
        kite.reqsession.close()
    rows += memory_rows(config, args.orders)
    folder.cleanup()
    width = [max(len(row[i]) for row in [*rows, ("figure", "paper", "baseline", "target")]) for i in range(4)]
    for row in [("figure", "paper", "baseline", "target"), *rows]:
        print("  ".join(cell.ljust(width[i]) for i, cell in enumerate(row)))


if __name__ == "__main__":
    main()
