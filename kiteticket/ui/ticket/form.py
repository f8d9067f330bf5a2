"""Between the inputs and the domain: reading an OrderRequest off the inputs, applying TicketRules to them, and
writing a request back into them. No rule is decided here; each comes from ``kiteticket.domain.rules``."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import Enum

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLabel, QLineEdit

from kiteticket.domain import limits, lots
from kiteticket.domain.entry import FRACTIONAL_FIELDS, Entry, entry_problem, protection_of
from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Validity, Variety
from kiteticket.domain.fields import Field
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.order import AUTO_MARKET_PROTECTION, OrderRequest
from kiteticket.domain.prices import as_decimal, price_places
from kiteticket.domain.rules import Choice, TicketRules, normalise, ticket_rules, varieties_for
from kiteticket.domain.validation import Problem
from kiteticket.ui.ticket.entries import entry_of
from kiteticket.ui.ticket.inputs import TicketInputs

# Display text only; the item data is the enum itself.
PRODUCT_LABELS = {
    Product.CNC: "CNC · delivery",
    Product.MIS: "MIS · intraday",
    Product.NRML: "NRML · overnight",
    Product.MTF: "MTF · margin funding",
}
DEFAULT_TICK = Decimal("0.05")


def _label(value: Enum) -> str:
    if isinstance(value, Product):
        return PRODUCT_LABELS[value]
    return str(getattr(value, "label", value.value))


def current_choice(inputs: TicketInputs) -> Choice:
    return Choice(
        variety=Variety(inputs.variety.currentData() or Variety.REGULAR),
        exchange=Exchange(inputs.exchange.currentData() or Exchange.NSE),
        product=Product(inputs.product.currentData() or Product.CNC),
        order_type=OrderType(inputs.order_type.currentData() or OrderType.LIMIT),
        validity=Validity(inputs.validity.currentData() or Validity.DAY),
    )


def default_choice(inputs: TicketInputs, exchange: Exchange) -> Choice:
    """A fresh order's choices on `exchange`: regular, LIMIT, DAY, and the product shown (if the exchange allows)."""
    return Choice(Variety.REGULAR, exchange, current_choice(inputs).product, OrderType.LIMIT, Validity.DAY)


def _offer(combo: QComboBox, values: Iterable[Enum], current: Enum) -> None:
    """Offer exactly `values` (rebuilt only when they differ, so an open popup is not disturbed)."""
    wanted = list(values)
    with QSignalBlocker(combo):
        if [combo.itemData(row) for row in range(combo.count())] != [value.value for value in wanted]:
            combo.clear()
            for value in wanted:
                combo.addItem(_label(value), value)
        combo.setCurrentIndex(combo.findData(current))


def apply_choice(inputs: TicketInputs, choice: Choice) -> TicketRules:
    """Show the normalised `choice` and offer only what its rules allow; returns those rules."""
    choice = normalise(choice)
    rules = ticket_rules(choice.variety, choice.exchange, choice.order_type, choice.validity)
    with QSignalBlocker(inputs.exchange):
        inputs.exchange.setCurrentIndex(inputs.exchange.findData(choice.exchange))
    _offer(inputs.variety, varieties_for(choice.exchange), choice.variety)
    _offer(inputs.product, rules.products, choice.product)
    _offer(inputs.order_type, rules.order_types, choice.order_type)
    _offer(inputs.validity, rules.validities, choice.validity)
    _apply_sides(inputs, rules)
    _apply_states(inputs, rules)
    return rules


def _apply_sides(inputs: TicketInputs, rules: TicketRules) -> None:
    for side, button in inputs.side.buttons.items():
        button.setEnabled(side in rules.transaction_types)
    if inputs.side.side() not in rules.transaction_types:
        inputs.side.set_side(rules.transaction_types[0])


def _apply_states(inputs: TicketInputs, rules: TicketRules) -> None:
    for field, widget in inputs.widgets.items():
        state = rules.state(field)
        widget.setEnabled(state.enabled)
        widget.setProperty("required", state.required)
        if isinstance(widget, (QAbstractSpinBox, QLineEdit)):
            widget.setReadOnly(not state.editable)
        caption = inputs.captions.get(field)
        if caption is not None:
            _mark_required(caption, state.enabled and state.required)
            caption.setEnabled(state.enabled)


def _mark_required(caption: QLabel, required: bool) -> None:
    """Required captions are set darker (see style.py); a style sheet reads a property only when re-polished."""
    if caption.property("required") != required:
        caption.setProperty("required", required)
        caption.style().unpolish(caption)
        caption.style().polish(caption)


def apply_instrument(inputs: TicketInputs, instrument: Instrument | None, units: int) -> None:
    """Steps and decimals of the instrument, and its starting quantity (`units`, shown in lots for derivatives):
    a quantity typed for another instrument is never carried over (``kiteticket.domain.lots``)."""
    tick = tick_of(instrument)
    for spin in (inputs.price, inputs.trigger_price):
        spin.setDecimals(price_places(tick))
        spin.setSingleStep(float(tick))
    inputs.quantity.setSingleStep(1 if lots.in_lots(instrument) else lot_of(instrument))
    inputs.disclosed_quantity.setSingleStep(lot_of(instrument))
    inputs.captions[Field.QUANTITY].setText(lots.quantity_caption(instrument))
    inputs.quantity.setValue(lots.to_count(units, instrument))


def tick_of(instrument: Instrument | None) -> Decimal:
    if instrument is None or instrument.tick_size <= 0:
        return DEFAULT_TICK
    return as_decimal(instrument.tick_size)


def lot_of(instrument: Instrument | None) -> int:
    return lots.lot_size(instrument)


# The number fields, read from their text (``entries.entry_of``); whole numbers but for the prices.
NUMBER_FIELDS = (
    Field.QUANTITY, Field.PRICE, Field.TRIGGER_PRICE, Field.VALIDITY_TTL, Field.DISCLOSED_QUANTITY,
    Field.ICEBERG_LEGS, Field.ICEBERG_QUANTITY, Field.MARKET_PROTECTION,
)  # fmt: skip


def read_entries(inputs: TicketInputs) -> dict[Field, Entry]:
    spins = {field: inputs.widgets[field] for field in NUMBER_FIELDS}
    return {field: entry_of(spin) for field, spin in spins.items() if isinstance(spin, QAbstractSpinBox)}


def _price(entry: Entry, places: int) -> Decimal | None:
    if entry.number is None or entry.number <= 0:
        return None
    return entry.number.quantize(Decimal(1).scaleb(-places))


def _count(entry: Entry) -> int | None:
    return entry.whole or None


def unreadable(entries: dict[Field, Entry], rules: TicketRules) -> tuple[Problem, ...]:
    """A problem for each enabled field whose text is empty (when required) or cannot be read."""
    found = (
        entry_problem(field, entry, required=rules.state(field).required, whole=field not in FRACTIONAL_FIELDS)
        for field, entry in entries.items()
        if rules.enabled(field)
    )
    return tuple(problem for problem in found if problem is not None)


def read_draft(
    inputs: TicketInputs, tradingsymbol: str, instrument: Instrument | None
) -> tuple[OrderRequest, tuple[Problem, ...]]:
    """The request the inputs show, and the fields that could not be read (which send nothing: 0 or None, never
    the value a spin box keeps behind an emptied text). Disabled fields are not sent. It may still have problems."""
    choice = current_choice(inputs)
    rules = ticket_rules(choice.variety, choice.exchange, choice.order_type, choice.validity)
    on, entries, places = rules.enabled, read_entries(inputs), inputs.price.decimals()
    protection = protection_of(entries[Field.MARKET_PROTECTION])
    request = OrderRequest(
        variety=choice.variety, exchange=choice.exchange, tradingsymbol=tradingsymbol,
        transaction_type=inputs.side.side(), quantity=lots.to_units(entries[Field.QUANTITY].whole or 0, instrument),
        product=choice.product, order_type=choice.order_type, validity=choice.validity,
        price=_price(entries[Field.PRICE], places) if on(Field.PRICE) else None,
        trigger_price=_price(entries[Field.TRIGGER_PRICE], places) if on(Field.TRIGGER_PRICE) else None,
        validity_ttl=_count(entries[Field.VALIDITY_TTL]) if on(Field.VALIDITY_TTL) else None,
        disclosed_quantity=_count(entries[Field.DISCLOSED_QUANTITY]) if on(Field.DISCLOSED_QUANTITY) else None,
        iceberg_legs=_count(entries[Field.ICEBERG_LEGS]) if on(Field.ICEBERG_LEGS) else None,
        iceberg_quantity=_count(entries[Field.ICEBERG_QUANTITY]) if on(Field.ICEBERG_QUANTITY) else None,
        market_protection=(protection or None) if on(Field.MARKET_PROTECTION) else None,
        auction_number=(inputs.auction_number.text().strip() or None) if on(Field.AUCTION_NUMBER) else None,
        autoslice=on(Field.AUTOSLICE) and inputs.autoslice.isChecked(),
        tag=inputs.tag.text().strip() or None,
    )  # fmt: skip
    return request, unreadable(entries, rules)


def missing_fields(request: OrderRequest) -> list[Field]:
    """Required fields left empty. OrderRequest's attributes carry the Kite names, as Field's values do."""
    rules = ticket_rules(request.variety, request.exchange, request.order_type, request.validity)
    return [field for field in Field if rules.state(field).required and getattr(request, field.value) in (None, "", 0)]


def clear_prices(inputs: TicketInputs) -> None:
    for spin in (inputs.price, inputs.trigger_price):
        spin.setValue(0.0)


def reset_values(
    inputs: TicketInputs, instrument: Instrument | None, protection: Decimal | int = AUTO_MARKET_PROTECTION
) -> None:
    """Back to a fresh order for the instrument: one lot, no prices, the user's default market protection (Auto
    unless Settings say otherwise), the fewest iceberg legs."""
    inputs.quantity.setValue(lots.to_count(lot_of(instrument), instrument))
    clear_prices(inputs)
    for count in (inputs.validity_ttl, inputs.disclosed_quantity):
        count.setValue(0)
    inputs.iceberg_legs.setValue(limits.ICEBERG_MIN_LEGS)
    inputs.market_protection.setValue(protection)
    inputs.auction_number.clear()
    inputs.autoslice.setChecked(False)


def write_request(inputs: TicketInputs, request: OrderRequest, instrument: Instrument | None) -> None:
    """Every value of `request` into the inputs (the combos go through ``apply_choice`` first)."""
    inputs.side.set_side(TransactionType(request.transaction_type))
    inputs.quantity.setValue(lots.to_count(request.quantity, instrument))
    inputs.price.setValue(float(request.price or 0))
    inputs.trigger_price.setValue(float(request.trigger_price or 0))
    inputs.validity_ttl.setValue(request.validity_ttl or 0)
    inputs.disclosed_quantity.setValue(request.disclosed_quantity or 0)
    inputs.iceberg_legs.setValue(request.iceberg_legs or limits.ICEBERG_MIN_LEGS)
    inputs.market_protection.setValue(
        AUTO_MARKET_PROTECTION if request.market_protection is None else request.market_protection
    )
    inputs.auction_number.setText(request.auction_number or "")
    inputs.autoslice.setChecked(request.autoslice)
