"""Polls the order book on a worker thread and hands immutable snapshots to the GUI thread.

The fetch function blocks (the SDK waits up to 7 s per request), so it runs on a QThread; parsing and diffing run
there too, so the GUI thread only applies a ready diff. The worker is a plain QObject moved to the thread, not a
QThread subclass, and creates its QTimer in its own thread, so the timer is started and stopped where it lives.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QElapsedTimer, QObject, QThread, QTimer, Signal, Slot

from kiteticket.domain.orderbook import OrderBookSnapshot, RawOrder
from kiteticket.ui.tasks import detached

POLL_NOW_GAP_MS = 300
# While the stream pushes order updates, the poll only reconciles (Kite's advice: updates as triggers, then fetch;
# facts §11, §12.5): every 20 s instead of every second.
RECONCILE_MS = 20_000

# Blocking; raises the broker's own error types. Typically ``KiteGateway.orders_raw``.
Fetch = Callable[[], Sequence[RawOrder]]


@dataclass(frozen=True, slots=True)
class PollSchedule:
    """How long to wait before the next poll, in milliseconds."""

    open_ms: int = 1_000  # while an order can still fill, a trader wants to see it within a second
    idle_ms: int = 5_000  # nothing working: slow down; all reads share one cap of 10 requests a second
    max_backoff_ms: int = 30_000

    def after_success(self, snapshot: OrderBookSnapshot) -> int:
        return self.open_ms if snapshot.has_open_orders else self.idle_ms

    def after_failures(self, failures: int) -> int:
        """Exponential backoff, doubling the open interval per failure in a row: 2 s, 4 s, 8 s, ... capped."""
        return min(self.max_backoff_ms, self.open_ms << min(failures, 16))


class OrderPoller(QObject):
    """The worker: fetch, parse and diff in its thread, on a single-shot timer re-armed after each poll.

    Signals:
        snapshot_ready(OrderBookSnapshot): a successful poll, with its diff from the previous one attached.
        poll_failed(object): the exception ``fetch`` raised; the last snapshot stays as it was.
    """

    snapshot_ready = Signal(object)
    poll_failed = Signal(object)

    def __init__(self, fetch: Fetch, schedule: PollSchedule | None = None) -> None:
        super().__init__()
        self._fetch = fetch
        self._schedule = schedule or PollSchedule()
        self._timer: QTimer | None = None
        self._previous = OrderBookSnapshot.empty()
        self._failures = 0
        self._paused = False
        self._streaming = False

    @property
    def interval_ms(self) -> int | None:
        """The delay the timer was last armed with (None before the first poll)."""
        return self._timer.interval() if self._timer is not None else None

    @property
    def is_scheduled(self) -> bool:
        """Whether a poll is due (False while paused or stopped)."""
        return self._timer is not None and self._timer.isActive()

    @Slot()
    def start(self) -> None:
        """Create the timer here, in the worker's thread, and poll at once. Starting again resumes."""
        if self._timer is not None:
            self.resume()
            return
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(self._on_timer_timeout)
        self._timer = timer
        self._poll()

    @Slot()
    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()

    @Slot()
    def pause(self) -> None:
        """No polls until ``resume`` (the access token expired; polling would only fail)."""
        self._paused = True
        self.stop()

    @Slot()
    def resume(self) -> None:
        self._paused = False
        self._failures = 0
        self._poll()

    @Slot()
    def poll_now(self) -> None:
        """Poll at once (after a place, modify or cancel), unless paused."""
        if not self._paused:
            self._poll()

    @Slot(bool)
    def set_streaming(self, streaming: bool) -> None:
        """Order updates are (or no longer are) pushed: poll slowly to reconcile, or at the usual pace again."""
        self._streaming = streaming
        timer = self._timer
        if not streaming and timer is not None and timer.isActive() and timer.remainingTime() > self._schedule.open_ms:
            self._arm(self._schedule.open_ms)

    @Slot(object)
    def push(self, raw: RawOrder) -> None:
        """A pushed order update: its row changes at once, as a snapshot with its diff like any poll's (the fetch
        it triggers then confirms it)."""
        snapshot = OrderBookSnapshot.pushed(self._previous, raw)
        if snapshot is not self._previous:
            self._previous = snapshot
            self.snapshot_ready.emit(snapshot)

    @Slot()
    def _on_timer_timeout(self) -> None:
        self._poll()

    def _poll(self) -> None:
        if self._timer is None:
            return
        self._timer.stop()
        try:
            snapshot = OrderBookSnapshot.following(self._previous, self._fetch())
        except Exception as error:  # any failure must reach the GUI, not end the thread
            self._failures += 1
            self._arm(self._schedule.after_failures(self._failures))
            # Its traceback's first frame is this one, holding the poller: it must not reach the GUI thread, which
            # could then free the poller's wrapper, and the worker with it, off the worker's thread.
            self.poll_failed.emit(detached(error))
            return
        self._failures = 0
        self._previous = snapshot
        self._arm(RECONCILE_MS if self._streaming else self._schedule.after_success(snapshot))
        self.snapshot_ready.emit(snapshot)

    def _arm(self, delay_ms: int) -> None:
        if self._timer is not None and not self._paused:
            self._timer.start(delay_ms)


class OrderPollerController(QObject):
    """Owns the poller thread, on the GUI thread; its signals arrive on the GUI thread.

    Signals:
        snapshot_ready(OrderBookSnapshot): forwarded from the worker.
        poll_failed(object): forwarded from the worker; the exception as the broker raised it.
    """

    snapshot_ready = Signal(object)
    poll_failed = Signal(object)
    # Requests to the worker: queued into its thread because the worker lives there.
    _start_requested = Signal()
    _stop_requested = Signal()
    _pause_requested = Signal()
    _resume_requested = Signal()
    _poll_now_requested = Signal()
    _streaming_requested = Signal(bool)
    _push_requested = Signal(object)

    def __init__(self, fetch: Fetch, schedule: PollSchedule | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stopped = False
        self._thread = QThread(self)
        self._thread.setObjectName("order-poller")
        self._worker = OrderPoller(fetch, schedule)
        self._worker.moveToThread(self._thread)
        self._worker.snapshot_ready.connect(self.snapshot_ready)
        self._worker.poll_failed.connect(self.poll_failed)
        self._start_requested.connect(self._worker.start)
        self._stop_requested.connect(self._worker.stop)
        self._pause_requested.connect(self._worker.pause)
        self._resume_requested.connect(self._worker.resume)
        self._poll_now_requested.connect(self._worker.poll_now)
        self._streaming_requested.connect(self._worker.set_streaming)
        self._push_requested.connect(self._worker.push)
        # Deleted in its own thread as the thread ends, so its timer is never touched from the GUI thread.
        self._thread.finished.connect(self._worker.deleteLater)
        self._since_poll_now = QElapsedTimer()
        self._poll_now_timer = QTimer(self)
        self._poll_now_timer.setSingleShot(True)
        self._poll_now_timer.timeout.connect(self._on_poll_now_timer_timeout)

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def start(self) -> None:
        """Start polling; if already started, resume (a new login after the token expired)."""
        if self._stopped:
            raise RuntimeError("a stopped OrderPollerController does not restart; make a new one")
        self._thread.start()
        self._start_requested.emit()

    def stop(self) -> None:
        """Stop the timer in the worker thread, end the thread and wait for it (at most one fetch in flight).

        Final: the worker is deleted with its thread.
        """
        self._stopped = True
        self._poll_now_timer.stop()
        if not self._thread.isRunning():
            return
        self._stop_requested.emit()
        self._thread.quit()
        self._thread.wait()

    def pause(self) -> None:
        self._pause_requested.emit()

    def resume(self) -> None:
        self._resume_requested.emit()

    def set_streaming(self, streaming: bool) -> None:
        self._streaming_requested.emit(streaming)

    def push(self, raw: RawOrder) -> None:
        """A pushed order update (the stream's): applied on the poller's thread, then a fetch confirms it."""
        self._push_requested.emit(dict(raw))
        self.poll_now()

    def poll_now(self) -> None:
        """Poll soon after a place, modify or cancel. Requests that come together ("Cancel selected" of twenty
        orders) share one poll, at most one every POLL_NOW_GAP_MS, so the budget of ten reads a second that the
        poll shares with quotes and margins is not spent on the same order book twenty times."""
        if self._poll_now_timer.isActive():
            return  # a poll is already on its way
        since = self._since_poll_now.elapsed() if self._since_poll_now.isValid() else POLL_NOW_GAP_MS
        if since >= POLL_NOW_GAP_MS:
            self._on_poll_now_timer_timeout()
        else:
            self._poll_now_timer.start(POLL_NOW_GAP_MS - since)

    @Slot()
    def _on_poll_now_timer_timeout(self) -> None:
        self._since_poll_now.start()
        self._poll_now_requested.emit()
