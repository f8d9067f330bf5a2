"""Candle aggregation: Kite's rows read, ticks move the last candle, and a new one starts on the boundary."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiteticket.domain.candles import (
    Candle,
    CandleSeries,
    Interval,
    bucket_start,
    candles_from_kite,
    first_candle,
    history_window,
)
from kiteticket.domain.market_clock import IST


def ist(hour: int, minute: int, second: int = 0, day: int = 4) -> datetime:
    return datetime(2026, 12, day, hour, minute, second, tzinfo=IST)


def series(interval: Interval, *starts: datetime) -> CandleSeries:
    candles = tuple(Candle(start, Decimal(100), Decimal(101), Decimal(99), Decimal(100), 10) for start in starts)
    return CandleSeries(interval, candles)


def test_kite_rows_are_read_whether_the_sdk_parsed_the_date_or_not() -> None:
    rows = [
        {"date": "2026-12-04T09:15:00+0530", "open": 1601.5, "high": 1603, "low": 1600.05, "close": 1602, "volume": 7},
        {"date": datetime(2026, 12, 4, 3, 46, tzinfo=IST.utc), "open": 1, "high": 2, "low": 1, "close": 2},
    ]
    first, second = candles_from_kite(rows)
    assert first == Candle(ist(9, 15), Decimal("1601.5"), Decimal(1603), Decimal("1600.05"), Decimal(1602), 7)
    assert second.start == ist(9, 16)
    assert second.start.utcoffset() == timedelta(hours=5, minutes=30)
    assert second.volume == 0


@pytest.mark.parametrize(
    ("interval", "moment", "start"),
    [
        (Interval.MINUTE, ist(9, 15, 59), ist(9, 15)),
        (Interval.FIVE_MINUTES, ist(9, 24, 59), ist(9, 20)),
        (Interval.FIFTEEN_MINUTES, ist(9, 59, 59), ist(9, 45)),
        (Interval.HOUR, ist(10, 14, 59), ist(9, 15)),  # Kite's hour candles start at the session's 09:15
        (Interval.HOUR, ist(10, 15), ist(10, 15)),
        (Interval.DAY, ist(15, 29), ist(0, 0)),
    ],
)
def test_a_moment_falls_in_the_candle_counted_from_the_session_open(
    interval: Interval, moment: datetime, start: datetime
) -> None:
    assert bucket_start(moment, interval, time(9, 15)) == start


def test_a_tick_moves_the_last_candle_within_its_interval() -> None:
    before = series(Interval.FIVE_MINUTES, ist(9, 15), ist(9, 20)).with_tick(Decimal(100), ist(9, 21), 1000)
    after = before.with_tick(Decimal("104.5"), ist(9, 24, 59), 1250).with_tick(Decimal(98), ist(9, 24, 59), 1300)
    assert len(after.candles) == 2
    assert after.last == Candle(ist(9, 20), Decimal(100), Decimal("104.5"), Decimal(98), Decimal(98), 10 + 300)


def test_a_tick_past_the_boundary_starts_a_new_candle_at_the_boundary() -> None:
    ticked = series(Interval.FIVE_MINUTES, ist(9, 20)).with_tick(Decimal(102), ist(9, 25, 3), 500)
    assert [candle.start for candle in ticked.candles] == [ist(9, 20), ist(9, 25)]
    assert ticked.last == Candle(ist(9, 25), Decimal(102), Decimal(102), Decimal(102), Decimal(102), 0)
    assert ticked.candles[0].close == Decimal(100)  # the finished candle is left as it was


def test_a_tick_before_the_last_candle_moves_it_rather_than_opening_one_out_of_order() -> None:
    ticked = series(Interval.MINUTE, ist(9, 15)).with_tick(Decimal(105), ist(9, 5))
    assert len(ticked.candles) == 1
    assert ticked.last is not None
    assert ticked.last.high == Decimal(105)


def test_a_new_day_starts_a_new_day_candle_and_its_volume_count() -> None:
    ticked = series(Interval.DAY, ist(0, 0, day=3)).with_tick(Decimal(100), ist(15, 0, day=3), 90_000)
    ticked = ticked.with_tick(Decimal(101), ist(9, 15, day=4), 200).with_tick(Decimal(102), ist(9, 16, day=4), 260)
    assert [candle.start.date() for candle in ticked.candles] == [date(2026, 12, 3), date(2026, 12, 4)]
    assert ticked.last is not None
    assert ticked.last.volume == 60


def test_an_empty_series_begins_with_the_first_tick() -> None:
    ticked = CandleSeries(Interval.MINUTE, ()).with_tick(Decimal(50), ist(11, 2, 30))
    assert ticked.candles == (Candle.opened(ist(11, 2), Decimal(50), 0),)


def test_the_request_window_stays_within_kites_days_per_request() -> None:
    limits = {Interval.MINUTE: 60, Interval.FIVE_MINUTES: 100, Interval.FIFTEEN_MINUTES: 200, Interval.HOUR: 400,
              Interval.DAY: 2000}  # fmt: skip
    for interval, days in limits.items():
        start, end = history_window(interval, date(2026, 12, 4))
        assert end == datetime(2026, 12, 4, 23, 59, 59)
        assert timedelta(days=1) < end - start <= timedelta(days=days)


@given(
    steps=st.lists(
        st.tuples(st.integers(min_value=0, max_value=600), st.integers(min_value=1, max_value=5000)), max_size=40
    )
)
def test_ticks_keep_the_candles_in_order_and_each_high_above_its_low(steps: list[tuple[int, int]]) -> None:
    ticked, moment = series(Interval.MINUTE, ist(9, 15)), ist(9, 15)
    for seconds, paise in steps:
        moment += timedelta(seconds=seconds)
        ticked = ticked.with_tick(Decimal(paise) / 100, moment)
    starts = [candle.start for candle in ticked.candles]
    assert starts == sorted(set(starts))
    assert all(c.low <= min(c.open, c.close) and c.high >= max(c.open, c.close) for c in ticked.candles)


def test_equity_and_fno_candles_start_after_the_pre_open_the_rest_at_nine() -> None:
    assert [first_candle(exchange) for exchange in ("NSE", "NFO", "CDS", "MCX")] == [
        time(9, 15),
        time(9, 15),
        time(9, 0),
        time(9, 0),
    ]
