"""Every benchmark of the project in one run, each figure beside a baseline measured in the same run.

    python -m benchmarks.run_all [--quick] [--readme]

Prints one table: part, figure, ours, baseline, ratio (ours ÷ baseline), target, met. Figures are medians of
several runs; the machine may be shared and noisy, so the ratios are what to compare between machines. ``--quick``
runs fewer repetitions; ``--readme`` writes the table into the README's Performance section. The parts are the
scripts beside this one, each of which also runs on its own:

* bench_instruments: the 150,000-row master loaded from the day's cache, and one search;
* bench_app (and bench_paper's figures): the paper exchange (in its own process) filled with 5,000 orders;
  placements a second, ``GET /orders``, and one full poll cycle of the app against ``kite.orders()``; the longest
  GUI-thread stall while the exchange answers 2 s late; start-up;
* bench_orderbook: a poll's own work once its JSON is decoded, against the SDK's ``_format_response``; applying a
  poll's 10 changes out of 5,000 to the model against resetting it;
* bench_placement: the app's whole place path against a bare ``kite.place_order``;
* bench_memory: peak RSS with the full master and 5,000 orders in the model;
* bench_order_updates: an order placed by another session until its row is in the app's book, pushed by the
  stream against the poll alone;
* bench_stream: 3,000 instruments streamed in full mode through the official KiteTicker into the market watch,
  against one queued signal per tick.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from a plain checkout
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiteconnect import KiteConnect
from PySide6.QtWidgets import QApplication

from benchmarks import (
    bench_app,
    bench_instruments,
    bench_memory,
    bench_order_updates,
    bench_orderbook,
    bench_placement,
    bench_stream,
)
from benchmarks.common import login, median_ms, paper_exchange_process
from benchmarks.readme_section import markdown_table, rewrite
from kiteticket.domain.instruments import InstrumentMaster
from kiteticket.ui.gc_guard import GarbageCollector

HEADER = ["part", "figure", "ours", "baseline", "ratio", "target", "met"]


@dataclass(frozen=True, slots=True)
class Row:
    part: str
    figure: str
    ours: float
    baseline: float
    unit: str  # "ms", "s", "MB", "/s"
    baseline_name: str
    target: str
    met: bool | None  # None: no target

    def cells(self) -> list[str]:
        met = "" if self.met is None else ("yes" if self.met else "NO")
        return [
            self.part, self.figure, _value(self.ours, self.unit), f"{_value(self.baseline, self.unit)} "
            f"({self.baseline_name})", f"{self.ours / self.baseline:.3g}x", self.target, met,
        ]  # fmt: skip


def _value(value: float, unit: str) -> str:
    if unit == "/s":
        return f"{value:,.0f} /s"
    return f"{value:.3g} {unit}" if value < 100 else f"{value:,.0f} {unit}"


@dataclass(frozen=True, slots=True)
class Settings:
    runs: int  # repetitions of the quick figures (medians)
    launches: int  # start-up launches of each kind
    stall_seconds: float
    placements: int


FULL = Settings(runs=7, launches=5, stall_seconds=12.0, placements=100)
QUICK = Settings(runs=3, launches=3, stall_seconds=5.0, placements=40)


# --- the parts -----------------------------------------------------------------------------------------------------
def instruments(settings: Settings) -> list[Row]:
    csv_text = bench_instruments.make_dump()
    with tempfile.TemporaryDirectory() as folder:
        f = bench_instruments.measure(csv_text, Path(folder), runs=max(3, settings.runs // 2))
    master = InstrumentMaster.from_csv(csv_text)
    sdk_rows = KiteConnect(api_key="x")._parse_instruments(csv_text.encode())
    scan = _sdk_scan_ms(sdk_rows, bench_instruments.make_queries(master, 40))
    part, sdk = "instrument master (150k rows)", "SDK instruments() parse"
    return [
        Row(part, "load from the day's cache", f.load * 1000, f.sdk_parse * 1000, "ms", sdk, "< 500 ms", f.load < 0.5),
        Row(part, "one search, median of 200 queries", f.search_median * 1000, scan, "ms", "scan of the SDK's rows",
            "< 5 ms", f.search_median < 0.005),
        Row(part, f"one search, worst ({f.worst_query!r})", f.search_worst * 1000, scan, "ms",
            "scan of the SDK's rows", "< 5 ms", f.search_worst < 0.005),
    ]  # fmt: skip


def _sdk_scan_ms(rows: list[dict[str, object]], queries: list[str]) -> float:
    """What searching the SDK's list of dicts costs: one pass over every row per query (median)."""

    def scan(query: str) -> Callable[[], object]:
        upper = query.upper()
        return lambda: [row for row in rows if str(row["tradingsymbol"]).startswith(upper)][:20]

    return statistics.median(median_ms(scan(query), 1) for query in queries)


def exchange_and_poll(settings: Settings) -> list[Row]:
    """One exchange process filled with 5,000 orders serves the paper-exchange and the poll figures."""
    with paper_exchange_process() as root:
        kite = login(root)
        placed_per_s = bench_app.place_book(kite)
        started, calls = time.perf_counter(), 500
        for _ in range(calls):
            kite.profile()
        profile_per_s = calls / (time.perf_counter() - started)
        headers = {"X-Kite-Version": "3", "Authorization": f"token {kite.api_key}:{kite.access_token}"}
        raw_orders = median_ms(lambda: kite.reqsession.get(f"{root}/orders", headers=headers), settings.runs * 5)
        raw_profile = median_ms(lambda: kite.reqsession.get(f"{root}/user/profile", headers=headers), settings.runs * 5)
        poll = bench_app.poll_figures(kite, settings.runs)
        kite.reqsession.close()
    return [
        Row("paper exchange", "place_order through the SDK", placed_per_s, profile_per_s, "/s", "GET /user/profile",
            ">= 300 /s", placed_per_s >= 300),
        Row("paper exchange", "GET /orders at 5,000 orders (HTTP)", raw_orders, raw_profile, "ms",
            "GET /user/profile", "< 50 ms", raw_orders < 50),
        Row("order book", "one full poll cycle at 5,000 orders", poll.steady, poll.sdk, "ms", "kite.orders()",
            "<= 0.1x", poll.steady <= 0.1 * poll.sdk),
        Row("order book", "of which fetch + JSON decoding (ours)", poll.fetch, poll.sdk, "ms", "kite.orders()",
            "", None),
    ]  # fmt: skip


def model_work(settings: Settings) -> list[Row]:
    """The poll's own work once the JSON is decoded (the fetch is common to both and dominates the full cycle)."""
    bench_orderbook.RUNS = max(3, settings.runs)
    first = bench_orderbook.raw_orders(bench_orderbook.ORDERS)
    second = bench_orderbook.next_poll(first)
    viewed = bench_orderbook.PollCycle(first, second, with_view=True)
    bare = bench_orderbook.PollCycle(first, second, with_view=False)
    apply = bench_orderbook.median_ms(viewed.apply_only, viewed.back_to_first_poll)
    reset = bench_orderbook.median_ms(viewed.reset_only, viewed.back_to_first_poll)
    ours = bench_orderbook.median_ms(bare.ours_incremental, bare.back_to_first_poll)
    sdk = bench_orderbook.median_ms(bare.sdk, bare.prepare_sdk)
    return [
        Row("order book", "parse + diff + apply, JSON decoded", ours, sdk, "ms", "SDK's _format_response",
            "<= 0.1x", ours <= 0.1 * sdk),
        Row("order book", "apply 10 changes of 5,000 (model + view)", apply, reset, "ms", "model reset", "<= 0.1x",
            apply <= 0.1 * reset),
    ]  # fmt: skip


def placement(settings: Settings) -> list[Row]:
    f = bench_placement.measure(settings.placements)
    return [
        Row("placement", "the app's whole place path", f.app_ms, f.bare_ms, "ms", "bare kite.place_order",
            f"overhead < 10 ms (is {f.overhead_ms:+.1f} ms)", f.overhead_ms < 10),
    ]  # fmt: skip


def responsiveness(settings: Settings) -> list[Row]:
    calm = bench_app.longest_stall(0, settings.stall_seconds)
    late = bench_app.longest_stall(2000, settings.stall_seconds)
    return [
        Row("GUI", "longest stall, exchange answering 2 s late", late, calm, "ms", "exchange answering at once",
            "< 50 ms", late < 50),
    ]  # fmt: skip


def startup(settings: Settings) -> list[Row]:
    base, usable, live = bench_app.startup_figures(settings.launches)
    return [
        Row("start-up", "launch to a usable window", usable, base, "s", "bare PySide6 window", "< 2 s", usable < 2),
        Row("start-up", "launch to live (logged in, book polled)", live, base, "s", "bare PySide6 window", "", None),
    ]  # fmt: skip


def memory(settings: Settings) -> list[Row]:
    f = bench_memory.measure(max(1, settings.runs // 2))
    return [
        Row("memory", "peak RSS, full master + 5,000 orders", f.app_mb, f.bare_mb, "MB", "QApplication only",
            "< 250 MB", f.app_mb < 250),
    ]  # fmt: skip


def streaming(settings: Settings) -> list[Row]:
    """3,000 instruments in full mode through the official KiteTicker; the baseline sends one signal per tick."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    collector = GarbageCollector(app)
    master = bench_stream.synthetic_master()
    ours = bench_stream.measure(app, master, coalesced=True)
    baseline = bench_stream.measure(app, master, coalesced=False)
    del collector
    rows = [
        Row(f"stream, {phase}", figure, mine, theirs, "ms", "one queued signal per tick", target, met)
        for phase, figure, mine, theirs, target, met in bench_stream.figures(ours, baseline)
    ]
    return [
        *rows,
        Row("stream", "CPU seconds per second, all threads", ours.cpu_per_second, baseline.cpu_per_second, "s",
            "one queued signal per tick", "", None),
        Row("stream", "resident memory, 3,000 subscribed", ours.rss_mb, ours.rss_before_mb, "MB",
            "same process before subscribing", "", None),
    ]  # fmt: skip


def order_updates(settings: Settings) -> list[Row]:
    """An order placed by another session until its row is in the app's book: pushed against polled."""
    pushed, polled = bench_order_updates.figures(max(10, settings.placements // 4))
    return [
        Row("stream", f"order elsewhere → row in the book, {name}", _quantile(pushed, q) * 1000,
            _quantile(polled, q) * 1000, "ms", "the poll alone (--no-stream)", "<= 0.1x",
            _quantile(pushed, q) <= 0.1 * _quantile(polled, q))
        for name, q in (("p50", 0.5), ("p99", 0.99))
    ]  # fmt: skip


def _quantile(values: list[float], fraction: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(fraction * 100) - 1]


PARTS: tuple[Callable[[Settings], list[Row]], ...] = (
    instruments, exchange_and_poll, model_work, placement, responsiveness, startup, memory, streaming, order_updates,
)  # fmt: skip


# --- the table -----------------------------------------------------------------------------------------------------
def print_table(rows: list[Row]) -> None:
    cells = [HEADER, *(row.cells() for row in rows)]
    widths = [max(len(line[column]) for line in cells) for column in range(len(HEADER))]
    for line in cells:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())


def readme_body(rows: list[Row], settings: Settings, seconds: float) -> str:
    quick = " --quick" if settings is QUICK else ""
    intro = (
        f"`python -m benchmarks.run_all{quick} --readme` runs every benchmark and rewrote this table "
        f"({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, Python {sys.version.split()[0]}, {seconds:.0f} s). "
        f"Each figure is a median of several runs, beside a baseline measured in the same run; the machine was "
        "shared, so compare the ratios (ours ÷ baseline) rather than the absolute times. Each part also runs on "
        "its own (`python -m benchmarks.bench_app`, `bench_instruments`, `bench_orderbook`, `bench_paper`, "
        "`bench_placement`, `bench_memory`, `bench_stream`, `bench_order_updates`). The stream's tick to model "
        "runs from the moment the exchange writes the frame to its socket to the cell changed in the watch's model "
        "(the ticker in a process of its own; the 3,000 ticks a new subscription hears at once are not counted)."
    )
    return f"{textwrap.fill(intro, 120)}\n\n{markdown_table(HEADER, [row.cells() for row in rows])}"


# Parts that run in a process of their own: each builds whole apps and KiteTicker streams, and the app is one per
# process (its ticker's reactor and Qt objects then never meet the leftovers of the parts before).
ISOLATED = frozenset({"streaming", "order_updates"})


def _isolated(name: str, quick: bool) -> list[Row]:
    command = [sys.executable, "-m", "benchmarks.run_all", "--part", name, *(["--quick"] if quick else [])]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=Path(__file__).parents[1])
    return [Row(**fields) for fields in json.loads(done.stdout.strip().splitlines()[-1])]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and shorter stall runs")
    parser.add_argument("--readme", action="store_true", help="write the table into the README's Performance section")
    parser.add_argument("--part", help="run this part only and print its rows as JSON (what the isolated parts use)")
    args = parser.parse_args()
    settings = QUICK if args.quick else FULL
    app = QApplication.instance() or QApplication([])
    if args.part:
        part_rows = {part.__name__: part for part in PARTS}[args.part](settings)
        print(json.dumps([asdict(row) for row in part_rows]), flush=True)
        return 0
    started, rows = time.perf_counter(), []
    for part in PARTS:
        print(f"running {part.__name__}…", file=sys.stderr, flush=True)
        rows += _isolated(part.__name__, args.quick) if part.__name__ in ISOLATED else part(settings)
    app.processEvents()
    print_table(rows)
    if args.readme:
        rewrite("perf", readme_body(rows, settings, time.perf_counter() - started))
    return 0 if all(row.met is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
