"""GET /instruments/historical/:instrument_token/:interval: candles from the simulated market's history.

Today's candles end at the current last price and span the market's own open, high and low, with the minutes
recorded as the market moved once candles of the instrument were asked for (minute_record.py); earlier days come
from ``candles.py``, chained back from the previous close, deterministic per seed. Kite's limits apply: the
intervals it knows, and at most so many days per request for each (Kite's published limits; the error text
follows Kite's "interval exceeds max limit: 60 days"). ``oi=1`` adds open interest (derivatives; 0 for cash),
``continuous=1`` (futures only) reaches back before the contract was listed, which Kite stitches from the
earlier contracts. Holidays are not modelled: every weekday is a trading day.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from kiteticket.domain.enums import Exchange
from kiteticket.domain.instruments import Instrument, InstrumentMaster
from kiteticket.domain.market_clock import session_window
from kiteticket.domain.prices import price_places
from kiteticket.paper.candles import Bar, day_bar, minute_bars, previous_close
from kiteticket.paper.clock import ExchangeClock
from kiteticket.paper.errors import input_error
from kiteticket.paper.market import Market
from kiteticket.paper.minute_record import MinuteRecorder, Recorded, today_minutes

MINUTES = {"minute": 1, "3minute": 3, "5minute": 5, "10minute": 10, "15minute": 15, "30minute": 30, "60minute": 60}
MAX_DAYS = {"minute": 60, "3minute": 100, "5minute": 100, "10minute": 100, "15minute": 200, "30minute": 200,
            "60minute": 400, "day": 2000}  # fmt: skip
LISTED_DAYS = 90  # a derivative contract trades for about three months before its expiry
EARLIEST = date(2000, 1, 1)  # nothing older is generated
_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")
# Candles start at the normal session's open: equity and F&O at 09:15 (after the pre-open), the rest at 09:00.
_FIRST_CANDLE = {Exchange.NSE: time(9, 15), Exchange.BSE: time(9, 15), Exchange.NFO: time(9, 15),
                 Exchange.BFO: time(9, 15)}  # fmt: skip


def _stamp(moment: datetime) -> str:
    # f-string, not strftime: a 60-day minute request writes 16,000 of these
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:{moment.minute:02d}:00+0530"


def _moment(args: Mapping[str, str], name: str) -> datetime:
    text = (args.get(name) or "").strip()
    if not text:
        raise input_error(f"Missing `{name}`.")
    for pattern in _FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    raise input_error(f"Invalid `{name}`: use yyyy-mm-dd hh:mm:ss.")


def _flag(args: Mapping[str, str], name: str) -> bool:
    text = (args.get(name) or "0").strip().lower()
    if text not in ("0", "1", "true", "false"):
        raise input_error(f"Invalid `{name}`.")
    return text in ("1", "true")


def _volatility(instrument: Instrument) -> float:
    if instrument.is_option:
        return 0.08
    if instrument.exchange in (Exchange.CDS, Exchange.BCD):
        return 0.004
    return 0.015


@dataclass(frozen=True, slots=True)
class CandleQuery:
    """One request's candles to make: everything they need, copied from the market under the exchange's lock, so
    they can be made after it is released (a 400-day 60minute request takes a good fraction of a second)."""

    instrument: Instrument
    interval: str
    start: datetime
    end: datetime
    first: date  # the earliest day to make: ``start``'s, or the contract's listing
    with_oi: bool
    now: datetime  # the exchange clock, IST without tzinfo
    today_trades: bool  # today is a session: a weekday, or the market is open anyway
    open_now: bool  # the market trades at this moment (always, in the paper exchange's default mode)
    today: Bar  # the market's own open, high, low, last and volume
    previous_close: int
    seed: int
    tick: Decimal
    recorded: Recorded | None  # today's minutes as the market moved, where they were recorded

    def run(self) -> dict[str, Any]:
        days = self._days()
        rows = self._day_rows(days) if self.interval == "day" else self._intraday_rows(days)
        low, high = (self.start.date(), self.end.date()) if self.interval == "day" else (self.start, self.end)
        return {"candles": [row for moment, row in rows if low <= moment <= high]}

    def _days(self) -> list[tuple[date, Bar]]:
        """Each trading day from ``first`` to ``end`` with its bar, oldest first."""
        token, volatility, last = self.instrument.instrument_token, _volatility(self.instrument), self.end.date()
        base = random.Random(f"{self.seed}:{token}:volume").randint(10_000, 5_000_000)
        today = self.now.date()
        found: list[tuple[date, Bar]] = []
        if self.first <= today <= last and self.today_trades:
            found.append((today, self.today))
        close, day = self.previous_close, _previous_weekday(today)
        while day >= self.first:
            bar = day_bar(self.seed, token, day, close, volatility=volatility, base_volume=base)
            if day <= last:
                found.append((day, bar))
            close, day = previous_close(self.seed, token, day, bar.open, volatility), _previous_weekday(day)
        return found[::-1]

    def _price(self, ticks: int) -> float | int:
        """Ticks as Kite writes a price: 1702 or 1702.35. In floats rounded to the grid's places (Decimal
        arithmetic for 64,000 prices was a fifth of a large request's time)."""
        value = round(ticks * float(self.tick), price_places(self.tick))
        return int(value) if value.is_integer() else value

    def _row(self, moment: datetime, bar: Bar, traded: int) -> list[Any]:
        prices = [self._price(value) for value in (bar.open, bar.high, bar.low, bar.close)]
        counted = self.instrument.segment != "INDICES"  # an index trades nothing: Kite's index candles show 0
        values: list[Any] = [_stamp(moment), *prices, bar.volume if counted else 0]
        if not self.with_oi:
            return values
        derivative = self.instrument.is_future or self.instrument.is_option
        return [*values, traded // 3 if derivative else 0]  # the quote's oi is the day's volume // 3

    def _day_rows(self, days: list[tuple[date, Bar]]) -> list[tuple[Any, list[Any]]]:
        return [(day, self._row(datetime.combine(day, time()), bar, bar.volume)) for day, bar in days]

    def _intraday_rows(self, days: list[tuple[date, Bar]]) -> list[tuple[Any, list[Any]]]:
        size, rows = MINUTES[self.interval], []
        for day, bar in days:
            opening = self._opening(day)
            token, count = self.instrument.instrument_token, self._minutes(day, opening)
            if day == self.now.date():
                first = opening.hour * 60 + opening.minute
                path = today_minutes(self.seed, token, day, bar, count, opening=first, recorded=self.recorded)
            else:
                path = minute_bars(self.seed, token, day, bar, count)
            traded = 0
            for index, candle in enumerate(path.bars(size)):
                traded += candle.volume
                moment = opening + timedelta(minutes=index * size)
                rows.append((moment, self._row(moment, candle, traded)))
        return rows

    def _opening(self, day: date) -> datetime:
        """When the day's first candle starts: the session's open, or midnight today when the market trades before
        its open (the paper exchange's always-open mode), so the chart of a trader up at night ends at the price the
        ticket trades at rather than at yesterday's close. From the open on, the day is drawn from the open again
        and what moved before it falls into the first candle, as its pre-open moves do on Kite."""
        session = datetime.combine(day, _FIRST_CANDLE.get(self.instrument.exchange, time(9, 0)))
        if day == self.now.date() and self.open_now and self.now < session:
            return datetime.combine(day, time())
        return session

    def _minutes(self, day: date, opening: datetime) -> int:
        """The day's one-minute candles: the whole session, or today up to the candle that is still forming."""
        closing = datetime.combine(day, session_window(self.instrument.exchange, day).end)
        session = int((closing - opening).total_seconds() // 60)
        if self.now.date() != day:
            return session
        elapsed = int((self.now - opening).total_seconds() // 60) + 1
        return min(max(elapsed, 1), session)


class Historical:
    def __init__(self, master: InstrumentMaster, market: Market, clock: ExchangeClock) -> None:
        self._master = master
        self._market = market
        self._clock = clock
        self.recorder = MinuteRecorder(clock)  # the services hook its on_price to the engine's price moves

    def prepare(self, token: str, interval: str, args: Mapping[str, str]) -> CandleQuery:
        """Check the request (Kite's errors) and copy what its candles need; ``run()`` the answer makes them."""
        instrument = self._master.by_token(int(token)) if token.isdigit() else None
        if instrument is None:
            raise input_error("Invalid `instrument_token`.")
        if interval not in MAX_DAYS:
            raise input_error("Invalid `interval`.")
        start, end = _moment(args, "from"), _moment(args, "to")
        if start > end:
            raise input_error("Invalid `from`: it is after `to`.")
        if end - start > timedelta(days=MAX_DAYS[interval]):
            raise input_error(f"interval exceeds max limit: {MAX_DAYS[interval]} days")
        continuous, with_oi = _flag(args, "continuous"), _flag(args, "oi")
        if continuous and not instrument.is_future:
            raise input_error("Continuous data is available for futures contracts only.")
        listed = EARLIEST if instrument.expiry is None or continuous else instrument.expiry - timedelta(LISTED_DAYS)
        state = self._market.state(instrument)
        self.recorder.watch(state)
        now, open_now = self._clock.now(), self._clock.is_open(instrument.exchange)
        return CandleQuery(
            instrument=instrument,
            interval=interval,
            start=start,
            end=end,
            first=max(start.date(), listed),
            with_oi=with_oi,
            now=now.replace(tzinfo=None),
            today_trades=now.weekday() < 5 or open_now,
            open_now=open_now,
            today=Bar(state.open, state.high, state.low, state.ticks, state.volume),
            previous_close=state.close,
            seed=state.seed,
            tick=state.tick,
            recorded=self.recorder.recorded(instrument.instrument_token),
        )


def _previous_weekday(day: date) -> date:
    day -= timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day
