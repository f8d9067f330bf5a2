"""What a row of the net positions offers: Exit, Add, Convert and a GTT, each with the reason when it is not offered,
and the ticket requests Exit and Add prefill. One rule table for every feature that acts on a position (the
positions view, exit-all, the GTT for a position), so none of them decides on its own what a row means.

A sale of shares held in the demat shows in the day's net positions as a CNC row with a negative quantity (Zerodha
calls it an "open CNC sell position"). It is no short: the shares left the holdings, and "exiting" it would buy them
back. So such a row offers nothing; the holding it came from is where the user acts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Variety
from kiteticket.domain.order import AUTO_MARKET_PROTECTION, OrderRequest
from kiteticket.domain.order_conversion import ALLOWED, COVER_PRODUCT, Action
from kiteticket.domain.portfolio_rows import Position
from kiteticket.domain.prices import round_to_tick

SOLD_FROM_HOLDINGS = "Sold from your holdings today: not a short position"
_COVER = "Close a cover order with Exit on its stop-loss leg in the order book."
_FLAT = "The position is flat: there is no open quantity."
_GTT_INTRADAY = "A GTT lasts up to a year: offered for delivery (CNC) and carry-forward (NRML) positions only; "
_GTT_PRODUCTS = frozenset({Product.CNC.value, Product.NRML.value})


@dataclass(frozen=True, slots=True)
class PositionActions:
    exit: Action
    add: Action
    convert: Action
    gtt: Action


def is_sale_from_holdings(position: Position) -> bool:
    """An equity CNC row below zero: shares sold from the demat today, not a short position (module docstring)."""
    return position.product == Product.CNC.value and position.quantity < 0 and _is_equity(position.exchange)


def position_actions(position: Position) -> PositionActions:
    """What ``position`` (a "net" row of /portfolio/positions) offers; a blocked action carries its reason."""
    blocked = _blocked(position)
    if blocked is not None:
        return PositionActions(blocked, blocked, blocked, blocked)
    return PositionActions(ALLOWED, ALLOWED, ALLOWED, _gtt(position))


def _blocked(position: Position) -> Action | None:
    """Why nothing at all is offered on the row, or None."""
    if position.product == COVER_PRODUCT:
        return Action(False, _COVER)
    problem = _unknown(position)
    if problem is not None:
        return problem
    if position.quantity == 0:
        return Action(False, _FLAT)
    if is_sale_from_holdings(position):
        return Action(False, SOLD_FROM_HOLDINGS)
    return None


def _unknown(position: Position) -> Action | None:
    for kind, value, what in ((Exchange, position.exchange, "exchange"), (Product, position.product, "product")):
        try:
            kind(value)
        except ValueError:
            return Action(False, f"Kite reports {what} '{value}', which kiteticket does not know.")
    return None


def _gtt(position: Position) -> Action:
    # An intraday position is squared off at today's close; a year-long GTT on it would open a new one later.
    if position.product in _GTT_PRODUCTS:
        return ALLOWED
    return Action(False, _GTT_INTRADAY + f"this one is {position.product}, squared off today.")


def _is_equity(exchange: str) -> bool:
    try:
        return Exchange(exchange).is_equity
    except ValueError:
        return False


def exit_position(position: Position) -> OrderRequest | None:
    """A ticket request that squares the position off: the opposite side for the open quantity, at MARKET with Auto
    protection, in the same product. None when ``position_actions`` does not allow Exit."""
    if not position_actions(position).exit.allowed:
        return None
    return OrderRequest(
        variety=Variety.REGULAR,
        exchange=Exchange(position.exchange),
        tradingsymbol=position.tradingsymbol,
        transaction_type=TransactionType.SELL if position.quantity > 0 else TransactionType.BUY,
        quantity=abs(position.quantity),
        product=Product(position.product),
        order_type=OrderType.MARKET,
        market_protection=AUTO_MARKET_PROTECTION,
    )


def add_to_position(position: Position, tick: Decimal | None = None) -> OrderRequest | None:
    """A ticket request that adds to the position: the same side and quantity, LIMIT at the last price (on the
    tick grid when ``tick`` is known). None when ``position_actions`` does not allow Add."""
    if not position_actions(position).add.allowed:
        return None
    price = position.last_price or None
    if price is not None and tick:
        price = round_to_tick(price, tick)
    return OrderRequest(
        variety=Variety.REGULAR,
        exchange=Exchange(position.exchange),
        tradingsymbol=position.tradingsymbol,
        transaction_type=TransactionType.BUY if position.quantity > 0 else TransactionType.SELL,
        quantity=abs(position.quantity),
        product=Product(position.product),
        order_type=OrderType.LIMIT,
        price=price,
    )
