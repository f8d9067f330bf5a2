"""What the GTT confirmations say: a modification as before → after for every field it changes, and a deletion as
the whole GTT it deletes (instrument, triggers, each leg's order), so that "Yes" is said to something seen.

A GTT as Kite lists it (``GttRow``) and as the dialog would send it (``GttRequest``) are both read into the same
named terms, an OCO's legs by their role: for a SELL the lower trigger is the stop-loss, for a BUY the upper one (as
``gtt_drafts.from_gtt`` reads them back into the dialog). Quantities of derivatives read in lots and units, as the
ticket shows them; money through ``format_inr``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kiteticket.domain import lots
from kiteticket.domain.gtt import GttRequest, GttType
from kiteticket.domain.gtt_row import GttRow
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.money import format_inr

NONE = "none"


@dataclass(frozen=True, slots=True)
class GttLegTerms:
    role: str  # "" for a single GTT's one leg, else "Stop-loss" or "Target"
    trigger: Decimal | None
    side: str
    quantity: int
    price: Decimal | None
    product: str


@dataclass(frozen=True, slots=True)
class GttTerms:
    type: GttType | None
    legs: tuple[GttLegTerms, ...]


def terms_of_request(request: GttRequest) -> GttTerms:
    legs = [
        GttLegTerms("", trigger, leg.transaction_type.value, leg.quantity, leg.price, leg.product.value)
        for trigger, leg in zip(request.trigger_values, request.legs, strict=True)
    ]
    return GttTerms(request.type, _roles(request.type, legs))


def terms_of_row(row: GttRow) -> GttTerms:
    legs = [
        GttLegTerms("", line.trigger, line.transaction_type, line.quantity, line.price, line.product)
        for line in row.orders
    ]
    return GttTerms(row.type, _roles(row.type, legs))


def _roles(kind: GttType | None, legs: list[GttLegTerms]) -> tuple[GttLegTerms, ...]:
    if kind is not GttType.OCO or len(legs) != 2:
        return tuple(legs)
    low, high = sorted(legs, key=lambda leg: leg.trigger or Decimal(0))
    stop, target = (low, high) if low.side == "SELL" else (high, low)
    return (_named(stop, "Stop-loss"), _named(target, "Target"))


def _named(leg: GttLegTerms, role: str) -> GttLegTerms:
    return GttLegTerms(role, leg.trigger, leg.side, leg.quantity, leg.price, leg.product)


def place_confirmation(request: GttRequest, *, tick: Decimal, instrument: Instrument | None = None) -> str:
    """The new GTT in one line (``GttRequest.describe``), its quantity in lots and units for a derivative."""
    return request.describe(tick, quantity=_quantity(request.legs[0].quantity, instrument) if request.legs else "")


def modify_confirmation(
    row: GttRow, request: GttRequest, *, tick: Decimal, instrument: Instrument | None = None
) -> str:
    """ "Modify GTT 123 on INFY (NSE):" then "Stop-loss trigger: ₹1,520.00 → ₹1,540.00" for each changed field,
    what stays as it was, and the last price sent with it."""
    before = _fields(terms_of_row(row), tick, instrument)
    after = _fields(terms_of_request(request), tick, instrument)
    labels = list(after) + [label for label in before if label not in after]
    changed = [f"{label}: {before.get(label, NONE)} → {after.get(label, NONE)}" for label in labels
               if before.get(label) != after.get(label)]  # fmt: skip
    kept = [f"{label.lower()} {value}" for label, value in after.items() if before.get(label) == value]
    lines = [f"Modify GTT {row.trigger_id} on {row.tradingsymbol} ({row.exchange}):"]
    lines += changed or ["Nothing changed: the same GTT is sent again, with the last price now."]
    if kept and changed:
        lines.append(f"Unchanged: {', '.join(kept)}.")
    lines.append(f"Last price now {_money(request.last_price, tick)}.")
    return "\n".join(lines)


def delete_confirmation(row: GttRow, *, tick: Decimal, instrument: Instrument | None = None) -> str:
    """The GTT being deleted, whole: its type, instrument, and each trigger with the order it would place."""
    kind = f"{row.type.label} GTT" if row.type is not None else "GTT"
    lines = [f"Delete the {kind} {row.trigger_id} on {row.tradingsymbol} ({row.exchange})?"]
    for leg in terms_of_row(row).legs:
        role = f"{leg.role}: trigger" if leg.role else "Trigger"
        order = f"{leg.side} {_quantity(leg.quantity, instrument)} at {_money(leg.price, tick)} {leg.product}"
        lines.append(f"{role} {_money(leg.trigger, tick)} → {order}")
    lines.append("Its triggers stop watching the price: nothing is placed from it after this.")
    return "\n".join(lines)


def _fields(terms: GttTerms, tick: Decimal, instrument: Instrument | None) -> dict[str, str]:
    """The GTT as labelled values, in the dialog's order; a field both legs share is listed once."""
    first = terms.legs[0] if terms.legs else None
    fields = {"Type": terms.type.label if terms.type is not None else NONE}
    if first is not None:
        fields |= {"Side": first.side, "Quantity": _quantity(first.quantity, instrument), "Product": first.product}
    for leg in terms.legs:
        trigger = f"{leg.role} trigger" if leg.role else "Trigger"
        limit = f"{leg.role} limit price" if leg.role else "Limit price"
        fields |= {trigger: _money(leg.trigger, tick), limit: _money(leg.price, tick)}
    return fields


def _quantity(units: int, instrument: Instrument | None) -> str:
    return lots.describe_quantity(units, instrument)


def _money(value: Decimal | None, tick: Decimal) -> str:
    if value is None:
        return NONE
    exponent = tick.normalize().as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return format_inr(value, places=places)
