"""The stream's way onto the GUI thread: ticks coalesced, at most one batch a frame, the latest tick per
instrument winning.

The stream calls ``ticks``/``order_update``/``status`` on its own thread (Twisted's reactor). Each call only
merges into a pending batch under a lock and, if no delivery is already on its way, posts one queued wake-up. On
the GUI thread the wake-up delivers the batch, unless the last delivery was less than a frame ago, in which case
a timer delivers it at the frame's end. However fast ticks come, the GUI sees one signal per frame with one tick
per instrument, and the reactor thread never waits for the GUI.

A batch is as big as the GUI thread applies in a few milliseconds, measured on the batches before (``BatchSizer``):
in a burst of 20,000 ticks a second a batch of 500 takes the market watch 4-6 ms of CPU, and up to twice that in
all while the reactor's thread holds the GIL to decode the burst. The rest waits for the next frame, overtaken
meanwhile by any newer tick of its instrument, so a burst costs the ticks' latency, never the GUI's responsiveness.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from kiteticket.domain.stream import StreamStatus
from kiteticket.domain.tick import Tick

FRAME_MS = 16  # one batch per 60 Hz frame at most
BATCH_SECONDS = 0.005  # the GUI thread's time for a batch: a third of a frame, the rest for copying and painting
MIN_BATCH, MAX_BATCH = 50, 500  # bounds on a batch, however fast or slow the last ones went


class BatchSizer:
    """How many ticks the next batch may carry: as many as the GUI thread applied in ``BATCH_SECONDS`` at the pace
    of the batches before (a moving average, so one slow batch does not halve the next)."""

    def __init__(self) -> None:
        self._seconds_per_tick = 0.0
        self.size = MAX_BATCH

    def delivered(self, ticks: int, seconds: float) -> None:
        if ticks < MIN_BATCH:  # too few to tell a tick's cost from the batch's fixed cost
            return
        pace = seconds / ticks
        self._seconds_per_tick = pace if not self._seconds_per_tick else (self._seconds_per_tick + pace) / 2
        fits = int(BATCH_SECONDS / self._seconds_per_tick) if self._seconds_per_tick > 0 else MAX_BATCH
        self.size = max(MIN_BATCH, min(MAX_BATCH, fits))


class StreamBridge(QObject):
    """Signals: ``ticks_arrived(dict[int, Tick])`` (token → latest tick, once per frame at most),
    ``order_updated(dict)`` (each pushed order update, in order), ``status_changed(StreamStatus)``."""

    ticks_arrived = Signal(object)
    order_updated = Signal(object)
    status_changed = Signal(object)
    _wake = Signal()

    def __init__(self, parent: QObject | None = None, clock: Callable[[], float] = time.perf_counter) -> None:
        super().__init__(parent)
        self._clock = clock
        self.sizer = BatchSizer()
        self._lock = threading.Lock()
        self._ticks: dict[int, Tick] = {}
        self._orders: list[Mapping[str, Any]] = []
        self._statuses: list[StreamStatus] = []
        self._posted = False
        self._delivered_at = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._deliver)
        self._wake.connect(self._on_wake, Qt.ConnectionType.QueuedConnection)
        self.batches = 0  # deliveries so far (benchmarks compare it with ticks received)

    # -- StreamSink, on the stream's thread ---------------------------------------------------------------------
    def ticks(self, ticks: list[Tick]) -> None:
        with self._lock:
            for tick in ticks:
                self._ticks[tick.instrument_token] = tick
            self._post()

    def order_update(self, payload: Mapping[str, Any]) -> None:
        with self._lock:
            self._orders.append(payload)
            self._post()

    def status(self, status: StreamStatus) -> None:
        with self._lock:
            self._statuses.append(status)
            self._post()

    def _post(self) -> None:
        """Called with the lock held: one wake-up in flight at a time."""
        if not self._posted:
            self._posted = True
            self._wake.emit()

    # -- on the GUI thread ------------------------------------------------------------------------------------
    @Slot()
    def _on_wake(self) -> None:
        since = (time.monotonic() - self._delivered_at) * 1000
        if since >= FRAME_MS:
            self._deliver()
        elif not self._timer.isActive():
            self._timer.start(max(1, int(FRAME_MS - since)))

    @Slot()
    def _deliver(self) -> None:
        with self._lock:
            ticks, self._ticks = self._ticks, {}
            orders, self._orders = self._orders, []
            statuses, self._statuses = self._statuses, []
            self._posted = False
            if len(ticks) > self.sizer.size:
                ticks = self._hold_back(ticks, self.sizer.size)
        self._delivered_at = time.monotonic()
        for status in statuses:
            self.status_changed.emit(status)
        for payload in orders:  # order updates first: they matter more than a price
            self.order_updated.emit(payload)
        if ticks:
            self.batches += 1
            started = self._clock()
            self.ticks_arrived.emit(ticks)  # receivers on this thread apply the batch before emit returns
            self.sizer.delivered(len(ticks), self._clock() - started)

    def _hold_back(self, ticks: dict[int, Tick], size: int) -> dict[int, Tick]:
        """Called with the lock held: keep the first ``size`` ticks for now, put the rest back behind any newer tick
        of the same instrument, and ask for another delivery."""
        tokens = list(ticks)
        now, later = tokens[:size], tokens[size:]
        for token in later:
            self._ticks.setdefault(token, ticks[token])
        self._post()
        return {token: ticks[token] for token in now}
