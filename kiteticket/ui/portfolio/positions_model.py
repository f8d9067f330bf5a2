"""Net positions (``GET /portfolio/positions``, the "net" list), keyed by exchange:tradingsymbol:product."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from kiteticket.domain.money import format_inr
from kiteticket.domain.position_pnl import repriced
from kiteticket.domain.tick import Tick
from kiteticket.ui.keyed_model import RIGHT, Column, KeyedTableModel

RawPosition = Mapping[str, Any]

PROFIT = QColor("#2e7d32")
LOSS = QColor("#c62828")


def position_key(position: RawPosition) -> str:
    # One instrument can be held in several products (MIS and NRML of the same future): each is its own row.
    return f"{position.get('exchange')}:{position.get('tradingsymbol')}:{position.get('product')}"


def _number(position: RawPosition, name: str) -> float:
    return float(position.get(name) or 0)


def _rupees(name: str, *, signed: bool = False) -> Callable[[RawPosition], str]:
    def money(position: RawPosition) -> str:
        return format_inr(_number(position, name), symbol=False, signed=signed)

    return money


def _count(name: str) -> Callable[[RawPosition], str]:
    def count(position: RawPosition) -> str:
        return format_inr(int(_number(position, name)), places=0, symbol=False)

    return count


def _pnl_colour(position: RawPosition) -> QColor | None:
    pnl = _number(position, "pnl")
    if pnl > 0:
        return PROFIT
    return LOSS if pnl < 0 else None


def _instrument(position: RawPosition) -> str:
    return f"{position.get('tradingsymbol') or ''} · {position.get('exchange') or ''}"


# P&L right after the quantity, before the prices: beside the ticket the panel is narrow on a laptop (about 300 px at
# 1280×720), and the P&L is what a trader reads first. Kite's own order follows (Avg., LTP, product).
POSITION_COLUMNS: tuple[Column[RawPosition], ...] = (
    Column("instrument", "Instrument", _instrument),
    Column("quantity", "Qty", _count("quantity"), RIGHT, sort_value=lambda p: _number(p, "quantity")),
    Column(
        "pnl", "P&L", _rupees("pnl", signed=True), RIGHT,
        foreground=_pnl_colour, sort_value=lambda p: _number(p, "pnl"),
    ),
    Column("last_price", "LTP", _rupees("last_price"), RIGHT, sort_value=lambda p: _number(p, "last_price")),
    Column("average_price", "Avg.", _rupees("average_price"), RIGHT, sort_value=lambda p: _number(p, "average_price")),
    Column("product", "Product", lambda p: str(p.get("product") or "")),
    Column(
        "day_buy", "Day buy", _count("day_buy_quantity"), RIGHT, sort_value=lambda p: _number(p, "day_buy_quantity")
    ),
    Column(
        "day_sell", "Day sell", _count("day_sell_quantity"), RIGHT,
        sort_value=lambda p: _number(p, "day_sell_quantity"),
    ),
)  # fmt: skip


class PositionsModel(KeyedTableModel[RawPosition]):
    """Open positions first, then closed ones, each group in Kite's order. Signals: QAbstractItemModel's own."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(POSITION_COLUMNS, position_key, parent)

    def apply(self, new_rows: Iterable[RawPosition]) -> None:
        """Show the "net" list of one /portfolio/positions reply."""
        rows = list(new_rows)
        super().apply([p for p in rows if _number(p, "quantity")] + [p for p in rows if not _number(p, "quantity")])

    def apply_ticks(self, ticks: Mapping[int, Tick]) -> None:
        """Last prices from the stream: each position's LTP and P&L move with them until the next fetch."""
        updates: dict[Hashable, RawPosition] = {}
        for position in self.rows():
            tick = ticks.get(int(position.get("instrument_token") or 0))
            if tick is not None:
                updates[position_key(position)] = repriced(position, tick.last_price)
        if updates:
            self.update_rows(updates)

    def instrument_tokens(self) -> set[int]:
        """The instruments of open positions, whose P&L should tick."""
        return {int(p.get("instrument_token") or 0) for p in self.rows() if _number(p, "quantity")} - {0}

    def total_pnl(self) -> float:
        return sum(_number(position, "pnl") for position in self.rows())
