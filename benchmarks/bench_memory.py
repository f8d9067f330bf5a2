"""Peak memory (RSS) of the app's data at full size, against a process that only starts Qt.

    python benchmarks/bench_memory.py

Each figure comes from its own child process (its peak resident set, VmHWM):
* baseline: import PySide6 and make a QApplication;
* ours: the same, then the full 150,000-row instrument master loaded from the day's cache (as at every start) and
  5,000 orders applied to the app's order-book model behind its sorted filter proxy and a table view.
The cache file is written by this process beforehand, from bench_instruments' synthetic dump.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from a plain checkout

HERE = Path(__file__).resolve()
ORDERS = 5_000


@dataclass(frozen=True, slots=True)
class MemoryFigures:
    app_mb: float
    bare_mb: float
    instruments: int
    orders: int


def _peak_mb() -> float:
    """The peak resident set of this process. Linux keeps ``ru_maxrss`` across exec, so a child forked from a big
    parent would report the parent's size; VmHWM belongs to the new address space and starts afresh."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # elsewhere: KB on Linux, bytes on macOS


def _child(kind: str, cache_dir: str) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QTableView  # noqa: PLC0415 - what is measured starts here

    app = QApplication([])
    if kind == "app":
        from benchmarks.bench_instruments import TODAY  # noqa: PLC0415
        from benchmarks.bench_orderbook import raw_orders  # noqa: PLC0415
        from kiteticket.broker.instrument_cache import InstrumentCache  # noqa: PLC0415
        from kiteticket.domain.orderbook import OrderBookSnapshot  # noqa: PLC0415
        from kiteticket.ui.book.filter import OrderBookFilterProxy  # noqa: PLC0415
        from kiteticket.ui.book.model import OrderBookModel  # noqa: PLC0415

        master = InstrumentCache(Path(cache_dir)).load(TODAY)
        assert master is not None
        model, proxy, view = OrderBookModel(), OrderBookFilterProxy(), QTableView()
        proxy.setSourceModel(model)
        proxy.sort(0)
        view.setModel(proxy)
        model.apply(OrderBookSnapshot.following(OrderBookSnapshot.empty(), raw_orders(ORDERS)))
        print(len(master), model.rowCount())
    else:
        print(0, 0)
    app.processEvents()
    print(f"{_peak_mb():.1f}", flush=True)


def _run_child(kind: str, cache_dir: str) -> tuple[float, int, int]:
    env = {**os.environ, "PYTHONPATH": str(HERE.parents[1])}
    out = subprocess.run(
        [sys.executable, str(HERE), "--child", kind, cache_dir], capture_output=True, text=True, env=env, check=True
    ).stdout.split()
    return float(out[-1]), int(out[0]), int(out[1])


def measure(runs: int = 3) -> MemoryFigures:
    from benchmarks.bench_instruments import TODAY, make_dump  # noqa: PLC0415
    from kiteticket.broker.instrument_cache import InstrumentCache  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        InstrumentCache(Path(folder)).store(make_dump(), TODAY)
        bare = [_run_child("bare", folder)[0] for _ in range(runs)]
        app = [_run_child("app", folder) for _ in range(runs)]
    return MemoryFigures(statistics.median(a[0] for a in app), statistics.median(bare), app[0][1], app[0][2])


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2], sys.argv[3])
        return
    figures = measure()
    print("peak RSS, median of 3 child processes each")
    print(f"  QApplication only                                {figures.bare_mb:7.1f} MB")
    print(
        f"  + {figures.instruments:,} instruments and {figures.orders:,} orders in the model {figures.app_mb:7.1f} MB"
    )
    print(f"  the data's share: {figures.app_mb - figures.bare_mb:.1f} MB; {figures.app_mb / figures.bare_mb:.2f}x")


if __name__ == "__main__":
    main()
