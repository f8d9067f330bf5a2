"""Delivery holdings (``GET /portfolio/holdings``, as typed ``Holding`` rows), keyed by exchange:tradingsymbol,
their last price ticking from the stream as positions' do."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from decimal import Decimal

from PySide6.QtCore import QObject

from kiteticket.domain.holding import Holding
from kiteticket.domain.money import format_inr
from kiteticket.domain.portfolio_totals import HoldingTotals, holding_totals
from kiteticket.domain.tick import Tick
from kiteticket.ui.keyed_model import RIGHT, Column, KeyedTableModel
from kiteticket.ui.portfolio.positions_model import pnl_colour


def _money(value: Callable[[Holding], Decimal], *, signed: bool = False) -> Callable[[Holding], str]:
    def text(holding: Holding) -> str:
        return format_inr(value(holding), symbol=False, signed=signed)

    return text


def _count(value: Callable[[Holding], int]) -> Callable[[Holding], str]:
    def text(holding: Holding) -> str:
        return format_inr(value(holding), places=0, symbol=False)

    return text


def _day_change(holding: Holding) -> str:
    # A percentage, as Kite web's "Day chg." column: beside the ticket there is no room for both figures, and the
    # rupees are in the tooltip and the totals.
    return f"{format_inr(holding.day_change_percent, symbol=False, signed=True)}%"


def _day_change_rupees(holding: Holding) -> str:
    return f"Today {format_inr(holding.day_change, signed=True)} on {holding.held} shares"


def _quantity(h: Holding) -> int:
    return h.quantity


def _t1(h: Holding) -> int:
    return h.t1_quantity


def _average(h: Holding) -> Decimal:
    return h.average_price


def _last(h: Holding) -> Decimal:
    return h.last_price


def _value(h: Holding) -> Decimal:
    return h.current_value


def _pnl(h: Holding) -> Decimal:
    return h.pnl


def _day(h: Holding) -> Decimal:
    return h.day_change


# Kite web's holdings order: instrument, quantity, average, LTP, current value, P&L, day change; T1 beside the
# quantity it adds to.
HOLDING_COLUMNS: tuple[Column[Holding], ...] = (
    Column("instrument", "Instrument", lambda h: f"{h.tradingsymbol} · {h.exchange}"),
    Column("quantity", "Qty", _count(_quantity), RIGHT, sort_value=_quantity, value=_quantity),
    Column("t1", "T1", _count(_t1), RIGHT, sort_value=_t1, value=_t1),
    Column("average_price", "Avg. cost", _money(_average), RIGHT, sort_value=_average, value=_average),
    Column("last_price", "LTP", _money(_last), RIGHT, sort_value=_last, value=_last),
    Column("current_value", "Cur. value", _money(_value), RIGHT, sort_value=_value, value=_value),
    Column(
        "pnl", "P&L", _money(_pnl, signed=True), RIGHT,
        foreground=lambda h: pnl_colour(h.pnl), sort_value=_pnl, value=_pnl,
    ),
    Column(
        "day_change", "Day chg.", _day_change, RIGHT,
        foreground=lambda h: pnl_colour(h.day_change), sort_value=_day, value=_day, tooltip=_day_change_rupees,
    ),
)  # fmt: skip


class HoldingsModel(KeyedTableModel[Holding]):
    """Holdings in Kite's order. Signals: QAbstractItemModel's own (never modelReset on ``apply``)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(HOLDING_COLUMNS, lambda holding: holding.key, parent)

    def apply(self, new_rows: Iterable[Holding]) -> bool:
        return super().apply(list(new_rows))

    def apply_ticks(self, ticks: Mapping[int, Tick]) -> None:
        """Last prices from the stream: LTP, value, P&L and day change move with them until the next fetch."""
        updates: dict[Hashable, Holding] = {}
        for holding in self.rows():
            tick = ticks.get(holding.instrument_token)
            if tick is not None and tick.last_price != holding.last_price:
                updates[holding.key] = holding.repriced(tick.last_price)
        if updates:
            self.update_rows(updates)

    def instrument_tokens(self) -> set[int]:
        return {holding.instrument_token for holding in self.rows()} - {0}

    def totals(self) -> HoldingTotals:
        return holding_totals(self.rows())
