"""Exchange freeze quantities: the most one order may carry (NSE's F&O circular, 2025 figures, in units).

There is no API for these (facts §1.4); Kite answers with a 400. Instruments not listed have no freeze limit here.
"""

from __future__ import annotations

from kiteticket.domain.instruments import Instrument
from kiteticket.domain.limits import AUTOSLICE_MAX_SLICES
from kiteticket.paper.errors import KiteError, input_error

_FREEZE_BY_UNDERLYING = {
    "NIFTY": 1800,
    "BANKNIFTY": 900,
    "FINNIFTY": 1800,
    "MIDCPNIFTY": 2800,
    "NIFTYNXT50": 600,
    "SENSEX": 1000,
    "BANKEX": 900,
}


def freeze_quantity(instrument: Instrument) -> int | None:
    if not (instrument.is_future or instrument.is_option):
        return None
    units = _FREEZE_BY_UNDERLYING.get(instrument.name.upper())
    if units is None:
        return None
    lot = max(instrument.lot_size, 1)
    return max(units // lot, 1) * lot  # whole lots: the 2026 lot sizes do not all divide the 2025 limits


def _lots(quantity: int, lot: int) -> str:
    return f"{quantity // lot} lots" if lot > 1 else f"{quantity} units"


def freeze_error(quantity: int, freeze: int, lot: int) -> KiteError:
    return input_error(
        f"The order quantity {quantity} ({_lots(quantity, lot)}) is higher than the maximum quantity of {freeze} "
        f"({_lots(freeze, lot)}) allowed by the exchanges. Please reduce the order quantity or use iceberg orders."
    )


def slice_quantities(quantity: int, freeze: int, lot: int) -> list[int]:
    """Autoslice: full freeze-sized slices, then the rest; refused at or under the freeze or beyond 10 slices."""
    lot = max(lot, 1)
    if quantity <= freeze:
        raise input_error(f"Quantity should be greater than or equal to {freeze + lot} for order slicing.")
    slices = [freeze] * (quantity // freeze)
    if quantity % freeze:
        slices.append(quantity % freeze)
    if len(slices) > AUTOSLICE_MAX_SLICES:
        raise input_error(
            f"The order quantity {quantity} needs {len(slices)} slices; at most {AUTOSLICE_MAX_SLICES} are allowed. "
            "Please reduce the order quantity."
        )
    return slices
