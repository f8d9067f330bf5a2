"""One instrument's market state as Kite's ticker streams it, in the three modes a subscription can ask for.

The same value is what the paper exchange encodes into Kite's binary packets and what the app makes of the
official ``KiteTicker``'s decoded ticks, so both sides of the stream speak one type. Prices are Decimals on the
instrument's tick grid; times are Unix seconds, as the packets carry them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from kiteticket.domain.quote import DepthLevel, Quote

DEPTH_LEVELS = 5
_ZERO = Decimal(0)
Level = tuple[Decimal, int, int]  # price, quantity, orders: a DepthLevel's fields in a plain tuple
# One side's levels, best first, flattened: price, quantity, orders, price, quantity, orders, ...
Side = tuple[Decimal | int, ...]  # mixed: a price, then two counts (so reading a level needs an ignore)
Depth = tuple[Side, Side]  # (buy side, sell side)
NO_DEPTH: Depth = ((), ())

# The low byte of an instrument_token names its segment (kite-api-facts §8; the SDK's KiteTicker.EXCHANGE_MAP).
SEGMENT_CDS = 3
SEGMENT_BCD = 6
SEGMENT_INDICES = 9
SEGMENT_NCO = 12


class TickMode(StrEnum):
    LTP = "ltp"
    QUOTE = "quote"
    FULL = "full"


def depth_of(bids: Iterable[Level] = (), asks: Iterable[Level] = ()) -> Depth:
    """Depth levels as a Tick keeps them: each side one flat tuple of plain numbers."""
    return _flat(bids), _flat(asks)


def _flat(levels: Iterable[Level]) -> Side:
    return tuple(value for price, quantity, orders in levels for value in (price, quantity, orders))


def _levels(side: Side) -> tuple[DepthLevel, ...]:
    return tuple(DepthLevel(side[i], side[i + 1], side[i + 2]) for i in range(0, len(side), 3))  # type: ignore[arg-type]  # mixed


def _best(side: Side) -> Level | None:
    return (side[0], side[1], side[2]) if side and side[1] else None  # type: ignore[return-value]  # mixed


@dataclass(frozen=True, slots=True)
class Tick:
    """What a full-mode tick carries; an LTP or quote tick fills only its part (the rest stays zero).

    The depth is kept as one flat tuple of plain numbers a side (``depth_of``) and given out as ``DepthLevel``s when
    asked for: a plain tuple of numbers drops out of the cycle collector's sight after its first pass, a NamedTuple
    never does, and every young tuple is walked once. A market watch holds 3,000 live ticks with ten levels each:
    as NamedTuples they were 33,000 more objects for every collection to walk (a collection of the young ticks took
    12 ms instead of 1.5 ms); as a tuple a level, 39,000 young tuples after a 3,000-tick snapshot (5.6 ms), where
    two a tick are 6,000.
    """

    instrument_token: int
    last_price: Decimal
    mode: TickMode = TickMode.FULL
    last_quantity: int = 0
    average_price: Decimal = _ZERO
    volume: int = 0
    buy_quantity: int = 0
    sell_quantity: int = 0
    open: Decimal = _ZERO
    high: Decimal = _ZERO
    low: Decimal = _ZERO
    close: Decimal = _ZERO
    last_trade_time: int = 0
    oi: int = 0
    oi_day_high: int = 0
    oi_day_low: int = 0
    exchange_timestamp: int = 0
    depth: Depth = NO_DEPTH

    @property
    def bids(self) -> tuple[DepthLevel, ...]:
        return _levels(self.depth[0])

    @property
    def asks(self) -> tuple[DepthLevel, ...]:
        return _levels(self.depth[1])

    @property
    def best_bid(self) -> Level | None:
        """The best buy level, if it has a quantity."""
        return _best(self.depth[0])

    @property
    def best_ask(self) -> Level | None:
        """The best sell level, if it has a quantity."""
        return _best(self.depth[1])

    @property
    def segment(self) -> int:
        return self.instrument_token & 0xFF

    @property
    def is_index(self) -> bool:
        """Indices are not tradable and have packets of their own (no quantities, no depth)."""
        return self.segment == SEGMENT_INDICES

    @property
    def change_percent(self) -> Decimal:
        """Change from the previous close in per cent, as the ticker computes it (0 without a close)."""
        if not self.close:
            return _ZERO
        return (self.last_price - self.close) * 100 / self.close


def quote_with_tick(quote: Quote, tick: Tick) -> Quote:
    """The ticket's quote brought up to date by a tick of its instrument. A tick carries no circuit limits, so
    those stay as the last REST quote gave them; an LTP tick moves only the last price, a quote tick no depth."""
    if tick.mode is TickMode.LTP:
        return replace(quote, last_price=tick.last_price, net_change=tick.last_price - quote.close)
    full = tick.mode is TickMode.FULL
    return replace(
        quote, last_price=tick.last_price, net_change=tick.last_price - tick.close if tick.close else Decimal(0),
        open=tick.open, high=tick.high, low=tick.low, close=tick.close or quote.close, volume=tick.volume,
        bids=tick.bids if full else quote.bids, asks=tick.asks if full else quote.asks,
    )  # fmt: skip


def price_divisor(instrument_token: int) -> int:
    """What a packet's integer prices are divided by: currency futures carry 7 decimals, BSE currency and NCO 4,
    everything else paise (the SDK's ``_parse_binary`` is the reference)."""
    segment = instrument_token & 0xFF
    if segment == SEGMENT_CDS:
        return 10_000_000
    if segment in (SEGMENT_BCD, SEGMENT_NCO):
        return 10_000
    return 100
