"""The simulated market's state of one instrument as a ``Tick``: what /quote answers and what the ticker streams
are the same numbers, so a script that mixes REST quotes and ticks never sees two markets."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from kiteticket.domain.enums import TransactionType
from kiteticket.domain.market_clock import IST
from kiteticket.domain.quote import DepthLevel
from kiteticket.domain.tick import Tick, TickMode, depth_of
from kiteticket.paper.clock import TIMESTAMP_FORMAT
from kiteticket.paper.market import InstrumentMarket

# Kite's total buy/sell quantities cover the whole book, not just the five levels shown: the simulated book is
# about forty times deeper than its top five levels.
BOOK_DEPTH_FACTOR = 40


@lru_cache(maxsize=256)  # a beat stamps every book with the same second: parse it once
def epoch_of(stamp: str) -> int:
    """An exchange timestamp ("2026-12-06 10:41:27", IST) in Unix seconds; 0 when there is none."""
    if not stamp:
        return 0
    return int(datetime.strptime(stamp, TIMESTAMP_FORMAT).replace(tzinfo=IST).timestamp())


def _levels(state: InstrumentMarket, side: TransactionType) -> tuple[DepthLevel, ...]:
    return tuple(DepthLevel(level.price, level.quantity, level.orders) for level in state.levels(side))


def market_tick(state: InstrumentMarket, now: int, mode: TickMode = TickMode.FULL) -> Tick:
    """The full tick of `state`. Bids are what a seller can hit, asks what a buyer can take. Its exchange
    timestamp is when the book last changed (`now`, Unix time, if never): a market that does not move, closed or
    pinned, gives the same tick again, which the ticker does not resend."""
    bids, asks = _levels(state, TransactionType.SELL), _levels(state, TransactionType.BUY)
    instrument = state.instrument
    oi = state.volume // 3 if instrument.is_future or instrument.is_option else 0
    return Tick(
        instrument_token=instrument.instrument_token,
        last_price=state.last_price,
        mode=mode,
        last_quantity=state.last_quantity or max(instrument.lot_size, 1),
        average_price=state.price((state.open + state.high + state.low + state.ticks) // 4),
        volume=state.volume,
        buy_quantity=sum(level.quantity for level in bids) * BOOK_DEPTH_FACTOR,
        sell_quantity=sum(level.quantity for level in asks) * BOOK_DEPTH_FACTOR,
        open=state.price(state.open),
        high=state.price(state.high),
        low=state.price(state.low),
        close=state.price(state.close),
        last_trade_time=epoch_of(state.last_trade_time),
        oi=oi,
        oi_day_high=oi,
        oi_day_low=oi,
        exchange_timestamp=epoch_of(state.updated) or now,
        depth=depth_of(bids, asks),
    )
