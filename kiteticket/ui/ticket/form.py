"""Between the inputs and the domain: reading an OrderRequest off the inputs, applying TicketRules to them, and
writing a request back into them. No rule is decided here; each comes from ``kiteticket.domain.rules``."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import Enum

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QDoubleSpinBox, QLabel, QLineEdit, QSpinBox

from kiteticket.domain import limits
from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Validity, Variety
from kiteticket.domain.fields import Field
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.order import AUTO_MARKET_PROTECTION, OrderRequest
from kiteticket.domain.prices import as_decimal, price_places
from kiteticket.domain.rules import Choice, TicketRules, normalise, ticket_rules, varieties_for
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


def apply_instrument(inputs: TicketInputs, instrument: Instrument | None) -> None:
    """Steps and decimals of the instrument: quantities step by its lot, prices by its tick; a quantity that is
    not whole lots of the new instrument starts again at one lot."""
    tick = tick_of(instrument)
    lot = lot_of(instrument)
    for spin in (inputs.price, inputs.trigger_price):
        spin.setDecimals(price_places(tick))
        spin.setSingleStep(float(tick))
    for count in (inputs.quantity, inputs.disclosed_quantity):
        count.setSingleStep(lot)
    if inputs.quantity.value() == 0 or inputs.quantity.value() % lot:
        inputs.quantity.setValue(lot)


def tick_of(instrument: Instrument | None) -> Decimal:
    if instrument is None or instrument.tick_size <= 0:
        return DEFAULT_TICK
    return as_decimal(instrument.tick_size)


def lot_of(instrument: Instrument | None) -> int:
    return max(instrument.lot_size, 1) if instrument else 1


def price_of(spin: QDoubleSpinBox) -> Decimal | None:
    """The spin box's price as the user sees it: rounded to its decimals first, as floats are not exact."""
    places = spin.decimals()
    value = as_decimal(round(spin.value(), places))
    return value.quantize(Decimal(1).scaleb(-places)) if value > 0 else None


def _count(spin: QSpinBox) -> int | None:
    return spin.value() or None


def read_draft(inputs: TicketInputs, tradingsymbol: str) -> OrderRequest:
    """The request the inputs describe; disabled fields are not sent. It may still have problems."""
    choice = current_choice(inputs)
    on = ticket_rules(choice.variety, choice.exchange, choice.order_type, choice.validity).enabled
    return OrderRequest(
        variety=choice.variety, exchange=choice.exchange, tradingsymbol=tradingsymbol,
        transaction_type=inputs.side.side(), quantity=inputs.quantity.value(), product=choice.product,
        order_type=choice.order_type, validity=choice.validity,
        price=price_of(inputs.price) if on(Field.PRICE) else None,
        trigger_price=price_of(inputs.trigger_price) if on(Field.TRIGGER_PRICE) else None,
        validity_ttl=_count(inputs.validity_ttl) if on(Field.VALIDITY_TTL) else None,
        disclosed_quantity=_count(inputs.disclosed_quantity) if on(Field.DISCLOSED_QUANTITY) else None,
        iceberg_legs=_count(inputs.iceberg_legs) if on(Field.ICEBERG_LEGS) else None,
        iceberg_quantity=_count(inputs.iceberg_quantity) if on(Field.ICEBERG_QUANTITY) else None,
        market_protection=(inputs.market_protection.protection() or None) if on(Field.MARKET_PROTECTION) else None,
        auction_number=(inputs.auction_number.text().strip() or None) if on(Field.AUCTION_NUMBER) else None,
        autoslice=on(Field.AUTOSLICE) and inputs.autoslice.isChecked(),
        tag=inputs.tag.text().strip() or None,
    )  # fmt: skip


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
    inputs.quantity.setValue(lot_of(instrument))
    clear_prices(inputs)
    for count in (inputs.validity_ttl, inputs.disclosed_quantity):
        count.setValue(0)
    inputs.iceberg_legs.setValue(limits.ICEBERG_MIN_LEGS)
    inputs.market_protection.setValue(protection)
    inputs.auction_number.clear()
    inputs.autoslice.setChecked(False)


def write_request(inputs: TicketInputs, request: OrderRequest) -> None:
    """Every value of `request` into the inputs (the combos go through ``apply_choice`` first)."""
    inputs.side.set_side(TransactionType(request.transaction_type))
    inputs.quantity.setValue(request.quantity)
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
