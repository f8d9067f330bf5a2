"""Benchmarks for the paper exchange's newer routes, against the cheapest authenticated route as a baseline.

    .venv/bin/python -m benchmarks.bench_paper_routes [--runs 5]

* GET /instruments/historical at the largest range Kite allows for each interval (median of ``runs`` calls over
  HTTP with the SDK's session, response decoded but not parsed by the SDK), beside GET /user/profile.
* GET /user/profile while a 400-day 60minute request is being answered: the candles are made after the exchange's
  lock is released, so other requests should not wait for them (they still share the server process's GIL).
* A price move with 100 active GTT triggers on the instrument (POST /_paper/price, none crossed), beside a price
  move with none.
The exchange runs in its own process (benchmarks.common), as Kite's would.
"""

from __future__ import annotations

import argparse
import threading
import time
from datetime import datetime, timedelta
from functools import partial

from kiteconnect import KiteConnect

from benchmarks.common import admin, login, median_ms, paper_exchange_process, print_table
from kiteticket.paper.historical import MAX_DAYS

INFY = 408065
NOW = datetime(2026, 12, 2, 15, 0)


def historical(kite: KiteConnect, interval: str) -> None:
    start = NOW - timedelta(days=MAX_DAYS[interval])
    params = {"from": f"{start:%Y-%m-%d %H:%M:%S}", "to": f"{NOW:%Y-%m-%d %H:%M:%S}"}
    headers = {"X-Kite-Version": "3", "Authorization": f"token {kite.api_key}:{kite.access_token}"}
    reply = kite.reqsession.get(f"{kite.root}/instruments/historical/{INFY}/{interval}", params=params,
                                headers=headers, timeout=60)  # fmt: skip
    assert reply.json()["status"] == "success"


def profile_while_busy(kite: KiteConnect, root: str, runs: int) -> float:
    """Median GET /user/profile time while another client asks for 400 days of 60minute candles."""
    busy = login(root)
    done = threading.Event()

    def keep_busy() -> None:
        while not done.is_set():
            historical(busy, "60minute")

    worker = threading.Thread(target=keep_busy)
    worker.start()
    try:
        time.sleep(0.2)  # let the first big request start
        return median_ms(kite.profile, runs * 10)
    finally:
        done.set()
        worker.join()


def price_moves(root: str, kite: KiteConnect, runs: int, triggers: int) -> float:
    for index in range(triggers):
        order = {"transaction_type": "SELL", "quantity": 1, "order_type": "LIMIT", "product": "CNC", "price": 3000}
        kite.place_gtt("single", "INFY", "NSE", [2500 + index], 1700, [order])
    prices = iter([1700 + (step % 2) * 0.05 for step in range(runs * 20)])
    body = {"exchange": "NSE", "tradingsymbol": "INFY"}
    return median_ms(lambda: admin(root, "price", {**body, "last_price": next(prices)}), runs * 20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with paper_exchange_process("--seed", "7") as root:
        admin(root, "clock", {"now": f"{NOW:%Y-%m-%d %H:%M:%S}"})
        kite = login(root)
        admin(root, "price", {"exchange": "NSE", "tradingsymbol": "INFY", "last_price": 1700})
        baseline = median_ms(kite.profile, runs * 10)
        rows = []
        for interval, days in MAX_DAYS.items():
            took = median_ms(partial(historical, kite, interval), runs)
            rows.append(
                (f"historical {interval}, {days} days", f"{took:.1f} ms", f"{baseline:.2f} ms (GET /user/profile)")
            )
        busy = profile_while_busy(kite, root, runs)
        rows.append(("GET /user/profile during 60minute requests", f"{busy:.2f} ms", f"{baseline:.2f} ms (idle)"))
        bare = price_moves(root, kite, runs, 0)
        loaded = price_moves(root, kite, runs, 100)
        rows.append(("price move, 100 active GTTs", f"{loaded:.2f} ms", f"{bare:.2f} ms (no GTT)"))
        print_table("paper exchange: newer routes (median)", ("figure", "ours", "baseline"), rows)


if __name__ == "__main__":
    main()
