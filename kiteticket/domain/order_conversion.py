"""From an order-book row to what the user can do with it: repeat it, modify it, cancel it, exit it.

Kite's order book does not echo back exactly what was sent (kite-api-facts.md §1.2, §1.3, §3): a cover order is
sent as variety ``co`` with product MIS but listed with product ``CO``; an AMO keeps variety ``amo`` after it has
reached the exchange, yet must then be modified with ``regular``; ``market_protection`` is often echoed as 0 while
protection was active. This module undoes those quirks in one place, so neither the order book nor the dialogs
have to know them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Validity, Variety
from kiteticket.domain.fields import Field
from kiteticket.domain.limits import MAX_MODIFICATIONS
from kiteticket.domain.order import AUTO_MARKET_PROTECTION, ModifyRequest, OrderRequest
from kiteticket.domain.order_row import OrderRow
from kiteticket.domain.prices import as_decimal
from kiteticket.domain.rules import iceberg_leg_quantity
from kiteticket.domain.status import OrderStatus
from kiteticket.domain.validation import Problem

_E = TypeVar("_E", bound=StrEnum)

# The product Kite lists cover orders under; never sent, and not a member of Product (facts §1).
COVER_PRODUCT = "CO"
# Statuses at which an AMO is already at the exchange and is handled as a regular order (facts §3, F31).
_AT_EXCHANGE = frozenset({OrderStatus.OPEN, OrderStatus.TRIGGER_PENDING})
_VARIETIES = frozenset(variety.value for variety in Variety)


class ConversionError(ValueError):
    """The row carries a value this ticket does not know (a new product, say); the message says which."""


# -- reading a row ----------------------------------------------------------------------------------------------
def _enum(kind: Callable[[str], _E], value: str, what: str) -> _E:
    try:
        return kind(value)
    except ValueError:
        raise ConversionError(f"Kite reports {what} '{value}', which kiteticket does not know.") from None


def is_cover(row: OrderRow) -> bool:
    return row.variety == Variety.CO or row.product == COVER_PRODUCT


def is_cover_stop_leg(row: OrderRow) -> bool:
    """The second (SL-M) leg of a cover order: the only row that carries a parent_order_id (facts §1.2)."""
    return is_cover(row) and bool(row.parent_order_id)


def _variety(row: OrderRow) -> Variety:
    return Variety.CO if is_cover(row) else _enum(Variety, row.variety, "variety")


def _product(row: OrderRow) -> Product:
    return Product.MIS if row.product == COVER_PRODUCT else _enum(Product, row.product, "product")


def _order_type(row: OrderRow) -> OrderType:
    return _enum(OrderType, row.order_type, "order type")


def _validity(row: OrderRow) -> Validity:
    # Some older rows leave validity empty; Kite's default is DAY.
    return _enum(Validity, row.validity or Validity.DAY.value, "validity")


def _price(value: float) -> Decimal | None:
    return as_decimal(value) if value else None


def echoed_protection(row: OrderRow) -> Decimal:
    """The protection to assume for a market order: Kite often echoes 0 while protection was active (facts §1.3),
    so anything but a real percentage reads as Auto."""
    protection = row.market_protection
    return as_decimal(protection) if protection > 0 else AUTO_MARKET_PROTECTION


# -- repeat -----------------------------------------------------------------------------------------------------
def request_from_row(row: OrderRow, *, lot_size: int = 0) -> OrderRequest:
    """A copy of the order as a new request, for Repeat. The tag is dropped so that a new unique one is made.

    An iceberg row is one leg: the repeat is the whole iceberg (total quantity over the same legs). Its leg quantity
    is recomputed when ``lot_size`` is known, else taken from the row's ``meta``. Raises ConversionError.
    """
    order_type = _order_type(row)
    variety = _variety(row)
    validity = _validity(row)
    quantity, legs, leg_quantity = row.quantity, None, None
    if row.iceberg is not None and row.iceberg.legs:
        quantity, legs = row.iceberg.total_quantity or row.quantity, row.iceberg.legs
        leg_quantity = iceberg_leg_quantity(quantity, legs, lot_size) if lot_size > 0 else row.iceberg.leg_quantity
    return OrderRequest(
        variety=variety,
        exchange=_enum(Exchange, row.exchange, "exchange"),
        tradingsymbol=row.tradingsymbol,
        transaction_type=_enum(TransactionType, row.transaction_type, "transaction type"),
        quantity=quantity,
        product=_product(row),
        order_type=order_type,
        price=_price(row.price) if order_type.needs_price else None,
        # A cover order carries the stop of its exit leg whatever its entry type.
        trigger_price=_price(row.trigger_price) if order_type.needs_trigger or variety is Variety.CO else None,
        validity=validity,
        validity_ttl=row.validity_ttl if validity is Validity.TTL else None,
        disclosed_quantity=row.disclosed_quantity or None,
        iceberg_legs=legs,
        iceberg_quantity=leg_quantity,
        market_protection=echoed_protection(row) if order_type.executes_at_market else None,
        auction_number=_auction_number(row) if variety is Variety.AUCTION else None,
        tag=None,
    )


def _auction_number(row: OrderRow) -> str | None:
    value = row.raw.get("auction_number")
    return None if value is None else str(value)


# -- modify, cancel, exit ---------------------------------------------------------------------------------------
def modify_variety(row: OrderRow) -> Variety:
    """The variety to modify or cancel with: ``regular`` for an AMO that has reached the exchange, although the book
    still says ``amo`` (facts §3: cancelling with ``amo`` after the open timed out)."""
    variety = _variety(row)
    if variety is Variety.AMO and row.status_info.status in _AT_EXCHANGE:
        return Variety.REGULAR
    return variety


def modify_baseline(row: OrderRow) -> OrderRequest:
    """The order as the validator should see it before a modification is applied.

    A cover order's stop leg is an SL-M on the opposite side, which the ticket's rules for ``co`` do not describe;
    it is validated as the cover order it belongs to (entry at market, same stop), which is what the rules check.
    """
    request = request_from_row(row)
    if not is_cover_stop_leg(row):
        return request
    return replace(
        request,
        transaction_type=request.transaction_type.opposite,
        order_type=OrderType.MARKET,
        price=None,
        trigger_price=_price(row.trigger_price),
        market_protection=AUTO_MARKET_PROTECTION,
    )


def modify_from_changes(
    row: OrderRow,
    *,
    quantity: int | None = None,
    price: Decimal | None = None,
    trigger_price: Decimal | None = None,
    order_type: OrderType | None = None,
    validity: Validity | None = None,
    disclosed_quantity: int | None = None,
    market_protection: Decimal | None = None,
) -> ModifyRequest:
    """A modification carrying only what differs from the row. None means "not offered" (a disabled field)."""
    new_type = order_type if order_type is not None and order_type != row.order_type else None
    return ModifyRequest(
        order_id=row.order_id,
        variety=modify_variety(row),
        quantity=quantity if quantity is not None and quantity != row.quantity else None,
        price=price if price is not None and price != as_decimal(row.price) else None,
        trigger_price=(
            trigger_price if trigger_price is not None and trigger_price != as_decimal(row.trigger_price) else None
        ),
        order_type=new_type,
        validity=validity if validity is not None and validity != _validity(row) else None,
        disclosed_quantity=(
            disclosed_quantity
            if disclosed_quantity is not None and disclosed_quantity != row.disclosed_quantity
            else None
        ),
        market_protection=_protection_change(row, order_type or _order_type(row), market_protection),
        parent_order_id=row.parent_order_id,
    )


def _protection_change(row: OrderRow, order_type: OrderType, protection: Decimal | None) -> Decimal | None:
    if protection is None or not order_type.executes_at_market:
        return None
    if not _order_type(row).executes_at_market:
        return protection  # LIMIT into MARKET must carry protection; an existing MARKET order need not (F5)
    return protection if protection != echoed_protection(row) else None


def has_changes(modify: ModifyRequest) -> bool:
    return any(
        value is not None
        for value in (
            modify.quantity,
            modify.price,
            modify.trigger_price,
            modify.order_type,
            modify.validity,
            modify.disclosed_quantity,
            modify.market_protection,
        )
    )


def exit_leg(row: OrderRow) -> tuple[Variety, str, str] | None:
    """(variety, order_id, parent_order_id) to cancel for exiting a cover order; None unless ``row`` is its stop
    leg. Without the parent id Kite cancels it as a plain order and leaves the position hanging (facts §3, F28)."""
    if not is_cover_stop_leg(row) or row.parent_order_id is None:
        return None
    return Variety.CO, row.order_id, row.parent_order_id


# What modify_order can change (facts §3); variety, instrument, side and product cannot.
MODIFY_FIELDS = (
    Field.QUANTITY,
    Field.PRICE,
    Field.TRIGGER_PRICE,
    Field.ORDER_TYPE,
    Field.VALIDITY,
    Field.DISCLOSED_QUANTITY,
    Field.MARKET_PROTECTION,
)


def locked_fields(row: OrderRow) -> dict[Field, str]:
    """Fields Kite does not let a modification change for this order, with the reason to show."""
    if is_cover_stop_leg(row):
        reason = "Only the stop-loss trigger of a cover order's exit leg can be changed."
        return dict.fromkeys((field for field in MODIFY_FIELDS if field is not Field.TRIGGER_PRICE), reason)
    if is_cover(row):
        return {Field.TRIGGER_PRICE: "The stop-loss is changed on the cover order's exit leg, not here."}
    if row.iceberg is not None:
        # NOT CONFIRMED: how Kite modifies an iceberg's quantity; the strictest reading is that it does not.
        return {Field.QUANTITY: "An iceberg's quantity is shared over its legs; cancel and place a new order."}
    return {}


def modify_field_values(row: OrderRow) -> dict[Field, object]:
    """What each modifiable field of ``row`` holds, in a form a modify dialog's inputs compare with (prices as
    Decimal, order type and validity as Kite's text). Market protection is left out: Kite does not echo it (F5)."""
    return {
        Field.QUANTITY: row.quantity,
        Field.PRICE: as_decimal(row.price),
        Field.TRIGGER_PRICE: as_decimal(row.trigger_price),
        Field.ORDER_TYPE: row.order_type,
        Field.VALIDITY: row.validity,
        Field.DISCLOSED_QUANTITY: row.disclosed_quantity,
    }


def changed_fields(before: OrderRow, after: OrderRow) -> tuple[Field, ...]:
    """Modifiable fields that differ between two polls of one order: a change made on Kite web, the mobile app or
    another copy of kiteticket while a modify dialog was open."""
    old, new = modify_field_values(before), modify_field_values(after)
    return tuple(field for field in old if old[field] != new[field])


def modify_problems(row: OrderRow, modify: ModifyRequest) -> tuple[Problem, ...]:
    """Rules of a modification the ticket's validator cannot know: what has already filled stays filled."""
    quantity = modify.quantity
    if quantity is not None and row.filled_quantity and quantity <= row.filled_quantity:
        return (Problem(Field.QUANTITY, f"Quantity must be more than the {row.filled_quantity} already filled."),)
    return ()


def modifications_in_history(history: Iterable[Mapping[str, Any]]) -> int:
    """Modification requests seen in an order_history reply: each one passes MODIFY VALIDATION PENDING once
    (facts §2, order_info.json). Inference: Kite documents no counter, and a request refused before validation
    would not show; treat the figure as a lower bound."""
    return sum(1 for step in history if step.get("status") == OrderStatus.MODIFY_VALIDATION_PENDING)


def modifications_note(used: int) -> tuple[str, bool]:
    """("Modifications: N of 25", whether another one is allowed) for a count the caller knows (facts §3, F18)."""
    return f"Modifications: {used} of {MAX_MODIFICATIONS}", used < MAX_MODIFICATIONS


# -- what the order book offers ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Action:
    """Whether an action is offered on a row, and if not, why, in words for a tooltip."""

    allowed: bool
    reason: str = ""


ALLOWED = Action(allowed=True)


@dataclass(frozen=True, slots=True)
class ActionAvailability:
    modify: Action
    cancel: Action
    exit: Action
    repeat: Action


def actions_for(row: OrderRow) -> ActionAvailability:
    """What Kite will accept on this row now (facts §2: modify and cancel only while OPEN, TRIGGER PENDING or, for
    an AMO, AMO REQ RECEIVED; a cover order is left through its stop leg)."""
    stop_leg = is_cover_stop_leg(row)
    modify = _status_action(row, "modified")
    cancel = _status_action(row, "cancelled")
    if cancel.allowed and stop_leg:
        cancel = Action(False, "Use Exit to close a cover order; cancelling its stop-loss leg alone is not allowed.")
    exit_action = _status_action(row, "exited") if stop_leg else Action(False, "Exit is for a cover order's stop leg.")
    repeat = Action(False, "Repeat a cover order from its first leg.") if stop_leg else ALLOWED
    unknown = _conversion_problem(row)
    if unknown is None:
        return ActionAvailability(modify, cancel, exit_action, repeat)
    # Cancel needs only the variety; modify needs the whole order to validate it.
    cancel_blocked = cancel if is_cover(row) or row.variety in _VARIETIES else unknown
    return ActionAvailability(_unless(modify, unknown), _unless(cancel, cancel_blocked), exit_action, unknown)


def _conversion_problem(row: OrderRow) -> Action | None:
    try:
        request_from_row(row)
    except ConversionError as error:
        return Action(False, f"{error} Use Kite web for this order.")
    return None


def _status_action(row: OrderRow, verb: str) -> Action:
    info = row.status_info
    if info.is_modifiable:
        return ALLOWED
    if info.is_terminal:
        return Action(False, f"{row.status} orders cannot be {verb}")
    return Action(False, f"Kite is still processing this order ({row.status}); try again in a moment")


def _unless(action: Action, blocked: Action) -> Action:
    return blocked if action.allowed else action
