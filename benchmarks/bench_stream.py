"""Streaming into the app: 3,000 instruments in full mode through the official KiteTicker, beside a baseline that
sends one queued signal per tick, in the same run.

    python -m benchmarks.bench_stream

The ticker runs in its own process (``benchmarks.stream_server``): every instrument ticks once a second for ten
seconds (3,000 ticks/s), then 20,000 ticks come in one second. This process is the app's streaming path: the
official KiteTicker on Twisted's thread, ``broker.stream.MarketStream``, ``ui.market.StreamBridge`` and the market
watch model behind the app's own watch table (``ui.market.watch_view.WatchTable``). Figures, per phase:

* tick-to-model latency (frame written to the socket by the exchange → its cell changed in the model), p50 and p99
  (µs clock shared by the two processes; the view repaints on the next turn of the event loop); the 3,000 ticks a
  new subscription hears at once are its starting state and not counted;
* the longest GUI-thread stall (a 5 ms heartbeat timer);
* this process's CPU time per second of wall time (all threads: the SDK's parsing included);
* resident memory at the end.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QEventLoop, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication

from benchmarks.common import login, print_table
from benchmarks.stream_server import FIRST_TOKEN, INSTRUMENTS, PHASE_BURST, PHASE_SUSTAINED, tokens
from kiteticket.broker.stream import MarketStream
from kiteticket.domain.instruments import InstrumentMaster
from kiteticket.domain.stream import StreamStatus
from kiteticket.domain.tick import Tick, TickMode
from kiteticket.ui.assembly import application
from kiteticket.ui.gc_guard import settle
from kiteticket.ui.market.stream_bridge import StreamBridge
from kiteticket.ui.market.watch_model import WatchModel, WatchRow
from kiteticket.ui.market.watch_view import WatchTable

HEADER = "instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size," \
    "instrument_type,segment,exchange"  # fmt: skip
PHASES = {PHASE_SUSTAINED: "3,000 ticks/s", PHASE_BURST: "20,000 ticks in 1 s"}


def synthetic_master() -> InstrumentMaster:
    rows = [
        f"{token},{token // 256},S{number:04d},STOCK {number},250,,0,0.05,1,EQ,NSE,NSE"
        for number, token in enumerate(tokens())
    ]
    return InstrumentMaster.from_csv("\n".join([HEADER, *rows]) + "\n")


class PerTickBridge(QObject):
    """The baseline: one queued signal per tick, each applied to the model on its own."""

    tick_arrived = Signal(object)

    def ticks(self, ticks: list[Tick]) -> None:
        for tick in ticks:
            self.tick_arrived.emit(tick)

    def order_update(self, payload: object) -> None:
        del payload

    def status(self, status: StreamStatus) -> None:
        del status


@dataclass
class Run:
    latencies: dict[int, list[float]] = field(default_factory=lambda: {PHASE_SUSTAINED: [], PHASE_BURST: []})
    stalls: dict[int, float] = field(default_factory=lambda: {PHASE_SUSTAINED: 0.0, PHASE_BURST: 0.0})
    applied: int = 0
    cpu_per_second: float = 0.0
    gui_cpu_per_second: float = 0.0  # the GUI thread's share (the rest is the reactor's thread, mostly)
    rss_before_mb: float = 0.0  # before the 3,000 rows and the subscription
    rss_mb: float = 0.0
    phase: int = 0


def _latency_ms(tick: Tick) -> float:
    now = (time.monotonic_ns() // 1000) % 2**32
    return ((now - tick.oi_day_low) % 2**32) / 1000


class Harness(QObject):
    def __init__(self, model: WatchModel, run: Run) -> None:
        super().__init__()
        self.model, self.run = model, run
        self.beat = QElapsedTimer()
        self.heartbeat = QTimer(self)
        self.heartbeat.setInterval(5)
        self.heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
        self.heartbeat.timeout.connect(self._on_heartbeat_timeout)

    @Slot(object)
    def on_batch(self, batch: dict[int, Tick]) -> None:
        self.model.apply_ticks(batch)
        self._record(batch.values())

    @Slot(object)
    def on_tick(self, tick: Tick) -> None:
        self.model.apply_ticks({tick.instrument_token: tick})
        self._record((tick,))

    def _record(self, ticks: object) -> None:
        for tick in ticks:  # type: ignore[attr-defined]
            if tick.oi in self.run.latencies:
                self.run.phase = tick.oi
                self.run.latencies[tick.oi].append(_latency_ms(tick))
                self.run.applied += 1

    @Slot()
    def _on_heartbeat_timeout(self) -> None:
        if self.beat.isValid() and self.run.phase:
            gap = self.beat.elapsed() - 5
            self.run.stalls[self.run.phase] = max(self.run.stalls[self.run.phase], gap)
        self.beat.restart()


def measure(app: QApplication, master: InstrumentMaster, coalesced: bool) -> Run:
    server = subprocess.Popen([sys.executable, "-m", "benchmarks.stream_server"], stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    root = server.stdout.readline().strip()
    kite = login(root)
    run = Run(rss_before_mb=_rss_mb())
    model = WatchModel()
    model.show_rows([WatchRow(instrument.key, instrument) for instrument in master])
    settle()  # as the app does once its instrument master is loaded
    view = WatchTable(model)
    view.resize(1366, 700)
    view.show()
    harness = Harness(model, run)
    bridge: StreamBridge | PerTickBridge
    if coalesced:
        bridge = StreamBridge()
        bridge.ticks_arrived.connect(harness.on_batch)
    else:
        bridge = PerTickBridge()
        bridge.tick_arrived.connect(harness.on_tick, Qt.ConnectionType.QueuedConnection)
    stream = MarketStream(kite.api_key, kite.access_token or "", root.replace("http", "ws", 1) + "/ws", bridge)
    stream.start()
    stream.want(dict.fromkeys(tokens(), TickMode.FULL))
    harness.heartbeat.start()
    cpu, gui_cpu, wall = time.process_time(), _gui_thread_cpu(), time.monotonic()
    _run_until_exit(server)
    run.cpu_per_second = (time.process_time() - cpu) / (time.monotonic() - wall)
    run.gui_cpu_per_second = (_gui_thread_cpu() - gui_cpu) / (time.monotonic() - wall)
    app.processEvents()
    harness.heartbeat.stop()
    stream.stop()
    run.rss_mb = _rss_mb()
    view.close()
    return run


def _run_until_exit(server: subprocess.Popen[str]) -> None:
    """The event loop as the app runs it (``exec``, asleep between events) until the ticker's process ends. A loop
    of ``processEvents`` and ``poll`` calls would spin: it burnt a core and took the GIL from the reactor's thread
    thousands of times a second, which the app never does."""
    loop = QEventLoop()
    check = QTimer()
    check.setInterval(50)
    check.timeout.connect(lambda: loop.quit() if server.poll() is not None else None)
    check.start()
    loop.exec()
    check.stop()


def _gui_thread_cpu() -> float:
    """CPU seconds of the calling (GUI) thread so far."""
    return time.thread_time()


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 1e6


def _percentile(values: list[float], fraction: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(fraction * 100) - 1]


def figures(ours: Run, baseline: Run) -> list[tuple[str, str, float, float, str, bool | None]]:
    """(phase, figure, ours, baseline, target, met) rows; times in ms."""
    rows = []
    for phase, name in PHASES.items():
        p50 = [_percentile(run.latencies[phase], 0.50) for run in (ours, baseline)]
        p99 = [_percentile(run.latencies[phase], 0.99) for run in (ours, baseline)]
        target_met = p99[0] <= 50 if phase == PHASE_SUSTAINED else None
        rows += [
            (name, "tick to model, p50", p50[0], p50[1], "", None),
            (name, "tick to model, p99", p99[0], p99[1], "<= 50 ms" if phase == PHASE_SUSTAINED else "", target_met),
            (name, "longest GUI stall", ours.stalls[phase], baseline.stalls[phase], "<= 16 ms",
             ours.stalls[phase] <= 16),
        ]  # fmt: skip
    return rows


def main() -> None:
    app = application([])  # as the app makes it: its cycle collector on the GUI thread, its GIL switch interval
    master = synthetic_master()
    assert len(master) == INSTRUMENTS
    assert master.by_token(FIRST_TOKEN) is not None
    ours = measure(app, master, coalesced=True)
    baseline = measure(app, master, coalesced=False)
    table = [
        (phase, figure, f"{mine:.1f} ms", f"{theirs:.1f} ms", f"{mine / theirs:.3g}x", target,
         "" if met is None else ("yes" if met else "NO"))
        for phase, figure, mine, theirs, target, met in figures(ours, baseline)
    ]  # fmt: skip
    table.append(("both", "CPU per wall second", f"{ours.cpu_per_second:.2f}", f"{baseline.cpu_per_second:.2f}",
                  f"{ours.cpu_per_second / baseline.cpu_per_second:.3g}x", "", ""))  # fmt: skip
    table.append(("both", "of which the GUI thread", f"{ours.gui_cpu_per_second:.2f}",
                  f"{baseline.gui_cpu_per_second:.2f}",
                  f"{ours.gui_cpu_per_second / baseline.gui_cpu_per_second:.3g}x", "", ""))  # fmt: skip
    table.append(("both", "load average (1 min) at the end", f"{os.getloadavg()[0]:.1f}", "", "", "", ""))
    table.append(("end", "resident memory", f"{ours.rss_mb:.0f} MB", f"{baseline.rss_mb:.0f} MB", "", "", ""))
    table.append(("start", "resident memory before the rows and the subscription", f"{ours.rss_before_mb:.0f} MB",
                  f"{baseline.rss_before_mb:.0f} MB", "", "", ""))  # fmt: skip
    table.append(("both", "ticks applied", str(ours.applied), str(baseline.applied), "", "", ""))
    print_table(
        "Streaming, 3,000 instruments in full mode (baseline: one queued signal per tick)",
        ("phase", "figure", "ours", "baseline", "ratio", "target", "met"),
        table,
    )


if __name__ == "__main__":
    main()
