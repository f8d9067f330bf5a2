"""PUT /portfolio/positions: moving part of an open position from one product to another, as Kite's "convert"
does: intraday to delivery or carry-forward and back (MIS ↔ CNC for equity, MIS ↔ NRML for derivatives).

The quantity moves at its average price, so neither position's P&L changes. The checks come first, then the
move: the quantity must be open on that side (today's for ``day``, the carried one for ``overnight``); a short
position moved to delivery needs the shares; and whatever more the new product blocks must fit in the funds.
NOT CONFIRMED: Kite's exact error texts for conversion.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from kiteticket.domain.enums import Product, TransactionType
from kiteticket.domain.instruments import Instrument
from kiteticket.paper.account import Account
from kiteticket.paper.broker_rules import tradable_instrument
from kiteticket.paper.engine import Engine
from kiteticket.paper.errors import KiteError, input_error
from kiteticket.paper.margins import margin_for
from kiteticket.paper.params import choice, text, whole
from kiteticket.paper.positions import Position

_EQUITY_PAIRS = frozenset({("MIS", "CNC"), ("CNC", "MIS")})
_DERIVATIVE_PAIRS = frozenset({("MIS", "NRML"), ("NRML", "MIS")})
PRODUCTS = ("CNC", "MIS", "NRML", "MTF")


@dataclass(frozen=True, slots=True)
class Conversion:
    instrument: Instrument
    side: TransactionType
    overnight: bool
    quantity: int
    old: str
    new: str


def parse_conversion(engine: Engine, form: Mapping[str, str]) -> Conversion:
    instrument = tradable_instrument(engine.master, engine.clock, text(form, "exchange"), text(form, "tradingsymbol"))
    side = TransactionType(choice(form, "transaction_type", ("BUY", "SELL")))
    overnight = choice(form, "position_type", ("day", "overnight")) == "overnight"
    quantity = whole(form, "quantity")
    old, new = choice(form, "old_product", PRODUCTS), choice(form, "new_product", PRODUCTS)
    if quantity <= 0:
        raise input_error("Invalid `quantity`: it must be at least 1.")
    pairs = _EQUITY_PAIRS if instrument.exchange.is_equity else _DERIVATIVE_PAIRS
    if (old, new) not in pairs:
        allowed = ", ".join(f"{a} to {b}" for a, b in sorted(pairs))
        raise input_error(f"A {instrument.exchange} position cannot be converted from {old} to {new} ({allowed} can).")
    return Conversion(instrument, side, overnight, quantity, old, new)


def convert_position(engine: Engine, form: Mapping[str, str]) -> bool:
    conversion = parse_conversion(engine, form)
    account = engine.account
    instrument = conversion.instrument
    source = account.positions.get(f"{instrument.exchange}:{instrument.tradingsymbol}:{conversion.old}")
    available = _open_quantity(source, conversion) if source else 0
    if conversion.quantity > available:
        raise input_error(
            f"Only {available} of this {conversion.old} {conversion.side.value.lower()} position "
            f"({'carried' if conversion.overnight else 'today'}) can be converted."
        )
    _check_holdings(engine, conversion)
    _check_margin(engine, conversion)
    if source is not None:  # always: available > 0 above
        _move(account, source, account.position(instrument, conversion.new), conversion)
    return True


def _open_quantity(position: Position, conversion: Conversion) -> int:
    """What can move: the open quantity on this side, of today's trades or of the carried position."""
    sign = 1 if conversion.side is TransactionType.BUY else -1
    if conversion.overnight:
        part = position.overnight_quantity * sign
    else:
        part = (position.day_buy_quantity - position.day_sell_quantity) * sign
    return max(0, min(part, position.quantity * sign))


def _check_holdings(engine: Engine, conversion: Conversion) -> None:
    """A short moved to delivery is a sale of shares held: they must be there."""
    if conversion.new != Product.CNC.value or conversion.side is not TransactionType.SELL:
        return
    sellable = engine.account.sellable(conversion.instrument, 0)
    if conversion.quantity > sellable:
        raise KiteError(
            f"Insufficient holdings. You can convert at most {max(sellable, 0)} "
            f"{conversion.instrument.tradingsymbol} to CNC from your holdings.",
            "HoldingException",
        )


def _check_margin(engine: Engine, conversion: Conversion) -> None:
    """What the new product blocks beyond what the old one did must fit in the funds (MIS to CNC pays in full)."""
    instrument = conversion.instrument
    last = engine.market.state(instrument).last_price
    extra = _blocked(conversion, conversion.new, last) - _blocked(conversion, conversion.old, last)
    available = Decimal(str(engine.funds.for_exchange(instrument.exchange)["net"]))
    if extra > available:
        message, _ = engine.account.check_message(extra, available)
        raise KiteError(message, "MarginException")


def _blocked(conversion: Conversion, product: str, price: Decimal) -> Decimal:
    if product == Product.CNC.value and conversion.side is TransactionType.SELL:
        return Decimal(0)  # a delivery sale is paid for with shares, not margin
    return margin_for(conversion.instrument, Product(product), conversion.side, conversion.quantity, price).total


def _move(account: Account, source: Position, target: Position, conversion: Conversion) -> None:
    """Move the quantity at its average price, so neither side's P&L changes."""
    quantity, buying = conversion.quantity, conversion.side is TransactionType.BUY
    if conversion.overnight:
        signed = quantity if buying else -quantity
        source.overnight_quantity -= signed
        held, total = target.overnight_quantity, target.overnight_quantity + signed
        price = source.overnight_price
        target.overnight_price = (target.overnight_price * held + price * signed) / total if total else price
        target.overnight_quantity = total
    elif buying:
        price = source.day_buy_value / source.day_buy_quantity
        source.day_buy_quantity -= quantity
        source.day_buy_value -= price * quantity
        target.add_fill(True, quantity, price)
    else:
        price = source.day_sell_value / source.day_sell_quantity
        source.day_sell_quantity -= quantity
        source.day_sell_value -= price * quantity
        target.add_fill(False, quantity, price)
    if not (source.overnight_quantity or source.day_buy_quantity or source.day_sell_quantity):
        del account.positions[source.key]  # all of it moved: no empty row is left behind
    account.dirty = True
