"""Immutable order requests: what the ticket sends to place or modify an order.

Prices are Decimals so that "is it on the tick grid" is exact; the SDK form-encodes them with str(), which gives
Kite the same digits the user typed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TypeVar

from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Validity, Variety

KiteParam = str | int | Decimal | bool
N = TypeVar("N", int, Decimal)

# market_protection = -1 asks Kite to choose the protection band itself (kite-api-facts.md §1.3); any other value
# is a percentage, a decimal (1.5 means 1.5 %), sent to Kite as written.
AUTO_MARKET_PROTECTION = Decimal(-1)


@dataclass(frozen=True, slots=True)
class OrderRequest:
    """Every parameter of Kite's place_order. None means "not sent"."""

    variety: Variety
    exchange: Exchange
    tradingsymbol: str
    transaction_type: TransactionType
    quantity: int
    product: Product
    order_type: OrderType
    price: Decimal | None = None
    trigger_price: Decimal | None = None
    validity: Validity = Validity.DAY
    validity_ttl: int | None = None
    disclosed_quantity: int | None = None
    iceberg_legs: int | None = None
    iceberg_quantity: int | None = None
    market_protection: Decimal | None = None
    auction_number: str | None = None
    autoslice: bool = False
    tag: str | None = None

    @property
    def instrument_key(self) -> str:
        return f"{self.exchange}:{self.tradingsymbol}"

    def with_tag(self, tag: str) -> OrderRequest:
        return replace(self, tag=tag)

    def to_kite_params(self) -> dict[str, KiteParam]:
        """Keyword arguments for ``KiteConnect.place_order``; unset parameters are left out, as Kite expects."""
        params: dict[str, KiteParam | None] = {
            "variety": self.variety.value,
            "exchange": self.exchange.value,
            "tradingsymbol": self.tradingsymbol,
            "transaction_type": self.transaction_type.value,
            "quantity": self.quantity,
            "product": self.product.value,
            "order_type": self.order_type.value,
            "price": self.price,
            "trigger_price": self.trigger_price,
            "validity": self.validity.value,
            "validity_ttl": self.validity_ttl,
            "disclosed_quantity": self.disclosed_quantity,
            "iceberg_legs": self.iceberg_legs,
            "iceberg_quantity": self.iceberg_quantity,
            "market_protection": self.market_protection,
            "auction_number": self.auction_number,
            "autoslice": True if self.autoslice else None,
            "tag": self.tag,
        }
        return {key: value for key, value in params.items() if value is not None}


@dataclass(frozen=True, slots=True)
class ModifyRequest:
    """Kite's modify_order: only the fields Kite lets you change. Variety and instrument cannot change."""

    order_id: str
    variety: Variety
    quantity: int | None = None
    price: Decimal | None = None
    trigger_price: Decimal | None = None
    order_type: OrderType | None = None
    validity: Validity | None = None
    disclosed_quantity: int | None = None
    market_protection: Decimal | None = None
    parent_order_id: str | None = None

    def apply_to(self, original: OrderRequest) -> OrderRequest:
        """The order as it would stand after this modification, for validating it with the same rules."""
        order_type = self.order_type or original.order_type
        return replace(
            original,
            quantity=self.quantity if self.quantity is not None else original.quantity,
            price=self.price if self.price is not None else original.price,
            trigger_price=self.trigger_price if self.trigger_price is not None else original.trigger_price,
            order_type=order_type,
            validity=self.validity or original.validity,
            disclosed_quantity=_first_set(self.disclosed_quantity, original.disclosed_quantity),
            market_protection=_first_set(self.market_protection, original.market_protection),
        )

    def to_kite_params(self) -> dict[str, KiteParam]:
        params: dict[str, KiteParam | None] = {
            "variety": self.variety.value,
            "order_id": self.order_id,
            "parent_order_id": self.parent_order_id,
            "quantity": self.quantity,
            "price": self.price,
            "order_type": self.order_type.value if self.order_type else None,
            "trigger_price": self.trigger_price,
            "validity": self.validity.value if self.validity else None,
            "disclosed_quantity": self.disclosed_quantity,
            "market_protection": self.market_protection,
        }
        return {key: value for key, value in params.items() if value is not None}


def _first_set(preferred: N | None, fallback: N | None) -> N | None:
    return preferred if preferred is not None else fallback
