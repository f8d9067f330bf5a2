"""The quote panel: five levels of depth, the day's range and the circuit limits of the ticket's instrument.

Depth prices are flat buttons: clicking one fills the ticket's price, as in Kite's market depth.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QSizePolicy, QWidget

from kiteticket.domain.prices import format_price
from kiteticket.domain.quote import DepthLevel, Quote

DEPTH_LEVELS = 5
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_BLANK = "–"


def _caption(text: str, alignment: Qt.AlignmentFlag = _RIGHT) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "caption")
    label.setAlignment(alignment)
    return label


def _number(sample: str = "999.99") -> QLabel:
    label = QLabel(_BLANK)
    label.setAlignment(_RIGHT)
    _reserve(label, sample)
    return label


def _reserve(widget: QWidget, sample: str) -> None:
    """As wide empty as filled with a typical value, so the ticket does not jump when the first quote arrives."""
    widget.setMinimumWidth(widget.fontMetrics().horizontalAdvance(sample) + 6)


class QuotePanel(QFrame):
    """Depth, OHLC and circuits; `set_quote` fills it, `clear` empties it when the instrument changes.

    Signals:
        price_picked(object): the Decimal price of the depth level the user clicked.
    """

    price_picked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quote_panel")
        self._prices: dict[str, Decimal] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(1)
        for column, text in enumerate(("Bid", "Orders", "Qty", "Offer", "Orders", "Qty")):
            grid.addWidget(_caption(text, Qt.AlignmentFlag.AlignLeft if column % 3 == 0 else _RIGHT), 0, column)
        self._levels = {side: [self._level(grid, side, row) for row in range(DEPTH_LEVELS)] for side in ("bid", "ask")}
        self._totals = (_number(), _number())
        grid.addWidget(_caption("Total", Qt.AlignmentFlag.AlignLeft), DEPTH_LEVELS + 1, 0)
        grid.addWidget(self._totals[0], DEPTH_LEVELS + 1, 2)
        grid.addWidget(self._totals[1], DEPTH_LEVELS + 1, 5)
        self._stats = self._add_stats(grid, DEPTH_LEVELS + 2)
        grid.setRowStretch(grid.rowCount(), 1)

    def _level(self, grid: QGridLayout, side: str, row: int) -> tuple[QPushButton, QLabel, QLabel]:
        price = QPushButton(_BLANK)
        price.setObjectName(f"{side}_{row}")
        price.setProperty("role", side)
        price.setFlat(True)
        price.setCursor(Qt.CursorShape.PointingHandCursor)
        price.setToolTip("Click to use this price")
        price.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        _reserve(price, "99999.99")
        price.clicked.connect(self._on_price_clicked)
        orders, quantity = _number("999"), _number("99,999")
        column = 0 if side == "bid" else 3
        for offset, widget in enumerate((price, orders, quantity)):
            grid.addWidget(widget, row + 1, column + offset)
        return price, orders, quantity

    def _add_stats(self, grid: QGridLayout, first_row: int) -> dict[str, QLabel]:
        names = (
            ("open", "Open"), ("high", "High"), ("low", "Low"), ("close", "Prev. close"),
            ("lower_circuit", "Lower circuit"), ("upper_circuit", "Upper circuit"), ("volume", "Volume"),
        )  # fmt: skip
        stats: dict[str, QLabel] = {}
        for at, (name, text) in enumerate(names):
            row, column = first_row + 1 + at // 2, (at % 2) * 3
            value = _number("9,99,99,999" if name == "volume" else "99999.99")
            value.setObjectName(name)
            grid.addWidget(_caption(text, Qt.AlignmentFlag.AlignLeft), row, column, 1, 2)
            grid.addWidget(value, row, column + 2)
            stats[name] = value
        grid.setRowMinimumHeight(first_row, 8)
        return stats

    def set_quote(self, quote: Quote, tick: Decimal) -> None:
        for side, levels in (("bid", quote.bids), ("ask", quote.asks)):
            for row, widgets in enumerate(self._levels[side]):
                self._show_level(widgets, levels[row] if row < len(levels) else None, tick)
        self._totals[0].setText(f"{sum(level.quantity for level in quote.bids):,}")
        self._totals[1].setText(f"{sum(level.quantity for level in quote.asks):,}")
        for name in ("open", "high", "low", "close", "lower_circuit", "upper_circuit"):
            value: Decimal = getattr(quote, name)
            self._stats[name].setText(format_price(value, tick) if value else _BLANK)
        self._stats["volume"].setText(f"{quote.volume:,}")

    def clear(self) -> None:
        for widgets in (*self._levels["bid"], *self._levels["ask"]):
            self._show_level(widgets, None, Decimal(0))
        for label in (*self._totals, *self._stats.values()):
            label.setText(_BLANK)

    def _show_level(self, widgets: tuple[QPushButton, QLabel, QLabel], level: DepthLevel | None, tick: Decimal) -> None:
        price, orders, quantity = widgets
        if level is None:
            self._prices.pop(price.objectName(), None)
            price.setText(_BLANK)
            price.setEnabled(False)
            orders.setText("")
            quantity.setText("")
            return
        self._prices[price.objectName()] = level.price
        price.setText(format_price(level.price, tick))
        price.setEnabled(True)
        orders.setText(f"{level.orders:,}")
        quantity.setText(f"{level.quantity:,}")

    @Slot()
    def _on_price_clicked(self) -> None:
        price = self._prices.get(self.sender().objectName())
        if price is not None:
            self.price_picked.emit(price)
