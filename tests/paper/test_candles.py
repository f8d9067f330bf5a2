"""The candle generator's promise, over many days and recordings: a day's minutes aggregate exactly to its bar."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from kiteticket.paper.candles import Bar, Minutes, minute_bars
from kiteticket.paper.minute_record import Recorded, today_minutes

DAY = date(2026, 12, 2)


@st.composite
def bars(draw: st.DrawFn) -> Bar:
    low = draw(st.integers(1, 50_000))
    high = draw(st.integers(low, low + 2_000))
    opened, closed = draw(st.integers(low, high)), draw(st.integers(low, high))
    return Bar(opened, high, low, closed, draw(st.integers(0, 10_000_000)))


@st.composite
def recordings(draw: st.DrawFn, bar: Bar, count: int) -> Recorded:
    moves: dict[int, tuple[int, int, int, int, int]] = {}
    volume = first = draw(st.integers(0, bar.volume))
    for minute in sorted(draw(st.sets(st.integers(540, 540 + count + 30), max_size=20))):
        prices = draw(st.lists(st.integers(bar.low, bar.high), min_size=1, max_size=4))
        volume = draw(st.integers(volume, bar.volume))
        moves[minute] = (prices[0], max(prices), min(prices), prices[-1], volume)
    return Recorded(moves, first)


def assert_adds_up(minutes: Minutes, bar: Bar) -> None:
    (day,) = minutes.bars(len(minutes.opens))
    assert day == bar
    assert all(low <= min(o, c) and high >= max(o, c) for o, high, low, c in
               zip(minutes.opens, minutes.highs, minutes.lows, minutes.closes, strict=True))  # fmt: skip
    assert all(volume >= 0 for volume in minutes.volumes)


@given(bars(), st.integers(1, 900), st.integers(0, 1000))
def test_a_generated_day_adds_up_to_its_bar(bar: Bar, count: int, seed: int) -> None:
    assert_adds_up(minute_bars(seed, 408065, DAY, bar, count), bar)


@given(st.data(), bars(), st.integers(1, 400))
def test_today_with_recorded_moves_adds_up_to_the_markets_bar(data: st.DataObject, bar: Bar, count: int) -> None:
    recorded = data.draw(recordings(bar, count))
    last = recorded.minutes[max(recorded.minutes)][3] if recorded.minutes else bar.close
    bar = Bar(bar.open, bar.high, bar.low, last, bar.volume)  # the market's last price is its last move
    assert_adds_up(today_minutes(7, 408065, DAY, bar, count, opening=555, recorded=recorded), bar)
