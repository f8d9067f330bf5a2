"""Exit and Add on a delivery holding: a prefilled ticket request (CNC), which the user reviews and sends.

Exit sells everything still sellable (settled and T1, less what was sold today) at MARKET with Auto protection, as
Exit on a position does. Add buys one share at LIMIT on the last price: a holding can be worth lakhs, and doubling
it from one key press is not what Add means in Kite web, whose buy window opens with the default quantity.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Variety
from kiteticket.domain.holding import Holding
from kiteticket.domain.order import AUTO_MARKET_PROTECTION, OrderRequest
from kiteticket.domain.prices import round_to_tick

ADD_QUANTITY = 1


@dataclass(frozen=True, slots=True)
class HoldingActions:
    """Whether Exit and Add are offered, and if not why (a tooltip's words)."""

    exit_reason: str = ""
    add_reason: str = ""

    @property
    def exit_allowed(self) -> bool:
        return not self.exit_reason

    @property
    def add_allowed(self) -> bool:
        return not self.add_reason


def holding_actions(holding: Holding) -> HoldingActions:
    try:
        Exchange(holding.exchange)
    except ValueError:
        unknown = f"Kite reports exchange '{holding.exchange}', which kiteticket does not know."
        return HoldingActions(unknown, unknown)
    if not holding.sellable:
        return HoldingActions(exit_reason="Nothing left to sell: this holding was sold today.")
    return HoldingActions()


def exit_holding(holding: Holding) -> OrderRequest | None:
    if not holding_actions(holding).exit_allowed:
        return None
    return OrderRequest(
        variety=Variety.REGULAR,
        exchange=Exchange(holding.exchange),
        tradingsymbol=holding.tradingsymbol,
        transaction_type=TransactionType.SELL,
        quantity=holding.sellable,
        product=Product.CNC,
        order_type=OrderType.MARKET,
        market_protection=AUTO_MARKET_PROTECTION,
    )


def add_to_holding(holding: Holding, tick: Decimal | None = None) -> OrderRequest | None:
    if not holding_actions(holding).add_allowed:
        return None
    price = holding.last_price or None
    if price is not None and tick:
        price = round_to_tick(price, tick)
    return OrderRequest(
        variety=Variety.REGULAR,
        exchange=Exchange(holding.exchange),
        tradingsymbol=holding.tradingsymbol,
        transaction_type=TransactionType.BUY,
        quantity=ADD_QUANTITY,
        product=Product.CNC,
        order_type=OrderType.LIMIT,
        price=price,
    )
