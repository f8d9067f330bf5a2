"""One mutual fund order as the paper exchange keeps it, and its Kite JSON (mocks mf_orders.json,
mf_orders_info.json)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from kiteticket.paper.mf_schemes import Scheme


def as_float(value: str | Decimal) -> float:
    return float(value)


@dataclass(slots=True)
class MfOrder:
    """Amounts, units and prices are kept as decimal strings, so a row is plain JSON for the store."""

    order_id: str
    tradingsymbol: str
    transaction_type: str
    variety: str
    purchase_type: str
    amount: str
    quantity: str
    order_timestamp: str
    nav_day: str
    status: str = "OPEN"
    status_message: str | None = None
    tag: str | None = None
    folio: str | None = None
    average_price: str = "0"
    exchange_order_id: str | None = None
    settlement_id: str | None = None
    exchange_timestamp: str | None = None

    def to_kite(self, scheme: Scheme, nav: Decimal, nav_day: date, placed_by: str) -> dict[str, Any]:
        """``nav`` and ``nav_day``: the scheme's latest published NAV, which Kite shows as ``last_price``."""
        return {
            "status": self.status, "purchase_type": self.purchase_type, "folio": self.folio,
            "order_timestamp": self.order_timestamp, "average_price": as_float(self.average_price),
            "exchange_order_id": self.exchange_order_id, "last_price": as_float(nav),
            "tradingsymbol": self.tradingsymbol, "settlement_id": self.settlement_id,
            "transaction_type": self.transaction_type, "order_id": self.order_id, "amount": as_float(self.amount),
            "tag": self.tag, "placed_by": placed_by, "exchange_timestamp": self.exchange_timestamp,
            "variety": self.variety, "last_price_date": nav_day.isoformat(), "status_message": self.status_message,
            "fund": scheme.name, "quantity": as_float(self.quantity),
        }  # fmt: skip
