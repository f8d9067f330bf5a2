"""A basket's combined margin from Kite's /margins/basket: what the orders need one by one ("initial") and together
("final", after the spread benefit of hedged legs), and their charges (facts §10, basket_margins.json)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kiteticket.domain.money import format_inr
from kiteticket.domain.prices import as_decimal


@dataclass(frozen=True, slots=True)
class BasketMargin:
    initial: Decimal  # the orders' margins added up
    final: Decimal  # what the basket blocks once placed together
    charges: Decimal  # brokerage, taxes and fees of every order

    @property
    def benefit(self) -> Decimal:
        """The spread benefit: how much less the basket needs than its orders alone (never below zero)."""
        return max(self.initial - self.final, Decimal(0))

    def text(self) -> str:
        """ "Margin ₹96,504.98 → ₹34,786.73 with the spread benefit of ₹61,718.25 · charges ₹40.00"."""
        charges = f" · charges {format_inr(self.charges)}"
        if self.benefit:
            saved = f" with the spread benefit of {format_inr(self.benefit)}"
            return f"Margin {format_inr(self.initial)} → {format_inr(self.final)}{saved}{charges}"
        return f"Margin {format_inr(self.final)} (no spread benefit){charges}"


def basket_margin_from_kite(raw: Mapping[str, Any]) -> BasketMargin:
    """Kite's ``charges.total`` of a basket is 0 in its own mock while brokerage is not: the parts are added up
    when the total is missing or zero, so the charges shown are never less than their parts."""
    charges = raw.get("charges") or {}
    parts = ("transaction_tax", "exchange_turnover_charge", "sebi_turnover_charge", "brokerage", "stamp_duty")
    added = sum((as_decimal(charges.get(name) or 0) for name in parts), Decimal(0))
    added += as_decimal((charges.get("gst") or {}).get("total") or 0)
    total = as_decimal(charges.get("total") or 0) or added
    return BasketMargin(
        initial=as_decimal((raw.get("initial") or {}).get("total") or 0),
        final=as_decimal((raw.get("final") or {}).get("total") or 0),
        charges=total,
    )
