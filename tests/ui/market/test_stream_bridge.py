"""The stream's bridge to the GUI thread: whatever the rate of ticks from another thread, the GUI gets few
batches, each with the latest tick per instrument, and order updates in order."""

from __future__ import annotations

import threading
from decimal import Decimal

from pytestqt.qtbot import QtBot

from kiteticket.domain.stream import StreamState, StreamStatus
from kiteticket.domain.tick import Tick
from kiteticket.ui.market.stream_bridge import BATCH_SECONDS, MAX_BATCH, MIN_BATCH, BatchSizer, StreamBridge

TOKENS = range(1000, 4000)  # 3,000 instruments
ROUNDS = 7  # 21,000 ticks in one burst


def test_a_burst_from_another_thread_arrives_coalesced_with_the_latest_prices(qtbot: QtBot) -> None:
    bridge = StreamBridge()
    latest: dict[int, Tick] = {}
    deliveries: list[int] = []

    def on_ticks(batch: dict[int, Tick]) -> None:
        deliveries.append(len(batch))
        latest.update(batch)

    bridge.ticks_arrived.connect(on_ticks)

    def burst() -> None:
        for round_ in range(ROUNDS):
            bridge.ticks([Tick(token, Decimal(100 + round_)) for token in TOKENS])

    producer = threading.Thread(target=burst)
    producer.start()
    producer.join()
    qtbot.waitUntil(
        lambda: len(latest) == len(TOKENS) and all(t.last_price == 100 + ROUNDS - 1 for t in latest.values())
    )
    assert len(deliveries) < ROUNDS  # coalesced: fewer batches than the producer's calls
    assert bridge.batches == len(deliveries)


def test_order_updates_and_statuses_are_all_delivered_in_order(qtbot: QtBot) -> None:
    bridge = StreamBridge()
    orders: list[object] = []
    statuses: list[StreamStatus] = []
    bridge.order_updated.connect(orders.append)
    bridge.status_changed.connect(statuses.append)

    def push() -> None:
        bridge.status(StreamStatus(StreamState.LIVE))
        for number in range(50):
            bridge.order_update({"order_id": str(number)})
        bridge.status(StreamStatus(StreamState.RECONNECTING, 1))

    thread = threading.Thread(target=push)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(orders) == 50 and len(statuses) == 2)
    assert [order["order_id"] for order in orders] == [str(n) for n in range(50)]  # type: ignore[index]
    assert [status.state for status in statuses] == [StreamState.LIVE, StreamState.RECONNECTING]


def test_a_big_batch_is_spread_over_frames_and_newer_ticks_win(qtbot: QtBot) -> None:
    bridge = StreamBridge()
    sizes: list[int] = []
    latest: dict[int, Tick] = {}

    def on_ticks(batch: dict[int, Tick]) -> None:
        sizes.append(len(batch))
        latest.update(batch)
        if len(sizes) == 1:  # a newer tick for an instrument still waiting for its frame
            bridge.ticks([Tick(3999, Decimal(7))])

    bridge.ticks_arrived.connect(on_ticks)
    bridge.ticks([Tick(token, Decimal(1)) for token in TOKENS])
    qtbot.waitUntil(lambda: len(latest) == len(TOKENS))
    assert max(sizes) == MAX_BATCH
    assert latest[3999].last_price == 7


class Clock:
    """A clock that moves only when told: the consumer's work, without waiting for it."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_slow_consumer_gets_batches_it_applies_within_the_budget_and_no_tick_is_lost(qtbot: QtBot) -> None:
    clock = Clock()
    bridge = StreamBridge(clock=clock)
    sizes: list[int] = []
    latest: dict[int, Tick] = {}

    def on_ticks(batch: dict[int, Tick]) -> None:
        sizes.append(len(batch))
        latest.update(batch)
        clock.now += 40e-6 * len(batch)  # 40 µs a tick: 500 ticks would hold the GUI thread 20 ms

    bridge.ticks_arrived.connect(on_ticks)
    bridge.ticks([Tick(token, Decimal(1)) for token in TOKENS])
    qtbot.waitUntil(lambda: len(latest) == len(TOKENS))
    assert sizes[0] == MAX_BATCH  # nothing measured yet
    assert all(size * 40e-6 <= BATCH_SECONDS for size in sizes[1:])
    assert max(sizes[1:]) >= BATCH_SECONDS / 40e-6 - 1  # and not smaller than it needs to be
    assert sum(sizes) == len(TOKENS)


def test_the_batch_size_follows_the_pace_and_stays_within_bounds() -> None:
    sizer = BatchSizer()
    sizer.delivered(500, 0.002)  # 4 µs a tick: the budget fits more than the most a batch may carry
    assert sizer.size == MAX_BATCH
    sizer.delivered(10, 5.0)  # too few ticks to judge a pace by
    assert sizer.size == MAX_BATCH
    for _ in range(20):
        sizer.delivered(100, 1.0)  # 10 ms a tick
    assert sizer.size == MIN_BATCH
    sizer.delivered(MIN_BATCH, MIN_BATCH * 20e-6)  # averaged with the slow pace: still slow
    assert sizer.size == MIN_BATCH
