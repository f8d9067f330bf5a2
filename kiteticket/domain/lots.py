"""How the ticket counts a quantity: units for cash equity, lots for futures, options and commodities.

Kite's ``quantity`` is always units (kite-api-facts.md §1). Kite's own order window takes F&O and MCX quantities in
lots and shows the units beside them ("Lots 2 (= 130 qty)"), so that 650 typed for INFY never becomes 10 lots of
NIFTY. A new instrument starts at one lot; the last quantity sent for that same instrument may come back.
"""

from __future__ import annotations

from collections.abc import Mapping

from kiteticket.domain.enums import Exchange
from kiteticket.domain.instruments import Instrument

# Units of the commodity (or currency) in one quoted quantity: Kite's position "multiplier". The dump does not carry
# it; the MCX figures are the exchange's contract specifications for the contracts kiteticket knows.
MCX_MULTIPLIERS = {
    "CRUDEOIL": 100, "CRUDEOILM": 10, "NATURALGAS": 1250, "NATGASMINI": 250, "GOLD": 100, "GOLDM": 10,
    "GOLDPETAL": 1, "GOLDGUINEA": 1, "SILVER": 30, "SILVERM": 5, "SILVERMIC": 1, "COPPER": 2500,
}  # fmt: skip
CURRENCY_MULTIPLIER = 1000


def in_lots(instrument: Instrument | None) -> bool:
    """Derivatives (NFO, BFO, CDS, BCD, MCX) are entered in lots; cash equity in units."""
    return instrument is not None and instrument.exchange.is_derivative


def lot_size(instrument: Instrument | None) -> int:
    return max(instrument.lot_size, 1) if instrument else 1


def multiplier(instrument: Instrument | None) -> int:
    """Units of the underlying in one unit of quantity (1 but for currency and MCX contracts)."""
    if instrument is None:
        return 1
    if instrument.exchange in (Exchange.CDS, Exchange.BCD):
        return CURRENCY_MULTIPLIER
    if instrument.exchange is Exchange.MCX:
        return MCX_MULTIPLIERS.get(instrument.name.upper(), 1)
    return 1


def to_units(count: int, instrument: Instrument | None) -> int:
    """What Kite's ``quantity`` carries for `count` as entered (lots or units)."""
    return count * lot_size(instrument) if in_lots(instrument) else count


def to_count(units: int, instrument: Instrument | None) -> int:
    """What the quantity field shows for `units`: whole lots for derivatives (a part lot rounds down)."""
    return units // lot_size(instrument) if in_lots(instrument) else units


def part_lot_note(units: int, instrument: Instrument | None) -> str:
    """Why `units` cannot be shown as it is ("" when it can): a derivative quantity that is not whole lots (a
    position left over from a lot-size revision) shows as fewer lots, and the user must be told what is left."""
    if not in_lots(instrument) or units % lot_size(instrument) == 0:
        return ""
    lot = lot_size(instrument)
    whole = units // lot
    return (
        f"{units:,} qty is not a whole number of lots ({lot:,} each): the ticket holds {whole:,} lot(s) = "
        f"{whole * lot:,} qty; the other {units - whole * lot:,} qty cannot be sent in lots."
    )


def quantity_caption(instrument: Instrument | None) -> str:
    return "Lots" if in_lots(instrument) else "Quantity"


def units_hint(count: int, instrument: Instrument | None) -> str:
    """Beside the lots: "= 130 qty", and for MCX the contract multiplier ("= 2 qty · 100 units each")."""
    if not in_lots(instrument):
        return ""
    hint = f"= {to_units(count, instrument):,} qty"
    if instrument is not None and instrument.exchange is Exchange.MCX:
        hint += f" · ×{multiplier(instrument):,} each"
    return hint


def describe_quantity(units: int, instrument: Instrument | None) -> str:
    """ "2 lots (130 qty)" for derivatives, "50" for equity: the same words in the header and the confirmation."""
    if not in_lots(instrument):
        return f"{units:,}"
    lots, part = divmod(units, lot_size(instrument))
    if part:
        return f"{units:,} qty"
    return f"{lots:,} lot{'' if lots == 1 else 's'} ({units:,} qty)"


def starting_units(instrument: Instrument | None, remembered: Mapping[str, int]) -> int:
    """A new instrument's quantity: the last one sent for it, else one lot. Never a quantity meant for another."""
    if instrument is None:
        return 1
    return remembered.get(instrument.key) or lot_size(instrument)
