"""Filtering and sorting of the order book view, on the OrderRow values rather than the displayed text."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QAbstractItemModel, QObject, QRegularExpression, Slot

from kiteticket.ui.book.model import OrderBookModel
from kiteticket.ui.display_copy import SortedProxy, keyed_source


class StatusFilter(Enum):
    """Which orders the book shows. OPEN: still working (not COMPLETE, CANCELLED or REJECTED)."""

    OPEN = "open"
    EXECUTED = "executed"
    ALL = "all"

    @property
    def pattern(self) -> str:
        """A regular expression for the start of the rows' ``model.filter_text`` that this filter shows."""
        return "[^\x1f]*\x1f" if self is StatusFilter.ALL else f"{self.value}\x1f"


class OrderBookFilterProxy(SortedProxy):
    """Status and text filters over an OrderBookModel; sorts numbers as numbers and times as times, on the values
    the model gives (``model.COLUMNS``' sort values, ``model.filter_text``) and in Qt's own code (``SortedProxy``).
    A poll's changes re-filter and re-sort only the rows they touch, so a filled order leaves the OPEN view by itself.

    Signals: SortedProxy's own.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._status_filter = StatusFilter.ALL
        self._needle = ""

    def setSourceModel(self, source_model: QAbstractItemModel) -> None:
        """An OrderBookModel, or the display copy of one (``ui.display_copy``, as the app shows the book)."""
        if not isinstance(keyed_source(source_model), OrderBookModel):
            raise TypeError("OrderBookFilterProxy filters an OrderBookModel")
        super().setSourceModel(source_model)

    @property
    def status_filter(self) -> StatusFilter:
        return self._status_filter

    @Slot(object)
    def set_status_filter(self, status_filter: StatusFilter) -> None:
        self._status_filter = status_filter
        self._filter()

    @Slot(str)
    def set_text_filter(self, text: str) -> None:
        """Case-insensitive match on symbol, tag, order id or status."""
        self._needle = text.strip().casefold()
        self._filter()

    def _filter(self) -> None:
        if self._status_filter is StatusFilter.ALL and not self._needle:
            pattern = ""  # Qt's fast path: every row, no match run
        else:
            needle = f".*{QRegularExpression.escape(self._needle)}" if self._needle else ""
            pattern = f"^{self._status_filter.pattern}{needle}"
        # Casefolded on both sides in Python, so the match itself is case-sensitive, as ``in`` was.
        self.setFilterRegularExpression(
            QRegularExpression(pattern, QRegularExpression.PatternOption.DotMatchesEverythingOption)
        )
