"""The simulated market: for each instrument a last price walking on its tick grid, five levels of depth around
it, circuit limits, OHLC and volume.

An instrument's market comes alive the first time anyone looks at it (quote, order), starting at the reference
price of the instrument master, so the walk only costs time for instruments somebody uses. Prices are whole
numbers of ticks, so they can never leave the grid. Depth quantities are a pure function of (seed, instrument,
price): the same price always shows the same book, which keeps tests deterministic.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from kiteticket.domain.enums import TransactionType
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.market import MarketSnapshot
from kiteticket.domain.prices import as_decimal

DEPTH_LEVELS = 5
_FALLBACK_TICK = Decimal("0.05")
_FALLBACK_REFERENCE = Decimal(100)


@dataclass(slots=True)
class Level:
    price: Decimal
    quantity: int
    orders: int


@dataclass(slots=True)
class InstrumentMarket:
    instrument: Instrument
    tick: Decimal
    ticks: int  # the last price, in ticks
    close: int
    open: int
    high: int
    low: int
    lower: int  # circuit limits, in ticks
    upper: int
    volume: int
    seed: int
    last_quantity: int = 0
    last_trade_time: str = ""
    pinned: bool = False  # set through the admin API: the walk leaves it alone
    # Liquidity already taken at each price since the price last moved: {(side, ticks): quantity}.
    taken: dict[tuple[str, int], int] = field(default_factory=dict)

    def price(self, ticks: int | None = None) -> Decimal:
        return (self.ticks if ticks is None else ticks) * self.tick

    @property
    def last_price(self) -> Decimal:
        return self.price()

    def move_to(self, ticks: int) -> None:
        self.ticks = max(self.lower, min(self.upper, ticks))
        self.high = max(self.high, self.ticks)
        self.low = min(self.low, self.ticks)
        self.taken.clear()

    def snapshot(self) -> MarketSnapshot:
        return MarketSnapshot(self.last_price, self.price(self.lower), self.price(self.upper))

    def to_ticks_floor(self, price: Decimal) -> int:
        return int((price / self.tick).to_integral_value(ROUND_FLOOR))

    def to_ticks_ceil(self, price: Decimal) -> int:
        return int((price / self.tick).to_integral_value(ROUND_CEILING))

    def levels(self, side: TransactionType) -> Iterator[Level]:
        """What a buyer can take (asks, from the last price up) or a seller (bids, from the last price down)."""
        step = 1 if side is TransactionType.BUY else -1
        for index in range(DEPTH_LEVELS):
            at = self.ticks + step * index
            if not self.lower <= at <= self.upper:
                return
            quantity, orders = self._depth_at(side, at)
            left = quantity - self.taken.get((side.value, at), 0)
            if left > 0:
                yield Level(self.price(at), left, orders)

    def take(self, side: TransactionType, price: Decimal, quantity: int) -> None:
        key = (side.value, int(price / self.tick))
        self.taken[key] = self.taken.get(key, 0) + quantity
        self.volume += quantity
        self.last_quantity = quantity

    def _depth_at(self, side: TransactionType, at: int) -> tuple[int, int]:
        rng = random.Random(f"{self.seed}:{self.instrument.instrument_token}:{side.value}:{at}")
        lot = max(self.instrument.lot_size, 1)
        lots = rng.randint(20, 400) if lot == 1 else rng.randint(1, 40)
        return lots * lot, rng.randint(1, 25)


def _circuit_band(instrument: Instrument, close: Decimal) -> tuple[Decimal, Decimal]:
    """Circuit limits around the previous close: 20 % for equity, 10 % for futures; options get a wide band
    (their exchange bands are dynamic and not published in a simple table)."""
    if instrument.is_option:
        return Decimal(0), close * 5 + 100
    band = Decimal("0.10") if instrument.is_future else Decimal("0.20")
    return close * (1 - band), close * (1 + band)


# What survives a restart of one instrument's market: the prices, in ticks, and the day they belong to.
_SAVED = ("ticks", "close", "open", "high", "low", "lower", "upper", "volume", "pinned", "last_trade_time")


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
            {str(token): [day, *(getattr(s, name) for name in _SAVED)] for token, s in self._states.items()}
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
        day, values = saved[0], dict(zip(_SAVED, saved[1:], strict=True))
        if day == self._stamp()[:10]:
            for name, value in values.items():
                setattr(state, name, value)
        else:  # a new day opens where the last one closed; the circuits stay around the reference close
            last = max(state.lower, min(state.upper, int(values["ticks"])))
            state.ticks = state.close = state.open = state.high = state.low = last
            state.pinned = bool(values["pinned"])
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

    def set_price(self, instrument: Instrument, price: Decimal) -> InstrumentMarket:
        state = self.state(instrument)
        state.pinned = True
        ticks = int((price / state.tick).to_integral_value())
        # An admin price may lie outside today's band: widen the band rather than refuse a test's scenario.
        state.lower, state.upper = min(state.lower, ticks), max(state.upper, ticks)
        state.move_to(ticks)
        state.last_trade_time = self._stamp()
        self.dirty = True
        return state

    def step(self) -> list[InstrumentMarket]:
        """One beat of the random walk: each live, unpinned instrument moves by at most two ticks."""
        moved = []
        for state in self._states.values():
            if state.pinned:
                continue
            delta = self._walk.choice((-2, -1, -1, 0, 0, 0, 1, 1, 2))
            if delta:
                state.move_to(state.ticks + delta)
                state.volume += max(state.instrument.lot_size, 1) * self._walk.randint(1, 20)
                state.last_trade_time = self._stamp()
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
        return InstrumentMarket(
            instrument=instrument,
            tick=tick,
            ticks=close,
            close=close,
            open=close,
            high=close,
            low=close,
            lower=lower,
            upper=upper,
            volume=volume,
            seed=self._seed,
            last_trade_time=self._stamp(),
        )
