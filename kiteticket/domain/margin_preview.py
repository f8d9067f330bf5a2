"""The margin an order will need, asked for at the price Kite will really use, beside the funds available.

A MARKET order is converted by Kite to a LIMIT order at its market-protection price (kite-api-facts.md §1.3), and
the margin check at placement uses that price, not the last price: ₹8,88,645.94 previewed at the last price was
rejected with "Required margin is 906416.29". So the preview asks /margins/orders for the order as Kite will hold
it: a MARKET order as a LIMIT at the protection band's edge, an SL-M order at its trigger price.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from kiteticket.domain.enums import Exchange, OrderType, TransactionType
from kiteticket.domain.margin import MarginEstimate
from kiteticket.domain.market import MarketSnapshot
from kiteticket.domain.money import format_inr
from kiteticket.domain.order import OrderRequest

# What market_protection = -1 (Auto) comes to: Kite tags such orders "mktp:2.00" (facts §1.3, the mocks).
AUTO_PROTECTION_PERCENT = Decimal(2)


def protection_price(
    side: TransactionType, protection: Decimal | int | None, market: MarketSnapshot, tick: Decimal
) -> Decimal | None:
    """The worst price a MARKET order may fill at: the protection band's edge on the tick grid, inside the circuits.
    None without a last price."""
    last = market.last_price
    if last is None or tick <= 0:
        return None
    percent = AUTO_PROTECTION_PERCENT if protection is None or protection <= 0 else Decimal(protection)
    if side is TransactionType.BUY:
        edge = (last * (100 + percent) / 100 / tick).to_integral_value(ROUND_FLOOR) * tick
        return min(edge, market.upper_circuit) if market.upper_circuit else edge
    edge = (last * (100 - percent) / 100 / tick).to_integral_value(ROUND_CEILING) * tick
    return max(edge, market.lower_circuit) if market.lower_circuit else edge


def margin_query(request: OrderRequest, market: MarketSnapshot, tick: Decimal) -> OrderRequest | None:
    """The order to ask /margins/orders about: as Kite will hold it. None for a MARKET order before its last price
    is known (a preview at some other price would mislead)."""
    if request.order_type is OrderType.MARKET:
        edge = protection_price(request.transaction_type, request.market_protection, market, tick)
        if edge is None:
            return None
        return replace(request, order_type=OrderType.LIMIT, price=edge, market_protection=None)
    if request.order_type is OrderType.SLM and request.trigger_price:
        return replace(request, order_type=OrderType.SL, price=request.trigger_price, market_protection=None)
    return request


def funds_segment(exchange: Exchange) -> str:
    """The /user/margins segment whose funds an order on `exchange` uses."""
    return "commodity" if exchange is Exchange.MCX else "equity"


@dataclass(frozen=True, slots=True)
class MarginPreview:
    """Required margin and charges, and the funds available for them (None when Kite did not say)."""

    estimate: MarginEstimate
    available: Decimal | None = None

    @property
    def shortfall(self) -> Decimal:
        if self.available is None:
            return Decimal(0)
        return max(self.estimate.required - self.available, Decimal(0))

    def shortfall_text(self) -> str:
        """ "Short by ₹17,770.35": said before sending, not learnt from a rejection."""
        return f"Short by {format_inr(self.shortfall)}" if self.shortfall > 0 else ""
