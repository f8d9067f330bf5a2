"""Price history for the simulated market, in ticks: one bar per past trading day, and inside any day a minute
path from its open to its close that touches its high and its low.

Everything is a pure function of (seed, instrument token, day), so the same seed always gives the same history.
Days are chained backwards from the market's previous close (yesterday's close *is* the quote's ``ohlc.close``),
and today's bar is the market's own open, high, low and last price, so candles agree with quotes. A day's minute
candles aggregate exactly to its day bar: the path starts at the open, ends at the close, stays inside the
range, and one candle's wick reaches the high and one the low.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date
from itertools import accumulate


@dataclass(frozen=True, slots=True)
class Bar:
    """Open, high, low, close in ticks, and the volume traded."""

    open: int
    high: int
    low: int
    close: int
    volume: int


def _rng(seed: int, token: int, day: date, part: str) -> random.Random:
    return random.Random(f"{seed}:{token}:{day.isoformat()}:{part}")


def day_bar(seed: int, token: int, day: date, close: int, *, volatility: float, base_volume: int) -> Bar:
    """A past day that closed at ``close`` ticks: its open, high, low and volume."""
    rng = _rng(seed, token, day, "day")
    opened = max(1, round(close / math.exp(rng.gauss(0, volatility))))
    high = math.ceil(max(opened, close) * (1 + abs(rng.gauss(0, volatility / 2))))
    low = max(1, math.floor(min(opened, close) * (1 - abs(rng.gauss(0, volatility / 2)))))
    volume = int(base_volume * rng.uniform(0.5, 1.5))
    return Bar(opened, high, low, close, volume)


def previous_close(seed: int, token: int, day: date, opened: int, volatility: float) -> int:
    """The close of the trading day before ``day``: an overnight gap away from ``day``'s open."""
    gap = _rng(seed, token, day, "gap").gauss(0, volatility / 4)
    return max(1, round(opened / math.exp(gap)))


@dataclass(frozen=True, slots=True)
class Minutes:
    """A day's one-minute bars as columns (lists of ticks): a day of 375 minutes costs no 375 objects."""

    opens: list[int]
    highs: list[int]
    lows: list[int]
    closes: list[int]
    volumes: list[int]

    def bars(self, size: int) -> list[Bar]:
        """Every ``size`` consecutive minutes as one bar, counted from the first (Kite's candles start at the
        session's open, so the last bar of a day may be shorter)."""
        merged = []
        for start in range(0, len(self.opens), size):
            end = min(start + size, len(self.opens))
            high, low = max(self.highs[start:end]), min(self.lows[start:end])
            merged.append(Bar(self.opens[start], high, low, self.closes[end - 1], sum(self.volumes[start:end])))
        return merged


def minute_bars(
    seed: int, token: int, day: date, bar: Bar, minutes: int, *, touch_high: bool = True, touch_low: bool = True
) -> Minutes:
    """``minutes`` one-minute bars that aggregate exactly to ``bar``: a random bridge from the open to the close
    inside the day's range, one wick reaching the high and one the low (unless told the day reaches them
    elsewhere)."""
    rng = _rng(seed, token, day, "minutes")
    draw = rng.random
    scale = max(bar.high - bar.low, 1) / math.sqrt(minutes)
    # The sum of two uniforms is a cheap bell-shaped step; this runs for every minute of up to 400 days.
    walk = list(accumulate((draw() + draw() - 1.0) * scale for _ in range(minutes)))
    drift = (bar.close - bar.open - walk[-1]) / minutes
    low, high = bar.low, bar.high
    path = [bar.open] + [min(high, max(low, round(bar.open + drift * (i + 1) + walk[i]))) for i in range(minutes)]
    path[-1] = bar.close
    opens, closes = path[:-1], path[1:]
    wicks = [int(draw() * draw() * scale) for _ in range(minutes)]
    highs = [min(high, max(a, b) + w) for a, b, w in zip(opens, closes, wicks, strict=True)]
    lows = [max(low, min(a, b) - w) for a, b, w in zip(opens, closes, wicks, strict=True)]
    at_high, at_low = rng.randrange(minutes), rng.randrange(minutes)
    if touch_high:
        highs[at_high] = high
    if touch_low:
        lows[at_low] = low
    return Minutes(opens, highs, lows, closes, _split_volume(rng, bar.volume, minutes))


def _split_volume(rng: random.Random, volume: int, minutes: int) -> list[int]:
    weights = [0.2 + rng.random() for _ in range(minutes)]
    scale = volume / sum(weights)
    parts = [int(weight * scale) for weight in weights]
    parts[-1] += volume - sum(parts)  # what rounding lost, so the minutes add up to the day
    return parts
