"""What a number field shows, read as the user reads it: empty, a number, or something that is not (yet) one.

A Qt spin box keeps its last valid value while its text is empty or half-typed, and its validator takes "12,50" as
1250 (the comma read as a thousands separator). Reading its value would send something the screen does not show,
so the ticket reads the text through ``read_entry`` and sends only what it can read back exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum

from kiteticket.domain.fields import Field
from kiteticket.domain.validation import Problem

# Digits with an optional fraction; a thousands separator only where it groups digits the Western (1,601.25) or the
# Indian way (1,00,000), never "12,50". A trailing "." is not a number yet: the user is still typing it.
_PLAIN = re.compile(r"-?\d+(\.\d+)?")
_WESTERN = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?")
_INDIAN = re.compile(r"-?\d{1,2}(,\d{2})*,\d{3}(\.\d+)?")

# What to ask for when a field is empty ("Enter a quantity.").
_WANTED = {
    Field.QUANTITY: "a quantity",
    Field.PRICE: "a price",
    Field.TRIGGER_PRICE: "a trigger price",
    Field.VALIDITY_TTL: "the minutes the order stays",
    Field.DISCLOSED_QUANTITY: "a disclosed quantity",
    Field.ICEBERG_LEGS: "the number of iceberg legs",
    Field.MARKET_PROTECTION: "a market protection (Auto or a percentage)",
}


# Fields whose numbers may have a fraction: prices, and market protection (a percentage such as 1.5).
FRACTIONAL_FIELDS = frozenset({Field.PRICE, Field.TRIGGER_PRICE, Field.MARKET_PROTECTION})


class EntryKind(Enum):
    EMPTY = "empty"
    NUMBER = "number"
    INVALID = "invalid"


@dataclass(frozen=True, slots=True)
class Entry:
    """A field's text and the number it reads as (None unless ``kind`` is NUMBER)."""

    text: str
    kind: EntryKind
    number: Decimal | None = None

    @property
    def whole(self) -> int | None:
        """The number as a count; None when it is not a whole number."""
        if self.number is None or self.number != self.number.to_integral_value():
            return None
        return int(self.number)


def read_entry(text: str) -> Entry:
    """`text` as typed (the spin box's text without prefix or suffix)."""
    text = text.strip()
    if not text:
        return Entry(text, EntryKind.EMPTY)
    if not any(pattern.fullmatch(text) for pattern in (_PLAIN, _WESTERN, _INDIAN)):
        return Entry(text, EntryKind.INVALID)
    try:
        return Entry(text, EntryKind.NUMBER, Decimal(text.replace(",", "")))
    except InvalidOperation:  # pragma: no cover - the patterns admit only what Decimal reads
        return Entry(text, EntryKind.INVALID)


def entry_problem(field: Field, entry: Entry, *, required: bool, whole: bool) -> Problem | None:
    """Why the field's text cannot be sent: empty while required, not a number, or not a whole number."""
    if entry.kind is EntryKind.EMPTY:
        return Problem(field, f"Enter {_WANTED.get(field, 'a value')}.") if required else None
    if entry.kind is EntryKind.INVALID and entry.text.endswith("."):
        return Problem(field, f"Finish the {field.label.lower()}: “{entry.text}” is not a number yet.")
    if entry.kind is EntryKind.INVALID:
        example = "a whole number" if whole else "a number such as 1601.25"
        return Problem(field, f"“{entry.text}” is not a number: enter {example}.")
    if whole and entry.whole is None:
        return Problem(field, f"{field.label} must be a whole number, not {entry.text}.")
    return None


def protection_of(entry: Entry) -> Decimal | None:
    """Market protection as ``OrderRequest`` carries it: a percentage (1.5 means 1.5 %), -1 for Auto; None when
    the text is not a number. A whole number is written without decimals, as Kite's own examples send it."""
    number = entry.number
    if number is None:
        return None
    return Decimal(int(number)) if number == number.to_integral_value() else number.normalize()
