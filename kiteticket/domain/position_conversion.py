"""Converting an open position to another product (``PUT /portfolio/positions``, the SDK's ``convert_position``):
which conversions a position offers, the request, and the words that tell the user what will change.

Kite converts intraday to delivery or carry-forward and back: MIS ↔ CNC for equity, MIS ↔ NRML for derivatives.
A conversion names the side (BUY for a long position, SELL for a short one) and whether the quantity was bought or
sold today (``day``) or carried from an earlier day (``overnight``); the quantity must be open in that part. Today's
part is offered first: it is what an intraday trader converts before the square-off.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiteticket.domain.enums import Exchange, Product, TransactionType
from kiteticket.domain.money import format_inr
from kiteticket.domain.portfolio_rows import Position
from kiteticket.domain.position_actions import position_actions

_EQUITY = {Product.MIS: (Product.CNC,), Product.CNC: (Product.MIS,)}
_DERIVATIVE = {Product.MIS: (Product.NRML,), Product.NRML: (Product.MIS,)}

# What each product means to the trader, for the confirmation.
_MEANING = {
    Product.MIS: "intraday: squared off before the close, intraday margin",
    Product.CNC: "delivery: kept overnight, paid in full",
    Product.NRML: "carry-forward: kept overnight until expiry, full (NRML) margin",
}


class PositionType(StrEnum):
    DAY = "day"
    OVERNIGHT = "overnight"


@dataclass(frozen=True, slots=True)
class PositionConversion:
    """Every parameter of Kite's convert_position."""

    exchange: Exchange
    tradingsymbol: str
    transaction_type: TransactionType
    position_type: PositionType
    quantity: int
    old_product: Product
    new_product: Product

    def to_kite_params(self) -> dict[str, str | int]:
        return {
            "exchange": self.exchange.value,
            "tradingsymbol": self.tradingsymbol,
            "transaction_type": self.transaction_type.value,
            "position_type": self.position_type.value,
            "quantity": self.quantity,
            "old_product": self.old_product.value,
            "new_product": self.new_product.value,
        }


def conversion_targets(position: Position) -> tuple[Product, ...]:
    """The products an open position can be converted to; none for a flat one, a sale from holdings (not a short,
    ``position_actions``) or a product Kite does not convert."""
    if not position_actions(position).convert.allowed:
        return ()
    exchange, product = Exchange(position.exchange), Product(position.product)
    return (_EQUITY if exchange.is_equity else _DERIVATIVE).get(product, ())


def convertible_part(position: Position) -> tuple[PositionType, int]:
    """Which part of the open quantity a conversion moves, and how much: today's net on the position's side when
    there is one, else the carried quantity (never more than what is open)."""
    sign = 1 if position.quantity > 0 else -1
    today = (position.day_buy_quantity - position.day_sell_quantity) * sign
    open_quantity = abs(position.quantity)
    if today > 0:
        return PositionType.DAY, min(today, open_quantity)
    return PositionType.OVERNIGHT, open_quantity


def conversion_for(position: Position, new_product: Product) -> PositionConversion | None:
    """The request that converts ``position`` to ``new_product``; None when that conversion is not offered."""
    if new_product not in conversion_targets(position):
        return None
    part, quantity = convertible_part(position)
    return PositionConversion(
        exchange=Exchange(position.exchange),
        tradingsymbol=position.tradingsymbol,
        transaction_type=TransactionType.BUY if position.quantity > 0 else TransactionType.SELL,
        position_type=part,
        quantity=quantity,
        old_product=Product(position.product),
        new_product=new_product,
    )


def conversion_summary(position: Position, conversion: PositionConversion) -> str:
    """What the confirmation says will change, in the user's words."""
    buying = conversion.transaction_type is TransactionType.BUY
    when = ("bought" if buying else "sold") + " today"
    if conversion.position_type is PositionType.OVERNIGHT:
        when = "carried from an earlier day"
    lines = [
        f"Convert {conversion.quantity} of your {'long' if buying else 'short'} {conversion.tradingsymbol} "
        f"({conversion.exchange}) position, {when}, from {conversion.old_product} to {conversion.new_product}.",
        f"{conversion.old_product}: {_MEANING.get(conversion.old_product, '')}.",
        f"{conversion.new_product}: {_MEANING.get(conversion.new_product, '')}.",
    ]
    if conversion.new_product is Product.MIS:
        lines.append("It will be squared off automatically before the market closes unless you exit it first.")
    if position.last_price:
        value = format_inr(conversion.quantity * position.multiplier * position.last_price)
        lines.append(f"Value at the last price: {value}. The margin blocked changes with the product; P&L does not.")
    return "\n".join(lines)
