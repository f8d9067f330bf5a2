"""Rows of the account's tables as Kite sends them (``GET /portfolio/positions``, ``/trades``; holdings in ``holding``),
read into frozen values with Decimal money, on the worker thread that fetched them (as ``order_row`` does for orders).

Every key is optional and a null reads as zero or empty, as in ``order_row``: Kite adds fields over the years and
leaves many null. Prices and P&L arrive as JSON floats; ``as_decimal`` reads each through its shortest repr, so
1512.35 stays 1512.35 and sums in the totals do not drift.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from kiteticket.domain.prices import as_decimal

RawRow = Mapping[str, Any]
ZERO = Decimal(0)


def money(raw: RawRow, name: str) -> Decimal:
    value = raw.get(name)
    return as_decimal(value) if isinstance(value, int | float | str | Decimal) and value != "" else ZERO


def whole(raw: RawRow, name: str) -> int:
    return int(raw.get(name) or 0)


def text(raw: RawRow, name: str) -> str:
    return str(raw.get(name) or "")


@dataclass(frozen=True, slots=True)
class Position:
    """One row of the "net" positions: an instrument in one product (MIS and NRML of one future are two rows)."""

    exchange: str
    tradingsymbol: str
    product: str
    instrument_token: int
    quantity: int
    overnight_quantity: int
    multiplier: Decimal
    average_price: Decimal
    last_price: Decimal
    close_price: Decimal
    pnl: Decimal
    m2m: Decimal
    realised: Decimal
    unrealised: Decimal
    day_buy_quantity: int
    day_sell_quantity: int

    @property
    def key(self) -> str:
        return f"{self.exchange}:{self.tradingsymbol}:{self.product}"

    @property
    def instrument_key(self) -> str:
        return f"{self.exchange}:{self.tradingsymbol}"

    def repriced(self, last_price: Decimal) -> Position:
        """The row at a newer last price, between two fetches: what a tick changes.

        Kite's P&L of a net position is ``(sell_value - buy_value) + quantity × last_price × multiplier`` (and M2M
        and unrealised move the same way), so a new price moves each by ``quantity × multiplier × (new - old)``.
        Starting from Kite's figures keeps whatever Kite counted in them; the next fetch replaces the estimate. A
        flat position's P&L is realised: no price moves it, and its LTP is left as Kite last sent it.
        """
        if not self.quantity or not self.last_price or last_price == self.last_price:
            return self
        move = self.quantity * self.multiplier * (last_price - self.last_price)
        return replace(
            self,
            last_price=last_price,
            pnl=self.pnl + move,
            m2m=self.m2m + move,
            unrealised=self.unrealised + move,
        )


def parse_position(raw: RawRow) -> Position:
    return Position(
        exchange=text(raw, "exchange"),
        tradingsymbol=text(raw, "tradingsymbol"),
        product=text(raw, "product"),
        instrument_token=whole(raw, "instrument_token"),
        quantity=whole(raw, "quantity"),
        overnight_quantity=whole(raw, "overnight_quantity"),
        multiplier=money(raw, "multiplier") or Decimal(1),
        average_price=money(raw, "average_price"),
        last_price=money(raw, "last_price"),
        close_price=money(raw, "close_price"),
        pnl=money(raw, "pnl"),
        m2m=money(raw, "m2m"),
        realised=money(raw, "realised"),
        unrealised=money(raw, "unrealised"),
        day_buy_quantity=whole(raw, "day_buy_quantity"),
        day_sell_quantity=whole(raw, "day_sell_quantity"),
    )


def parse_positions(reply: Mapping[str, Iterable[RawRow]]) -> tuple[Position, ...]:
    """The "net" list of one /portfolio/positions reply; rows without a symbol cannot be keyed and are left out."""
    return tuple(parse_position(raw) for raw in reply.get("net") or () if raw.get("tradingsymbol"))


@dataclass(frozen=True, slots=True)
class Trade:
    """One fill of the day's trades."""

    trade_id: str
    order_id: str
    exchange: str
    tradingsymbol: str
    instrument_token: int
    product: str
    transaction_type: str
    quantity: int
    average_price: Decimal
    fill_timestamp: str  # "YYYY-MM-DD HH:MM:SS", or a bare time from older replies (facts §2.2)

    @property
    def time(self) -> str:
        """The fill's time of day (the trades of one day are listed)."""
        stamp = self.fill_timestamp
        return stamp[11:] if len(stamp) == 19 else stamp

    @property
    def sort_key(self) -> tuple[str, int, str]:
        # Ids are numbers as text: a shorter id is an older one.
        return (self.fill_timestamp, len(self.trade_id), self.trade_id)


def parse_trade(raw: RawRow) -> Trade:
    # ``order_timestamp`` in trades is a bare time (facts §2.2), so the full stamps come first.
    stamp = raw.get("fill_timestamp") or raw.get("exchange_timestamp") or raw.get("order_timestamp") or ""
    return Trade(
        trade_id=text(raw, "trade_id"),
        order_id=text(raw, "order_id"),
        exchange=text(raw, "exchange"),
        tradingsymbol=text(raw, "tradingsymbol"),
        instrument_token=whole(raw, "instrument_token"),
        product=text(raw, "product"),
        transaction_type=text(raw, "transaction_type"),
        quantity=whole(raw, "quantity"),
        average_price=money(raw, "average_price"),
        fill_timestamp=str(stamp),
    )


def parse_trades(reply: Iterable[RawRow]) -> tuple[Trade, ...]:
    """One /trades (or /orders/:id/trades) reply; rows without a trade_id cannot be tracked and are left out."""
    return tuple(parse_trade(raw) for raw in reply if raw.get("trade_id"))
