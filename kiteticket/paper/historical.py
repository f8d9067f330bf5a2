"""GET /instruments/historical/:instrument_token/:interval: candles from the simulated market's history.

Today's candles end at the current last price and span the market's own open, high and low; earlier days come
from ``candles.py``, chained back from the previous close, deterministic per seed. Kite's limits apply: the
intervals it knows, and at most so many days per request for each (Kite's published limits; the error text
follows Kite's "interval exceeds max limit: 60 days"). ``oi=1`` adds open interest (derivatives; 0 for cash),
``continuous=1`` (futures only) reaches back before the contract was listed, which Kite stitches from the
earlier contracts. Holidays are not modelled: every weekday is a trading day.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from kiteticket.domain.enums import Exchange
from kiteticket.domain.instruments import Instrument, InstrumentMaster
from kiteticket.domain.market_clock import session_window
from kiteticket.paper.candles import Bar, day_bar, minute_bars, previous_close
from kiteticket.paper.clock import ExchangeClock
from kiteticket.paper.errors import input_error
from kiteticket.paper.market import InstrumentMarket, Market

MINUTES = {"minute": 1, "3minute": 3, "5minute": 5, "10minute": 10, "15minute": 15, "30minute": 30, "60minute": 60}
MAX_DAYS = {"minute": 60, "3minute": 100, "5minute": 100, "10minute": 100, "15minute": 200, "30minute": 200,
            "60minute": 400, "day": 2000}  # fmt: skip
LISTED_DAYS = 90  # a derivative contract trades for about three months before its expiry
EARLIEST = date(2000, 1, 1)  # nothing older is generated
_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")
# Candles start at the normal session's open: equity and F&O at 09:15 (after the pre-open), the rest at 09:00.
_FIRST_CANDLE = {Exchange.NSE: time(9, 15), Exchange.BSE: time(9, 15), Exchange.NFO: time(9, 15),
                 Exchange.BFO: time(9, 15)}  # fmt: skip


def _num(ticks: int, tick: Any) -> float | int:
    value = ticks * tick
    return int(value) if value == value.to_integral_value() else float(value)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+0530")


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


class Historical:
    def __init__(self, master: InstrumentMaster, market: Market, clock: ExchangeClock) -> None:
        self._master = master
        self._market = market
        self._clock = clock

    def candles(self, token: str, interval: str, args: Mapping[str, str]) -> dict[str, Any]:
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
        state = self._market.state(instrument)
        first = max(start.date(), self._listed(instrument, continuous))
        days = self._days(instrument, state, first, end.date())
        rows = self._rows(instrument, state, days, interval, with_oi)
        in_range = (start.date(), end.date()) if interval == "day" else (start, end)
        return {"candles": [row for moment, row in rows if in_range[0] <= moment <= in_range[1]]}

    def _listed(self, instrument: Instrument, continuous: bool) -> date:
        if instrument.expiry is None or continuous:
            return EARLIEST
        return instrument.expiry - timedelta(days=LISTED_DAYS)

    def _days(self, instrument: Instrument, state: InstrumentMarket, first: date, last: date) -> list[tuple[date, Bar]]:
        """Each trading day from ``first`` to ``last`` with its bar, oldest first."""
        seed, token, volatility = state.seed, instrument.instrument_token, _volatility(instrument)
        base = random.Random(f"{seed}:{token}:volume").randint(10_000, 5_000_000)
        today = self._clock.now().date()
        found: list[tuple[date, Bar]] = []
        if first <= today <= last and (today.weekday() < 5 or self._clock.is_open(instrument.exchange)):
            found.append((today, Bar(state.open, state.high, state.low, state.ticks, state.volume)))
        close, day = state.close, _previous_weekday(today)
        while day >= first:
            bar = day_bar(seed, token, day, close, volatility=volatility, base_volume=base)
            if day <= last:
                found.append((day, bar))
            close, day = previous_close(seed, token, day, bar.open, volatility), _previous_weekday(day)
        return found[::-1]

    def _rows(
        self, instrument: Instrument, state: InstrumentMarket, days: list[tuple[date, Bar]], interval: str, oi: bool
    ) -> list[tuple[Any, list[Any]]]:
        derivative = instrument.is_future or instrument.is_option
        counted = instrument.segment != "INDICES"  # an index trades nothing: Kite's index candles have volume 0

        def row(moment: datetime, bar: Bar, traded: int) -> list[Any]:
            prices = [_num(value, state.tick) for value in (bar.open, bar.high, bar.low, bar.close)]
            values: list[Any] = [_stamp(moment), *prices, bar.volume if counted else 0]
            return [*values, traded // 3 if derivative else 0] if oi else values  # the quote's oi is volume // 3

        if interval == "day":
            return [(day, row(datetime.combine(day, time()), bar, bar.volume)) for day, bar in days]
        rows: list[tuple[Any, list[Any]]] = []
        for day, bar in days:
            opening = datetime.combine(day, _FIRST_CANDLE.get(instrument.exchange, time(9, 0)))
            minutes = self._minutes(instrument.exchange, day, opening)
            size = MINUTES[interval]
            traded = 0
            path = minute_bars(state.seed, instrument.instrument_token, day, bar, minutes)
            for index, candle in enumerate(path.bars(size)):
                traded += candle.volume
                moment = opening + timedelta(minutes=index * size)
                rows.append((moment, row(moment, candle, traded)))
        return rows

    def _minutes(self, exchange: Exchange, day: date, opening: datetime) -> int:
        """The day's one-minute candles: the whole session, or today up to the candle that is still forming."""
        session = int((datetime.combine(day, session_window(exchange, day).end) - opening).total_seconds() // 60)
        now = self._clock.now().replace(tzinfo=None)
        if now.date() != day:
            return session
        elapsed = int((now - opening).total_seconds() // 60) + 1
        return min(max(elapsed, 1), session)


def _previous_weekday(day: date) -> date:
    day -= timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day
