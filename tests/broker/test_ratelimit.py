"""The rate limiter's arithmetic with the time passed in: N requests in any window, counted from each reply, and
the backoff after a 429. (The blocking side is exercised against the paper exchange in test_guarded_paper.py.)"""

from __future__ import annotations

import math

import pytest

from kiteticket.broker.ratelimit import Budget, RateLimiter, SlotWindow


def test_a_full_budget_goes_at_once_then_waits_one_window_from_each_reply() -> None:
    window = SlotWindow(10, window=1.0)
    slots = [window.take(0.0) for _ in range(10)]
    assert sorted(slots) == list(range(10))
    assert math.isinf(window.wait(0.0)), "every slot is out: wait for a reply"
    for number, slot in enumerate(slots):
        window.release(slot, 0.05 + number * 0.01)  # the replies come back over 90 ms
    assert window.wait(0.5) == pytest.approx(0.55)  # the first reply's slot, a window after that reply
    assert window.wait(1.05) == 0.0
    window.take(1.05)
    assert window.wait(1.05) == pytest.approx(0.01)


def test_no_window_ever_holds_more_than_the_budget() -> None:
    """Send as fast as allowed for 5 s with replies 30-70 ms late: any 1 s span holds at most 10 sends."""
    window = SlotWindow(10, window=1.0)
    now, sends, latency = 0.0, [], [0.03, 0.07, 0.05]
    while now < 5.0:
        now += window.wait(now) if not math.isinf(window.wait(now)) else 0.0
        slot = window.take(now)
        sends.append(now)
        window.release(slot, now + latency[len(sends) % 3])
    for first in sends:
        assert sum(1 for at in sends if first <= at < first + 1.0) <= 10
    assert len(sends) >= 40, "and it still sends close to 10 a second"


def test_one_quote_a_second() -> None:
    window = SlotWindow(1, window=1.0)
    window.release(window.take(10.0), 10.2)
    assert window.wait(10.5) == pytest.approx(0.7)
    assert window.wait(11.2) == 0.0


def test_taking_a_slot_before_it_is_free_is_a_bug() -> None:
    window = SlotWindow(1)
    window.take(0.0)
    with pytest.raises(RuntimeError):
        window.take(0.0)


def test_a_429_blocks_the_budget_longer_each_time_until_a_success() -> None:
    window = SlotWindow(10)
    assert window.back_off(100.0) == 1.0
    assert window.wait(100.0) == 1.0
    assert window.back_off(100.5) == 2.0
    assert window.wait(100.5) == 2.0
    assert [window.back_off(101.0) for _ in range(3)] == [4.0, 8.0, 8.0]
    window.succeeded()
    assert window.back_off(200.0) == 1.0


def test_the_limiter_keeps_each_budget_apart() -> None:
    now = [0.0]
    limiter = RateLimiter({Budget.ORDERS: 2, Budget.QUOTES: 1, Budget.READS: 2}, clock=lambda: now[0])
    # Orders and quotes are all out while the read goes: reads have slots of their own.
    with (
        limiter.slot(Budget.QUOTES),
        limiter.slot(Budget.ORDERS),
        limiter.slot(Budget.ORDERS),
        limiter.slot(Budget.READS),
    ):
        pass
    assert limiter.waited_seconds == 0.0
    limiter.back_off(Budget.READS)
    now[0] = 1.0  # the quote slot was released at 0.0 and is free a window later; orders too
    with limiter.slot(Budget.QUOTES), limiter.slot(Budget.ORDERS):
        pass
    assert limiter.waited_seconds == 0.0
