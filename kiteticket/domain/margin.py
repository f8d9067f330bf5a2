"""What an order needs before it is sent: required margin and charges, from Kite's /margins/orders."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kiteticket.domain.prices import as_decimal


@dataclass(frozen=True, slots=True)
class Charges:
    brokerage: Decimal
    transaction_tax: Decimal  # STT or CTT
    exchange_turnover: Decimal
    sebi_turnover: Decimal
    stamp_duty: Decimal
    gst: Decimal
    total: Decimal


@dataclass(frozen=True, slots=True)
class MarginEstimate:
    required: Decimal  # margin blocked by the order ("total" in Kite's response)
    charges: Charges


def margin_from_kite(raw: Mapping[str, Any]) -> MarginEstimate:
    """One element of /margins/orders (order_margins.json's shape)."""
    charges = raw.get("charges") or {}
    gst = charges.get("gst") or {}
    return MarginEstimate(
        required=as_decimal(raw.get("total") or 0),
        charges=Charges(
            brokerage=as_decimal(charges.get("brokerage") or 0),
            transaction_tax=as_decimal(charges.get("transaction_tax") or 0),
            exchange_turnover=as_decimal(charges.get("exchange_turnover_charge") or 0),
            sebi_turnover=as_decimal(charges.get("sebi_turnover_charge") or 0),
            stamp_duty=as_decimal(charges.get("stamp_duty") or 0),
            gst=as_decimal(gst.get("total") or 0),
            total=as_decimal(charges.get("total") or 0),
        ),
    )
