"""One order and one trade as the paper exchange keeps them, and their Kite JSON.

An order caches its JSON fragment and drops it on every change, so GET /orders is a join of cached bytes.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from kiteticket.domain.enums import OrderType, TransactionType, Variety
from kiteticket.domain.status import OrderStatus

# One encoder for every order row: json.dumps with separators builds a new encoder per call, which cost a
# fifth of the encoding, and an order is encoded at each of its statuses.
_COMPACT = json.JSONEncoder(separators=(",", ":"))
# Fields the order row carries as Decimal; everything else is a plain JSON value.
_DECIMAL_FIELDS = ("price", "trigger_price", "average_price", "limit_price", "stop_price", "market_protection")


def _num(value: Decimal) -> float | int:
    """Kite writes whole prices as integers (``"price": 72``) and others as floats."""
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(slots=True)
class PaperOrder:
    order_id: str
    day: str
    variety: str
    exchange: str
    tradingsymbol: str
    instrument_token: int
    transaction_type: str
    order_type: str
    product: str
    quantity: int
    price: Decimal
    trigger_price: Decimal
    validity: str
    validity_ttl: int
    disclosed_quantity: int
    market_protection: Decimal  # -1 (automatic) or a percentage such as 1.5
    order_timestamp: str
    placed_by: str
    status: str = OrderStatus.PUT_ORDER_REQ_RECEIVED.value
    status_message: str | None = None
    status_message_raw: str | None = None
    exchange_order_id: str | None = None
    exchange_timestamp: str | None = None
    exchange_update_timestamp: str | None = None
    parent_order_id: str | None = None
    average_price: Decimal = Decimal(0)
    filled_quantity: int = 0
    pending_quantity: int = 0
    cancelled_quantity: int = 0
    modified: bool = False
    tag: str | None = None
    tags: list[str] = field(default_factory=list)
    auction_number: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    # Paper-only state, never sent: how the order behaves while it rests.
    limit_price: Decimal = Decimal(0)  # the price a MARKET/SL-M order rests at: its protection band's edge
    modifications: int = 0
    expires_at: float = 0.0  # exchange-clock epoch seconds for TTL orders; 0 = none
    triggered: bool = False
    iceberg_legs: int = 0
    iceberg_total: int = 0
    stop_price: Decimal = Decimal(0)  # a cover order's stop for its second leg
    _json: bytes | None = None

    @property
    def side(self) -> TransactionType:
        return TransactionType(self.transaction_type)

    @property
    def kind(self) -> OrderType:
        return OrderType(self.order_type)

    @property
    def order_status(self) -> OrderStatus:
        return OrderStatus(self.status)

    @property
    def is_cover(self) -> bool:
        return self.variety == Variety.CO.value

    def touch(self) -> None:
        self._json = None

    def to_kite(self) -> dict[str, Any]:
        row: dict[str, Any] = {
            "account_id": self.placed_by,
            "placed_by": self.placed_by,
            "order_id": self.order_id,
            "exchange_order_id": self.exchange_order_id,
            "parent_order_id": self.parent_order_id,
            "status": self.status,
            "status_message": self.status_message,
            "status_message_raw": self.status_message_raw,
            "order_timestamp": self.order_timestamp,
            "exchange_update_timestamp": self.exchange_update_timestamp,
            "exchange_timestamp": self.exchange_timestamp,
            "variety": self.variety,
            "modified": self.modified,
            "exchange": self.exchange,
            "tradingsymbol": self.tradingsymbol,
            "instrument_token": self.instrument_token,
            "order_type": self.order_type,
            "transaction_type": self.transaction_type,
            "validity": self.validity,
            "validity_ttl": self.validity_ttl,
            # Kite's order book reports a cover order's product as "CO" although it is placed as MIS (facts §1).
            "product": "CO" if self.is_cover else self.product,
            "quantity": self.quantity,
            "disclosed_quantity": self.disclosed_quantity,
            "price": _num(self.price),
            "trigger_price": _num(self.trigger_price),
            "average_price": _num(self.average_price),
            "filled_quantity": self.filled_quantity,
            "pending_quantity": self.pending_quantity,
            "cancelled_quantity": self.cancelled_quantity,
            "market_protection": _num(self.market_protection),
            "meta": self.meta,
            "tag": self.tag,
            "guid": None,
        }
        if self.auction_number is not None:
            row["auction_number"] = self.auction_number
        if self.tags:  # Kite sends "tags" only when there are some (facts §2.1)
            row["tags"] = self.tags
        return row

    def json(self) -> bytes:
        if self._json is None:
            self._json = _COMPACT.encode(self.to_kite()).encode()
        return self._json

    def to_row(self) -> str:
        """The durable copy for SQLite: every field, Decimals as strings. (Not dataclasses.asdict: its deep copy
        was the largest cost of placing an order.)"""
        data = {name: getattr(self, name) for name in _ROW_FIELDS}
        for name in _DECIMAL_FIELDS:
            data[name] = str(data[name])
        return _COMPACT.encode(data)

    @classmethod
    def from_row(cls, text: str) -> PaperOrder:
        data = json.loads(text)
        for name in _DECIMAL_FIELDS:
            data[name] = Decimal(data[name])
        return cls(**data)


_ROW_FIELDS = tuple(name for name in PaperOrder.__dataclass_fields__ if name != "_json")


@dataclass(frozen=True, slots=True)
class PaperTrade:
    trade_id: str
    order_id: str
    exchange_order_id: str
    exchange: str
    tradingsymbol: str
    instrument_token: int
    product: str
    transaction_type: str
    quantity: int
    average_price: Decimal
    fill_timestamp: str

    def to_kite(self) -> dict[str, Any]:
        return {
            "trade_id": self.trade_id,
            "order_id": self.order_id,
            "exchange": self.exchange,
            "tradingsymbol": self.tradingsymbol,
            "instrument_token": self.instrument_token,
            "product": self.product,
            "average_price": _num(self.average_price),
            "quantity": self.quantity,
            "exchange_order_id": self.exchange_order_id,
            "transaction_type": self.transaction_type,
            "fill_timestamp": self.fill_timestamp,
            "order_timestamp": self.fill_timestamp[11:],  # Kite's trades carry the time only here (facts §2.2)
            "exchange_timestamp": self.fill_timestamp,
        }

    def to_row(self) -> str:
        data = asdict(self)
        data["average_price"] = str(self.average_price)
        return _COMPACT.encode(data)

    @classmethod
    def from_row(cls, text: str) -> PaperTrade:
        data = json.loads(text)
        data["average_price"] = Decimal(data["average_price"])
        return cls(**data)
