"""Where everything sits: a header in the side's colour, the inputs in a four-column grid, the quote panel on
the right, and margin, problems and the send button along the bottom."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiteticket.domain.fields import Field
from kiteticket.ui.ticket.feedback import ElidedLabel, ResultLine
from kiteticket.ui.ticket.inputs import TicketInputs
from kiteticket.ui.ticket.margin_panel import MarginPanel
from kiteticket.ui.ticket.quote_panel import QuotePanel

# Rows of the input grid, four cells a row; a field twice in a row spans two cells.
GRID = (
    (Field.EXCHANGE, Field.TRADINGSYMBOL, Field.TRADINGSYMBOL, Field.TRADINGSYMBOL),
    (Field.VARIETY, Field.PRODUCT, Field.ORDER_TYPE, Field.VALIDITY),
    (Field.QUANTITY, Field.PRICE, Field.TRIGGER_PRICE, Field.VALIDITY_TTL),
    (Field.DISCLOSED_QUANTITY, Field.ICEBERG_LEGS, Field.ICEBERG_QUANTITY, Field.MARKET_PROTECTION),
    (Field.TAG, Field.AUCTION_NUMBER, Field.AUTOSLICE, None),
)


def _named_label(name: str, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    return label


class TicketLayout:
    """The ticket's widgets other than the inputs, laid out on `ticket`."""

    def __init__(self, ticket: QWidget, inputs: TicketInputs) -> None:
        self.title = _named_label("title")
        self.subtitle = _named_label("subtitle")
        self.last_price = _named_label("last_price")
        self.change = _named_label("change")
        self.hint = _named_label("hint")
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        self.summary = ElidedLabel()
        self.summary.setObjectName("summary")
        self.result = ResultLine()
        self.submit = QPushButton("BUY")
        self.submit.setObjectName("submit")
        self.submit.setAutoDefault(False)
        self.quote_panel = QuotePanel()
        self.margin_panel = MarginPanel()
        self.header = self._header(inputs)
        self.form = QWidget()
        self.form.setObjectName("form")
        body = QHBoxLayout()
        body.setSpacing(0)
        body.addWidget(self.form, 1)
        body.addWidget(self.quote_panel, 0)
        self._grid(inputs)
        outer = QVBoxLayout(ticket)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.setSpacing(8)
        outer.addWidget(self.header)
        outer.addLayout(body)
        outer.addLayout(self._footer())
        outer.addStretch(1)

    def _header(self, inputs: TicketInputs) -> QFrame:
        header = QFrame()
        header.setObjectName("header")
        row = QHBoxLayout(header)
        row.setContentsMargins(10, 7, 10, 7)
        row.setSpacing(10)
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.title)
        names.addWidget(self.subtitle)
        row.addLayout(names, 1)
        prices = QVBoxLayout()
        prices.setSpacing(0)
        prices.addWidget(self.last_price)
        prices.addWidget(self.change)
        row.addLayout(prices)
        row.addSpacing(6)
        row.addWidget(inputs.side)
        return header

    def _grid(self, inputs: TicketInputs) -> None:
        grid = QGridLayout(self.form)
        grid.setContentsMargins(0, 0, 12, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(8)
        placed: set[Field] = set()
        for row, fields in enumerate(GRID):
            for column, field in enumerate(fields):
                if field is None or field in placed:
                    continue
                placed.add(field)
                grid.addWidget(inputs.cell(field), row, column, 1, fields.count(field))
        grid.addWidget(self.hint, len(GRID), 0, 1, 4)
        for column in range(4):
            grid.setColumnStretch(column, 1)
            grid.setColumnMinimumWidth(column, 118)

    def _footer(self) -> QVBoxLayout:
        actions = QHBoxLayout()
        actions.addWidget(self.margin_panel, 1)
        actions.addWidget(self.submit)
        footer = QVBoxLayout()
        footer.setSpacing(3)
        footer.addLayout(actions)
        footer.addWidget(self.summary)
        footer.addWidget(self.result)
        return footer
