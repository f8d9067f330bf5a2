"""One instrument's simulated book: the last price, a touch (best bid and best ask) around it, the depth behind
the touch and what orders have taken from it, OHLC, circuit limits and volume, all in whole ticks.

The depth is drawn afresh each time the book moves, from the instrument's liquidity profile and a generator seeded
by (seed, instrument, side, draw): the same draw always shows the same book. market.py walks these books.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from kiteticket.domain.enums import TransactionType
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.market import MarketSnapshot
from kiteticket.paper.liquidity import Liquidity, draw_side

DEPTH_LEVELS = 5


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
    bid: int  # the touch, in ticks: equal only for an index (no book) or a price pinned without a spread
    ask: int
    close: int
    open: int
    high: int
    low: int
    lower: int  # circuit limits, in ticks
    upper: int
    volume: int
    seed: int
    liquidity: Liquidity | None = None  # None: an index, which has a value but no order book
    book: int = 0  # which draw of the depth is showing: every beat of the market redraws it
    updated: str = ""  # exchange time of the book's last change; a closed market's ticks keep it
    last_quantity: int = 0
    last_trade_time: str = ""
    pinned: bool = False  # set through the admin API: the walk leaves it alone
    # Liquidity already taken at each price since the book was last drawn: {(side, ticks): quantity}.
    taken: dict[tuple[str, int], int] = field(default_factory=dict)
    drawn: dict[str, tuple[tuple[int, int, int], ...]] = field(default_factory=dict)  # the book's sides, cached

    def price(self, ticks: int | None = None) -> Decimal:
        return (self.ticks if ticks is None else ticks) * self.tick

    @property
    def last_price(self) -> Decimal:
        return self.price()

    def quote_at(self, last: int, bid: int, ask: int) -> None:
        """A new last price and touch, in ticks, with a freshly drawn book behind them."""
        self.ticks, self.bid, self.ask = last, bid, ask
        self.high = max(self.high, last)
        self.low = min(self.low, last)
        self.book += 1
        self.taken.clear()
        self.drawn.clear()

    def walk(self, delta: int, spread: int, offset: int) -> None:
        """One beat: the last price moves `delta` ticks inside the circuits, and a touch `spread` ticks wide is
        placed around it with the bid up to `offset` ticks below it, so that bid <= last <= ask."""
        last = max(self.lower, min(self.upper, self.ticks + delta))
        spread = min(spread, self.upper - self.lower)
        bid = max(self.lower, min(last - min(offset, spread), self.upper - spread))
        self.quote_at(last, bid, bid + spread)

    def traded(self, ticks: int) -> None:
        """A marketable order took the book up to `ticks`: the last traded price, unless a test pinned it."""
        if not self.pinned:
            self.ticks = ticks
            self.high = max(self.high, ticks)
            self.low = min(self.low, ticks)

    def snapshot(self) -> MarketSnapshot:
        return MarketSnapshot(self.last_price, self.price(self.lower), self.price(self.upper))

    def to_ticks(self, price: Decimal) -> int:
        return int((price / self.tick).to_integral_value())

    def to_ticks_floor(self, price: Decimal) -> int:
        return int((price / self.tick).to_integral_value(ROUND_FLOOR))

    def to_ticks_ceil(self, price: Decimal) -> int:
        return int((price / self.tick).to_integral_value(ROUND_CEILING))

    def levels(self, side: TransactionType, most: int = DEPTH_LEVELS) -> Iterator[Level]:
        """What a buyer can take (asks, from the best ask up) or a seller can hit (bids, from the best bid down),
        with what orders have not taken from them yet: the five levels a quote shows, or up to `most` for an
        order large enough to go deeper."""
        if self.liquidity is None or self.at_circuit(side):
            return
        step, touch = (1, self.ask) if side is TransactionType.BUY else (-1, self.bid)
        shown = 0
        for away, quantity, orders in self._side(side):
            at = touch + step * away
            if not self.lower <= at <= self.upper:
                return
            left = quantity - self.taken.get((side.value, at), 0)
            if left > 0:
                yield Level(self.price(at), left, orders)
                shown += 1
                if shown == most:
                    return

    def at_circuit(self, side: TransactionType) -> bool:
        """Locked at a circuit limit, the book is one-sided: at the upper circuit nobody sells, so a buyer finds
        no asks; at the lower circuit nobody buys, so a seller finds no bids. Quotes, ticks and fills all read the
        book through ``levels``, so they agree."""
        return self.ticks >= self.upper if side is TransactionType.BUY else self.ticks <= self.lower

    def take(self, side: TransactionType, price: Decimal, quantity: int) -> None:
        key = (side.value, int(price / self.tick))
        self.taken[key] = self.taken.get(key, 0) + quantity
        self.volume += quantity
        self.last_quantity = quantity

    def _side(self, side: TransactionType) -> tuple[tuple[int, int, int], ...]:
        drawn = self.drawn.get(side.value)
        if drawn is None and self.liquidity is not None:
            rng = random.Random(_draw_seed(self.seed, self.instrument.instrument_token, side, self.book))
            drawn = self.drawn[side.value] = draw_side(self.liquidity, rng, self.instrument.lot_size)
        return drawn or ()


def _draw_seed(seed: int, token: int, side: TransactionType, book: int) -> int:
    """One integer per (seed, instrument, side, draw): an int seeds a generator far faster than a string does."""
    return ((seed * 4_294_967_311 + token) * 2 + (side is TransactionType.BUY)) * 4_294_967_311 + book
