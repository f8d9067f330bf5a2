"""An order placed elsewhere (Kite web, a phone, a script), until its row is in the app's order book: the pushed
order update against the polling path, in the same run.

    python -m benchmarks.bench_order_updates [--orders N]

The app is built as ``kiteticket --paper`` builds it (exchange in-process), once streaming and once with
``--no-stream`` (the poll alone: every second while an order is open, every five when none is). A second SDK
session places resting LIMIT orders one at a time, a random moment apart; each is timed from the SDK's answer
until the app's book model holds the row. Target: the stream at least 10x faster than polling.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiteconnect import KiteConnect
from PySide6.QtWidgets import QApplication

from benchmarks.common import login, print_table
from kiteticket.app import build
from kiteticket.domain.stream import StreamState
from kiteticket.ui.assembly import Shell

TIMEOUT_S = 30.0


def _wait(app: QApplication, condition: object, timeout: float = TIMEOUT_S) -> float:
    """Process events until `condition()` holds; returns the seconds it took."""
    started = time.perf_counter()
    while not condition():  # type: ignore[operator]
        if time.perf_counter() - started > timeout:
            raise TimeoutError("condition not met")
        app.processEvents()
    return time.perf_counter() - started


def measure(app: QApplication, orders: int, *, stream: bool, seed: int = 5) -> list[float]:
    home = Path(tempfile.mkdtemp(prefix="kiteticket-bench-"))
    flags = [] if stream else ["--no-stream"]
    _app, window = build(["--paper", "--paper-db", ":memory:", "--home", str(home), "--seed", "7", *flags])
    shell = window.findChild(Shell)
    assert shell is not None
    window.show()
    _wait(app, lambda: shell.session.profile is not None)
    if stream:
        assert shell.market.stream is not None
        _wait(app, lambda: shell.market.stream.status.state is StreamState.LIVE)  # type: ignore[union-attr]
    root = str(window.property("paper_root"))
    other: KiteConnect = login(root)
    pause = random.Random(seed)
    latencies = []
    for number in range(orders):
        _idle(app, pause.uniform(0.2, 1.2))  # orders come at moments unrelated to the poll's rhythm
        order_id = str(other.place_order(
            variety="regular", exchange="NSE", tradingsymbol="SBIN", transaction_type="BUY", quantity=1,
            product="CNC", order_type="LIMIT", price=850 + number % 50 / 20, tag=f"o{number}",
        ))  # fmt: skip
        latencies.append(_wait(app, lambda order_id=order_id: shell.book_model.row_for_order(order_id) is not None))
    other.reqsession.close()
    window.close()
    window.deleteLater()
    app.processEvents()
    return latencies


def _idle(app: QApplication, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()


def _percentile(values: list[float], fraction: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(fraction * 100) - 1]


def figures(orders: int) -> tuple[list[float], list[float]]:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    return measure(app, orders, stream=True), measure(app, orders, stream=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=30)
    args = parser.parse_args()
    pushed, polled = figures(args.orders)
    rows = []
    for name, fraction in (("p50", 0.5), ("p99", 0.99)):
        ours, theirs = _percentile(pushed, fraction) * 1000, _percentile(polled, fraction) * 1000
        met = "yes" if theirs >= 10 * ours else "NO"
        rows.append((f"order placed elsewhere → row in the book, {name}", f"{ours:.0f} ms", f"{theirs:.0f} ms",
                     f"{ours / theirs:.3g}x", "<= 0.1x", met))  # fmt: skip
    print_table(
        f"Order updates, {args.orders} orders (baseline: the poll alone)",
        ("figure", "pushed", "polled", "ratio", "target", "met"),
        rows,
    )


if __name__ == "__main__":
    main()
