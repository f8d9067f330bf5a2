"""The totals rows under positions and holdings: sums of Decimal figures, moved by every tick as the rows are."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from kiteticket.domain.holding import Holding
from kiteticket.domain.portfolio_rows import ZERO, Position


@dataclass(frozen=True, slots=True)
class PositionTotals:
    """Kite's positions footer: realised (closed today), unrealised (still open), M2M (today's mark to market) and
    the P&L, which is realised plus unrealised."""

    realised: Decimal = ZERO
    unrealised: Decimal = ZERO
    m2m: Decimal = ZERO
    pnl: Decimal = ZERO


def position_totals(positions: Iterable[Position]) -> PositionTotals:
    realised = unrealised = m2m = pnl = ZERO
    for position in positions:
        realised += position.realised
        unrealised += position.unrealised
        m2m += position.m2m
        pnl += position.pnl
    return PositionTotals(realised, unrealised, m2m, pnl)


@dataclass(frozen=True, slots=True)
class HoldingTotals:
    invested: Decimal = ZERO
    current_value: Decimal = ZERO
    day_change: Decimal = ZERO

    @property
    def pnl(self) -> Decimal:
        return self.current_value - self.invested

    @property
    def pnl_percent(self) -> Decimal:
        return self.pnl / self.invested * 100 if self.invested else ZERO

    @property
    def day_change_percent(self) -> Decimal:
        """Against yesterday's value of the same holdings (today's value less today's move)."""
        before = self.current_value - self.day_change
        return self.day_change / before * 100 if before else ZERO


def holding_totals(holdings: Iterable[Holding]) -> HoldingTotals:
    invested = current = day = ZERO
    for holding in holdings:
        invested += holding.invested
        current += holding.current_value
        day += holding.day_change
    return HoldingTotals(invested, current, day)
