"""The GTT dialog's inputs, named after their ``GttField``, laid out in a grid: type, side, product and quantity,
then a (trigger, limit price) pair per row for every pair any type uses, each field with its problem label under
it. Reading them gives a draft and the problems of what could not be read; writing a draft fills them.

A derivative's quantity is typed in lots, with the units beside it (QLabel ``quantity_hint``: "= 130 qty"), as in
the ticket (``domain.gtt_lots``); the draft, like Kite, carries units."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QWidget

from kiteticket.domain import gtt_lots
from kiteticket.domain.enums import Exchange, Product, TransactionType
from kiteticket.domain.gtt import GttType
from kiteticket.domain.gtt_rules import LEGS, GttDraft, GttField, GttProblem, products_for, read_price, read_quantity
from kiteticket.domain.prices import format_price
from kiteticket.ui.ticket.entries import entry_of

MAX_QUANTITY = 100_000_000
PROBLEM_STYLE = "color:#c62828;"
WARNING_STYLE = "color:#a05a00;"  # likely a mistake, yet it may be sent
# Every (trigger, price) pair of every type, in the order the rows are laid out.
PAIRS = tuple(dict.fromkeys(pair for pairs in LEGS.values() for pair in pairs))


class GttInputs:
    """The widgets; the dialog owns them through the grid it puts in its layout."""

    def __init__(self, exchange: Exchange, lot_size: int) -> None:
        self.type_combo = _combo(GttField.TYPE, [(kind.label, kind) for kind in GttType])
        self.side_combo = _combo(GttField.SIDE, [(side.value, side) for side in TransactionType])
        self.product_combo = _combo(GttField.PRODUCT, [(product.value, product) for product in products_for(exchange)])
        self._exchange, self._lot = exchange, max(lot_size, 1)
        self._part_lot = ("", -1)  # a part-lot note for the count written, shown while that count stays
        self.quantity = QSpinBox()
        self.quantity.setObjectName(GttField.QUANTITY.value)
        lots = gtt_lots.in_lots(exchange)
        self.quantity.setRange(0, MAX_QUANTITY // self._lot if lots else MAX_QUANTITY)
        self.quantity.setSingleStep(1 if lots else self._lot)
        self.quantity_hint = QLabel()
        self.quantity_hint.setObjectName("quantity_hint")
        self.prices: dict[GttField, QLineEdit] = {}
        self.problem_labels: dict[GttField, QLabel] = {}
        for trigger, price in PAIRS:
            for field in (trigger, price):
                self.prices[field], self.problem_labels[field] = _price_edit(field), _problem_label(field)

    def kind(self) -> GttType:
        return GttType(self.type_combo.currentData())

    def grid(self, hint: QWidget) -> QGridLayout:
        """The inputs in two columns, with ``hint`` (what the type does) between the choices and the prices."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        choices: tuple[tuple[GttField, QWidget], ...] = (
            (GttField.TYPE, self.type_combo),
            (GttField.SIDE, self.side_combo),
            (GttField.PRODUCT, self.product_combo),
            (GttField.QUANTITY, self.quantity),
        )
        for number, (field, widget) in enumerate(choices):
            caption = gtt_lots.caption(self._exchange) if field is GttField.QUANTITY else field.label
            grid.addWidget(QLabel(caption), number // 2 * 2, number % 2)
            if widget is self.quantity:
                beside = QHBoxLayout()
                beside.addWidget(widget, 1)
                beside.addWidget(self.quantity_hint)
                grid.addLayout(beside, number // 2 * 2 + 1, number % 2)
            else:
                grid.addWidget(widget, number // 2 * 2 + 1, number % 2)
        grid.addWidget(hint, 4, 0, 1, 2)
        for row, pair in enumerate(PAIRS):
            for column, field in enumerate(pair):
                grid.addWidget(QLabel(field.label), 5 + row * 3, column)
                grid.addWidget(self.prices[field], 6 + row * 3, column)
                grid.addWidget(self.problem_labels[field], 7 + row * 3, column)
        for column in range(2):
            grid.setColumnMinimumWidth(column, 190)
        return grid

    def write(self, draft: GttDraft) -> None:
        for combo, value in (
            (self.type_combo, draft.type),
            (self.side_combo, draft.transaction_type),
            (self.product_combo, draft.product),
        ):
            combo.setCurrentIndex(max(combo.findData(value), 0))
        count = gtt_lots.to_count(draft.quantity, self._exchange, self._lot)
        self._part_lot = (gtt_lots.part_lot_note(draft.quantity, self._exchange, self._lot), count)
        self.quantity.setValue(count)
        self.show_units()
        for field in self.prices:
            self.write_price(field, draft.value(field), draft.tick)

    def show_units(self) -> None:
        """The units beside a lot count (and, until the count changes, what a part lot written left out)."""
        count = self.quantity.value()
        note, written = self._part_lot
        hint = gtt_lots.units_hint(count, self._exchange, self._lot)
        self.quantity_hint.setText(f"{hint} · {note}" if note and count == written else hint)
        self.quantity_hint.setToolTip(note if note and count == written else "")

    def show_problem(self, field: GttField, text: str, *, warning: bool = False) -> None:
        """``text`` under the field: a problem (red, Send waits for it), or a warning (amber, Send stays)."""
        label = self.problem_labels[field]
        label.setText(text)
        style = WARNING_STYLE if warning else PROBLEM_STYLE
        if label.styleSheet() != style:
            label.setStyleSheet(style)

    def write_price(self, field: GttField, price: Decimal | None, tick: Decimal) -> None:
        self.prices[field].setText(format_price(price, tick) if price is not None else "")

    def read(self, base: GttDraft) -> tuple[GttDraft, tuple[GttProblem, ...]]:
        """``base`` (the instrument, its tick and last price) with what the inputs hold, and the problems of any
        number that could not be read (that field is then empty or 0 in the draft, never its previous value)."""
        values: dict[str, Decimal | None] = {}
        unreadable: list[GttProblem] = []
        quantity, quantity_problem = read_quantity(entry_of(self.quantity))
        if quantity_problem is not None:
            unreadable.append(quantity_problem)
        for field, edit in self.prices.items():
            value, problem = read_price(field, edit.text())
            values[field.value] = value
            if problem is not None:
                unreadable.append(problem)
        draft = replace(
            base,
            type=self.kind(),
            transaction_type=TransactionType(self.side_combo.currentData()),
            product=Product(self.product_combo.currentData()),
            quantity=gtt_lots.to_units(quantity, self._exchange, self._lot),
            **values,  # type: ignore[arg-type]
        )
        return draft, tuple(unreadable)


def _combo(field: GttField, items: list[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(field.value)
    for text, data in items:
        combo.addItem(text, data)
    return combo


def _price_edit(field: GttField) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(field.value)
    edit.setPlaceholderText("0.00")
    return edit


def _problem_label(field: GttField) -> QLabel:
    label = QLabel()
    label.setObjectName(f"{field.value}_problem")
    label.setWordWrap(True)
    label.setStyleSheet(PROBLEM_STYLE)
    return label
