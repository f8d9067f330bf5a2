"""A basket's orders as a table, with the result of each one's last placement beside it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from kiteticket.domain.basket import Basket
from kiteticket.domain.bulk_run import ItemResult, Outcome
from kiteticket.domain.enums import TransactionType
from kiteticket.domain.money import format_inr
from kiteticket.domain.order import OrderRequest

ModelIndex = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
SIDE_COLOURS = {TransactionType.BUY: QColor("#1565c0"), TransactionType.SELL: QColor("#c62828")}
RESULT_COLOURS = {Outcome.DONE: QColor("#2e7d32"), Outcome.FAILED: QColor("#c62828")}


def _price(request: OrderRequest) -> str:
    if request.price is not None and request.order_type.needs_price:
        return format_inr(request.price, symbol=False)
    return "Market"


def _trigger(request: OrderRequest) -> str:
    return format_inr(request.trigger_price, symbol=False) if request.trigger_price else ""


COLUMNS: tuple[tuple[str, Callable[[OrderRequest], str]], ...] = (
    ("Side", lambda r: r.transaction_type.value),
    ("Instrument", lambda r: f"{r.tradingsymbol} ({r.exchange})"),
    ("Qty", lambda r: f"{r.quantity:,}"),
    ("Type", lambda r: r.order_type.value),
    ("Price (₹)", _price),
    ("Trigger (₹)", _trigger),
    ("Product", lambda r: r.product.value),
    ("Variety", lambda r: r.variety.label),
)
HEADERS = ("#", *(header for header, _ in COLUMNS), "Last placement")
_NUMBERS = {0, 3, 5, 6}


class BasketOrdersModel(QAbstractTableModel):
    """The shown basket's orders; ``show`` replaces them (a basket is a few dozen orders the user edits one at a
    time, so a reset is cheap, and the panel puts the selection back itself). Signals: QAbstractItemModel's own."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._orders: tuple[OrderRequest, ...] = ()
        self._results: list[ItemResult | None] = []

    def show(self, basket: Basket) -> None:
        self.beginResetModel()
        self._orders = basket.orders
        self._results = [None] * len(basket.orders)
        self.endResetModel()

    def set_result(self, row: int, result: ItemResult) -> None:
        if 0 <= row < len(self._results):
            self._results[row] = result
            self.dataChanged.emit(self.index(row, len(HEADERS) - 1), self.index(row, len(HEADERS) - 1))

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default argument
        return 0 if parent.isValid() else len(self._orders)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._orders):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if index.column() in _NUMBERS else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(index.row(), index.column())
        result = self._results[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == len(HEADERS) - 1 and result is not None:
            return result.detail or None
        return None

    def _text(self, row: int, column: int) -> str:
        if column == 0:
            return str(row + 1)
        if column <= len(COLUMNS):
            return COLUMNS[column - 1][1](self._orders[row])
        result = self._results[row]
        return f"{result.outcome.value}: {result.detail}" if result and result.detail else ""

    def _colour(self, row: int, column: int) -> QColor | None:
        if column == 1:
            return SIDE_COLOURS.get(self._orders[row].transaction_type)
        result = self._results[row]
        if column == len(HEADERS) - 1 and result is not None:
            return RESULT_COLOURS.get(result.outcome)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None
