"""Filtering and sorting of the order book view, on the OrderRow values rather than the displayed text."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Slot,
)

from kiteticket.domain.orderbook import OrderRow
from kiteticket.ui.book.model import COLUMNS, OrderBookModel
from kiteticket.ui.display_copy import keyed_source


class StatusFilter(Enum):
    """Which orders the book shows. OPEN: still working (not COMPLETE, CANCELLED or REJECTED)."""

    OPEN = "open"
    EXECUTED = "executed"
    ALL = "all"

    def accepts(self, row: OrderRow) -> bool:
        if self is StatusFilter.OPEN:
            return row.status_info.is_open
        if self is StatusFilter.EXECUTED:
            return row.status == "COMPLETE"
        return True


def _search_text(row: OrderRow) -> str:
    return " ".join((row.tradingsymbol, row.tag or "", *row.tags, row.order_id, row.status)).casefold()


class OrderBookFilterProxy(QSortFilterProxyModel):
    """Status and text filters over an OrderBookModel; sorts numbers as numbers and times as times.

    Signals: QSortFilterProxyModel's own.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._status_filter = StatusFilter.ALL
        self._needle = ""
        self._source: OrderBookModel | None = None
        # Re-filter and re-sort only the rows a poll touched, so a filled order leaves the OPEN view by itself.
        self.setDynamicSortFilter(True)

    def setSourceModel(self, source_model: QAbstractItemModel) -> None:
        """An OrderBookModel, or the display copy of one (``ui.display_copy``, as the app shows the book): rows are
        filtered and sorted on the OrderBookModel's rows either way, cells shown from the model given."""
        rows = keyed_source(source_model)
        if not isinstance(rows, OrderBookModel):
            raise TypeError("OrderBookFilterProxy filters an OrderBookModel")
        self._source = rows
        super().setSourceModel(source_model)

    @property
    def status_filter(self) -> StatusFilter:
        return self._status_filter

    @Slot(object)
    def set_status_filter(self, status_filter: StatusFilter) -> None:
        self.beginFilterChange()
        self._status_filter = status_filter
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @Slot(str)
    def set_text_filter(self, text: str) -> None:
        """Case-insensitive match on symbol, tag, order id or status."""
        self.beginFilterChange()
        self._needle = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if self._source is None or source_parent.isValid():
            return False
        row = self._source.row_at(source_row)
        if not self._status_filter.accepts(row):
            return False
        return not self._needle or self._needle in _search_text(row)

    def lessThan(
        self, source_left: QModelIndex | QPersistentModelIndex, source_right: QModelIndex | QPersistentModelIndex
    ) -> bool:
        # Straight from the rows, not through data(): one Python call per comparison instead of three.
        if self._source is None:
            return False
        sort_key = COLUMNS[source_left.column()].sort_value or _no_sort
        return sort_key(self._source.row_at(source_left.row())) < sort_key(self._source.row_at(source_right.row()))


def _no_sort(_row: object) -> tuple[()]:
    return ()  # every order-book column has a sort value (``model._column``); this is for the type checker
