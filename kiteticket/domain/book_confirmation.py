"""The words of the order book's confirmations: a modification as each changed field before → after, and a
cancellation as each order with its price and the quantity still open."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from kiteticket.domain.fields import Field
from kiteticket.domain.money import format_inr
from kiteticket.domain.order import AUTO_MARKET_PROTECTION, ModifyRequest
from kiteticket.domain.order_conversion import modify_field_values
from kiteticket.domain.order_row import OrderRow
from kiteticket.domain.prices import as_decimal

_PRICES = (Field.PRICE, Field.TRIGGER_PRICE)


def _shown(field: Field, value: object) -> str:
    if field in _PRICES and isinstance(value, (Decimal, int, float)):
        return format_inr(as_decimal(value)) if value else "none"
    if field is Field.MARKET_PROTECTION:
        return "Auto" if value == AUTO_MARKET_PROTECTION else f"{value}%"
    return f"{value:,}" if isinstance(value, int) else str(value)


def modify_changes(row: OrderRow, modify: ModifyRequest) -> tuple[tuple[Field, str, str], ...]:
    """Each field the modification sets, with the row's value before and the value after."""
    before = modify_field_values(row)
    after: dict[Field, object] = {
        Field.QUANTITY: modify.quantity, Field.PRICE: modify.price, Field.TRIGGER_PRICE: modify.trigger_price,
        Field.ORDER_TYPE: modify.order_type, Field.VALIDITY: modify.validity,
        Field.DISCLOSED_QUANTITY: modify.disclosed_quantity, Field.MARKET_PROTECTION: modify.market_protection,
    }  # fmt: skip
    return tuple(
        (field, _shown(field, before.get(field, "as Kite chose")), _shown(field, value))
        for field, value in after.items()
        if value is not None
    )


def modify_confirmation_text(row: OrderRow, modify: ModifyRequest) -> str:
    head = f"Modify order {row.order_id}: {row.transaction_type} {row.tradingsymbol} ({row.exchange}), {row.product}"
    changes = [f"{field.label}: {old} → {new}" for field, old, new in modify_changes(row, modify)]
    return "\n".join((head, "", *changes))


def cancel_line(row: OrderRow) -> str:
    """ "BUY 3 of 5 INFY (NSE) LIMIT at ₹1,600.00 · order 2511…": what is still open and what it would trade at."""
    price = f" at {format_inr(as_decimal(row.price))}" if row.price else ""
    trigger = f", trigger {format_inr(as_decimal(row.trigger_price))}" if row.trigger_price else ""
    return (
        f"{row.transaction_type} {row.pending_quantity:,} of {row.quantity:,} {row.tradingsymbol} ({row.exchange}) "
        f"{row.order_type}{price}{trigger} · order {row.order_id}"
    )


def cancel_confirmation_text(rows: Iterable[OrderRow]) -> str:
    lines = [cancel_line(row) for row in rows]
    return "\n".join((f"Cancel {len(lines)} order{'' if len(lines) == 1 else 's'}?", "", *lines))
