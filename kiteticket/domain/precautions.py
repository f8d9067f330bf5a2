"""Precautions: checks the user sets (and may override, with an explicit confirmation) before an order is sent.

Unlike validation, nothing here makes an order wrong: a big order or a price far from the market can be meant.
The value limit is per segment: one NIFTY lot is worth more than ₹10 lakh, so an equity limit would fire on every
futures order and teach the user to click through it. "Far from the market" is about the order that would trade
through the market: a BUY limit above the best offer or a SELL limit below the best bid by more than the threshold
(about 2% for equity and futures, 5% for options, as Kite warns), which fills at once at prices the user never saw.
A resting bid 5% under the market is a normal order and is not questioned. The duplicate guard catches the same order
sent twice in a few seconds, the classic double click or a repeat pressed by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from kiteticket.domain.enums import Exchange, TransactionType
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.money import format_inr
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.prices import format_price
from kiteticket.domain.quote import Quote

DUPLICATE_WINDOW_SECONDS = 10.0


class PrecautionKind(StrEnum):
    MAX_QUANTITY = "max_quantity"
    MAX_VALUE = "max_value"
    FAR_FROM_MARKET = "far_from_market"
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True)
class Precaution:
    kind: PrecautionKind
    message: str


class Segment(StrEnum):
    EQUITY = "equity"
    FNO = "F&O"
    CURRENCY = "currency"
    COMMODITY = "commodity"


_SEGMENTS = {
    Exchange.NSE: Segment.EQUITY, Exchange.BSE: Segment.EQUITY, Exchange.NFO: Segment.FNO, Exchange.BFO: Segment.FNO,
    Exchange.CDS: Segment.CURRENCY, Exchange.BCD: Segment.CURRENCY, Exchange.MCX: Segment.COMMODITY,
}  # fmt: skip


def segment_of(exchange: Exchange) -> Segment:
    return _SEGMENTS[exchange]


@dataclass(frozen=True, slots=True)
class PrecautionLimits:
    """Zero switches a check off. Values are rupees per order (the notional: price × quantity)."""

    max_quantity: int = 10_000
    max_value: Decimal = Decimal(10_00_000)  # equity: ₹10 lakh
    max_value_fno: Decimal = Decimal(1_00_00_000)  # ₹1 crore: a few index lots (one NIFTY lot is ~₹17 lakh)
    max_value_currency: Decimal = Decimal(25_00_000)  # ₹25 lakh: some 30 USDINR lots
    max_value_commodity: Decimal = Decimal(50_00_000)  # ₹50 lakh: a few GOLDM or CRUDEOIL lots
    far_percent: Decimal = Decimal(2)  # equity and futures
    far_percent_options: Decimal = Decimal(5)

    def max_value_for(self, segment: Segment) -> Decimal:
        return {
            Segment.EQUITY: self.max_value,
            Segment.FNO: self.max_value_fno,
            Segment.CURRENCY: self.max_value_currency,
            Segment.COMMODITY: self.max_value_commodity,
        }[segment]


def check(
    request: OrderRequest, instrument: Instrument | None, market: Quote | Decimal | None, limits: PrecautionLimits
) -> tuple[Precaution, ...]:
    """Every precaution the order trips, in the order the user should read them.

    ``market``: the newest quote of the order's instrument (its depth gives the best bid and offer), or only its
    last price, or None before one came (then only the quantity is checked).
    """
    quote = market if isinstance(market, Quote) else None
    last_price = quote.last_price if quote is not None else market if isinstance(market, Decimal) else None
    found = (
        _quantity(request, limits),
        _value(request, last_price, limits),
        _far(request, instrument, quote, last_price, limits),
    )
    return tuple(precaution for precaution in found if precaution is not None)


def _quantity(request: OrderRequest, limits: PrecautionLimits) -> Precaution | None:
    if limits.max_quantity <= 0 or request.quantity <= limits.max_quantity:
        return None
    return Precaution(
        PrecautionKind.MAX_QUANTITY,
        f"Quantity {_count(request.quantity)} is above your maximum of {_count(limits.max_quantity)} per order.",
    )


def _count(quantity: int) -> str:
    return format_inr(quantity, places=0, symbol=False)


def order_price(request: OrderRequest, last_price: Decimal | None) -> Decimal | None:
    """The price the order would trade at: its limit price, or the last price for orders at the market."""
    if request.order_type.needs_price and request.price:
        return request.price
    return last_price or None


def _value(request: OrderRequest, last_price: Decimal | None, limits: PrecautionLimits) -> Precaution | None:
    price = order_price(request, last_price)
    segment = segment_of(request.exchange)
    limit = limits.max_value_for(segment)
    if limit <= 0 or price is None:
        return None
    value = price * request.quantity
    if value <= limit:
        return None
    return Precaution(
        PrecautionKind.MAX_VALUE,
        f"Order value {format_inr(value)} is above your {segment.value} maximum of {format_inr(limit, places=0)} "
        "per order.",
    )


def _far(
    request: OrderRequest,
    instrument: Instrument | None,
    quote: Quote | None,
    last_price: Decimal | None,
    limits: PrecautionLimits,
) -> Precaution | None:
    # Only a limit price is compared: a stop's trigger is far from the market on purpose.
    if not (request.order_type.needs_price and request.price and last_price):
        return None
    threshold = limits.far_percent_options if _is_option(request, instrument) else limits.far_percent
    buying = request.transaction_type is TransactionType.BUY
    reference, name = _touch(quote, buying) if quote is not None else (last_price, "last price")
    if threshold <= 0 or not reference:
        return None
    # How far past the touch the limit reaches: positive only when the order would trade through the market.
    beyond = (request.price - reference if buying else reference - request.price) * 100 / reference
    if beyond <= threshold:
        return None
    side = "above" if buying else "below"
    return Precaution(
        PrecautionKind.FAR_FROM_MARKET,
        f"Price {format_price(request.price)} is {beyond:.1f}% {side} the {name} {format_price(reference)}: "
        f"it would trade at once, through the market (you are warned beyond {threshold:g}%).",
    )


def _touch(quote: Quote, buying: bool) -> tuple[Decimal, str]:
    """The price a marketable order would meet first: the best offer for a BUY, the best bid for a SELL; the last
    price when that side of the depth is empty (outside market hours, an illiquid contract)."""
    levels = quote.asks if buying else quote.bids
    if levels and levels[0].price:
        return levels[0].price, "best offer" if buying else "best bid"
    return quote.last_price, "last price"


def _is_option(request: OrderRequest, instrument: Instrument | None) -> bool:
    if instrument is not None:
        return instrument.is_option
    return request.exchange.is_derivative and request.tradingsymbol.endswith(("CE", "PE"))


def same_order(request: OrderRequest) -> tuple[object, ...]:
    """What makes two orders "the same" for the duplicate guard: everything but the tag and the validity details."""
    return (
        request.exchange, request.tradingsymbol, request.transaction_type, request.quantity, request.price,
        request.trigger_price, request.order_type, request.product, request.variety,
    )  # fmt: skip


class RecentOrders:
    """The orders sent in the last few seconds, to ask before the same one goes again. Not thread-safe: the GUI
    thread owns it."""

    def __init__(self, window_seconds: float = DUPLICATE_WINDOW_SECONDS) -> None:
        self._window = window_seconds
        self._sent: dict[tuple[object, ...], float] = {}

    def remember(self, request: OrderRequest, now: float) -> None:
        self._sent = {key: at for key, at in self._sent.items() if now - at < self._window}
        self._sent[same_order(request)] = now

    def forget(self, request: OrderRequest) -> None:
        """Kite refused it for certain: sending it again (corrected or not) is no duplicate."""
        self._sent.pop(same_order(request), None)

    def duplicate(self, request: OrderRequest, now: float) -> Precaution | None:
        sent_at = self._sent.get(same_order(request))
        if sent_at is None or now - sent_at >= self._window:
            return None
        ago = max(int(now - sent_at), 0)
        return Precaution(PrecautionKind.DUPLICATE, f"You placed the same order {ago} s ago.")
