"""Kite's form-encoded order parameters, read into typed requests; what cannot be read is reported by field.

The paper exchange reads every place and modify request through here, so a trader's own kiteconnect script is
judged by the same rules as the ticket. Messages follow Kite's style for unreadable input: "Invalid `quantity`.".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TypeVar

from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Validity, Variety
from kiteticket.domain.fields import Field
from kiteticket.domain.limits import MARKET_PROTECTION_MAX
from kiteticket.domain.order import AUTO_MARKET_PROTECTION, ModifyRequest, OrderRequest
from kiteticket.domain.strict_numbers import strict_decimal, strict_int
from kiteticket.domain.validation import Problem

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")

_REQUIRED_FOR_PLACE = (
    Field.EXCHANGE,
    Field.TRADINGSYMBOL,
    Field.TRANSACTION_TYPE,
    Field.QUANTITY,
    Field.PRODUCT,
    Field.ORDER_TYPE,
)


class _Reader:
    """Reads one form, collecting a Problem for each value it cannot read instead of raising on the first."""

    def __init__(self, form: Mapping[str, str]) -> None:
        self.form = form
        self.problems: list[Problem] = []

    def raw(self, field: Field) -> str | None:
        value = self.form.get(field)  # a StrEnum is its own text; .value is a slow property (place_order's profile)
        return (value.strip() or None) if value is not None else None

    def read(self, field: Field, parse: Callable[[str], T]) -> T | None:
        text = self.raw(field)
        if text is None:
            return None
        try:
            return parse(text)
        except (ValueError, InvalidOperation):
            self.problems.append(Problem(field, f"Invalid `{field.value}`."))
            return None

    def choice(self, field: Field, enum: type[E]) -> E | None:
        return self.read(field, enum)

    def missing(self, fields: tuple[Field, ...]) -> None:
        for field in fields:
            if self.raw(field) is None:
                self.problems.append(Problem(field, f"Missing `{field.value}`."))


# What a number may be at all, per field, before the order rules judge it: beyond these it is a mistake or an
# attack (1E+400000), answered "Invalid `field`." without ever building the huge value.
_MAX_QUANTITY = 1_000_000_000  # far above any freeze quantity; Kite's own limits are checked later
_MAX_PRICE = Decimal(100_000_000)  # no Indian instrument trades near a crore per unit
_MAX_TTL_MINUTES = 24 * 60  # the rules then allow limits.TTL_MIN_MINUTES to TTL_MAX_MINUTES
_MAX_ICEBERG_LEGS = 1_000  # the rules then allow limits.ICEBERG_MIN_LEGS to ICEBERG_MAX_LEGS


def _quantity(text: str) -> int:
    return strict_int(text, 0, _MAX_QUANTITY)


def _decimal(text: str) -> Decimal:
    return strict_decimal(text, Decimal(0), _MAX_PRICE)


def _ttl(text: str) -> int:
    return strict_int(text, 0, _MAX_TTL_MINUTES)


def _legs(text: str) -> int:
    return strict_int(text, 0, _MAX_ICEBERG_LEGS)


def _boolean(text: str) -> bool:
    lowered = text.lower()
    if lowered not in ("true", "false", "1", "0"):
        raise ValueError(text)
    return lowered in ("true", "1")


def parse_variety(text: str) -> Variety | None:
    try:
        return Variety(text.lower())
    except ValueError:
        return None


def parse_place_params(variety: str, form: Mapping[str, str]) -> OrderRequest | tuple[Problem, ...]:
    reader = _Reader(form)
    kind = parse_variety(variety)
    if kind is None:
        return (Problem(Field.VARIETY, "Invalid `variety`."),)
    reader.missing(_REQUIRED_FOR_PLACE)
    exchange = reader.choice(Field.EXCHANGE, Exchange)
    side = reader.choice(Field.TRANSACTION_TYPE, TransactionType)
    product = reader.choice(Field.PRODUCT, Product)
    order_type = reader.choice(Field.ORDER_TYPE, OrderType)
    quantity = reader.read(Field.QUANTITY, _quantity)
    request = OrderRequest(
        variety=kind,
        exchange=exchange or Exchange.NSE,
        tradingsymbol=reader.raw(Field.TRADINGSYMBOL) or "",
        transaction_type=side or TransactionType.BUY,
        quantity=quantity or 0,
        product=product or Product.CNC,
        order_type=order_type or OrderType.LIMIT,
        price=reader.read(Field.PRICE, _decimal),
        trigger_price=reader.read(Field.TRIGGER_PRICE, _decimal),
        validity=reader.choice(Field.VALIDITY, Validity) or Validity.DAY,
        validity_ttl=reader.read(Field.VALIDITY_TTL, _ttl),
        disclosed_quantity=reader.read(Field.DISCLOSED_QUANTITY, _quantity),
        iceberg_legs=reader.read(Field.ICEBERG_LEGS, _legs),
        iceberg_quantity=reader.read(Field.ICEBERG_QUANTITY, _quantity),
        market_protection=reader.read(Field.MARKET_PROTECTION, _market_protection),
        auction_number=reader.raw(Field.AUCTION_NUMBER),
        autoslice=reader.read(Field.AUTOSLICE, _boolean) or False,
        tag=reader.raw(Field.TAG),
    )
    # The placeholders above stand in only for values already reported as missing or invalid.
    return tuple(reader.problems) if reader.problems else request


def _market_protection(text: str) -> Decimal:
    """Kite's bounds (facts §1.3): -1 (automatic) or a percentage from 0 to 100, a decimal such as 1.5. Zero is
    read here and refused by the rules, in Kite's words, for the orders that need protection."""
    value = strict_decimal(text, AUTO_MARKET_PROTECTION, Decimal(MARKET_PROTECTION_MAX))
    if AUTO_MARKET_PROTECTION < value < 0:
        raise ValueError(f"out of range: {text}")
    return value


def parse_modify_params(variety: str, order_id: str, form: Mapping[str, str]) -> ModifyRequest | tuple[Problem, ...]:
    reader = _Reader(form)
    kind = parse_variety(variety)
    if kind is None:
        return (Problem(Field.VARIETY, "Invalid `variety`."),)
    modify = ModifyRequest(
        order_id=order_id,
        variety=kind,
        quantity=reader.read(Field.QUANTITY, _quantity),
        price=reader.read(Field.PRICE, _decimal),
        trigger_price=reader.read(Field.TRIGGER_PRICE, _decimal),
        order_type=reader.choice(Field.ORDER_TYPE, OrderType),
        validity=reader.choice(Field.VALIDITY, Validity),
        disclosed_quantity=reader.read(Field.DISCLOSED_QUANTITY, _quantity),
        market_protection=reader.read(Field.MARKET_PROTECTION, _market_protection),
        parent_order_id=form.get("parent_order_id") or None,
    )
    return tuple(reader.problems) if reader.problems else modify
