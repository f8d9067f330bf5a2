"""One row of Kite's order book (``GET /orders``), read from the raw dict the SDK's ``_get("orders")`` returns.

The raw route is used rather than ``kite.orders()`` because the SDK's ``_format_response`` runs dateutil over every
timestamp of every row on every poll; the order book only displays and sorts them, and "YYYY-MM-DD HH:MM:SS" sorts
correctly as text. Prices stay the ints or floats Kite sent: they are only displayed, never used in order rules.

Older rows lack ``validity_ttl``, ``tags``, ``account_id`` and more, and many values are ``null`` until the exchange
has the order (kite-api-facts.md §2.1), so every key is optional here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

from kiteticket.domain.status import StatusInfo, status_info

RawOrder = Mapping[str, Any]

# Kite sends a dozen statuses over thousands of rows; classifying each text once keeps parsing cheap.
_status_info = lru_cache(maxsize=128)(status_info)


@dataclass(frozen=True, slots=True)
class IcebergLeg:
    """``meta.iceberg`` of an iceberg order: which leg this row is, of how many."""

    leg: int
    legs: int
    leg_quantity: int
    total_quantity: int
    remaining_quantity: int


@dataclass(frozen=True, slots=True)
class OrderRow:
    """One order as the order book shows it. Equality ignores ``status_info`` (derived) and ``raw``."""

    order_id: str
    parent_order_id: str | None
    exchange_order_id: str | None
    status: str
    status_message: str | None
    order_timestamp: str
    variety: str
    exchange: str
    tradingsymbol: str
    transaction_type: str
    product: str
    order_type: str
    validity: str
    validity_ttl: int | None
    quantity: int
    filled_quantity: int
    pending_quantity: int
    cancelled_quantity: int
    disclosed_quantity: int
    price: float
    trigger_price: float
    average_price: float
    tag: str | None
    tags: tuple[str, ...]
    market_protection: float
    iceberg: IcebergLeg | None
    modified: bool
    status_info: StatusInfo = field(compare=False, repr=False)
    # The dict as received, kept (never mutated) so that the next poll can skip re-parsing an unchanged row with
    # one C-level dict comparison; see ``parse_orders(previous=...)``.
    raw: RawOrder = field(compare=False, repr=False, hash=False)

    @property
    def instrument_key(self) -> str:
        return f"{self.exchange}:{self.tradingsymbol}"


# The fields a diff compares, in declaration order: everything shown, nothing derived.
COMPARED_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(OrderRow) if f.compare)


def parse_order(raw: RawOrder) -> OrderRow:
    """Build an OrderRow from one /orders dict. Missing keys and nulls become empty values, never errors."""
    get = raw.get
    status = get("status") or ""
    # Positional, in OrderRow's field order: a quarter faster than keywords for 29 fields, which counts on the
    # first poll of a 5,000-order day. tests/domain/test_orderbook.py checks every field against its key.
    return OrderRow(
        str(get("order_id") or ""),
        _optional_str(get("parent_order_id")),
        _optional_str(get("exchange_order_id")),
        status,
        get("status_message"),
        get("order_timestamp") or "",
        get("variety") or "",
        get("exchange") or "",
        get("tradingsymbol") or "",
        get("transaction_type") or "",
        get("product") or "",
        get("order_type") or "",
        get("validity") or "",
        get("validity_ttl"),
        get("quantity") or 0,
        get("filled_quantity") or 0,
        get("pending_quantity") or 0,
        get("cancelled_quantity") or 0,
        get("disclosed_quantity") or 0,
        get("price") or 0,
        get("trigger_price") or 0,
        get("average_price") or 0,
        get("tag"),
        tuple(get("tags") or ()),
        get("market_protection") or 0,
        _iceberg(get("meta")),
        bool(get("modified")),
        _status_info(status),
        raw,
    )


def parse_orders(raw: Iterable[RawOrder], previous: Mapping[str, OrderRow] | None = None) -> tuple[OrderRow, ...]:
    """Parse a whole /orders reply, skipping rows without an order_id (they cannot be tracked).

    With ``previous`` (the last poll's rows by id), a row whose raw dict is unchanged is reused as is: most rows do
    not change between polls, and reusing them also lets ``diff`` see "unchanged" by identity.
    """
    if not previous:
        return tuple(parse_order(item) for item in raw if item.get("order_id"))
    rows = []
    for item in raw:
        order_id = item.get("order_id")
        if not order_id:
            continue
        rows.append(_reused_or_parsed(item, previous.get(str(order_id))))
    return tuple(rows)


def _reused_or_parsed(item: RawOrder, old: OrderRow | None) -> OrderRow:
    # The very same dict object may have been changed in place by whoever returned it, so only an equal copy
    # proves the row unchanged.
    if old is not None and old.raw is not item and old.raw == item:
        return old
    return parse_order(item)


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)


def _iceberg(meta: object) -> IcebergLeg | None:
    if not isinstance(meta, Mapping):
        return None
    leg = meta.get("iceberg")
    if not isinstance(leg, Mapping):
        return None
    return IcebergLeg(
        leg=leg.get("leg") or 0,
        legs=leg.get("legs") or 0,
        leg_quantity=leg.get("leg_quantity") or 0,
        total_quantity=leg.get("total_quantity") or 0,
        remaining_quantity=leg.get("remaining_quantity") or 0,
    )
