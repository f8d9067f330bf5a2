"""The user's preferences: one typed object, stored as JSON under the platform's config folder.

Secrets never live here (they are in the OS keyring). Unknown or malformed entries fall back to their defaults,
so an old or hand-edited file never stops the app from starting.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from kiteticket.domain.precautions import PrecautionLimits


@dataclass(frozen=True, slots=True)
class Preferences:
    confirm_place: bool = True
    confirm_modify: bool = True
    confirm_cancel: bool = True
    tag_prefix: str = "kt"
    default_market_protection: int = -1  # -1: Kite chooses the band (Auto)
    # Precautions (kiteticket.domain.precautions): an order beyond one asks for an explicit override; 0 is off.
    max_order_quantity: int = 10_000
    max_order_value: int = 10_00_000  # rupees, equity (NSE, BSE)
    max_order_value_fno: int = 1_00_00_000  # NFO, BFO: one NIFTY lot alone is over ₹10 lakh
    max_order_value_currency: int = 25_00_000  # CDS, BCD
    max_order_value_commodity: int = 50_00_000  # MCX
    far_from_market_percent: float = 2.0  # equity and futures, as Kite warns
    far_from_market_options_percent: float = 5.0

    def precaution_limits(self) -> PrecautionLimits:
        return PrecautionLimits(
            max_quantity=self.max_order_quantity,
            max_value=Decimal(self.max_order_value),
            max_value_fno=Decimal(self.max_order_value_fno),
            max_value_currency=Decimal(self.max_order_value_currency),
            max_value_commodity=Decimal(self.max_order_value_commodity),
            far_percent=Decimal(str(self.far_from_market_percent)),
            far_percent_options=Decimal(str(self.far_from_market_options_percent)),
        )

    def changed(self, **changes: Any) -> Preferences:
        return replace(self, **changes)


def load_preferences(path: Path) -> Preferences:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Preferences()
    if not isinstance(stored, dict):
        return Preferences()
    defaults = Preferences()
    known = {field.name: field for field in fields(Preferences)}
    values = {name: value for name, value in stored.items() if name in known and _fits(value, getattr(defaults, name))}
    return replace(defaults, **values)


def _fits(value: object, default: object) -> bool:
    """A stored value of the right type; a whole number is fine for a float setting (JSON writes 2.0 as 2)."""
    if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
        return True
    return isinstance(value, type(default))


def save_preferences(path: Path, preferences: Preferences) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(asdict(preferences), indent=2), encoding="utf-8")
    os.replace(temporary, path)
