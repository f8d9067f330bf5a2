"""A GTT as Kite lists it (``GET /gtt/triggers``; mocks gtt_get_orders.json), read into immutable rows.

A row that cannot be read whole is still shown with what could be read: a GTT the app cannot parse must not
vanish from the list the user relies on to know what will trade.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from kiteticket.domain.gtt import GttStatus, GttType, gtt_status

RawGtt = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class GttOrderLine:
    """One order of a GTT, and what became of it once its trigger was hit."""

    trigger: Decimal | None
    transaction_type: str
    quantity: int
    price: Decimal | None
    product: str
    order_id: str = ""  # the order the trigger placed, once it fired
    rejection_reason: str = ""  # why that order could not be placed
    triggered_at: Decimal | None = None  # the last price that fired it

    @property
    def fired(self) -> bool:
        return bool(self.order_id or self.rejection_reason)


@dataclass(frozen=True, slots=True)
class GttRow:
    trigger_id: str
    type: GttType | None
    status: GttStatus | None
    raw_status: str
    exchange: str
    tradingsymbol: str
    instrument_token: int
    last_price: Decimal | None  # the last price when it was placed (or fired)
    orders: tuple[GttOrderLine, ...]
    created_at: str
    expires_at: str

    @property
    def instrument_key(self) -> str:
        return f"{self.exchange}:{self.tradingsymbol}"

    @property
    def placed_order_ids(self) -> tuple[str, ...]:
        return tuple(order.order_id for order in self.orders if order.order_id)

    @property
    def can_change(self) -> bool:
        return self.status is not None and self.status.can_change

    @property
    def status_label(self) -> str:
        return self.status.label if self.status is not None else self.raw_status or "?"


def parse_gtts(raw: Iterable[RawGtt]) -> tuple[GttRow, ...]:
    """The newest first, as Kite web lists them."""
    rows = [parse_gtt(item) for item in raw if isinstance(item, Mapping)]
    return tuple(sorted(rows, key=lambda row: (row.created_at, _id_order(row.trigger_id)), reverse=True))


def parse_gtt(raw: RawGtt) -> GttRow:
    condition = raw.get("condition") if isinstance(raw.get("condition"), Mapping) else {}
    assert isinstance(condition, Mapping)
    triggers = condition.get("trigger_values") or []
    orders = raw.get("orders") or []
    lines = tuple(
        _order_line(order, _decimal(triggers[index]) if index < len(triggers) else None)
        for index, order in enumerate(orders)
        if isinstance(order, Mapping)
    )
    kind = str(raw.get("type") or "")
    return GttRow(
        trigger_id=str(raw.get("id", "")),
        type=GttType(kind) if kind in tuple(GttType) else None,
        status=gtt_status(raw.get("status")),
        raw_status=str(raw.get("status") or ""),
        exchange=str(condition.get("exchange") or ""),
        tradingsymbol=str(condition.get("tradingsymbol") or ""),
        instrument_token=_int(condition.get("instrument_token")),
        last_price=_decimal(condition.get("last_price")),
        orders=lines,
        created_at=str(raw.get("created_at") or ""),
        expires_at=str(raw.get("expires_at") or ""),
    )


def _order_line(order: Mapping[str, Any], trigger: Decimal | None) -> GttOrderLine:
    result = order.get("result") if isinstance(order.get("result"), Mapping) else None
    outcome = result.get("order_result") if result and isinstance(result.get("order_result"), Mapping) else {}
    assert isinstance(outcome, Mapping)
    return GttOrderLine(
        trigger=trigger,
        transaction_type=str(order.get("transaction_type") or ""),
        quantity=_int(order.get("quantity")),
        price=_decimal(order.get("price")),
        product=str(order.get("product") or ""),
        order_id=str(outcome.get("order_id") or ""),
        rejection_reason=str(outcome.get("rejection_reason") or ""),
        triggered_at=_decimal(result.get("triggered_at")) if result else None,
    )


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _int(value: object) -> int:
    number = _decimal(value)
    return int(number) if number is not None else 0


def _id_order(trigger_id: str) -> int:
    return int(trigger_id) if trigger_id.isdigit() else 0
