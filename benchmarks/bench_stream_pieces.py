"""Where streaming's time goes, piece by piece, in CPU time of this thread (the best of several runs), so that the
figures hold on a shared, loaded machine, where ``bench_stream``'s wall-clock latencies and stalls do not.

    python -m benchmarks.bench_stream_pieces

* decoding a full-mode tick (184 bytes): the SDK's ``KiteTicker._parse_binary``, which gives dicts that the app then
  had to convert, against ``broker.tick_decoder``, which gives the domain Ticks;
* applying a batch of 500 ticks to the market watch's model (the GUI thread's work per tick before any repaint);
* the repaint that follows, in the app's watch table at 1366x700 over 3,000 rows: every row in view changed, one
  row in view changed, only rows out of view changed.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiteconnect import KiteTicker
from PySide6.QtWidgets import QApplication

from benchmarks.bench_stream import synthetic_master
from benchmarks.common import print_table
from benchmarks.stream_server import PHASE_SUSTAINED, SyntheticMarket, tokens
from kiteticket.broker.tick_decoder import ticks_from_frame
from kiteticket.domain.tick import Tick, TickMode
from kiteticket.paper.tick_packets import frame, packet
from kiteticket.ui.market.watch_model import WatchModel, WatchRow
from kiteticket.ui.market.watch_view import WatchTable

RUNS = 15
BATCH = 500


def best_cpu_ms(action: Callable[[], object], prepare: Callable[[], object] | None = None) -> float:
    """The least CPU time of this thread ``action`` took over RUNS runs, each after an untimed ``prepare``."""
    best = float("inf")
    for _ in range(RUNS):
        if prepare is not None:
            prepare()
        started = time.thread_time()
        action()
        best = min(best, time.thread_time() - started)
    return best * 1000


class Ticks:
    """Fresh full-mode ticks for every instrument, a new price each time (so every cell changes)."""

    def __init__(self) -> None:
        self._market = SyntheticMarket()
        self._tokens = tokens()

    def frames(self) -> list[bytes]:
        self._market.move(self._tokens, PHASE_SUSTAINED)
        ticks = self._market.ticks(self._tokens)
        packets = [packet(ticks[token], TickMode.FULL) for token in self._tokens]
        return [frame(packets[start : start + 500]) for start in range(0, len(packets), 500)]

    def batch(self, rows: range) -> dict[int, Tick]:
        self._market.move(self._tokens, PHASE_SUSTAINED)
        wanted = [self._tokens[row] for row in rows]
        return self._market.ticks(wanted)


def decoding() -> list[tuple[str, str, str]]:
    frames = Ticks().frames()
    count = sum(len(ticks_from_frame(message)) for message in frames)
    sdk = KiteTicker("bench", "bench")
    theirs = best_cpu_ms(lambda: [sdk._parse_binary(message) for message in frames]) / count * 1000
    ours = best_cpu_ms(lambda: [ticks_from_frame(message) for message in frames]) / count * 1000
    return [
        ("decode a full tick", "SDK _parse_binary (dicts, not yet Ticks)", f"{theirs:.1f} µs"),
        ("decode a full tick", "broker.tick_decoder (domain Ticks)", f"{ours:.1f} µs"),
    ]


def watch(app: QApplication) -> list[tuple[str, str, str]]:
    model = WatchModel()
    model.show_rows([WatchRow(instrument.key, instrument) for instrument in synthetic_master()])
    view = WatchTable(model)
    view.resize(1366, 700)
    view.show()
    app.processEvents()
    source = Ticks()
    batch: dict[int, Tick] = {}

    def next_batch(rows: range) -> Callable[[], None]:
        def load() -> None:
            batch.clear()
            batch.update(source.batch(rows))

        return load

    def repaint_ms(rows: range) -> float:
        """processEvents paints what the batch marked dirty, as the event loop would."""
        return best_cpu_ms(app.processEvents, lambda: (next_batch(rows)(), model.apply_ticks(batch)))

    apply_ms = best_cpu_ms(lambda: model.apply_ticks(batch), next_batch(range(1000, 1000 + BATCH)))
    in_view = view.rowAt(view.viewport().height() - 1) + 1
    every, one, none = repaint_ms(range(BATCH)), repaint_ms(range(5, 6)), repaint_ms(range(2000, 2000 + BATCH))
    view.close()
    return [
        ("apply to the watch model", f"a batch of {BATCH} ticks, per tick", f"{apply_ms / BATCH * 1000:.1f} µs"),
        ("repaint after a batch", f"every row in view changed ({in_view} rows)", f"{every:.2f} ms"),
        ("repaint after a batch", "one row in view changed", f"{one:.2f} ms"),
        ("repaint after a batch", f"{BATCH} rows out of view changed", f"{none:.2f} ms"),
    ]


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    print_table(
        f"Streaming's pieces, CPU time of this thread, best of {RUNS} (load average {os.getloadavg()[0]:.1f})",
        ("part", "case", "CPU"),
        [*decoding(), *watch(app)],
    )


if __name__ == "__main__":
    main()
