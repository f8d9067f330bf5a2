"""Where the paper exchange's time goes when serving place_order: cProfile of the server's handler thread only,
timed in that thread's CPU time (robust to a shared machine, unlike wall time), as bench_paper.py places orders.

    .venv/bin/python -m benchmarks.profile_paper_place [--orders 2000] [--top 30]

Prints the server thread's CPU per request (with and without the profiler) and the top functions by own time
and by cumulative time. The SDK client runs in the same process; its work is not counted.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import tempfile
import time
from collections.abc import Callable
from typing import Any

from benchmarks.bench_paper import ORDER, login
from kiteticket.paper import httpd
from kiteticket.paper.config import PaperConfig
from kiteticket.paper.exchange import PaperExchange


class HandlerMeter:
    """Wraps the server's per-request method: while on, each request's thread CPU time is summed and, if a
    profiler is given, profiled."""

    def __init__(self) -> None:
        self.original: Callable[[Any], None] = httpd._Handler.handle_one_request
        self.profiler: cProfile.Profile | None = None
        self.on = False
        self.cpu = 0.0

    def install(self) -> None:
        meter = self

        def measured(handler: Any) -> None:
            if not meter.on:
                return meter.original(handler)
            started = time.thread_time()
            if meter.profiler is not None:
                meter.profiler.enable()
            try:
                return meter.original(handler)
            finally:
                if meter.profiler is not None:
                    meter.profiler.disable()
                meter.cpu += time.thread_time() - started

        httpd._Handler.handle_one_request = measured  # type: ignore[method-assign,assignment]

    def uninstall(self) -> None:
        httpd._Handler.handle_one_request = self.original  # type: ignore[method-assign,assignment]


def measure(meter: HandlerMeter, call: Callable[[], Any], count: int) -> float:
    """Server thread CPU per request, in microseconds."""
    meter.cpu, meter.on = 0.0, True
    for _ in range(count):
        call()
    meter.on = False
    return meter.cpu / count * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    meter = HandlerMeter()
    meter.install()
    folder = tempfile.TemporaryDirectory()
    config = PaperConfig(
        port=0, db_path=f"{folder.name}/profile.sqlite3", rate_limit=False, tick_seconds=0.0, seed=1, reset=True
    )
    with PaperExchange(config) as exchange:
        kite = login(exchange)
        for _ in range(200):  # warm up: the market, the caches, the first pages of SQLite
            kite.place_order(**ORDER)
        plain = measure(meter, lambda: kite.place_order(**ORDER), args.orders)
        profile_route = measure(meter, kite.profile, args.orders)
        meter.profiler = cProfile.Profile(time.thread_time)
        profiled = measure(meter, lambda: kite.place_order(**ORDER), args.orders)
        kite.reqsession.close()
    meter.uninstall()
    folder.cleanup()
    print(f"server thread CPU per place_order: {plain:.0f} us ({profiled:.0f} us under the profiler)")
    print(f"server thread CPU per GET /user/profile: {profile_route:.0f} us")
    text = io.StringIO()
    stats = pstats.Stats(meter.profiler, stream=text)
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)
    print(text.getvalue())


if __name__ == "__main__":
    main()
