"""How a GTT counts its quantity: in lots for derivatives, as the ticket does (``domain.lots``), units for cash.

Kite's GTT order carries units, like any order. The dialog takes a derivative's quantity in lots and shows the units
beside it ("= 130 qty"), and the tab and the confirmations say "2 lots (130 qty)", so that a quantity typed for a
share never becomes that many lots of NIFTY, nor a lot count that many units. A GTT knows its exchange and lot size
(the draft has them), not the whole instrument, hence these small twins of ``domain.lots``' functions.
"""

from __future__ import annotations

from kiteticket.domain.enums import Exchange


def in_lots(exchange: Exchange | str) -> bool:
    """Derivatives (NFO, BFO, CDS, BCD, MCX) are counted in lots; cash equity in units."""
    try:
        return Exchange(exchange).is_derivative
    except ValueError:
        return False


def to_count(units: int, exchange: Exchange | str, lot_size: int) -> int:
    """What the quantity field shows for ``units``: whole lots for a derivative (a part lot rounds down)."""
    return units // max(lot_size, 1) if in_lots(exchange) else units


def to_units(count: int, exchange: Exchange | str, lot_size: int) -> int:
    return count * max(lot_size, 1) if in_lots(exchange) else count


def caption(exchange: Exchange | str) -> str:
    return "Lots" if in_lots(exchange) else "Quantity"


def units_hint(count: int, exchange: Exchange | str, lot_size: int) -> str:
    """Beside the lots: "= 130 qty" ("" for cash equity)."""
    return f"= {to_units(count, exchange, lot_size):,} qty" if in_lots(exchange) else ""


def part_lot_note(units: int, exchange: Exchange | str, lot_size: int) -> str:
    """Why ``units`` cannot be shown as they are ("" when they can): a position not in whole lots (left over from a
    lot-size revision) gets a GTT for its whole lots only, and the user must know what is left out."""
    lot = max(lot_size, 1)
    if not in_lots(exchange) or units % lot == 0:
        return ""
    whole, rest = units // lot * lot, units % lot
    return f"{units:,} qty is not whole lots of {lot:,}: the GTT covers {whole:,} qty, not the other {rest:,}."


def quantity_words(units: int, exchange: Exchange | str, lot_size: int) -> str:
    """ "2 lots (130 qty)" for a derivative, "50" for a share; a part lot, or any quantity of an unknown lot size
    (``lot_size`` 0), is said in units."""
    if not in_lots(exchange):
        return f"{units:,}"
    if lot_size <= 0:  # the lot size is not known (the instrument list is not in): units, without a guess
        return f"{units:,} qty"
    lots, part = divmod(units, lot_size)
    if part:
        return f"{units:,} qty"
    return f"{lots:,} lot{'' if lots == 1 else 's'} ({units:,} qty)"
