"""Precautions: checks the user sets (and may override, with an explicit confirmation) before an order is sent.

Unlike validation, nothing here makes an order wrong: a big order or a price far from the market can be meant.
Kite's own ticket warns when the price is more than about 2% from the last price for equity and futures and 5% for
options (options move far more in percent); the same thresholds are the defaults here. The duplicate guard catches
the same order sent twice in a few seconds, the classic double click or a repeat pressed by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from kiteticket.domain.instruments import Instrument
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.prices import format_price

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


@dataclass(frozen=True, slots=True)
class PrecautionLimits:
    """Zero switches a check off."""

    max_quantity: int = 10_000
    max_value: Decimal = Decimal(1_000_000)  # rupees per order
    far_percent: Decimal = Decimal(2)  # equity and futures
    far_percent_options: Decimal = Decimal(5)


def check(
    request: OrderRequest, instrument: Instrument | None, last_price: Decimal | None, limits: PrecautionLimits
) -> tuple[Precaution, ...]:
    """Every precaution the order trips, in the order the user should read them."""
    found = (
        _quantity(request, limits),
        _value(request, last_price, limits),
        _far(request, instrument, last_price, limits),
    )
    return tuple(precaution for precaution in found if precaution is not None)


def _quantity(request: OrderRequest, limits: PrecautionLimits) -> Precaution | None:
    if limits.max_quantity <= 0 or request.quantity <= limits.max_quantity:
        return None
    return Precaution(
        PrecautionKind.MAX_QUANTITY,
        f"Quantity {request.quantity:,} is above your maximum of {limits.max_quantity:,} per order.",
    )


def order_price(request: OrderRequest, last_price: Decimal | None) -> Decimal | None:
    """The price the order would trade at: its limit price, or the last price for orders at the market."""
    if request.order_type.needs_price and request.price:
        return request.price
    return last_price or None


def _value(request: OrderRequest, last_price: Decimal | None, limits: PrecautionLimits) -> Precaution | None:
    price = order_price(request, last_price)
    if limits.max_value <= 0 or price is None:
        return None
    value = price * request.quantity
    if value <= limits.max_value:
        return None
    return Precaution(
        PrecautionKind.MAX_VALUE,
        f"Order value ₹{value:,.2f} is above your maximum of ₹{limits.max_value:,.0f} per order.",
    )


def _far(
    request: OrderRequest, instrument: Instrument | None, last_price: Decimal | None, limits: PrecautionLimits
) -> Precaution | None:
    # Only a limit price is compared: a stop's trigger is far from the market on purpose.
    if not (request.order_type.needs_price and request.price and last_price):
        return None
    threshold = limits.far_percent_options if _is_option(request, instrument) else limits.far_percent
    distance = (request.price - last_price) * 100 / last_price
    if threshold <= 0 or abs(distance) <= threshold:
        return None
    side = "above" if distance > 0 else "below"
    return Precaution(
        PrecautionKind.FAR_FROM_MARKET,
        f"Price {format_price(request.price)} is {abs(distance):.1f}% {side} the last price "
        f"{format_price(last_price)} (you are warned beyond {threshold:g}%).",
    )


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
