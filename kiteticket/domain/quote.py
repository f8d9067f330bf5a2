"""A quote for the ticket: last price, change, five levels of depth and circuit limits, read from Kite's /quote."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from kiteticket.domain.market import MarketSnapshot
from kiteticket.domain.prices import as_decimal


class DepthLevel(NamedTuple):
    """One level of market depth. A tuple rather than a dataclass: a streamed full tick carries ten of them, and a
    tuple of numbers drops out of the cycle collector's sight after its first pass (a dataclass instance is walked
    by every collection for as long as it lives: at 3,000 ticks a second, 30,000 objects a second more to walk)."""

    price: Decimal
    quantity: int
    orders: int


@dataclass(frozen=True, slots=True)
class Quote:
    key: str  # "NSE:INFY"
    last_price: Decimal
    net_change: Decimal
    open: Decimal
    high: Decimal
    low: Decimal
    close: Decimal
    volume: int
    lower_circuit: Decimal
    upper_circuit: Decimal
    bids: tuple[DepthLevel, ...]
    asks: tuple[DepthLevel, ...]

    @property
    def change_percent(self) -> Decimal:
        """Change against the previous close, in percent; zero when the close is unknown."""
        if not self.close:
            return Decimal(0)
        return (self.last_price - self.close) * 100 / self.close

    def snapshot(self) -> MarketSnapshot:
        """What validation needs; a zero circuit means Kite did not send one."""
        return MarketSnapshot(
            last_price=self.last_price,
            lower_circuit=self.lower_circuit or None,
            upper_circuit=self.upper_circuit or None,
        )


def quote_from_kite(key: str, raw: Mapping[str, Any]) -> Quote:
    """One entry of Kite's /quote response (quote.json's shape); empty depth levels are zeros and are dropped."""
    ohlc = raw.get("ohlc") or {}
    depth = raw.get("depth") or {}
    return Quote(
        key=key,
        last_price=as_decimal(raw.get("last_price") or 0),
        net_change=as_decimal(raw.get("net_change") or 0),
        open=as_decimal(ohlc.get("open") or 0),
        high=as_decimal(ohlc.get("high") or 0),
        low=as_decimal(ohlc.get("low") or 0),
        close=as_decimal(ohlc.get("close") or 0),
        volume=int(raw.get("volume") or 0),
        lower_circuit=as_decimal(raw.get("lower_circuit_limit") or 0),
        upper_circuit=as_decimal(raw.get("upper_circuit_limit") or 0),
        bids=_levels(depth.get("buy") or ()),
        asks=_levels(depth.get("sell") or ()),
    )


def _levels(raw_levels: Any) -> tuple[DepthLevel, ...]:
    levels = (
        DepthLevel(as_decimal(level.get("price") or 0), int(level.get("quantity") or 0), int(level.get("orders") or 0))
        for level in raw_levels
    )
    return tuple(level for level in levels if level.price > 0)
