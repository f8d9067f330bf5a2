"""A basket's orders as a table, with the result of each one's last placement beside it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from kiteticket.domain.basket import Basket
from kiteticket.domain.bulk_run import ItemResult, Outcome
from kiteticket.domain.enums import TransactionType, Variety
from kiteticket.domain.money import format_inr
from kiteticket.domain.order import OrderRequest

ModelIndex = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
SIDE_COLOURS = {TransactionType.BUY: QColor("#1565c0"), TransactionType.SELL: QColor("#c62828")}
PLACEMENT_WORDS = {Outcome.DONE: "Placed", Outcome.FAILED: "Not placed"}  # every basket write is a placement
RESULT_COLOURS = {Outcome.DONE: QColor("#2e7d32"), Outcome.FAILED: QColor("#c62828")}


def _price(request: OrderRequest) -> str:
    """ "LIMIT 1,600.00", "SL 1,600.00 ▸ 1,595.00" (price, then trigger), "SL-M ▸ 1,595.00", "MARKET"."""
    text = request.order_type.value
    if request.price is not None and request.order_type.needs_price:
        text += f" {format_inr(request.price, symbol=False)}"
    if request.trigger_price:
        text += f" ▸ {format_inr(request.trigger_price, symbol=False)}"
    return text


def _product(request: OrderRequest) -> str:
    """The product, and the variety when it is not a regular order ("MIS · CO")."""
    variety = "" if request.variety is Variety.REGULAR else f" · {request.variety.value.upper()}"
    return f"{request.product.value}{variety}"


COLUMNS: tuple[tuple[str, Callable[[OrderRequest], str]], ...] = (
    ("Side", lambda r: r.transaction_type.value),
    ("Instrument", lambda r: f"{r.tradingsymbol} ({r.exchange})"),
    ("Qty", lambda r: f"{r.quantity:,}"),
    ("Order (₹)", _price),
    ("Product", _product),
)
HEADERS = ("#", *(header for header, _ in COLUMNS), "Result")
# The last placement's outcome beside the number too: in the narrow tab the Result column may be scrolled out of view.
GLYPHS = {Outcome.DONE: "✓", Outcome.FAILED: "✗", Outcome.CHECKING: "?", Outcome.SENDING: "…", Outcome.NOT_SENT: "–"}
_NUMBERS = {0, 3}


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
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

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
        if role == Qt.ItemDataRole.ToolTipRole and result is not None:
            return self._text(index.row(), len(HEADERS) - 1) or None  # the result, from anywhere on its row
        return None

    def _text(self, row: int, column: int) -> str:
        if column == 0:
            result = self._results[row]
            return f"{row + 1} {GLYPHS.get(result.outcome, '')}".strip() if result else str(row + 1)
        if column <= len(COLUMNS):
            return COLUMNS[column - 1][1](self._orders[row])
        result = self._results[row]
        if result is None or not result.detail:
            return ""
        return f"{PLACEMENT_WORDS.get(result.outcome, result.outcome.value)}: {result.detail}"

    def _colour(self, row: int, column: int) -> QColor | None:
        if column == 1:
            return SIDE_COLOURS.get(self._orders[row].transaction_type)
        result = self._results[row]
        if column in (0, len(HEADERS) - 1) and result is not None:
            return RESULT_COLOURS.get(result.outcome)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None
