"""Net positions (``GET /portfolio/positions``, the "net" list, as typed ``Position`` rows), keyed by
exchange:tradingsymbol:product."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from decimal import Decimal

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from kiteticket.domain.money import format_inr
from kiteticket.domain.portfolio_rows import Position
from kiteticket.domain.portfolio_totals import PositionTotals, position_totals
from kiteticket.domain.tick import Tick
from kiteticket.ui.keyed_model import RIGHT, Column, KeyedTableModel

PROFIT = QColor("#2e7d32")
LOSS = QColor("#c62828")


def pnl_colour(value: Decimal) -> QColor | None:
    if value > 0:
        return PROFIT
    return LOSS if value < 0 else None


def position_key(position: Position) -> str:
    # One instrument can be held in several products (MIS and NRML of the same future): each is its own row.
    return position.key


def _money(value: Callable[[Position], Decimal], *, signed: bool = False) -> Callable[[Position], str]:
    def text(position: Position) -> str:
        return format_inr(value(position), symbol=False, signed=signed)

    return text


def _count(value: Callable[[Position], int]) -> Callable[[Position], str]:
    def text(position: Position) -> str:
        return format_inr(value(position), places=0, symbol=False)

    return text


def _instrument(position: Position) -> str:
    return f"{position.tradingsymbol} · {position.exchange}"


def _quantity(p: Position) -> int:
    return p.quantity


def _pnl(p: Position) -> Decimal:
    return p.pnl


def _last(p: Position) -> Decimal:
    return p.last_price


def _average(p: Position) -> Decimal:
    return p.average_price


def _day_buy(p: Position) -> int:
    return p.day_buy_quantity


def _day_sell(p: Position) -> int:
    return p.day_sell_quantity


# P&L right after the quantity, before the prices: beside the ticket the panel is narrow on a laptop (about 300 px at
# 1280×720), and the P&L is what a trader reads first. Kite's own order follows (Avg., LTP, product).
POSITION_COLUMNS: tuple[Column[Position], ...] = (
    Column("instrument", "Instrument", _instrument),
    Column("quantity", "Qty", _count(_quantity), RIGHT, sort_value=_quantity, value=_quantity),
    Column(
        "pnl", "P&L", _money(_pnl, signed=True), RIGHT,
        foreground=lambda p: pnl_colour(p.pnl), sort_value=_pnl, value=_pnl,
    ),
    Column("last_price", "LTP", _money(_last), RIGHT, sort_value=_last, value=_last),
    Column("average_price", "Avg.", _money(_average), RIGHT, sort_value=_average, value=_average),
    Column("product", "Product", lambda p: p.product),
    Column("day_buy", "Day buy", _count(_day_buy), RIGHT, sort_value=_day_buy, value=_day_buy),
    Column("day_sell", "Day sell", _count(_day_sell), RIGHT, sort_value=_day_sell, value=_day_sell),
)  # fmt: skip


class PositionsModel(KeyedTableModel[Position]):
    """Open positions first, then closed ones, each group in Kite's order. Signals: QAbstractItemModel's own."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(POSITION_COLUMNS, position_key, parent)

    def apply(self, new_rows: Iterable[Position]) -> bool:
        """Show the parsed "net" list of one /portfolio/positions reply."""
        rows = list(new_rows)
        return super().apply([p for p in rows if p.quantity] + [p for p in rows if not p.quantity])

    def apply_ticks(self, ticks: Mapping[int, Tick]) -> None:
        """Last prices from the stream: each position's LTP and P&L move with them until the next fetch."""
        updates: dict[Hashable, Position] = {}
        for position in self.rows():
            tick = ticks.get(position.instrument_token)
            if tick is not None:
                moved = position.repriced(tick.last_price)
                if moved is not position:
                    updates[position.key] = moved
        if updates:
            self.update_rows(updates)

    def instrument_tokens(self) -> set[int]:
        """The instruments of open positions, whose P&L should tick."""
        return {p.instrument_token for p in self.rows() if p.quantity} - {0}

    def totals(self) -> PositionTotals:
        return position_totals(self.rows())

    def total_pnl(self) -> Decimal:
        return self.totals().pnl
