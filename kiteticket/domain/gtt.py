"""GTT (good till triggered) requests: what kiteticket sends to Kite's place_gtt and modify_gtt, and the statuses a
trigger goes through, in the user's words.

A GTT waits at Kite (for up to a year: Kite sets ``expires_at``, which the tab shows) and places a LIMIT order when
the last price reaches its trigger. A *single* GTT has one trigger and one order; an *OCO* (Kite's "two-leg") has a
stop-loss and a target: whichever is hit first places its order and the other is cancelled. Kite wants the two
triggers in rising order, each order beside its trigger, and the last price the user saw (it decides whether a
single trigger fires on a rise or a fall).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType
from kiteticket.domain.prices import format_price


class GttType(StrEnum):
    SINGLE = "single"
    OCO = "two-leg"  # Kite's name; traders say OCO, "one cancels the other"

    @property
    def label(self) -> str:
        return "Single" if self is GttType.SINGLE else "OCO"


class GttStatus(StrEnum):
    ACTIVE = "active"
    TRIGGERED = "triggered"
    DISABLED = "disabled"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    REJECTED = "rejected"
    DELETED = "deleted"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def words(self) -> str:
        """What the status means for the user, for a tooltip or the status line."""
        return _STATUS_WORDS[self]

    @property
    def can_change(self) -> bool:
        """Kite modifies and deletes only a GTT that still waits for its trigger."""
        return self is GttStatus.ACTIVE


_STATUS_WORDS = {
    GttStatus.ACTIVE: "Waiting for the last price to reach the trigger.",
    GttStatus.TRIGGERED: "The trigger was hit and its order was sent to the exchange.",
    GttStatus.DISABLED: "Disabled: the contract expired (or was delisted) before the trigger was hit.",
    GttStatus.EXPIRED: "Expired: a year passed without the trigger being hit.",
    GttStatus.CANCELLED: "Cancelled by the broker (a corporate action changed the share's price).",
    GttStatus.REJECTED: "The trigger was hit but its order could not be placed; see the order's reason.",
    GttStatus.DELETED: "Deleted.",
}


def gtt_status(text: object) -> GttStatus | None:
    """Kite's status string as a GttStatus, or None for one this version does not know."""
    try:
        return GttStatus(str(text).lower())
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class GttLeg:
    """The LIMIT order a trigger places (Kite's GTT places LIMIT orders only)."""

    transaction_type: TransactionType
    quantity: int
    price: Decimal
    product: Product

    def to_kite(self) -> dict[str, Any]:
        return {
            "transaction_type": self.transaction_type.value,
            "quantity": self.quantity,
            "order_type": OrderType.LIMIT.value,
            "product": self.product.value,
            "price": float(self.price),
        }


@dataclass(frozen=True, slots=True)
class GttRequest:
    """Every parameter of Kite's place_gtt (and modify_gtt, with the trigger's id beside it). Triggers rise: an
    OCO's lower trigger and its order come first."""

    type: GttType
    exchange: Exchange
    tradingsymbol: str
    last_price: Decimal
    trigger_values: tuple[Decimal, ...]
    legs: tuple[GttLeg, ...]

    @property
    def instrument_key(self) -> str:
        return f"{self.exchange}:{self.tradingsymbol}"

    def to_kite_params(self) -> dict[str, Any]:
        """Keyword arguments for ``KiteConnect.place_gtt``; the SDK writes them as Kite's JSON fields."""
        return {
            "trigger_type": self.type.value,
            "tradingsymbol": self.tradingsymbol,
            "exchange": self.exchange.value,
            "trigger_values": [float(value) for value in self.trigger_values],
            "last_price": float(self.last_price),
            "orders": [leg.to_kite() for leg in self.legs],
        }

    def describe(self, tick: Decimal = Decimal("0.05"), quantity: str = "") -> str:
        """One line for a confirmation: "SELL 10 INFY (NSE) OCO: stop-loss 1520.00 → 1515.00, target …";
        ``quantity`` says the quantity in other words ("2 lots (130 qty)") than the bare units."""
        first = self.legs[0]
        amount = quantity or str(first.quantity)
        head = f"{first.transaction_type} {amount} {self.tradingsymbol} ({self.exchange}) {first.product}"
        parts = [
            f"trigger {format_price(value, tick)} → limit {format_price(leg.price, tick)}"
            for value, leg in zip(self.trigger_values, self.legs, strict=True)
        ]
        return f"{head}, {self.type.label} GTT: {'; '.join(parts)} (last price {format_price(self.last_price, tick)})"
