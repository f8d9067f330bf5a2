"""A delivery holding (``GET /portfolio/holdings``), read on the worker thread that fetched it, with Decimal money.

Values, P&L and the day's change are computed from quantity and prices rather than taken from Kite's ``pnl`` and
``day_change`` fields, so that a tick (a new last price) moves them all at once, and so that ``day_change`` means
the whole holding's move in rupees (Kite's field is per share).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from kiteticket.domain.portfolio_rows import ZERO, RawRow, money, text, whole


@dataclass(frozen=True, slots=True)
class Holding:
    """One delivery holding. ``t1_quantity`` is bought but not yet settled (T+1): it is held, and sellable."""

    exchange: str
    tradingsymbol: str
    instrument_token: int
    isin: str
    quantity: int
    t1_quantity: int
    used_quantity: int  # sold today (or pledged away): no longer sellable
    average_price: Decimal
    last_price: Decimal
    close_price: Decimal

    @property
    def key(self) -> str:
        return f"{self.exchange}:{self.tradingsymbol}"

    @property
    def held(self) -> int:
        """What the user owns, settled or not: what Kite web's holdings show as the quantity to value."""
        return self.quantity + self.t1_quantity

    @property
    def sellable(self) -> int:
        return max(self.held - self.used_quantity, 0)

    @property
    def invested(self) -> Decimal:
        return self.average_price * self.held

    @property
    def current_value(self) -> Decimal:
        return self.last_price * self.held

    @property
    def pnl(self) -> Decimal:
        return self.current_value - self.invested

    @property
    def day_change(self) -> Decimal:
        """Today's move of the whole holding, in rupees (Kite's ``day_change`` is per share)."""
        return (self.last_price - self.close_price) * self.held if self.close_price else ZERO

    @property
    def day_change_percent(self) -> Decimal:
        return (self.last_price - self.close_price) / self.close_price * 100 if self.close_price else ZERO

    def repriced(self, last_price: Decimal) -> Holding:
        return self if last_price == self.last_price else replace(self, last_price=last_price)


def parse_holding(raw: RawRow) -> Holding:
    return Holding(
        exchange=text(raw, "exchange"),
        tradingsymbol=text(raw, "tradingsymbol"),
        instrument_token=whole(raw, "instrument_token"),
        isin=text(raw, "isin"),
        quantity=whole(raw, "quantity"),
        t1_quantity=whole(raw, "t1_quantity"),
        used_quantity=whole(raw, "used_quantity"),
        average_price=money(raw, "average_price"),
        last_price=money(raw, "last_price"),
        close_price=money(raw, "close_price"),
    )


def parse_holdings(reply: Iterable[RawRow]) -> tuple[Holding, ...]:
    return tuple(parse_holding(raw) for raw in reply if raw.get("tradingsymbol"))
