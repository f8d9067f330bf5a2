"""Modify an open order: the ticket's rules and validator applied to the order as it would stand afterwards.

Only what the user changed is sent (``order_conversion.modify_from_changes``): each of Kite's 25 modifications per
order is precious, and re-sending unchanged values would race a fill. The dialog never sends anything itself; the
caller reads ``modify_request()`` once the dialog is accepted.

"Changed" means changed from what the inputs were filled with. When the order changes on Kite meanwhile (Kite web,
the mobile app), an input the user left alone is refilled with Kite's new value, so the change elsewhere is not
reverted; an input the user edited keeps the user's value, and OK waits for a second look.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiteticket.domain.enums import OrderType, Validity
from kiteticket.domain.fields import Field
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.market import MarketSnapshot
from kiteticket.domain.order import AUTO_MARKET_PROTECTION, ModifyRequest, OrderRequest
from kiteticket.domain.order_conversion import (
    MODIFY_FIELDS,
    ConversionError,
    actions_for,
    changed_fields,
    has_changes,
    locked_fields,
    modifications_note,
    modify_baseline,
    modify_field_values,
    modify_from_changes,
    modify_problems,
)
from kiteticket.domain.order_row import OrderRow
from kiteticket.domain.prices import as_decimal, price_places
from kiteticket.domain.rules import ticket_rules
from kiteticket.domain.validation import Problem, problems_by_field, validate
from kiteticket.ui.ticket.inputs import MAX_PRICE, MAX_QUANTITY, ProtectionSpinBox
from kiteticket.ui.ticket.style import BUY_COLOUR, PROBLEM_COLOUR, SELL_COLOUR

FIELDS = MODIFY_FIELDS
_ORDER_TYPES = frozenset(order_type.value for order_type in OrderType)
_VALIDITIES = frozenset(validity.value for validity in Validity)

# Asked before the dialog closes, with the change and the dialog to put the question over; False keeps it open.
Confirm = Callable[[ModifyRequest, QWidget], bool]


class ModifyOrderDialog(QDialog):
    """Prefilled from an order-book row; OK stays disabled while the change is invalid or empty.

    Inputs are named after the Kite parameters (``quantity``, ``price``, ``order_type``…); each problem is shown in
    the label ``<field>_problem`` under its input; changes made on Kite meanwhile in the label ``kite_note``.
    Signals: QDialog's own (accepted, rejected, finished).
    """

    def __init__(
        self,
        row: OrderRow,
        instrument: Instrument | None,
        market: MarketSnapshot | None = None,
        modifications_used: int | None = None,
        parent: QWidget | None = None,
        *,
        confirm: Confirm | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ModifyOrderDialog")
        self.setWindowTitle(f"Modify order {row.order_id}")
        self._row = row
        self._instrument = instrument
        self._market = market or MarketSnapshot()
        self._modifications_used = modifications_used
        self._locked = locked_fields(row)
        self._tick = as_decimal(instrument.tick_size) if instrument else Decimal("0.05")
        self._baseline = self._read_baseline(row)
        self._enabled: dict[Field, bool] = dict.fromkeys(FIELDS, False)
        self._blocked = True
        self._sent = False
        self._confirm = confirm
        self._confirming = False
        self._following = False  # refilling inputs from Kite: not the user's edit
        self._kite_info = ""
        self._conflicts = ""
        self._build()
        self._prefill()
        self._refresh()

    # -- our API ----------------------------------------------------------------------------------------------
    def modify_request(self) -> ModifyRequest | None:
        """Only the changed fields; None if nothing changed or the change is not valid."""
        if self._baseline is None or self._blocked:
            return None
        modify = self._modify()
        return modify if has_changes(modify) else None

    def update_order(self, row: OrderRow) -> None:
        """The order as the latest poll has it: a fill or a status change while the dialog is open counts, and so
        does a change made elsewhere (see the module docstring)."""
        if row.order_id != self._row.order_id:
            return
        changed = changed_fields(self._row, row)
        edited = {field for field in changed if not self._shows(field, self._row)}
        # From here on the inputs are compared with the new row: an edited input still differs from it and is sent.
        self._row = row
        self._baseline = self._read_baseline(row) or self._baseline
        refilled = [field for field in changed if field not in edited and self._refill(field)]
        conflicts = [field for field in changed if field not in refilled and not self._shows(field, row)]
        if refilled:
            self._kite_info = f"Updated from Kite: {self._describe_values(refilled)}"
        if conflicts:
            now = self._describe_values(conflicts, " now")
            self._conflicts = f"The order changed on Kite ({now}); check before sending"
        self._refresh()

    def accept(self) -> None:
        # Enter in a spin box reaches accept() too; an invalid change must never close the dialog as accepted,
        # and a second accept() (a double press) must not emit accepted twice: one modification per dialog.
        modify = None if self._sent or self._confirming else self.modify_request()
        if modify is None or not self._confirmed(modify):
            return
        self._sent = True
        super().accept()

    # -- building ---------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.quantity = self._spin(Field.QUANTITY, MAX_QUANTITY, max(self._lot(), 1))
        self.price = self._price(Field.PRICE)
        self.trigger_price = self._price(Field.TRIGGER_PRICE)
        self.order_type = self._combo(Field.ORDER_TYPE)
        self.validity = self._combo(Field.VALIDITY)
        self.disclosed_quantity = self._spin(Field.DISCLOSED_QUANTITY, MAX_QUANTITY, 1)
        self.market_protection = ProtectionSpinBox()
        self.market_protection.setObjectName(Field.MARKET_PROTECTION.value)
        self.market_protection.valueChanged.connect(self._on_spin_value_changed)
        self._inputs: dict[Field, QWidget] = {field: getattr(self, field.value) for field in FIELDS}
        self._problems = {field: self._problem_label(f"{field.value}_problem") for field in FIELDS}
        form = QFormLayout()
        for field in FIELDS:
            cell = QVBoxLayout()
            cell.setSpacing(2)
            cell.addWidget(self._inputs[field])
            cell.addWidget(self._problems[field])
            form.addRow(field.label, cell)
        self._summary = QLabel(self._describe())
        self._summary.setObjectName("summary")
        self._summary.setTextFormat(Qt.TextFormat.RichText)
        self._filled = QLabel()
        self._filled.setObjectName("filled")
        self._modifications = QLabel()
        self._modifications.setObjectName("modifications")
        self._note = self._problem_label("note")
        self._kite_note = self._problem_label("kite_note")
        self._keep = QPushButton("Keep my values")
        self._keep.setObjectName("keep_mine")
        self._keep.setVisible(False)
        self._keep.clicked.connect(self._on_keep_clicked)
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Modify")
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        self.setMinimumWidth(420)  # room for a problem message on two lines, not five
        layout = QVBoxLayout(self)
        for widget in (self._summary, self._filled, self._modifications):
            layout.addWidget(widget)
        layout.addLayout(form)
        for note in (self._note, self._kite_note, self._keep):
            layout.addWidget(note)
        layout.addWidget(self._buttons)

    def _spin(self, field: Field, maximum: int, step: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(field.value)
        spin.setRange(0, maximum)
        spin.setSingleStep(step)
        spin.valueChanged.connect(self._on_spin_value_changed)
        return spin

    def _price(self, field: Field) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setObjectName(field.value)
        spin.setRange(0.0, MAX_PRICE)
        spin.setDecimals(price_places(self._tick))
        spin.setSingleStep(float(self._tick))
        spin.valueChanged.connect(self._on_spin_value_changed)
        return spin

    def _combo(self, field: Field) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(field.value)
        combo.currentIndexChanged.connect(self._on_combo_current_index_changed)
        return combo

    @staticmethod
    def _problem_label(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setStyleSheet(f"color: {PROBLEM_COLOUR};")
        label.setVisible(False)
        return label

    def _prefill(self) -> None:
        row, baseline = self._row, self._baseline
        self.quantity.setValue(row.quantity)
        self.price.setValue(row.price)
        self.trigger_price.setValue(row.trigger_price)
        self.disclosed_quantity.setValue(row.disclosed_quantity)
        for field, reason in self._locked.items():
            self._inputs[field].setToolTip(reason)
        if baseline is None:
            return
        self.market_protection.setValue(baseline.market_protection or AUTO_MARKET_PROTECTION)
        types = ticket_rules(baseline.variety, baseline.exchange, baseline.order_type, baseline.validity).order_types
        current = self._row_order_type()
        for order_type in dict.fromkeys((*types, *([current] if current else []))):
            self.order_type.addItem(order_type.value, order_type)
        if current is not None:
            self.order_type.setCurrentIndex(self.order_type.findData(current))

    # -- slots ------------------------------------------------------------------------------------------------
    @Slot()
    def _on_spin_value_changed(self) -> None:
        self._on_input_changed()

    @Slot()
    def _on_combo_current_index_changed(self) -> None:
        self._on_input_changed()

    @Slot()
    def _on_keep_clicked(self) -> None:
        self._kite_info = self._conflicts = ""
        self._refresh()

    def _on_input_changed(self) -> None:
        if not self._following:
            self._kite_info = self._conflicts = ""  # an edit after the note is the second look the note asked for
        self._refresh()

    # -- following the order on Kite --------------------------------------------------------------------------
    def _value(self, field: Field) -> object:
        """The input's value, comparable with ``modify_field_values`` (combos hold Kite's text as their data)."""
        widget = self._inputs[field]
        if isinstance(widget, QDoubleSpinBox):
            return self._decimal(widget)
        if isinstance(widget, QComboBox):
            return widget.currentData()
        return widget.value() if isinstance(widget, QSpinBox) else None

    def _shows(self, field: Field, row: OrderRow) -> bool:
        return bool(self._value(field) == modify_field_values(row)[field])

    def _refill(self, field: Field) -> bool:
        """Put the row's value in the input; False if the input cannot show it (a choice it does not offer)."""
        widget, value = self._inputs[field], modify_field_values(self._row)[field]
        self._following = True
        try:
            if isinstance(widget, QComboBox) and widget.findData(value) >= 0:
                widget.setCurrentIndex(widget.findData(value))
            elif isinstance(widget, QDoubleSpinBox) and isinstance(value, Decimal):
                widget.setValue(float(value))
            elif isinstance(widget, QSpinBox) and isinstance(value, int):
                widget.setValue(value)
        finally:
            self._following = False
        return self._shows(field, self._row)

    def _describe_values(self, fields: list[Field], now: str = "") -> str:
        values = modify_field_values(self._row)
        places = self.price.decimals()
        shown = {field: f"{value:.{places}f}" if isinstance(value, Decimal) else str(value)
                 for field, value in values.items()}  # fmt: skip
        return ", ".join(f"{field.label.lower()}{now} {shown[field]}" for field in fields)

    def _confirmed(self, modify: ModifyRequest) -> bool:
        """Asked while the dialog is still open, so No leaves the user's edits in place. A poll during the question
        may change the order; only the change the user said yes to is sent."""
        if self._confirm is None:
            return True
        self._confirming = True
        try:
            yes = self._confirm(modify, self)
        finally:
            self._confirming = False
        return yes and self.modify_request() == modify

    # -- state ------------------------------------------------------------------------------------------------
    @staticmethod
    def _read_baseline(row: OrderRow) -> OrderRequest | None:
        try:
            return modify_baseline(row)
        except ConversionError:
            return None

    def _lot(self) -> int:
        return self._instrument.lot_size if self._instrument else 1

    def _row_order_type(self) -> OrderType | None:
        return next((order_type for order_type in OrderType if order_type == self._row.order_type), None)

    def _describe(self) -> str:
        row = self._row
        colour = BUY_COLOUR if row.transaction_type == "BUY" else SELL_COLOUR
        return (
            f"<b style='color:{colour}'>{row.transaction_type} {row.tradingsymbol}</b> · {row.exchange} · "
            f"{row.variety} · {row.product} · order {row.order_id}"
            + (f" (stop-loss leg of {row.parent_order_id})" if row.parent_order_id else "")
        )

    def _refresh(self) -> None:
        self._enabled = self._apply_rules()
        row = self._row
        self._filled.setText(f"Filled {row.filled_quantity} of {row.quantity} · {row.status}")
        if self._modifications_used is not None:
            self._modifications.setText(modifications_note(self._modifications_used)[0])
        self._modifications.setVisible(self._modifications_used is not None)
        notes = self._order_blockers()
        blocked = bool(notes)
        if self._baseline is not None:
            field_blocked, field_notes = self._show_problems(self._baseline)
            blocked, notes = blocked or field_blocked, notes + field_notes
        self._blocked = blocked or bool(self._conflicts)
        changed = self._baseline is not None and has_changes(self._modify())
        self._note.setText("\n".join(notes))
        self._note.setVisible(bool(notes))
        self._show_kite_notes()
        ok = self._buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(changed and not self._blocked)
        ok.setToolTip(self._ok_tip(changed))

    def _show_kite_notes(self) -> None:
        text = "\n".join(note for note in (self._conflicts, self._kite_info) if note)
        self._kite_note.setText(text)
        self._kite_note.setVisible(bool(text))
        self._keep.setVisible(bool(self._conflicts))

    def _ok_tip(self, changed: bool) -> str:
        if self._conflicts:
            return "The order changed on Kite: check the values, then edit one or press Keep my values."
        return "" if changed else "Change a value to modify the order."

    def _apply_rules(self) -> dict[Field, bool]:
        """Enable each input as the ticket's rule table says for the chosen order type and validity."""
        baseline = self._baseline
        if baseline is None:
            return dict.fromkeys(FIELDS, False)
        order_type = self._chosen_type() or baseline.order_type
        rules = ticket_rules(baseline.variety, baseline.exchange, order_type, baseline.validity)
        # modify_order cannot send validity_ttl, so minutes are offered only to an order that already has them.
        validities = [v for v in rules.validities if v is not Validity.TTL or baseline.validity is Validity.TTL]
        self._set_choices(self.validity, validities, self._chosen_validity() or baseline.validity)
        validity = self._chosen_validity() or baseline.validity
        rules = ticket_rules(baseline.variety, baseline.exchange, order_type, validity)
        enabled = {field: rules.enabled(field) and field not in self._locked for field in FIELDS}
        for field, on in enabled.items():
            self._inputs[field].setEnabled(on)
        return enabled

    # PySide stores a StrEnum item as its plain string (it is a str), so the enum is rebuilt when read back.
    def _chosen_type(self) -> OrderType | None:
        data = self.order_type.currentData()
        return OrderType(data) if data in _ORDER_TYPES else None

    def _chosen_validity(self) -> Validity | None:
        data = self.validity.currentData()
        return Validity(data) if data in _VALIDITIES else None

    @staticmethod
    def _set_choices(combo: QComboBox, choices: list[Validity], current: Validity) -> None:
        if [combo.itemData(i) for i in range(combo.count())] == choices:
            return
        blocked = combo.blockSignals(True)  # repopulating is not a user's choice: no refresh loop
        combo.clear()
        for choice in choices:
            combo.addItem(choice.label, choice)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(blocked)

    def _modify(self) -> ModifyRequest:
        on = self._enabled
        order_type, validity = self._chosen_type(), self._chosen_validity()
        return modify_from_changes(
            self._row,
            quantity=self.quantity.value() if on[Field.QUANTITY] else None,
            price=self._decimal(self.price) if on[Field.PRICE] else None,
            trigger_price=self._decimal(self.trigger_price) if on[Field.TRIGGER_PRICE] else None,
            order_type=order_type if on[Field.ORDER_TYPE] else None,
            validity=validity if on[Field.VALIDITY] else None,
            disclosed_quantity=self.disclosed_quantity.value() if on[Field.DISCLOSED_QUANTITY] else None,
            market_protection=self.market_protection.protection() if on[Field.MARKET_PROTECTION] else None,
        )

    @staticmethod
    def _decimal(spin: QDoubleSpinBox) -> Decimal:
        return Decimal(f"{spin.value():.{spin.decimals()}f}")

    def _order_blockers(self) -> list[str]:
        """Why no modification can be sent at all, whatever the values."""
        if self._baseline is None:
            return ["kiteticket cannot read this order; modify it on Kite web."]
        action = actions_for(self._row).modify
        if not action.allowed:
            return [action.reason]
        if self._modifications_used is not None and not modifications_note(self._modifications_used)[1]:
            return ["Kite allows 25 modifications per order; cancel it and place a new order instead."]
        return []

    def _show_problems(self, baseline: OrderRequest) -> tuple[bool, list[str]]:
        """Each editable field's problem under it. A problem blocks OK when it is on an editable field or the change
        introduced it; one the order already had (Kite accepted the order as it is) is only noted."""
        modify = self._modify()
        after = validate(modify.apply_to(baseline), self._instrument, self._market)
        before = {problem.message for problem in validate(baseline, self._instrument, self._market)}
        problems: tuple[Problem, ...] = modify_problems(self._row, modify) + after
        shown = problems_by_field(problems)
        for field in FIELDS:
            message = shown.get(field, "") if self._enabled[field] else ""
            self._problems[field].setText(message)
            self._problems[field].setVisible(bool(message))
        editable = [p for p in problems if self._enabled.get(p.field, False)]
        others = [p for p in problems if not self._enabled.get(p.field, False)]
        blocked = bool(editable) or any(p.message not in before for p in others)
        return blocked, [f"{p.field.label}: {p.message}" for p in others]
