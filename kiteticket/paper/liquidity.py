"""How liquid a simulated instrument is: how wide its touch is, how far apart its levels of depth lie, and how much
rests at each.

A trader reads liquidity off the book: NSE large caps and index futures trade a tick or two wide with thousands of
shares at every tick, stock options are thin, wide and gappy. The paper market draws its book from these profiles,
so each kind of instrument looks the part. The figures are a plausible shape, not measured exchange statistics.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from kiteticket.domain.enums import Exchange
from kiteticket.domain.instruments import Instrument

# Underlyings whose futures and options are index derivatives: the deepest books of the F&O segment.
_INDICES = frozenset({"NIFTY", "BANKNIFTY", "FINNIFTY", "MIDCPNIFTY", "NIFTYNXT50", "SENSEX", "BANKEX"})
# Levels drawn per side behind the touch: five are shown, the rest are there for orders that take whole levels.
DRAWN_LEVELS = 10


@dataclass(frozen=True, slots=True)
class Liquidity:
    spreads: tuple[int, ...]  # a beat draws the touch's width in ticks from these; repeats weight the narrow ones
    gaps: tuple[int, ...]  # ticks from one level of depth to the next, drawn per level
    lots: tuple[int, int]  # lots resting at one level (shares, for equity), least and most
    orders: tuple[int, int]  # orders behind one level, least and most


_LARGE_CAP = Liquidity(spreads=(1, 1, 1, 2), gaps=(1,), lots=(20, 400), orders=(1, 25))
_BSE_EQUITY = Liquidity(spreads=(1, 1, 2, 2, 3), gaps=(1, 1, 2), lots=(5, 150), orders=(1, 10))
_INDEX_FUTURE = Liquidity(spreads=(1, 1, 1, 2), gaps=(1,), lots=(1, 40), orders=(1, 25))
_STOCK_FUTURE = Liquidity(spreads=(1, 2, 2, 3), gaps=(1, 1, 2), lots=(1, 15), orders=(1, 8))
_INDEX_OPTION = Liquidity(spreads=(1, 2, 2, 3, 4), gaps=(1, 1, 2), lots=(1, 30), orders=(1, 15))
_STOCK_OPTION = Liquidity(spreads=(2, 3, 4, 5, 6, 8), gaps=(1, 2, 3), lots=(1, 8), orders=(1, 4))
_COMMODITY_OR_CURRENCY = Liquidity(spreads=(1, 1, 2, 3), gaps=(1, 1, 2), lots=(1, 25), orders=(1, 12))


def liquidity(instrument: Instrument) -> Liquidity | None:
    """The profile of a tradable instrument; None for an index, which has a value but no order book."""
    if not instrument.is_tradable:
        return None
    index = instrument.name in _INDICES
    if instrument.is_option:
        return _INDEX_OPTION if index else _STOCK_OPTION
    if instrument.is_future and instrument.exchange in (Exchange.NFO, Exchange.BFO):
        return _INDEX_FUTURE if index else _STOCK_FUTURE
    if instrument.exchange is Exchange.NSE:
        return _LARGE_CAP
    if instrument.exchange is Exchange.BSE:
        return _BSE_EQUITY
    return _COMMODITY_OR_CURRENCY


def draw_side(profile: Liquidity, rng: random.Random, lot_size: int) -> tuple[tuple[int, int, int], ...]:
    """One side of a fresh book: (ticks away from the touch, quantity, orders) for each drawn level. Drawn with
    ``random()`` alone, several times cheaper than ``randint``: the ticker draws a book per instrument per beat."""
    lot = max(lot_size, 1)
    least_lots, lots_span = profile.lots[0], profile.lots[1] - profile.lots[0] + 1
    least_orders, orders_span = profile.orders[0], profile.orders[1] - profile.orders[0] + 1
    gaps = profile.gaps
    draw = rng.random
    levels = []
    away = 0
    for _ in range(DRAWN_LEVELS):
        lots = least_lots + int(draw() * lots_span)
        orders = min(least_orders + int(draw() * orders_span), lots)  # an order is a lot or more
        levels.append((away, lots * lot, orders))
        away += gaps[int(draw() * len(gaps))]
    return tuple(levels)
