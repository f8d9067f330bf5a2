"""The simulated market: for each instrument a two-sided book on its tick grid (a best bid below a best ask by a
spread that varies, five levels of depth each side), a last price between or at the touch, circuit limits, OHLC and
volume.

An instrument's market comes alive the first time anyone looks at it (quote, order), starting at the reference
price of the instrument master, so the walk only costs time for instruments somebody uses. Prices are whole
numbers of ticks, so they can never leave the grid. Each beat of the market moves the last price, places a touch
of a new width around it and redraws the depth behind it, as the profiles of liquidity.py shape it. The depth is a
pure function of (seed, instrument, side, beat), so a seeded market repeats itself and tests stay deterministic.

A price pinned through the admin API stops the walk: the book is locked at that price (bid = ask = last) unless the
test pinned a bid and an ask too, so "the market is at X" still means a fill at X (ADMIN.md).

At a circuit limit the book is one-sided, as on the exchange: at the upper circuit there are no sellers (no asks,
sell quantity 0, a buy cannot fill), at the lower no buyers (instrument_market.py).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from kiteticket.domain.enums import Exchange
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.prices import as_decimal
from kiteticket.paper.instrument_market import DEPTH_LEVELS, InstrumentMarket, Level
from kiteticket.paper.liquidity import liquidity

__all__ = ["DEPTH_LEVELS", "InstrumentMarket", "Level", "Market"]

_FALLBACK_TICK = Decimal("0.05")
_FALLBACK_REFERENCE = Decimal(100)
# How far the last price moves in one beat, in ticks: mostly a tick or none, now and then two.
_MOVES = (-2, -1, -1, 0, 0, 0, 1, 1, 2)


def _circuit_band(instrument: Instrument, close: Decimal) -> tuple[Decimal, Decimal]:
    """Circuit limits around the previous close: 20 % for equity, 10 % for futures; options get a wide band
    (their exchange bands are dynamic and not published in a simple table)."""
    if instrument.is_option:
        return Decimal(0), close * 5 + 100
    band = Decimal("0.10") if instrument.is_future else Decimal("0.20")
    return close * (1 - band), close * (1 + band)


# What survives a restart of one instrument's market: the prices, in ticks, and the day they belong to.
# The touch and the book's draw come last: a save written before they existed restores without them.
_SAVED = ("ticks", "close", "open", "high", "low", "lower", "upper", "volume", "pinned", "last_trade_time")
_SAVED_BOOK = ("bid", "ask", "book", "updated")


def _always_open(_exchange: Exchange) -> bool:
    return True


class Market:
    def __init__(self, seed: int | None, stamp: Callable[[], str]) -> None:
        self._seed = seed if seed is not None else random.randrange(1 << 30)
        self._walk = random.Random(self._seed)
        self._stamp = stamp
        self._states: dict[int, InstrumentMarket] = {}
        self._saved: dict[str, list[Any]] = {}  # instrument_token -> saved fields, restored when first looked at
        self.dirty = False  # prices changed since the last save

    @property
    def seed(self) -> int:
        return self._seed

    def save(self) -> dict[str, list[Any]]:
        """The live instruments' prices, for SQLite: a restart carries on from them, as Kite's market would."""
        day = self._stamp()[:10]
        self._saved.update(
            {
                str(token): [day, *(getattr(s, name) for name in _SAVED + _SAVED_BOOK)]
                for token, s in self._states.items()
            }
        )
        self.dirty = False
        return self._saved

    def restore(self, saved: dict[str, list[Any]]) -> None:
        self._saved = dict(saved)

    def reload(self, saved: dict[str, list[Any]]) -> None:
        """Back to the last saved prices (a failed request's changes are dropped); states reopen from them."""
        self._states.clear()
        self.restore(saved)
        self.dirty = False

    def _restored(self, state: InstrumentMarket) -> InstrumentMarket:
        saved = self._saved.get(str(state.instrument.instrument_token))
        if saved is None:
            return state
        day, values = saved[0], dict(zip(_SAVED + _SAVED_BOOK, saved[1:], strict=False))
        spread, offset = state.ask - state.bid, state.ticks - state.bid  # the touch it opened with
        if day == self._stamp()[:10]:
            for name, value in values.items():
                setattr(state, name, value)
            if "bid" in values:
                return state
        else:  # a new day opens where the last one closed; the circuits stay around the reference close
            last = max(state.lower, min(state.upper, int(values["ticks"])))
            state.ticks = state.close = state.open = state.high = state.low = last
            state.pinned = bool(values["pinned"])
        if state.pinned:
            state.quote_at(state.ticks, state.ticks, state.ticks)
        else:
            state.walk(0, spread, offset)
        return state

    def state(self, instrument: Instrument) -> InstrumentMarket:
        state = self._states.get(instrument.instrument_token)
        if state is None:
            state = self._states[instrument.instrument_token] = self._restored(self._open(instrument))
            self.dirty = True
        return state

    def new_day(self) -> None:
        """Today's session opens at yesterday's last price, which becomes the previous close."""
        for state in self._states.values():
            state.close = state.open = state.high = state.low = state.ticks
        self.dirty = True

    def reset(self) -> None:
        self._states.clear()
        self._saved.clear()
        self._walk = random.Random(self._seed)
        self.dirty = True

    def set_price(
        self, instrument: Instrument, price: Decimal, touch: tuple[Decimal, Decimal] | None = None
    ) -> InstrumentMarket:
        """Pin the last price, and the touch if given as (bid, ask); else the book is locked at the price."""
        state = self.state(instrument)
        state.pinned = True
        ticks = state.to_ticks(price)
        bid, ask = (state.to_ticks(touch[0]), state.to_ticks(touch[1])) if touch else (ticks, ticks)
        # An admin price may lie outside today's band: widen the band past it rather than refuse a test's scenario
        # (a tick beyond, so that only a price pinned at the circuit itself locks the book one-sided).
        low, high = min(bid, ticks), max(ask, ticks)
        if low < state.lower:
            state.lower = max(1, low - 1)
        if high > state.upper:
            state.upper = high + 1
        state.quote_at(ticks, bid, ask)
        state.last_trade_time = state.updated = self._stamp()
        self.dirty = True
        return state

    def step(self, is_open: Callable[[Exchange], bool] = _always_open) -> list[InstrumentMarket]:
        """One beat of the random walk: each live, unpinned instrument whose exchange is in session moves by at
        most two ticks, under a touch of a new width and a new book. A closed exchange's instruments keep the last
        session's prices: no walk, no volume."""
        moved = []
        now = self._stamp()
        for state in self._states.values():
            if state.pinned or not is_open(state.instrument.exchange):
                continue
            delta = self._walk.choice(_MOVES)
            spread = self._walk.choice(state.liquidity.spreads) if state.liquidity else 0
            state.walk(delta, spread, self._walk.randint(0, spread))
            if delta:
                state.volume += max(state.instrument.lot_size, 1) * self._walk.randint(1, 20)
                state.last_trade_time = now
            state.updated = now
            moved.append(state)
        self.dirty = self.dirty or bool(moved)
        return moved

    def _open(self, instrument: Instrument) -> InstrumentMarket:
        tick = as_decimal(instrument.tick_size) if instrument.tick_size > 0 else _FALLBACK_TICK
        reference = as_decimal(instrument.last_price) if instrument.last_price > 0 else _FALLBACK_REFERENCE
        close = max(1, int((reference / tick).to_integral_value()))
        low_band, high_band = _circuit_band(instrument, close * tick)
        lower = max(1, int((low_band / tick).to_integral_value(ROUND_CEILING)))
        upper = int((high_band / tick).to_integral_value(ROUND_FLOOR))
        volume = random.Random(f"{self._seed}:{instrument.instrument_token}:volume").randint(10_000, 5_000_000)
        profile = liquidity(instrument)
        touch = random.Random(f"{self._seed}:{instrument.instrument_token}:touch")
        spread = touch.choice(profile.spreads) if profile else 0
        state = InstrumentMarket(
            instrument=instrument,
            tick=tick,
            ticks=close,
            bid=close,
            ask=close,
            close=close,
            open=close,
            high=close,
            low=close,
            lower=lower,
            upper=upper,
            volume=volume,
            seed=self._seed,
            liquidity=profile,
            last_trade_time=self._stamp(),
        )
        state.walk(0, spread, touch.randint(0, spread))
        state.updated = state.last_trade_time
        return state
