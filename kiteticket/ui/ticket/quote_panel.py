"""The quote panel: five levels of depth, the day's range and the circuit limits of the ticket's instrument.

Depth prices are flat buttons: clicking one fills the ticket's price, as in Kite's market depth. Every column has room
for the widest values of the day: six-digit prices (MCX gold, BANKNIFTY futures) and quantities of lakhs (a NIFTY
depth level), grouped the Indian way as Kite shows them.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QSizePolicy, QWidget

from kiteticket.domain.money import format_inr
from kiteticket.domain.prices import format_price
from kiteticket.domain.quote import DepthLevel, Quote

DEPTH_LEVELS = 5
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_BLANK = "–"
# The widest value each column must show whole, at the panel's font.
WIDEST_PRICE = "199999.00"
WIDEST_QUANTITY = "99,99,999"
WIDEST_ORDERS = "9,999"
WIDEST_VOLUME = "99,99,99,999"


def _caption(text: str, alignment: Qt.AlignmentFlag = _RIGHT) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "caption")
    label.setAlignment(alignment)
    return label


def _count(value: int) -> str:
    return format_inr(value, places=0, symbol=False)


def _number(sample: str = WIDEST_QUANTITY) -> QLabel:
    label = QLabel(_BLANK)
    label.setAlignment(_RIGHT)
    _reserve(label, sample)
    return label


def _reserve(widget: QWidget, sample: str, *, bold: bool = False) -> None:
    """As wide empty as filled with the widest value, so the ticket does not jump when the first quote arrives.

    ``bold``: the ticket's style sheet sets the depth prices semi-bold, and is applied only once the panel is shown.
    """
    font = QFont(widget.font())
    if bold:
        font.setWeight(QFont.Weight.DemiBold)
    widget.setMinimumWidth(QFontMetrics(font).horizontalAdvance(sample) + 6)


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
        _reserve(price, WIDEST_PRICE, bold=True)
        price.clicked.connect(self._on_price_clicked)
        orders, quantity = _number(WIDEST_ORDERS), _number(WIDEST_QUANTITY)
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
            value = _number(WIDEST_VOLUME if name == "volume" else WIDEST_PRICE)
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
        self._totals[0].setText(_count(sum(level.quantity for level in quote.bids)))
        self._totals[1].setText(_count(sum(level.quantity for level in quote.asks)))
        for name in ("open", "high", "low", "close", "lower_circuit", "upper_circuit"):
            value: Decimal = getattr(quote, name)
            self._stats[name].setText(format_price(value, tick) if value else _BLANK)
        self._stats["volume"].setText(_count(quote.volume))

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
        orders.setText(_count(level.orders))
        quantity.setText(_count(level.quantity))

    @Slot()
    def _on_price_clicked(self) -> None:
        price = self._prices.get(self.sender().objectName())
        if price is not None:
            self.price_picked.emit(price)
