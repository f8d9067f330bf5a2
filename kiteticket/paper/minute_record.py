"""Today's minutes as the simulated market really moved: each price move of an instrument somebody asked
candles for is recorded in its minute, so those minutes stay as they were however the price moves later.

Recording starts when candles of an instrument are first asked for (recording every live instrument would cost
hundreds of megabytes with a full ticker subscription); the minutes before it are a random bridge from the day's
open to the first recorded price, inside the day's range. Minutes without a move are flat at the last price, as
a minute without trades is. Recordings are kept in memory for the current day only: after a restart the day's
earlier minutes are a bridge again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kiteticket.paper.candles import Bar, Minutes, minute_bars
from kiteticket.paper.clock import ExchangeClock
from kiteticket.paper.market import InstrumentMarket

MAX_WATCHED = 500  # instruments recorded at once; more are answered with the bridge alone


@dataclass(frozen=True, slots=True)
class Recorded:
    """One instrument's recorded minutes today, by minute of the day: (open, high, low, close, the market's volume
    after the minute's last move); ``first_volume`` is the volume when recording started."""

    minutes: dict[int, tuple[int, int, int, int, int]]
    first_volume: int


class MinuteRecorder:
    def __init__(self, clock: ExchangeClock) -> None:
        self._clock = clock
        self._day: date | None = None
        self._watched: dict[int, int] = {}  # instrument_token -> volume when its recording started
        self._minutes: dict[int, dict[int, tuple[int, int, int, int, int]]] = {}

    def watch(self, state: InstrumentMarket) -> None:
        """Start recording this instrument's moves (from now on, today)."""
        self._roll()
        token = state.instrument.instrument_token
        if token not in self._watched and len(self._watched) < MAX_WATCHED:
            self._watched[token] = state.volume

    def on_price(self, state: InstrumentMarket) -> None:
        """The engine's price hook: one move of one instrument."""
        token = state.instrument.instrument_token
        if token not in self._watched or self._roll():
            return
        now = self._clock.now()
        minute = now.hour * 60 + now.minute
        bars = self._minutes.setdefault(token, {})
        price, before = state.ticks, bars.get(minute)
        if before is None:
            bars[minute] = (price, price, price, price, state.volume)
        else:
            bars[minute] = (before[0], max(before[1], price), min(before[2], price), price, state.volume)

    def recorded(self, token: int) -> Recorded | None:
        """A copy of today's recording of the instrument, for making candles outside the exchange's lock."""
        if self._roll() or token not in self._minutes:
            return None
        return Recorded(dict(self._minutes[token]), self._watched[token])

    def clear(self) -> None:
        self._watched.clear()
        self._minutes.clear()

    def _roll(self) -> bool:
        """Forget yesterday's recordings when the exchange clock has moved to another day; True if it had."""
        today = self._clock.now().date()
        if today == self._day:
            return False
        self._day = today
        self.clear()
        return True


def today_minutes(
    seed: int, token: int, day: date, bar: Bar, count: int, *, opening: int, recorded: Recorded | None
) -> Minutes:
    """Today's ``count`` minutes from the session's ``opening`` (minute of the day), aggregating exactly to
    ``bar`` (the market's open, high, low, last price and volume): recorded where moves were seen."""
    if recorded is None or not recorded.minutes:
        return minute_bars(seed, token, day, bar, count)
    moves: dict[int, tuple[int, int, int, int, int]] = {}
    for minute, move in sorted(recorded.minutes.items()):
        index = min(max(minute - opening, 0), count - 1)  # moves before the open (or a clock set back) clamp
        seen = moves.get(index)
        moves[index] = move if seen is None else (seen[0], max(seen[1], move[1]), min(seen[2], move[2]), *move[3:])
    first = min(moves)
    reached_high = max(move[1] for move in moves.values()) >= bar.high
    reached_low = min(move[2] for move in moves.values()) <= bar.low
    if first:
        start = Bar(bar.open, bar.high, bar.low, moves[first][0], recorded.first_volume)
        before = minute_bars(seed, token, day, start, first, touch_high=not reached_high, touch_low=not reached_low)
        columns = [before.opens, before.highs, before.lows, before.closes, before.volumes]
    else:
        columns = [[], [], [], [], []]
    _append_recorded(columns, moves, range(first, count), last=columns[3][-1] if first else bar.open,
                     volume=recorded.first_volume)  # fmt: skip
    opens, highs, lows, closes, volumes = columns
    if not first:  # no bridge: the first minute opens the day, and stretches to extremes seen before recording
        opens[0], volumes[0] = bar.open, volumes[0] + recorded.first_volume
        highs[0] = bar.high if not reached_high else max(highs[0], bar.open)
        lows[0] = bar.low if not reached_low else min(lows[0], bar.open)
    closes[-1] = bar.close  # the minute forming now closes at the last price
    highs[-1], lows[-1] = max(highs[-1], bar.close), min(lows[-1], bar.close)
    volumes[-1] += bar.volume - sum(volumes)  # traded without a move (fills at the last price): the latest minute
    return Minutes(opens, highs, lows, closes, volumes)


def _append_recorded(columns: list[list[int]], moves: dict[int, tuple[int, int, int, int, int]], indexes: range,
                     *, last: int, volume: int) -> None:  # fmt: skip
    for index in indexes:
        move = moves.get(index)
        if move is None:  # no move in this minute: flat at the last price, nothing traded
            values = (last, last, last, last, 0)
        else:
            values = (*move[:4], move[4] - volume)
            last, volume = move[3], move[4]
        for column, value in zip(columns, values, strict=True):
            column.append(value)
