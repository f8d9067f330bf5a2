"""The day's trades (``GET /trades``), newest first, keyed by trade_id so each poll only adds what is new."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from kiteticket.domain.money import format_inr
from kiteticket.ui.keyed_model import RIGHT, Column, KeyedTableModel

RawTrade = Mapping[str, Any]

_SIDE_COLOURS = {"BUY": QColor("#1565c0"), "SELL": QColor("#c62828")}


def trade_time(trade: RawTrade) -> str:
    """The fill time. ``order_timestamp`` in trades is a bare time (facts §2.2), so the full stamps come first."""
    stamp = str(trade.get("fill_timestamp") or trade.get("exchange_timestamp") or trade.get("order_timestamp") or "")
    return stamp[11:] if len(stamp) == 19 else stamp


def _sort_key(trade: RawTrade) -> tuple[str, int, str]:
    trade_id = str(trade.get("trade_id") or "")
    return (str(trade.get("fill_timestamp") or trade.get("exchange_timestamp") or ""), len(trade_id), trade_id)


def _price(trade: RawTrade) -> str:
    value = trade.get("average_price") or 0
    return format_inr(value, symbol=False) if value else ""


def _quantity(trade: RawTrade) -> str:
    return format_inr(int(trade.get("quantity") or 0), places=0, symbol=False)


def _instrument(trade: RawTrade) -> str:
    # As in positions: one column for both, since beside the ticket there is no room to spare.
    return f"{trade.get('tradingsymbol') or ''} · {trade.get('exchange') or ''}"


def _text(name: str) -> Callable[[RawTrade], str]:
    def text(trade: RawTrade) -> str:
        return str(trade.get(name) or "")

    return text


def _number(name: str) -> Callable[[RawTrade], float]:
    def number(trade: RawTrade) -> float:
        return float(trade.get(name) or 0)

    return number


TRADE_COLUMNS: tuple[Column[RawTrade], ...] = (
    Column("time", "Time", trade_time, sort_value=_sort_key),
    Column(
        "side",
        "Buy/Sell",
        _text("transaction_type"),
        foreground=lambda t: _SIDE_COLOURS.get(str(t.get("transaction_type"))),
    ),
    Column("instrument", "Instrument", _instrument),
    Column("quantity", "Qty", _quantity, RIGHT, sort_value=_number("quantity")),
    Column("price", "Price", _price, RIGHT, sort_value=_number("average_price")),
    Column("product", "Product", _text("product")),
    Column("order_id", "Order ID", _text("order_id")),
    Column("trade_id", "Trade ID", _text("trade_id")),
)


def trade_key(trade: RawTrade) -> str:
    return str(trade.get("trade_id") or "")


class TradesModel(KeyedTableModel[RawTrade]):
    """Raw /trades dicts, newest fill first. Signals: QAbstractItemModel's own (never modelReset on ``apply``)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(TRADE_COLUMNS, trade_key, parent)

    def apply(self, new_rows: Iterable[RawTrade]) -> None:
        """Show one /trades reply, newest first; rows without a trade_id cannot be tracked and are left out."""
        super().apply(sorted((t for t in new_rows if t.get("trade_id")), key=_sort_key, reverse=True))
