"""The account's funds per segment, from ``GET /user/margins`` (kite-api-facts §10): what Kite web's Funds page
shows at the top, read once on the worker thread.

Available is Kite's ``net`` (what new orders can use), used is ``utilised.debits`` (margin blocked by orders and
positions, premiums, charges), and total is the two together: in Kite's own sample, net 99,725.05 plus debits
1,45,706.55 is the 2,45,431.60 of cash and opening balance.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kiteticket.domain.order_row import OrderRow
from kiteticket.domain.portfolio_rows import ZERO, money

SEGMENTS = ("equity", "commodity")


@dataclass(frozen=True, slots=True)
class SegmentFunds:
    segment: str
    enabled: bool
    available: Decimal
    used: Decimal

    @property
    def total(self) -> Decimal:
        return self.available + self.used

    @property
    def title(self) -> str:
        return self.segment.capitalize()


@dataclass(frozen=True, slots=True)
class Funds:
    segments: tuple[SegmentFunds, ...]

    def segment(self, name: str) -> SegmentFunds | None:
        return next((segment for segment in self.segments if segment.segment == name), None)


def segment_funds(segment: str, raw: Mapping[str, Any]) -> SegmentFunds:
    utilised = raw.get("utilised")
    used = money(utilised, "debits") if isinstance(utilised, Mapping) else ZERO
    return SegmentFunds(segment, bool(raw.get("enabled", True)), money(raw, "net"), used)


def funds_from_kite(raw: Mapping[str, Any]) -> Funds:
    """The whole /user/margins reply; a segment Kite leaves out (an account without commodity) is not shown."""
    found = (segment_funds(name, raw[name]) for name in SEGMENTS if isinstance(raw.get(name), Mapping))
    return Funds(tuple(found))


def filled_total(rows: Iterable[OrderRow]) -> int:
    """Every share or lot filled in the order book so far: when it grows, a fill has moved the funds."""
    return sum(row.filled_quantity for row in rows)
