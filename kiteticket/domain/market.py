"""What is known of one instrument's market at a moment: last price and circuit limits."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class MarketSnapshot:
    """Any part may be unknown (None): validation then skips the checks that need it."""

    last_price: Decimal | None = None
    lower_circuit: Decimal | None = None
    upper_circuit: Decimal | None = None
