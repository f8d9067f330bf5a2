"""The GTT dialog: a single trigger or an OCO (stop-loss and target), each price field enabled by the rule table
(``domain.gtt_rules.LEGS``) and every problem shown beside its field before anything can be sent.

Widgets are named after their ``GttField`` (``findChild(QWidget, "stoploss_trigger")``); each price field has a
QLabel ``<field>_problem`` under it. The send button is ``send``; ``gtt_summary`` says what is wrong with the GTT
as a whole (no last price yet). The dialog sends nothing: the controller reads ``request()`` once it is accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiteticket.domain.enums import Product, TransactionType
from kiteticket.domain.gtt import GttRequest, GttType
from kiteticket.domain.gtt_drafts import OCO_FIELDS, with_suggested_oco
from kiteticket.domain.gtt_rules import (
    LEGS,
    GttDraft,
    GttField,
    GttProblem,
    build_request,
    enabled_fields,
    products_for,
    read_price,
)
from kiteticket.domain.gtt_validation import problems
from kiteticket.domain.prices import format_price

Confirm = Callable[[GttRequest, QWidget], bool]  # asked before the dialog closes; False keeps it open
MAX_QUANTITY = 100_000_000
PROBLEM_STYLE = "color:#c62828;"
# Every (trigger, price) pair of every type, in the order the rows are laid out.
PAIRS = tuple(dict.fromkeys(pair for pairs in LEGS.values() for pair in pairs))


class GttDialog(QDialog):
    """Create or modify one GTT. Signals: QDialog's own (accepted, finished)."""

    def __init__(
        self, draft: GttDraft, *, trigger_id: str = "", confirm: Confirm | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("GttDialog")
        self.trigger_id = trigger_id
        self._draft = draft
        self._confirm = confirm
        self._request: GttRequest | None = None
        verb = f"Modify GTT {trigger_id}" if trigger_id else "New GTT"
        self.setWindowTitle(f"{verb}: {draft.tradingsymbol} ({draft.exchange})")
        self._build()
        self._write(draft)
        self._connect()
        self._refresh()

    # -- what the controller and tests call --------------------------------------------------------------------
    def draft(self) -> GttDraft:
        return self._read()[0]

    def problems(self) -> tuple[GttProblem, ...]:
        draft, unreadable = self._read()
        unread = {problem.field for problem in unreadable}
        enabled = enabled_fields(draft.type)
        found = unreadable + tuple(p for p in problems(draft) if p.field not in unread)
        return tuple(problem for problem in found if problem.field is None or problem.field in enabled)

    def request(self) -> GttRequest | None:
        """The request the user confirmed (None until the dialog is accepted)."""
        return self._request

    def set_last_price(self, last_price: Decimal) -> None:
        """A newer last price (a quote came): the distance and side checks follow it."""
        self._draft = replace(self._draft, last_price=last_price)
        self._show_header()
        self._refresh()

    def field(self, name: GttField) -> QWidget:
        found = self.findChild(QWidget, name.value)
        assert found is not None, name
        return found

    # -- building ----------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.header = QLabel()
        self.header.setObjectName("gtt_header")
        self.type_combo = _combo(GttField.TYPE, [(kind.label, kind) for kind in GttType])
        self.side_combo = _combo(GttField.SIDE, [(side.value, side) for side in TransactionType])
        products = products_for(self._draft.exchange)
        self.product_combo = _combo(GttField.PRODUCT, [(product.value, product) for product in products])
        self.quantity = QSpinBox()
        self.quantity.setObjectName(GttField.QUANTITY.value)
        self.quantity.setRange(0, MAX_QUANTITY)
        self.quantity.setSingleStep(max(self._draft.lot_size, 1))
        self.prices: dict[GttField, QLineEdit] = {}
        self.problem_labels: dict[GttField, QLabel] = {}
        self.summary = QLabel()
        self.summary.setObjectName("gtt_summary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(PROBLEM_STYLE)
        self.send = QPushButton("Modify GTT" if self.trigger_id else "Place GTT")
        self.send.setObjectName("send")
        self.send.setDefault(True)
        cancel = QPushButton("Cancel")
        cancel.setObjectName("cancel")
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(self._grid())
        layout.addWidget(self.summary)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.send)
        layout.addLayout(buttons)

    def _grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        for column, (field, widget) in enumerate(
            ((GttField.TYPE, self.type_combo), (GttField.SIDE, self.side_combo),
             (GttField.PRODUCT, self.product_combo), (GttField.QUANTITY, self.quantity))
        ):  # fmt: skip
            grid.addWidget(QLabel(field.label), column // 2 * 2, column % 2)
            grid.addWidget(widget, column // 2 * 2 + 1, column % 2)
        row = 4
        for trigger, price in PAIRS:
            for column, field in enumerate((trigger, price)):
                edit = QLineEdit()
                edit.setObjectName(field.value)
                edit.setPlaceholderText("0.00")
                problem = QLabel()
                problem.setObjectName(f"{field.value}_problem")
                problem.setWordWrap(True)
                problem.setStyleSheet(PROBLEM_STYLE)
                self.prices[field], self.problem_labels[field] = edit, problem
                grid.addWidget(QLabel(field.label), row, column)
                grid.addWidget(edit, row + 1, column)
                grid.addWidget(problem, row + 2, column)
            row += 3
        for column in range(2):
            grid.setColumnMinimumWidth(column, 190)
        return grid

    def _connect(self) -> None:
        self.type_combo.currentIndexChanged.connect(self._on_type_combo_changed)
        self.side_combo.currentIndexChanged.connect(self._on_value_changed)
        self.product_combo.currentIndexChanged.connect(self._on_value_changed)
        self.quantity.textChanged.connect(self._on_value_changed)
        for edit in self.prices.values():
            edit.textChanged.connect(self._on_value_changed)
        self.send.clicked.connect(self._on_send_clicked)

    # -- reading and writing the fields ------------------------------------------------------------------------
    def _write(self, draft: GttDraft) -> None:
        for combo, value in (
            (self.type_combo, draft.type),
            (self.side_combo, draft.transaction_type),
            (self.product_combo, draft.product),
        ):
            index = combo.findData(value)
            combo.setCurrentIndex(max(index, 0))
        self.quantity.setValue(draft.quantity)
        for field, edit in self.prices.items():
            price = draft.value(field)
            edit.setText(format_price(price, draft.tick) if price is not None else "")
        self._show_header()

    def _read(self) -> tuple[GttDraft, tuple[GttProblem, ...]]:
        values: dict[str, Decimal | None] = {}
        unreadable: list[GttProblem] = []
        for field, edit in self.prices.items():
            value, problem = read_price(field, edit.text())
            values[field.value] = value
            if problem is not None:
                unreadable.append(problem)
        draft = replace(
            self._draft,
            type=GttType(self.type_combo.currentData()),
            transaction_type=TransactionType(self.side_combo.currentData()),
            product=Product(self.product_combo.currentData()),
            quantity=self.quantity.value(),
            **values,  # type: ignore[arg-type]
        )
        return draft, tuple(unreadable)

    def _show_header(self) -> None:
        draft = self._draft
        last = format_price(draft.last_price, draft.tick) if draft.last_price is not None else "–"
        lot = f" · lot {draft.lot_size}" if draft.lot_size > 1 else ""
        self.header.setText(f"<b>{draft.tradingsymbol}</b> · {draft.exchange}{lot} · last price <b>{last}</b>")

    # -- reacting ----------------------------------------------------------------------------------------------
    @Slot(int)
    def _on_type_combo_changed(self, _index: int) -> None:
        draft = self.draft()
        if draft.type is GttType.OCO:
            suggested = with_suggested_oco(draft)
            for field in OCO_FIELDS:
                value = suggested.value(field)
                if not self.prices[field].text().strip() and value is not None:
                    self.prices[field].setText(format_price(value, draft.tick))
        self._refresh()

    @Slot()
    def _on_value_changed(self) -> None:
        self._refresh()

    @Slot()
    def _on_send_clicked(self) -> None:
        if self.problems():
            return
        request = build_request(self.draft())
        if self._confirm is not None and not self._confirm(request, self):
            return
        self._request = request
        self.accept()

    def _refresh(self) -> None:
        enabled = enabled_fields(GttType(self.type_combo.currentData()))
        found = self.problems()
        by_field: dict[GttField | None, str] = {}
        for problem in found:
            by_field.setdefault(problem.field, problem.message)
        for field, edit in self.prices.items():
            edit.setEnabled(field in enabled)
            self.problem_labels[field].setText(by_field.get(field, "") if field in enabled else "")
            edit.setToolTip(by_field.get(field, ""))
        for field in (GttField.PRODUCT, GttField.QUANTITY):
            self.field(field).setToolTip(by_field.get(field, ""))
        others = [by_field[field] for field in (None, GttField.PRODUCT, GttField.QUANTITY) if field in by_field]
        self.summary.setText("\n".join(others))
        self.send.setEnabled(not found)
        self.send.setToolTip(found[0].message if found else "")


def _combo(field: GttField, items: list[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(field.value)
    for text, data in items:
        combo.addItem(text, data)
    return combo
