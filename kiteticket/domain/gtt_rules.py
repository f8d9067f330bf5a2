"""The GTT dialog's fields and the one small rule table that says which of them a type uses.

One small rule table says which price fields a type uses: a single GTT has one trigger and its limit price; an OCO
has a stop-loss and a target, each a trigger and a limit price. For a SELL (protecting a holding or a long
position) the stop-loss lies below the last price and the target above it; for a BUY (covering a short) it is the
mirror: the stop-loss above, the target below.

Kite's limits (Zerodha's GTT pages and terms): LIMIT orders only; CNC for cash equity and NRML for derivatives (MIS
is intraday and cannot wait for a trigger that may come next month). What a draft must satisfy is gtt_validation's.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from kiteticket.domain.entry import Entry, entry_problem
from kiteticket.domain.enums import Exchange, Product, TransactionType
from kiteticket.domain.fields import Field
from kiteticket.domain.gtt import GttLeg, GttRequest, GttType
from kiteticket.domain.prices import format_price
from kiteticket.domain.strict_numbers import strict_decimal

MAX_PRICE = Decimal(100_000_000)


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


def type_hint(kind: GttType, side: TransactionType) -> str:
    """What a GTT of this type does, in a line under the dialog's choices."""
    if kind is GttType.SINGLE:
        return f"One trigger: when the last price reaches it, a LIMIT {side} order goes out at your limit price."
    stop, target = ("below", "above") if side is TransactionType.SELL else ("above", "below")
    return (
        f"Stop-loss {stop} and target {target} the last price: whichever is hit first places its {side} order "
        "and cancels the other."
    )


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
    spread: Decimal | None = None  # best offer − best bid when a quote was read: the stop-limit check's leeway

    def value(self, field: GttField) -> Decimal | None:
        found = getattr(self, field.value)
        return found if isinstance(found, Decimal) else None


def stop_limit_warning(draft: GttDraft) -> GttProblem | None:
    """A stop-loss whose limit price is on the side that cannot fill once it triggers, beside its limit price field.

    A stop fires as the price reaches its trigger going against the position: a SELL stop as it falls, so a SELL
    limit above the trigger (by more than the spread) stands above a falling market, may never fill, and the stop
    does not protect; a BUY stop (covering a short) mirrors it. An OCO's stop-loss leg, and a single GTT that is a
    stop (a SELL trigger below the last price, a BUY above). A warning: the user may send it all the same.
    """
    pair = _stop_pair(draft)
    if pair is None:
        return None
    trigger_field, price_field = pair
    trigger, price = draft.value(trigger_field), draft.value(price_field)
    if trigger is None or price is None or trigger <= 0 or price <= 0:
        return None
    leeway = draft.spread if draft.spread is not None and draft.spread > 0 else draft.tick
    selling = draft.transaction_type is TransactionType.SELL
    if (price - trigger if selling else trigger - price) <= leeway:
        return None
    side, moves = ("above", "falls") if selling else ("below", "rises")
    better = "or less" if selling else "or more"
    shown, at = format_price(price, draft.tick), format_price(trigger, draft.tick)
    return GttProblem(
        price_field,
        f"{price_field.label} {shown} is {side} its trigger {at} by more than the spread: when the price {moves} to "
        f"the trigger, a {draft.transaction_type} LIMIT at {shown} may not fill and the stop would not protect you. "
        f"Use {at} {better} (a few ticks past it fills in a fast move).",
    )


def _stop_pair(draft: GttDraft) -> tuple[GttField, GttField] | None:
    if draft.type is GttType.OCO:
        return (GttField.STOPLOSS_TRIGGER, GttField.STOPLOSS_PRICE)
    last, trigger = draft.last_price, draft.trigger
    if last is None or trigger is None:
        return None
    is_stop = trigger < last if draft.transaction_type is TransactionType.SELL else trigger > last
    return (GttField.TRIGGER, GttField.PRICE) if is_stop else None


def read_price(field: GttField, text: str) -> tuple[Decimal | None, GttProblem | None]:
    """A price field's text: None while empty, or the problem with what was typed."""
    if not text.strip():
        return None, None
    try:
        return strict_decimal(text, Decimal(0), MAX_PRICE), None
    except ValueError:
        return None, GttProblem(field, f"{field.label} must be a price such as 1520.50, not {text.strip()[:20]!r}.")


def read_quantity(entry: Entry) -> tuple[int, GttProblem | None]:
    """The quantity field as the screen shows it (``domain.entry``, as the ticket reads its own): an emptied or
    half-typed field is 0 with its problem ("Enter a quantity."), never the last value Qt keeps behind it."""
    problem = entry_problem(Field.QUANTITY, entry, required=True, whole=True)
    if problem is not None or entry.whole is None:
        return 0, GttProblem(GttField.QUANTITY, problem.message if problem else "Enter a quantity.")
    return entry.whole, None


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
