"""A position's P&L at a newer last price, between two fetches of the positions: what a tick changes.

Kite's P&L of a net position is ``(sell_value - buy_value) + quantity × last_price × multiplier`` (and M2M and
unrealised move the same way), so a new last price moves each by ``quantity × multiplier × (new - old)``. Starting
from the figures Kite sent keeps whatever Kite counted in them; the next fetch replaces the estimate anyway.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

MOVED_BY_PRICE = ("pnl", "m2m", "unrealised")


def repriced(position: Mapping[str, Any], last_price: Decimal) -> dict[str, Any]:
    """`position` (a row of Kite's positions) as it reads at `last_price`; unchanged when it holds nothing."""
    quantity = Decimal(str(position.get("quantity") or 0))
    old = Decimal(str(position.get("last_price") or 0))
    if not quantity or not old or last_price == old:
        return dict(position)
    multiplier = Decimal(str(position.get("multiplier") or 1))
    move = quantity * multiplier * (last_price - old)
    changed: dict[str, Any] = {"last_price": float(last_price)}
    for name in MOVED_BY_PRICE:
        if name in position:
            changed[name] = float(Decimal(str(position.get(name) or 0)) + move)
    return {**position, **changed}
