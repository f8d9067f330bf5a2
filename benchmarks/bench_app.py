"""The desktop app's figures, each beside a baseline measured in the same run.

    python benchmarks/bench_app.py

1. One full order-book poll at 5,000 orders (fetch over loopback, parse, diff, apply to the model) against the
   SDK's own ``kite.orders()`` on the same exchange. Target: at least 10x cheaper.
2. The longest GUI-thread stall while the paper exchange answers every request 2 s late, against the same app with
   no delay. A 5 ms heartbeat timer measures it. Target: under 50 ms.
3. Start-up: from launching the process to a usable window, against a bare PySide6 window. Target: under 2 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiteconnect import KiteConnect
from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

from benchmarks.common import admin, login, median_ms, paper_exchange_process, print_table
from kiteticket.broker.gateway import KiteGateway
from kiteticket.domain.orderbook import OrderBookSnapshot
from kiteticket.ui.book.model import OrderBookModel

ORDERS = 5_000
RUNS = 7
STALL_SECONDS = 12.0
HERE = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class PollFigures:
    """Milliseconds, medians: wall time and this thread's CPU time."""

    sdk: float
    sdk_cpu: float
    steady: float
    steady_cpu: float
    first: float
    fetch: float
    fetch_cpu: float


def place_book(kite: KiteConnect, orders: int = ORDERS) -> float:
    """Fill the exchange's book with ``orders`` resting orders; returns placements a second."""
    started = time.perf_counter()
    for number in range(orders):
        kite.place_order(
            variety="regular", exchange="NSE", tradingsymbol="SBIN", transaction_type="BUY", quantity=1,
            product="MIS", order_type="LIMIT", price=850 + number % 50, tag=f"b{number}",
        )  # fmt: skip
    return orders / (time.perf_counter() - started)


def poll_figures(kite: KiteConnect, runs: int = RUNS) -> PollFigures:
    """One full poll of ours (fetch, parse, diff, apply) against ``kite.orders()``, on a book already filled. Ours
    is the app's own client (``KiteGateway.connect``: JSON decoded by orjson) on the same session."""
    gateway = KiteGateway.connect(kite.api_key, kite.access_token, root=kite.root)
    model = OrderBookModel()
    state = {"snapshot": OrderBookSnapshot.empty()}

    def ours() -> None:
        snapshot = OrderBookSnapshot.following(state["snapshot"], gateway.orders_raw())
        model.apply(snapshot)
        state["snapshot"] = snapshot

    first = median_ms(ours, 1)
    sdk, sdk_cpu = median_ms(kite.orders, runs), median_cpu_ms(kite.orders, runs)
    steady, steady_cpu = median_ms(ours, runs), median_cpu_ms(ours, runs)
    fetch, fetch_cpu = median_ms(gateway.orders_raw, runs), median_cpu_ms(gateway.orders_raw, runs)
    return PollFigures(sdk, sdk_cpu, steady, steady_cpu, first, fetch, fetch_cpu)


def poll_cycle() -> list[list[str]]:
    with paper_exchange_process() as root:
        kite = login(root)
        place_book(kite)
        f = poll_figures(kite)
    return [
        ["kite.orders() (SDK: fetch, JSON, dateutil)", f"{f.sdk:.1f} ms", f"{f.sdk_cpu:.1f} ms", "1.0x", ""],
        ["ours: fetch, parse, diff, apply (steady)", f"{f.steady:.1f} ms", f"{f.steady_cpu:.1f} ms",
         f"{f.sdk / f.steady:.1f}x / {f.sdk_cpu / f.steady_cpu:.1f}x", ">= 10x"],
        ["ours: first poll (every row new)", f"{f.first:.1f} ms", "", f"{f.sdk / f.first:.1f}x", ""],
        ["of which fetch + JSON decoding (ours)", f"{f.fetch:.1f} ms", f"{f.fetch_cpu:.1f} ms", "", ""],
    ]  # fmt: skip


def median_cpu_ms(call: Callable[[], object], runs: int) -> float:
    """CPU time of this thread only: what a poll costs the app, without the exchange's own time to answer."""
    times = []
    for _ in range(runs):
        started = time.thread_time()
        call()
        times.append((time.thread_time() - started) * 1000)
    return statistics.median(times)


def longest_stall(delay_ms: int, seconds: float = STALL_SECONDS) -> float:
    """Runs the real app on its embedded exchange; returns the longest gap between 5 ms heartbeats."""
    from kiteticket.app import build  # noqa: PLC0415 - each run builds its own app

    home = tempfile.mkdtemp(prefix="kiteticket-bench-")
    app, window = build(["--paper", "--paper-db", ":memory:", "--home", home, "--seed", "3"])
    window.show()
    wait_for(app, lambda: "—" in window.windowTitle(), 30)
    root = window.property("paper_root")
    if delay_ms:
        admin(root, "faults", {"kind": "latency", "latency_ms": delay_ms, "count": -1})
    clock, worst = QElapsedTimer(), [0.0]
    clock.start()
    last = [clock.nsecsElapsed()]

    def beat() -> None:
        now = clock.nsecsElapsed()
        worst[0] = max(worst[0], (now - last[0]) / 1e6)
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setInterval(5)
    heartbeat.timeout.connect(beat)
    heartbeat.start()
    from kiteticket.ui.ticket import OrderTicket  # noqa: PLC0415

    ticket = window.findChild(OrderTicket, "OrderTicket")
    assert ticket is not None
    ticket.set_instrument("NSE", "INFY")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
    heartbeat.stop()
    admin(root, "faults", {"clear": True})
    window.close()
    app.processEvents()
    return worst[0] - 5.0  # the beat's own period is not a stall


def wait_for(app: QApplication, condition: object, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        app.processEvents()


def startup_figures(launches: int = 5) -> tuple[float, float, float]:
    """Seconds, medians: a bare PySide6 window shown; the app usable; the app live (logged in, book polled)."""
    bare = [launch("bare") for _ in range(launches)]
    ours = [launch("app") for _ in range(launches)]
    base = statistics.median(t for t, _ in bare)
    return base, statistics.median(t for t, _ in ours), statistics.median(t for _, t in ours)


def startup() -> list[list[str]]:
    base, usable, live = startup_figures()
    return [
        ["bare PySide6 window shown", f"{base:.2f} s", "1.0x", ""],
        ["kiteticket window usable", f"{usable:.2f} s", f"{usable / base:.1f}x", "< 2 s"],
        ["kiteticket live (logged in, book polled)", f"{live:.2f} s", f"{live / base:.1f}x", ""],
    ]


def launch(kind: str) -> tuple[float, float]:
    """Seconds from spawning the process to 'usable' and to 'live', as the child reports them."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, str(HERE / "startup_probe.py"), kind], stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(HERE.parent)},
    )  # fmt: skip
    assert child.stdout is not None
    times = {}
    for line in child.stdout:
        times[line.strip()] = time.perf_counter() - started
    child.wait(timeout=60)
    return times.get("usable", float("nan")), times.get("live", float("nan"))


def main() -> None:
    print(f"kiteticket app benchmark; {os.cpu_count()} cores; medians of {RUNS} runs where repeated")
    header = ["what", "wall", "CPU", "SDK/this (wall / CPU)", "target"]
    print_table("1. Order-book poll at 5,000 orders", header, poll_cycle())
    QApplication.instance() or QApplication([])
    calm, late = longest_stall(0), longest_stall(2000)
    rows = [
        ["exchange answering at once", f"{calm:.1f} ms", ""],
        ["exchange answering 2 s late", f"{late:.1f} ms", "< 50 ms"],
    ]
    print_table("2. Longest GUI-thread stall over 12 s (5 ms heartbeat)", ["case", "stall", "target"], rows)
    print_table("3. Start-up (median of 5 launches)", ["what", "time", "vs bare", "target"], startup())


if __name__ == "__main__":
    main()
