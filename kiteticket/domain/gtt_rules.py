"""What a GTT request must satisfy before it is sent, each problem on the field it belongs to.

One small rule table says which price fields a type uses: a single GTT has one trigger and its limit price; an OCO
has a stop-loss and a target, each a trigger and a limit price. For a SELL (protecting a holding or a long
position) the stop-loss lies below the last price and the target above it; for a BUY (covering a short) it is the
mirror: the stop-loss above, the target below.

Kite's limits (Zerodha's GTT pages and terms): LIMIT orders only; CNC for cash equity and NRML for derivatives (MIS
is intraday and cannot wait for a trigger that may come next month); a trigger may not sit right at the last price.
NOT CONFIRMED: the exact minimum distance Kite enforces; kiteticket asks for 0.25% of the last price, the gap
Kite web's GTT form has been seen to insist on, so a trigger that would fire at once is caught here, not at Kite.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from enum import StrEnum

from kiteticket.domain.enums import Exchange, Product, TransactionType
from kiteticket.domain.gtt import GttLeg, GttRequest, GttType
from kiteticket.domain.prices import format_price, is_on_tick, neighbours_on_tick, round_to_tick
from kiteticket.domain.strict_numbers import strict_decimal

MAX_PRICE = Decimal(100_000_000)
MIN_DISTANCE = Decimal("0.0025")  # of the last price: how far a trigger must be from it (NOT CONFIRMED, above)
SUGGESTED_DISTANCE = Decimal("0.05")  # a new OCO starts with its triggers 5% either side of the last price
SUGGESTED_SLIPPAGE_TICKS = 20  # a stop-loss's limit price starts this far past its trigger, so it fills in a fall


class GttField(StrEnum):
    """The dialog's inputs, by the names its widgets carry."""

    TYPE = "gtt_type"
    SIDE = "transaction_type"
    PRODUCT = "product"
    QUANTITY = "quantity"
    TRIGGER = "trigger"
    PRICE = "price"
    STOPLOSS_TRIGGER = "stoploss_trigger"
    STOPLOSS_PRICE = "stoploss_price"
    TARGET_TRIGGER = "target_trigger"
    TARGET_PRICE = "target_price"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    GttField.TYPE: "Type",
    GttField.SIDE: "Side",
    GttField.PRODUCT: "Product",
    GttField.QUANTITY: "Quantity",
    GttField.TRIGGER: "Trigger",
    GttField.PRICE: "Limit price",
    GttField.STOPLOSS_TRIGGER: "Stop-loss trigger",
    GttField.STOPLOSS_PRICE: "Stop-loss limit price",
    GttField.TARGET_TRIGGER: "Target trigger",
    GttField.TARGET_PRICE: "Target limit price",
}

# The rule table: the (trigger, limit price) pairs each type uses. Every other price field is disabled.
LEGS: dict[GttType, tuple[tuple[GttField, GttField], ...]] = {
    GttType.SINGLE: ((GttField.TRIGGER, GttField.PRICE),),
    GttType.OCO: (
        (GttField.STOPLOSS_TRIGGER, GttField.STOPLOSS_PRICE),
        (GttField.TARGET_TRIGGER, GttField.TARGET_PRICE),
    ),
}
PRICE_FIELDS = tuple(field for pairs in LEGS.values() for pair in pairs for field in pair)


def enabled_fields(kind: GttType) -> frozenset[GttField]:
    used = {field for pair in LEGS[kind] for field in pair}
    return frozenset({GttField.TYPE, GttField.SIDE, GttField.PRODUCT, GttField.QUANTITY, *used})


def products_for(exchange: Exchange) -> tuple[Product, ...]:
    """The products a GTT's order may carry on this exchange."""
    return (Product.CNC,) if exchange.is_equity else (Product.NRML,)


@dataclass(frozen=True, slots=True)
class GttProblem:
    field: GttField | None  # None: about the GTT as a whole (no last price yet)
    message: str


@dataclass(frozen=True, slots=True)
class GttDraft:
    """The dialog's contents. Prices are None while empty; ``tick`` and ``lot_size`` come from the instrument."""

    type: GttType
    exchange: Exchange
    tradingsymbol: str
    transaction_type: TransactionType
    product: Product
    quantity: int
    last_price: Decimal | None
    tick: Decimal = Decimal("0.05")
    lot_size: int = 1
    trigger: Decimal | None = None
    price: Decimal | None = None
    stoploss_trigger: Decimal | None = None
    stoploss_price: Decimal | None = None
    target_trigger: Decimal | None = None
    target_price: Decimal | None = None

    def value(self, field: GttField) -> Decimal | None:
        found = getattr(self, field.value)
        return found if isinstance(found, Decimal) else None


def read_price(field: GttField, text: str) -> tuple[Decimal | None, GttProblem | None]:
    """A price field's text: None while empty, or the problem with what was typed."""
    if not text.strip():
        return None, None
    try:
        return strict_decimal(text, Decimal(0), MAX_PRICE), None
    except ValueError:
        return None, GttProblem(field, f"{field.label} must be a price such as 1520.50, not {text.strip()[:20]!r}.")


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


def build_request(draft: GttDraft) -> GttRequest:
    """The request for a draft without problems (``problems(draft)`` is empty): legs in rising trigger order."""
    if draft.last_price is None:
        raise ValueError("a GTT request needs the last price")
    pairs = []
    for trigger_field, price_field in LEGS[draft.type]:
        trigger, price = draft.value(trigger_field), draft.value(price_field)
        if trigger is None or price is None:
            raise ValueError(f"{trigger_field.label} and {price_field.label} are needed")
        pairs.append((trigger, GttLeg(draft.transaction_type, draft.quantity, price, draft.product)))
    pairs.sort(key=lambda pair: pair[0])
    return GttRequest(
        type=draft.type,
        exchange=draft.exchange,
        tradingsymbol=draft.tradingsymbol,
        last_price=draft.last_price,
        trigger_values=tuple(trigger for trigger, _leg in pairs),
        legs=tuple(leg for _trigger, leg in pairs),
    )


def with_suggested_oco(draft: GttDraft) -> GttDraft:
    """An OCO draft whose empty stop-loss and target are filled 5% either side of the last price (the user edits
    them): the stop-loss's limit a few ticks past its trigger, so it still fills in a fast fall (or rise)."""
    last = draft.last_price
    if last is None or last <= 0:
        return draft
    tick = draft.tick if draft.tick > 0 else Decimal("0.05")
    selling = draft.transaction_type is TransactionType.SELL
    step = last * SUGGESTED_DISTANCE
    stop = round_to_tick(last - step if selling else last + step, tick)
    target = round_to_tick(last + step if selling else last - step, tick)
    slip = tick * SUGGESTED_SLIPPAGE_TICKS
    return replace(
        draft,
        stoploss_trigger=draft.stoploss_trigger or stop,
        stoploss_price=draft.stoploss_price or (stop - slip if selling else stop + slip),
        target_trigger=draft.target_trigger or target,
        target_price=draft.target_price or target,
    )
