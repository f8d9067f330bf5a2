"""The order book as the app shows it (model, display copy, filter proxy, a shown view at 1366 px), sorted and
filtered by Qt's own code on keys the display copy holds, against the same stack with the proxy's former Python
``lessThan`` and ``filterAcceptsRow`` (``PythonSortingProxy`` below), in the same run.

Run: ``python benchmarks/bench_book_view.py``. Prints, for both proxies:

(a) the GUI thread's time for one steady poll at 300-480 orders (3 new orders, 8 filled), the turns that follow and
    the repaint included: median and worst of 60 polls, and the Python function calls it made per poll;
(b) the same polls, one every 50 ms from the running event loop, while another thread runs Python all along (as
    the poller, a placement and the journal do in the fault drill): the longest gap between 5 ms heartbeats that
    each poll left (median and worst), as the drill measures the GUI thread's stalls. The event loop runs with the
    GIL released, so each call from Qt into Python waits for it (up to the switch interval, 1 ms, while the other
    thread holds it), and Python code gives it up every millisecond;
(c) the first poll of the day: 5,000 orders into an empty book, sorted newest first;
(d) a click on the Price header at 5,000 orders (a sort by another column), then on it again (the other way round).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication

from benchmarks.bench_orderbook import raw_orders
from benchmarks.common import python_calls
from kiteticket.domain.orderbook import OrderBookSnapshot
from kiteticket.ui.assembly import SWITCH_INTERVAL_SECONDS
from kiteticket.ui.book.filter import OrderBookFilterProxy
from kiteticket.ui.book.model import COLUMNS, OrderBookModel, filter_text
from kiteticket.ui.book.view import OrderBookView
from kiteticket.ui.display_copy import DisplayCopy, keyed_source

POLLS = 60
FIRST_BOOK = 300
BIG_BOOK = 5_000
RUNS = 5
POLL_MS = 50
HEARTBEAT_MS = 5
PRICE = [column.header for column in COLUMNS].index("Price")
ModelIndex = QModelIndex | QPersistentModelIndex


class PythonSortingProxy(OrderBookFilterProxy):
    """The baseline: the order book's proxy as it was, sorting and filtering in Python on the keyed model's rows."""

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:  # noqa: N802 - Qt override
        source = keyed_source(self.sourceModel())
        assert isinstance(source, OrderBookModel)
        return self.filterRegularExpression().match(filter_text(source.row_at(source_row))).hasMatch()

    def lessThan(self, source_left: ModelIndex, source_right: ModelIndex) -> bool:  # noqa: N802 - Qt override
        source = keyed_source(self.sourceModel())
        assert isinstance(source, OrderBookModel)
        sort_key = COLUMNS[source_left.column()].sorted_by
        return bool(sort_key(source.row_at(source_left.row())) < sort_key(source.row_at(source_right.row())))


@dataclass
class Book:
    model: OrderBookModel
    proxy: OrderBookFilterProxy
    view: OrderBookView


def shown_book(proxy: OrderBookFilterProxy) -> Book:
    model, view = OrderBookModel(), OrderBookView()
    DisplayCopy(model, view, proxy)
    view.resize(1366, 420)
    view.show()
    drain()
    return Book(model, proxy, view)


def drain() -> None:
    """Run the turns a change leaves behind (the copy's, the repaint) until none is left."""
    app = QApplication.instance()
    assert app is not None
    for _turn in range(20):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)


def polls(count: int) -> list[OrderBookSnapshot]:
    """``count`` polls after a first book of FIRST_BOOK orders: each 3 new orders (newest) and 8 filled."""
    rng = random.Random(7)
    raw = raw_orders(FIRST_BOOK)
    snapshot = OrderBookSnapshot.following(OrderBookSnapshot.empty(), raw)
    found = [snapshot]
    for poll in range(count):
        raw = [dict(row) for row in raw]
        for row in rng.sample(raw, 8):
            row.update(status="COMPLETE", filled_quantity=row["quantity"], pending_quantity=0)
        new = raw_orders(len(raw) + 3, seed=poll + 10)[len(raw) :]
        for row in new:
            row.update(order_timestamp=f"2026-11-25 15:{30 + poll // 60:02}:{poll % 60:02}", status="OPEN")
        raw += new
        snapshot = OrderBookSnapshot.following(snapshot, raw)
        found.append(snapshot)
    return found


class Contender:
    """Another thread running Python all along, as the poller's parse or a placement's request does."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._spin, daemon=True)

    def _spin(self) -> None:
        while not self._stop.is_set():
            sum(range(200))

    def __enter__(self) -> Contender:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


def steady_polls(make_proxy: Callable[[], OrderBookFilterProxy]) -> tuple[float, float, float]:
    """(median ms, worst ms, Python calls per poll) over POLLS polls, each applied and drained."""
    snapshots = polls(POLLS)
    calls = []
    book = shown_book(make_proxy())
    book.model.apply(snapshots[0])
    drain()
    for snapshot in snapshots[1:]:
        calls.append(python_calls(lambda snapshot=snapshot: (book.model.apply(snapshot), drain())))
    times = []
    book = shown_book(make_proxy())  # timed on a second run of the same polls, without the profiler
    book.model.apply(snapshots[0])
    drain()
    for snapshot in snapshots[1:]:
        start = time.perf_counter()
        book.model.apply(snapshot)
        drain()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times), statistics.mean(calls)


def contended_stalls(make_proxy: Callable[[], OrderBookFilterProxy]) -> tuple[float, float]:
    """(median, worst) over POLLS polls of the longest heartbeat gap (less the beat) each poll left, with another
    thread running Python."""
    snapshots = iter(polls(POLLS))
    book = shown_book(make_proxy())
    book.model.apply(next(snapshots))
    drain()
    loop = QEventLoop()
    worst_gaps: list[float] = []
    last_beat = time.perf_counter()

    def beat() -> None:
        nonlocal last_beat
        now = time.perf_counter()
        worst_gaps[-1] = max(worst_gaps[-1], (now - last_beat) * 1000 - HEARTBEAT_MS)
        last_beat = now

    def poll() -> None:
        snapshot = next(snapshots, None)
        if snapshot is None:
            loop.quit()
            return
        worst_gaps.append(0.0)
        book.model.apply(snapshot)

    heartbeat, poller = QTimer(interval=HEARTBEAT_MS), QTimer(interval=POLL_MS)
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.timeout.connect(beat)
    poller.timeout.connect(poll)
    worst_gaps.append(0.0)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    try:
        with Contender():
            heartbeat.start()
            poller.start()
            loop.exec()
    finally:
        sys.setswitchinterval(interval)
        heartbeat.stop()
        poller.stop()
    per_poll = worst_gaps[1:]
    return statistics.median(per_poll), max(per_poll)


def first_poll_ms(make_proxy: Callable[[], OrderBookFilterProxy]) -> float:
    snapshot = OrderBookSnapshot.following(OrderBookSnapshot.empty(), raw_orders(BIG_BOOK))
    samples = []
    for _run in range(RUNS):
        book = shown_book(make_proxy())
        start = time.perf_counter()
        book.model.apply(snapshot)
        drain()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def header_sorts_ms(make_proxy: Callable[[], OrderBookFilterProxy]) -> tuple[float, float]:
    snapshot = OrderBookSnapshot.following(OrderBookSnapshot.empty(), raw_orders(BIG_BOOK))
    by_price, back = [], []
    for _run in range(RUNS):
        book = shown_book(make_proxy())
        book.model.apply(snapshot)
        drain()
        for order, samples in ((Qt.SortOrder.AscendingOrder, by_price), (Qt.SortOrder.DescendingOrder, back)):
            start = time.perf_counter()
            book.view.sortByColumn(PRICE, order)
            drain()
            samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(by_price), statistics.median(back)


def main() -> None:
    QApplication.instance() or QApplication([])
    cases: list[tuple[str, Callable[[], OrderBookFilterProxy]]] = [
        ("Python lessThan/filterAcceptsRow (baseline)", PythonSortingProxy),
        ("Qt's sort and filter on the copy's keys (ours)", OrderBookFilterProxy),
    ]
    results: dict[str, list[Any]] = {}
    for name, make in cases:
        results[name] = [*steady_polls(make), *contended_stalls(make), first_poll_ms(make), *header_sorts_ms(make)]
    print(f"The order book shown at 1366x420; {POLLS} polls of 3 new and 8 filled from {FIRST_BOOK} orders; ms")
    headers = [
        "poll median",
        "poll worst",
        "Python calls/poll",
        "contended stall med",
        "contended stall max",
        f"first poll {BIG_BOOK:,}",
        "sort by Price",
        "other way round",
    ]
    print(f"{'proxy':<48}" + "".join(f"{header:>20}" for header in headers))
    for name, values in results.items():
        print(f"{name:<48}" + "".join(f"{value:20.1f}" for value in values))
    base, ours = results[cases[0][0]], results[cases[1][0]]
    print(f"{'baseline / ours':<48}" + "".join(f"{b / o:19.1f}x" for b, o in zip(base, ours, strict=True)))


if __name__ == "__main__":
    main()
