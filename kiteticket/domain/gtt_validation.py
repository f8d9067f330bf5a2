"""What a GTT draft must satisfy before it is sent, each problem on the field it belongs to, in words a trader can
act on: never only the first problem, since the dialog shows each beside its field as the user types.

Beyond quantity, product and the tick grid: an OCO's stop-loss and target each lie on their own side of the last
price (below and above for a SELL, the mirror for a BUY), and no trigger sits right at the last price, where it
would fire at once. NOT CONFIRMED: the exact minimum distance Kite enforces; kiteticket asks for 0.25% of the last
price, the gap Kite web's GTT form has been seen to insist on, so such a trigger is caught here, not at Kite.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from kiteticket.domain.enums import TransactionType
from kiteticket.domain.gtt_rules import LEGS, GttDraft, GttField, GttProblem, products_for
from kiteticket.domain.prices import format_price, is_on_tick, neighbours_on_tick

MIN_DISTANCE = Decimal("0.0025")  # of the last price: how far a trigger must be from it (NOT CONFIRMED, above)


def problems(draft: GttDraft) -> tuple[GttProblem, ...]:
    """Every problem, never only the first: the dialog shows each beside its field as the user types."""
    return tuple(_problems(draft))


def _problems(draft: GttDraft) -> Iterator[GttProblem]:
    yield from _product(draft)
    yield from _quantity(draft)
    if draft.last_price is None or draft.last_price <= 0:
        yield GttProblem(None, f"Waiting for the last price of {draft.tradingsymbol}; a GTT needs it.")
    for trigger_field, price_field in LEGS[draft.type]:
        yield from _price(draft, price_field)
        yield from _trigger(draft, trigger_field)


def _product(draft: GttDraft) -> Iterator[GttProblem]:
    allowed = products_for(draft.exchange)
    if draft.product not in allowed:
        names = " or ".join(product.value for product in allowed)
        yield GttProblem(GttField.PRODUCT, f"A GTT on {draft.exchange} places {names} orders, not {draft.product}.")


def _quantity(draft: GttDraft) -> Iterator[GttProblem]:
    lot = max(draft.lot_size, 1)
    if draft.quantity <= 0:
        yield GttProblem(GttField.QUANTITY, "Enter a quantity of at least 1.")
    elif draft.quantity % lot:
        below = draft.quantity // lot * lot
        advice = f"use {below} or {below + lot}" if below else f"use {lot}"
        yield GttProblem(
            GttField.QUANTITY, f"Quantity {draft.quantity} is not a multiple of the lot size {lot}: {advice}."
        )


def _price(draft: GttDraft, field: GttField) -> Iterator[GttProblem]:
    value = draft.value(field)
    if value is None or value <= 0:
        yield GttProblem(field, f"Enter the {field.label.lower()}: the LIMIT order the trigger places needs one.")
    else:
        yield from _on_grid(field, value, draft.tick)


def _trigger(draft: GttDraft, field: GttField) -> Iterator[GttProblem]:
    value = draft.value(field)
    if value is None or value <= 0:
        yield GttProblem(field, f"Enter the {field.label.lower()}.")
        return
    grid = list(_on_grid(field, value, draft.tick))
    yield from grid
    last = draft.last_price
    if grid or last is None or last <= 0:
        return
    wrong_side = _wrong_side(draft, field, value, last)
    if wrong_side:
        yield GttProblem(field, wrong_side)
    elif abs(value - last) < last * MIN_DISTANCE:
        low, high = _distance_bounds(last, draft.tick)
        yield GttProblem(
            field,
            f"{field.label} {format_price(value, draft.tick)} is too close to the last price "
            f"{format_price(last, draft.tick)}: it would fire at once. Use {format_price(low, draft.tick)} or less, "
            f"or {format_price(high, draft.tick)} or more.",
        )


def _wrong_side(draft: GttDraft, field: GttField, value: Decimal, last: Decimal) -> str:
    """An OCO's stop-loss and target must lie on their own side of the last price (mirrored for a BUY)."""
    if field not in (GttField.STOPLOSS_TRIGGER, GttField.TARGET_TRIGGER):
        return ""
    selling = draft.transaction_type is TransactionType.SELL
    wants_below = (field is GttField.STOPLOSS_TRIGGER) == selling
    shown, at = format_price(value, draft.tick), format_price(last, draft.tick)
    side = draft.transaction_type.value
    if wants_below and value >= last:
        why = "it sells if the price falls to it" if selling else "it buys back if the price falls to it"
        return f"{field.label} {shown} must be below the last price {at} for a {side} OCO: {why}."
    if not wants_below and value <= last:
        why = "it buys back if the price rises to it" if not selling else "it sells if the price rises to it"
        return f"{field.label} {shown} must be above the last price {at} for a {side} OCO: {why}."
    return ""


def _on_grid(field: GttField, value: Decimal, tick: Decimal) -> Iterator[GttProblem]:
    if tick > 0 and not is_on_tick(value, tick):
        below, above = neighbours_on_tick(value, tick)
        yield GttProblem(
            field,
            f"{field.label} {value} is not a multiple of the tick size {tick}: "
            f"use {format_price(below, tick)} or {format_price(above, tick)}.",
        )


def _distance_bounds(last: Decimal, tick: Decimal) -> tuple[Decimal, Decimal]:
    """The nearest grid prices far enough from ``last`` on each side."""
    gap = last * MIN_DISTANCE
    if tick <= 0:
        return last - gap, last + gap
    low = ((last - gap) / tick).to_integral_value(rounding=ROUND_FLOOR) * tick
    high = ((last + gap) / tick).to_integral_value(rounding=ROUND_CEILING) * tick
    return low, high
