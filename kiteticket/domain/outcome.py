"""What became of an order the ticket placed, in one line: the ticket's result line follows the order book from
"placed" to "complete", "cancelled (IOC)" or "rejected: …" as Kite decides."""

from __future__ import annotations

from dataclasses import dataclass

from kiteticket.domain.enums import Validity
from kiteticket.domain.money import format_inr
from kiteticket.domain.order_row import OrderRow
from kiteticket.domain.prices import as_decimal
from kiteticket.domain.status import OrderStatus


@dataclass(frozen=True, slots=True)
class Fate:
    """The final word on an order: its line, and whether it went as the user wanted (filled) or not."""

    order_id: str
    text: str
    good: bool


def order_fate(row: OrderRow) -> Fate | None:
    """The order's fate once it is final (complete, cancelled, rejected); None while it is still working."""
    status = row.status
    if status == OrderStatus.COMPLETE:
        average = f" at {format_inr(as_decimal(row.average_price))}" if row.average_price else ""
        return Fate(row.order_id, f"Order {row.order_id} complete: {row.filled_quantity:,} filled{average}", True)
    if status == OrderStatus.REJECTED:
        return Fate(row.order_id, f"Order {row.order_id} rejected: {row.status_message or 'no reason given'}", False)
    if status == OrderStatus.CANCELLED:
        return Fate(row.order_id, f"Order {row.order_id} {_cancelled(row)}", row.filled_quantity > 0)
    return None


def _cancelled(row: OrderRow) -> str:
    filled = f"{row.filled_quantity:,} of {row.quantity:,} filled" if row.filled_quantity else "nothing filled"
    if row.validity == Validity.IOC:
        return f"cancelled (IOC): {filled}, the rest found no match at once"
    if row.validity == Validity.TTL:
        return f"cancelled: its {row.validity_ttl or 0} minutes ran out, {filled}"
    return f"cancelled: {filled}" + (f" ({row.status_message})" if row.status_message else "")
