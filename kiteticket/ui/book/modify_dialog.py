"""Modify an open order: the dialog renders a ``domain.modify_draft.ModifyDraft``, worked out once per edit or
poll from the order and the inputs' text; every rule (only changed fields, minutes only for a TTL order, 25
modifications, fields left empty) is the draft's. The dialog never sends anything itself; the caller reads
``modify_request()`` once the dialog is accepted.

"Changed" means changed from what the inputs were filled with. When the order changes on Kite meanwhile (Kite web,
the mobile app), an input the user left alone is refilled with Kite's new value, so the change elsewhere is not
reverted; an input the user edited keeps the user's value, and OK waits for a second look.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
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
from kiteticket.domain.modify_draft import (
    NUMBER_FIELDS,
    ModifyContext,
    ModifyDraft,
    ModifyEdits,
    modify_draft,
    offered_order_types,
    offered_validities,
    read_baseline,
)
from kiteticket.domain.order import AUTO_MARKET_PROTECTION, ModifyRequest
from kiteticket.domain.order_conversion import (
    MODIFY_FIELDS,
    changed_fields,
    locked_fields,
    modifications_note,
    modify_field_values,
)
from kiteticket.domain.order_row import OrderRow
from kiteticket.domain.prices import as_decimal, price_places
from kiteticket.ui.ticket.entries import connect_shown_text, entry_of
from kiteticket.ui.ticket.feedback import ReservedLabel
from kiteticket.ui.ticket.inputs import MAX_PRICE, MAX_QUANTITY, ProtectionSpinBox
from kiteticket.ui.ticket.style import BUY_COLOUR, PROBLEM_COLOUR, SELL_COLOUR

FIELDS = MODIFY_FIELDS
_ORDER_TYPES = frozenset(order_type.value for order_type in OrderType)
_VALIDITIES = frozenset(validity.value for validity in Validity)

# Asked before the dialog closes, with the change and the dialog to put the question over; False keeps it open.
Confirm = Callable[[ModifyRequest, QWidget], bool]


class _EnterReadsWhatIsShown(QObject):
    """Return/Enter in a spin box, taken before the spin box sees it. A spin box answers Enter by "fixing up" its
    text first (an emptied field gets its last value back, "1." becomes "1.00") and only then lets the dialog's
    default button accept, which would send a value the user never saw. Here the dialog decides on the text as
    shown: it accepts if that text makes a valid change, and otherwise leaves it as it is, problem and all."""

    def __init__(self, dialog: QDialog) -> None:
        super().__init__(dialog)
        self._dialog = dialog

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        self._dialog.accept()
        return True


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
        self._opened = row  # the last row a baseline could be read from (ModifyDraft falls back to it)
        self._instrument = instrument
        self._context = ModifyContext(instrument, market or MarketSnapshot(), modifications_used)
        self._modifications_used = modifications_used
        self._locked = locked_fields(row)
        self._tick = as_decimal(instrument.tick_size) if instrument else Decimal("0.05")
        self._draft = ModifyDraft(row, read_baseline(row), dict.fromkeys(FIELDS, False), None)  # until _refresh
        self._drafted_for: tuple[OrderRow, ModifyEdits] | None = None  # what the draft was worked out from
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
        """Only the changed fields; None if nothing changed, the change is not valid, or the order changed on Kite
        and the user has not looked again."""
        return self._draft.request if self._draft.sendable and not self._conflicts else None

    def draft(self) -> ModifyDraft:
        """The modification as the dialog shows it (worked out once per edit or poll)."""
        return self._draft

    def order_row(self) -> OrderRow:
        """The order as the dialog last saw it: what a modification changes from."""
        return self._row

    def update_order(self, row: OrderRow) -> None:
        """The order as the latest poll has it: a fill or a status change while the dialog is open counts, and so
        does a change made elsewhere (see the module docstring)."""
        if row.order_id != self._row.order_id:
            return
        changed = changed_fields(self._row, row)
        edited = {field for field in changed if not self._shows(field, self._row)}
        # From here on the inputs are compared with the new row: an edited input still differs from it and is sent.
        self._row = row
        if read_baseline(row) is not None:
            self._opened = row
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
        connect_shown_text(self.market_protection, self._on_spin_value_changed)
        self._inputs: dict[Field, QWidget] = {field: getattr(self, field.value) for field in FIELDS}
        enter = _EnterReadsWhatIsShown(self)
        for widget in self._inputs.values():
            if isinstance(widget, QAbstractSpinBox):
                widget.installEventFilter(enter)
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
        keep_room = self._keep.sizePolicy()
        keep_room.setRetainSizeWhenHidden(True)  # the button appearing must not move OK and Cancel
        self._keep.setSizePolicy(keep_room)
        self._keep.clicked.connect(self._on_keep_clicked)
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Modify")
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        self.setMinimumWidth(480)  # room for a problem message in the two lines kept for it
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
        connect_shown_text(spin, self._on_spin_value_changed)  # an emptied field is a change too
        return spin

    def _price(self, field: Field) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setObjectName(field.value)
        spin.setRange(0.0, MAX_PRICE)
        spin.setDecimals(self._places())
        spin.setSingleStep(float(self._tick))
        connect_shown_text(spin, self._on_spin_value_changed)
        return spin

    def _places(self) -> int:
        """Decimals for the order's prices: the tick's, and never fewer than the order's own prices carry. Without
        the instrument (the list not loaded yet) the default tick would show a CDS 83.2525 as 83.25, and the
        rounded value would then count as a change the user never made."""
        carried = (as_decimal(value).normalize().as_tuple().exponent for value in (self._row.price,
                   self._row.trigger_price) if value)  # fmt: skip
        return max([price_places(self._tick), *(-exponent for exponent in carried if isinstance(exponent, int))])

    def _combo(self, field: Field) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(field.value)
        combo.currentIndexChanged.connect(self._on_combo_current_index_changed)
        return combo

    @staticmethod
    def _problem_label(name: str) -> QLabel:
        # Room for two lines is kept whether or not there is a message: the dialog never grows or moves as the
        # user types (a message of three lines still gets its third, rather than being cut off).
        label = ReservedLabel(name)
        label.setStyleSheet(f"color: {PROBLEM_COLOUR};")
        label.setVisible(False)
        return label

    def _prefill(self) -> None:
        row, baseline = self._row, self._draft.baseline
        self.quantity.setValue(row.quantity)
        self.price.setValue(row.price)
        self.trigger_price.setValue(row.trigger_price)
        self.disclosed_quantity.setValue(row.disclosed_quantity)
        for field, reason in self._locked.items():
            self._inputs[field].setToolTip(reason)
        if baseline is None:
            return
        self.market_protection.setValue(baseline.market_protection or AUTO_MARKET_PROTECTION)
        current = self._row_order_type()
        for order_type in offered_order_types(baseline, current):
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
        if self._following:
            return  # update_order refreshes once when every input has followed Kite
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
        """Work the modification out once (``ModifyDraft``) and show it."""
        self._offer_validities()
        edits = self._edits()
        if self._drafted_for != (self._row, edits):  # a keystroke reports twice (entries.shown_text_changed)
            self._drafted_for = (self._row, edits)
            self._draft = modify_draft(self._opened, self._row, edits, self._context)
        draft = self._draft
        row = self._row
        self._filled.setText(f"Filled {row.filled_quantity} of {row.quantity} · {row.status}")
        if self._modifications_used is not None:
            self._modifications.setText(modifications_note(self._modifications_used)[0])
        self._modifications.setVisible(self._modifications_used is not None)
        for field, on in draft.enabled.items():
            self._inputs[field].setEnabled(on)
        for field in FIELDS:
            message = draft.problems.get(field, "")
            self._problems[field].setText(message)
            self._problems[field].setVisible(bool(message))
        self._note.setText("\n".join(draft.notes))
        self._note.setVisible(bool(draft.notes))
        self._show_kite_notes()
        ok = self._buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(draft.sendable and not self._conflicts)
        ok.setToolTip(self._ok_tip(draft.changed))

    def _edits(self) -> ModifyEdits:
        spins: dict[Field, QAbstractSpinBox] = {
            Field.QUANTITY: self.quantity, Field.PRICE: self.price, Field.TRIGGER_PRICE: self.trigger_price,
            Field.DISCLOSED_QUANTITY: self.disclosed_quantity, Field.MARKET_PROTECTION: self.market_protection,
        }  # fmt: skip
        entries = {field: entry_of(spins[field]) for field in NUMBER_FIELDS}
        return ModifyEdits(entries, self._chosen_type(), self._chosen_validity(), self.price.decimals())

    def _offer_validities(self) -> None:
        """The validity combo offers what the draft's rules allow for the chosen order type."""
        baseline = read_baseline(self._row) or read_baseline(self._opened)
        if baseline is None:
            return
        order_type = self._chosen_type() or baseline.order_type
        self._set_choices(self.validity, list(offered_validities(baseline, order_type)),
                          self._chosen_validity() or baseline.validity)  # fmt: skip

    def _show_kite_notes(self) -> None:
        text = "\n".join(note for note in (self._conflicts, self._kite_info) if note)
        self._kite_note.setText(text)
        self._kite_note.setVisible(bool(text))
        self._keep.setVisible(bool(self._conflicts))

    def _ok_tip(self, changed: bool) -> str:
        if self._conflicts:
            return "The order changed on Kite: check the values, then edit one or press Keep my values."
        return "" if changed else "Change a value to modify the order."

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

    @staticmethod
    def _decimal(spin: QDoubleSpinBox) -> Decimal:
        return Decimal(f"{spin.value():.{spin.decimals()}f}")
