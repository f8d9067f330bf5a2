"""The order poller: fetches on its own thread, emits snapshots or failures on the GUI thread, backs off, stops."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QObject, QThread, Slot
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.orderbook import OrderBookSnapshot
from kiteticket.ui.book.poller import (
    POLL_NOW_GAP_MS,
    RECONCILE_MS,
    OrderPoller,
    OrderPollerController,
    PollSchedule,
)
from tests.domain.test_orderbook import raw_order

FAST = PollSchedule(open_ms=20, idle_ms=40, max_backoff_ms=160)


class FakeOrderBook:
    """/orders in memory, safe to read from the poller thread while the test changes it."""

    def __init__(self, orders: list[dict[str, Any]] | None = None) -> None:
        self._lock = threading.Lock()
        self._orders = orders or []
        self._error: Exception | None = None
        self._calls = 0

    @property
    def calls(self) -> int:
        with self._lock:
            return self._calls

    def set_orders(self, orders: list[dict[str, Any]]) -> None:
        with self._lock:
            self._orders = orders

    def fail_with(self, error: Exception | None) -> None:
        with self._lock:
            self._error = error

    def fetch(self) -> list[dict[str, Any]]:
        with self._lock:
            self._calls += 1
            if self._error is not None:
                raise self._error
            return [dict(order) for order in self._orders]


class ThreadRecorder(QObject):
    """A GUI-thread receiver that notes which thread each snapshot arrives on."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: list[QThread] = []

    @Slot(object)
    def on_snapshot_ready(self, _snapshot: OrderBookSnapshot) -> None:
        self.threads.append(QThread.currentThread())


@pytest.fixture
def orders() -> FakeOrderBook:
    return FakeOrderBook([raw_order("1", status="OPEN"), raw_order("2", "2026-11-25 10:00:01", status="COMPLETE")])


@pytest.fixture
def controller(qtbot: QtBot, orders: FakeOrderBook) -> Iterator[OrderPollerController]:
    controller = OrderPollerController(orders.fetch, FAST)
    yield controller
    controller.stop()


def _has_order(order_id: str) -> Any:
    def check(snapshot: OrderBookSnapshot) -> bool:
        return order_id in snapshot.by_id

    return check


def test_first_poll_emits_a_snapshot_on_the_gui_thread(
    qapp: QApplication, qtbot: QtBot, controller: OrderPollerController
) -> None:
    recorder = ThreadRecorder()
    controller.snapshot_ready.connect(recorder.on_snapshot_ready)

    with qtbot.waitSignal(controller.snapshot_ready, timeout=5000) as blocker:
        controller.start()

    snapshot = blocker.args[0]
    assert isinstance(snapshot, OrderBookSnapshot)
    assert [row.order_id for row in snapshot.rows] == ["2", "1"]
    assert snapshot.changes is not None
    qtbot.waitUntil(lambda: bool(recorder.threads))
    assert recorder.threads[0] is qapp.thread()


@pytest.fixture
def manual(qtbot: QtBot, orders: FakeOrderBook) -> Iterator[OrderPollerController]:
    """A controller whose timer never fires within a test: only start() and poll_now() poll."""
    controller = OrderPollerController(orders.fetch, PollSchedule(open_ms=60_000, idle_ms=60_000))
    yield controller
    controller.stop()


def test_poll_now_fetches_at_once(qtbot: QtBot, manual: OrderPollerController, orders: FakeOrderBook) -> None:
    with qtbot.waitSignal(manual.snapshot_ready, timeout=5000):
        manual.start()
    orders.set_orders([*orders.fetch(), raw_order("3", "2026-11-25 10:00:03")])

    with qtbot.waitSignal(manual.snapshot_ready, timeout=5000, check_params_cb=_has_order("3")) as blocker:
        manual.poll_now()

    changes = blocker.args[0].changes
    assert [row.order_id for insertion in changes.inserted for row in insertion.rows] == ["3"]


def test_a_failure_is_reported_and_keeps_the_last_snapshot(
    qtbot: QtBot, manual: OrderPollerController, orders: FakeOrderBook
) -> None:
    with qtbot.waitSignal(manual.snapshot_ready, timeout=5000) as first:
        manual.start()
    error = BrokerError(ErrorKind.TIMEOUT, "Kite did not answer")
    orders.fail_with(error)

    with qtbot.waitSignal(manual.poll_failed, timeout=5000) as failed:
        manual.poll_now()
    assert failed.args[0] is error
    frames = []
    trace = error.__traceback__
    while trace is not None:
        frames.append((trace.tb_frame.f_code.co_name, trace.tb_frame.f_locals))
        trace = trace.tb_next
    # Without the poller's own frame, and no frame keeps its locals: nothing of the worker's thread comes along.
    assert "_poll" not in [name for name, _ in frames]
    assert all(local == {} for _, local in frames)

    orders.fail_with(None)
    with qtbot.waitSignal(manual.snapshot_ready, timeout=5000) as recovered:
        manual.poll_now()
    # The next snapshot is diffed against the last good one: the failure removed nothing.
    assert recovered.args[0].base_serial == first.args[0].serial
    assert recovered.args[0].changes.is_empty
    assert recovered.args[0].rows == first.args[0].rows


def test_failures_repeat_with_backoff_until_fetch_succeeds(
    qtbot: QtBot, controller: OrderPollerController, orders: FakeOrderBook
) -> None:
    orders.fail_with(BrokerError(ErrorKind.NETWORK, "network down"))
    with qtbot.waitSignals([controller.poll_failed] * 3, timeout=5000):
        controller.start()

    orders.fail_with(None)
    qtbot.waitSignal(controller.snapshot_ready, timeout=5000).wait()


def test_backoff_doubles_and_is_capped(qtbot: QtBot) -> None:
    # The worker on the GUI thread, driven by hand: each poll_now is one failing poll.
    fake = FakeOrderBook()
    fake.fail_with(BrokerError(ErrorKind.NETWORK, "down"))
    poller = OrderPoller(fake.fetch, PollSchedule())
    delays = []
    poller.start()
    delays.append(poller.interval_ms)
    for _ in range(5):
        poller.poll_now()
        delays.append(poller.interval_ms)
    fake.fail_with(None)
    poller.poll_now()
    after_recovery = poller.interval_ms
    poller.stop()

    assert delays == [2_000, 4_000, 8_000, 16_000, 30_000, 30_000]
    assert after_recovery == 5_000  # the fake book is empty: nothing open, so the idle interval


def test_interval_is_short_while_an_order_is_open(qtbot: QtBot) -> None:
    fake = FakeOrderBook([raw_order("1", status="TRIGGER PENDING")])
    poller = OrderPoller(fake.fetch, PollSchedule())
    poller.start()
    open_interval = poller.interval_ms
    fake.set_orders([raw_order("1", status="COMPLETE")])
    poller.poll_now()
    idle_interval = poller.interval_ms
    poller.stop()

    assert (open_interval, idle_interval) == (1_000, 5_000)


def test_pause_holds_polls_until_resume(qtbot: QtBot) -> None:
    fake = FakeOrderBook()
    poller = OrderPoller(fake.fetch, PollSchedule())
    poller.start()
    poller.pause()
    calls = fake.calls

    poller.poll_now()

    assert not poller.is_scheduled
    assert fake.calls == calls
    with qtbot.waitSignal(poller.snapshot_ready, timeout=1000):
        poller.resume()
    assert poller.is_scheduled
    poller.stop()
    assert not poller.is_scheduled


def test_pause_and_resume_through_the_controller(qtbot: QtBot, controller: OrderPollerController) -> None:
    with qtbot.waitSignal(controller.snapshot_ready, timeout=5000):
        controller.start()
    controller.pause()

    with qtbot.waitSignal(controller.snapshot_ready, timeout=5000):
        controller.resume()


def test_stop_leaves_no_running_thread(qtbot: QtBot, controller: OrderPollerController) -> None:
    with qtbot.waitSignal(controller.snapshot_ready, timeout=5000):
        controller.start()

    controller.stop()

    assert not controller.is_running()
    controller.stop()  # a second stop is harmless


def test_stop_right_after_start(qtbot: QtBot, controller: OrderPollerController) -> None:
    controller.start()
    controller.stop()

    assert not controller.is_running()


def test_starting_again_resumes_and_a_stopped_controller_stays_stopped(
    qtbot: QtBot, controller: OrderPollerController
) -> None:
    with qtbot.waitSignal(controller.snapshot_ready, timeout=5000):
        controller.start()
    controller.pause()
    with qtbot.waitSignal(controller.snapshot_ready, timeout=5000):
        controller.start()  # the session connected again

    controller.stop()

    with pytest.raises(RuntimeError, match="does not restart"):
        controller.start()


def test_a_burst_of_poll_now_shares_one_poll(
    qtbot: QtBot, manual: OrderPollerController, orders: FakeOrderBook
) -> None:
    """ "Cancel selected" of twenty orders asks for twenty polls: one goes at once, the rest share one more after
    the gap (to see what the later cancellations did), and the read budget is left for quotes and margins."""
    with qtbot.waitSignal(manual.snapshot_ready, timeout=5000):
        manual.start()
    before = orders.calls
    for _ in range(20):
        manual.poll_now()
    qtbot.waitUntil(lambda: orders.calls - before == 2, timeout=5000)
    qtbot.wait(2 * POLL_NOW_GAP_MS)  # sleep-ok: the time in which a third poll would have come
    assert orders.calls - before == 2


def test_while_streaming_the_poll_only_reconciles_and_speeds_up_again_after(qtbot: QtBot) -> None:
    fake = FakeOrderBook([raw_order("1", status="OPEN")])
    poller = OrderPoller(fake.fetch, PollSchedule())
    poller.start()
    assert poller.interval_ms == 1_000
    poller.set_streaming(True)
    poller.poll_now()
    assert poller.interval_ms == RECONCILE_MS
    poller.set_streaming(False)  # the stream went down: the next poll comes at the usual pace, not in 20 s
    assert poller.interval_ms == 1_000
    poller.stop()


def test_a_pushed_update_changes_its_row_at_once_and_a_fetch_follows(
    qtbot: QtBot, manual: OrderPollerController, orders: FakeOrderBook
) -> None:
    with qtbot.waitSignal(manual.snapshot_ready, timeout=5000):
        manual.start()
    calls = orders.calls
    pushed = {**raw_order("1", status="OPEN"), "filled_quantity": 4, "unfilled_quantity": 6, "checksum": "x"}
    with qtbot.waitSignal(manual.snapshot_ready, timeout=5000) as blocker:
        manual.push(pushed)
    snapshot = blocker.args[0]
    assert snapshot.by_id["1"].filled_quantity == 4
    assert snapshot.changes is not None
    assert [change.row.order_id for change in snapshot.changes.changed] == ["1"]
    qtbot.waitUntil(lambda: orders.calls > calls, timeout=5000)  # the push triggered the fetch that confirms it
