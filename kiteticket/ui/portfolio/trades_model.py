"""The day's trades (``GET /trades``, as typed ``Trade`` rows), newest first, keyed by trade_id so each poll only
adds what is new."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from kiteticket.domain.money import format_inr, money_cell
from kiteticket.domain.portfolio_rows import Trade
from kiteticket.ui.keyed_model import RIGHT, Column, KeyedTableModel

_SIDE_COLOURS = {"BUY": QColor("#1565c0"), "SELL": QColor("#c62828")}


def trade_key(trade: Trade) -> str:
    return trade.trade_id


def _instrument(trade: Trade) -> str:
    # As in positions: one column for both, since beside the ticket there is no room to spare.
    return f"{trade.tradingsymbol} · {trade.exchange}"


TRADE_COLUMNS: tuple[Column[Trade], ...] = (
    Column("time", "Time", lambda t: t.time, sort_value=lambda t: t.sort_key),
    Column(
        "side", "Buy/Sell", lambda t: t.transaction_type, foreground=lambda t: _SIDE_COLOURS.get(t.transaction_type)
    ),
    Column("instrument", "Instrument", _instrument),
    Column(
        "quantity", "Qty", lambda t: format_inr(t.quantity, places=0, symbol=False), RIGHT,
        sort_value=lambda t: t.quantity,
    ),
    Column("price", "Price", lambda t: money_cell(t.average_price), RIGHT, sort_value=lambda t: t.average_price),
    Column("product", "Product", lambda t: t.product),
    Column("order_id", "Order ID", lambda t: t.order_id),
    Column("trade_id", "Trade ID", trade_key),
)  # fmt: skip


class TradesModel(KeyedTableModel[Trade]):
    """The day's fills, newest first. Signals: QAbstractItemModel's own (never modelReset on ``apply``)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(TRADE_COLUMNS, trade_key, parent)

    def apply(self, new_rows: Iterable[Trade]) -> bool:
        """Show one parsed /trades reply, newest first."""
        return super().apply(sorted(new_rows, key=lambda t: t.sort_key, reverse=True))
