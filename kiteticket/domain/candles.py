"""Candles: Kite's historical ones, and the current one brought up to date by ticks.

The chart asks Kite's historical route (``/instruments/historical/:token/:interval``) for the recent past once, then
every tick of the instrument moves the last candle: its close, high and low, and its volume by what the day's
cumulative volume grew since the tick before. A tick in a later interval starts a new candle at that interval's
boundary, counted from the session's opening as Kite counts it (a 60minute candle of NSE starts at 09:15, 10:15 …,
not on the hour), so a live candle is the same candle Kite's history shows for that time once it is over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from kiteticket.domain.enums import Exchange
from kiteticket.domain.market_clock import IST
from kiteticket.domain.prices import as_decimal


class Interval(StrEnum):
    """The intervals the chart offers, by Kite's names (Kite has 3, 10 and 30 minutes too)."""

    MINUTE = "minute"
    FIVE_MINUTES = "5minute"
    FIFTEEN_MINUTES = "15minute"
    HOUR = "60minute"
    DAY = "day"

    @property
    def minutes(self) -> int | None:
        """The candle's length in minutes; None for a day candle, which spans the session whatever its hours."""
        return _MINUTES[self]

    @property
    def label(self) -> str:
        """As a chart's interval buttons say it: 1m, 5m, 15m, 1h, 1D."""
        return _LABELS[self]

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]

    @property
    def lookback(self) -> timedelta:
        """How far back the chart asks for: a few sessions of the short intervals (about a thousand candles at
        most, so the request is quick and the picture light), a year of days; all within Kite's days-per-request
        limits (60 days for minute candles, 100 for 5minute, 200 for 15minute, 400 for 60minute, 2,000 for day)."""
        return _LOOKBACK[self]


_MINUTES = {Interval.MINUTE: 1, Interval.FIVE_MINUTES: 5, Interval.FIFTEEN_MINUTES: 15, Interval.HOUR: 60,
            Interval.DAY: None}  # fmt: skip
_LABELS = {Interval.MINUTE: "1m", Interval.FIVE_MINUTES: "5m", Interval.FIFTEEN_MINUTES: "15m", Interval.HOUR: "1h",
           Interval.DAY: "1D"}  # fmt: skip
_DESCRIPTIONS = {Interval.MINUTE: "One-minute candles", Interval.FIVE_MINUTES: "Five-minute candles",
                 Interval.FIFTEEN_MINUTES: "Fifteen-minute candles", Interval.HOUR: "Hourly candles",
                 Interval.DAY: "Daily candles"}  # fmt: skip
_LOOKBACK = {Interval.MINUTE: timedelta(days=4), Interval.FIVE_MINUTES: timedelta(days=10),
             Interval.FIFTEEN_MINUTES: timedelta(days=30), Interval.HOUR: timedelta(days=90),
             Interval.DAY: timedelta(days=365)}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Candle:
    start: datetime  # IST, timezone-aware
    open: Decimal
    high: Decimal
    low: Decimal
    close: Decimal
    volume: int = 0

    def with_trade(self, price: Decimal, volume: int) -> Candle:
        return replace(self, high=max(self.high, price), low=min(self.low, price), close=price,
                       volume=self.volume + volume)  # fmt: skip

    @staticmethod
    def opened(start: datetime, price: Decimal, volume: int) -> Candle:
        return Candle(start, price, price, price, price, volume)


def history_window(interval: Interval, today: date) -> tuple[datetime, datetime]:
    """``from`` and ``to`` of the chart's request: back by the interval's lookback, up to the end of today (IST),
    so the candle still forming is included whatever the client's clock says of the exchange's."""
    end = datetime.combine(today, time(23, 59, 59))
    return datetime.combine(today - interval.lookback, time()), end


def candles_from_kite(rows: Iterable[Mapping[str, Any]]) -> tuple[Candle, ...]:
    """The SDK's ``historical_data`` rows (``date`` a datetime, or Kite's "2026-12-04T09:15:00+0530" as sent),
    oldest first as Kite sends them."""
    return tuple(
        Candle(
            start=_moment(row["date"]),
            open=as_decimal(row["open"]),
            high=as_decimal(row["high"]),
            low=as_decimal(row["low"]),
            close=as_decimal(row["close"]),
            volume=int(row.get("volume") or 0),
        )
        for row in rows
    )


def _moment(value: datetime | str) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z")
    return moment.replace(tzinfo=IST) if moment.tzinfo is None else moment.astimezone(IST)


def first_candle(exchange: Exchange | str) -> time:
    """When the day's first intraday candle starts: equity and F&O after the pre-open, at 09:15; currency and
    commodities at their session's 09:00."""
    return time(9, 15) if str(exchange) in _AFTER_PRE_OPEN else time(9, 0)


_AFTER_PRE_OPEN = frozenset({Exchange.NSE.value, Exchange.BSE.value, Exchange.NFO.value, Exchange.BFO.value})


def bucket_start(moment: datetime, interval: Interval, opening: time) -> datetime:
    """The start of the candle ``moment`` (IST) falls in: the day for day candles, else the last boundary at a
    whole number of intervals from the session's ``opening`` that day."""
    moment = moment.astimezone(IST)
    day_start = datetime.combine(moment.date(), time(), IST)
    size = interval.minutes
    if size is None:
        return day_start
    anchor = datetime.combine(moment.date(), opening, IST)
    steps = int((moment - anchor).total_seconds() // (size * 60))
    return anchor + timedelta(minutes=steps * size)


@dataclass(frozen=True, slots=True)
class CandleSeries:
    """The chart's candles, oldest first; ``day_volume`` is the cumulative volume of the last tick applied."""

    interval: Interval
    candles: tuple[Candle, ...]
    opening: time = time(9, 15)  # the session's first candle: 09:15 for equity and F&O, 09:00 for the rest
    day_volume: int | None = None

    def with_tick(self, price: Decimal, at: datetime, day_volume: int = 0) -> CandleSeries:
        """The series after a trade at ``price`` at ``at``: the last candle moved, or a new one begun.

        A tick that falls before the last candle (a clock behind the history's, or a pre-open trade before the
        first candle of the day) moves the last candle rather than opening one out of order."""
        traded = self._traded(day_volume)
        start = bucket_start(at, self.interval, self.opening)
        last = self.candles[-1] if self.candles else None
        if last is not None and start <= last.start:
            candles = (*self.candles[:-1], last.with_trade(price, traded))
        else:
            candles = (*self.candles, Candle.opened(start, price, traded))
        return replace(self, candles=candles, day_volume=day_volume or self.day_volume)

    def _traded(self, day_volume: int) -> int:
        """What traded since the last tick: the growth of the day's volume (none known before the first tick, and
        none when it falls, as it does when a new day's count starts)."""
        if not day_volume or self.day_volume is None:
            return 0
        return max(day_volume - self.day_volume, 0)

    @property
    def last(self) -> Candle | None:
        return self.candles[-1] if self.candles else None
