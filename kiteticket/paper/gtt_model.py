"""One GTT trigger as the paper exchange keeps it, and its Kite JSON (mocks gtt_get_order.json, gtt_get_orders.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

APP_ID = 1  # the paper exchange's one "app", as it appears in Kite's meta {"app_id": …, "gtt": …} and postbacks


def num(value: Decimal) -> float | int:
    """Kite writes whole prices as integers and others as floats."""
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(slots=True)
class Gtt:
    id: int
    type: str
    created_at: str
    updated_at: str
    expires_at: str
    status: str
    condition: dict[str, Any]
    orders: list[dict[str, Any]]
    rising: list[bool] = field(default_factory=list)  # per trigger: fires when the price rises to it (else falls)

    @property
    def instrument_token(self) -> int:
        return int(self.condition["instrument_token"])

    def to_kite(self, user_id: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "user_id": user_id,
            "parent_trigger": None,
            "type": self.type,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "expires_at": self.expires_at,
            "status": self.status,
            "condition": self.condition,
            "orders": self.orders,
            "meta": {},
        }

    def fired_leg(self, last: Decimal) -> int | None:
        for index, value in enumerate(self.condition["trigger_values"]):
            trigger = Decimal(str(value))
            if (self.rising[index] and last >= trigger) or (not self.rising[index] and last <= trigger):
                return index
        return None


def leg_result(
    gtt: Gtt, order: dict[str, Any], user_id: str, *, stamp: str, last: Decimal, outcome: dict[str, Any]
) -> dict[str, Any]:
    """A fired leg's ``result``: the order it sent, when and at what price, and what became of it."""
    return {
        "account_id": user_id,
        **{name: order[name] for name in ("exchange", "tradingsymbol")},
        "validity": "DAY",
        **{name: order[name] for name in ("product", "order_type", "transaction_type", "quantity", "price")},
        "meta": json.dumps({"app_id": APP_ID, "gtt": gtt.id}, separators=(",", ":")),
        "timestamp": stamp,
        "triggered_at": num(last),
        "order_result": outcome,
    }
