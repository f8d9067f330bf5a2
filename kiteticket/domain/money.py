"""Money as an Indian trader reads it: the rupee sign and lakh/crore digit grouping (₹34,06,000.00).

One function for every figure the app shows (ticket, confirmations, precautions, settings, positions, history), so
that a value reads the same wherever it appears.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def group_indian(whole: str) -> str:
    """Digits grouped the Indian way: the last three together, then pairs (3406000 -> 34,06,000)."""
    head, tail = whole[:-3], whole[-3:]
    groups: list[str] = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return ",".join([*groups, tail])


def format_inr(amount: Decimal | float | int, *, places: int = 2, symbol: bool = True, signed: bool = False) -> str:
    """`amount` in rupees with Indian grouping: ``format_inr(3406000)`` is "₹34,06,000.00".

    ``places`` sets the paise shown (0 for whole rupees), ``symbol=False`` leaves out the ₹ (table cells whose
    header names the currency), ``signed=True`` writes "+" before a gain as P&L columns do. A value that is not a
    finite number (an absent figure) is written as an en dash rather than raising in a paint event.
    """
    try:
        value = Decimal(str(amount)) if not isinstance(amount, Decimal) else amount
        if not value.is_finite():
            return "–"
        quantum = Decimal(1).scaleb(-places)
        text = f"{abs(value).quantize(quantum, rounding=ROUND_HALF_UP):f}"
    except (InvalidOperation, ValueError):
        return "–"
    whole, _, paise = text.partition(".")
    sign = "-" if value < 0 and Decimal(text) != 0 else ("+" if signed and value > 0 else "")
    rupee = "₹" if symbol else ""
    return f"{sign}{rupee}{group_indian(whole)}{'.' + paise if paise else ''}"


def money_cell(amount: object) -> str:
    """A table cell under a header that names the currency: grouped, no ₹, and empty for an absent figure (zero,
    None, or not a number in a raw Kite reply), as Kite leaves an unset trigger or average price blank."""
    if isinstance(amount, bool) or not isinstance(amount, Decimal | float | int) or not amount:
        return ""
    return format_inr(amount, symbol=False)
