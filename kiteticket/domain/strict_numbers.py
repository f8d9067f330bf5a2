"""Numbers read from untrusted text (an order form, an admin body): plain ASCII digits, finite, short, in range.

Python's own parsers accept far more than a number a person means: ``int("1_0")`` is 10, ``int("١٢")`` is 12,
``Decimal("1E+1000000")`` is fine until something turns it into an int or a float, which takes seconds under the
exchange's lock (measured: one such request froze the paper exchange for 27 s). So the text is checked for
length and shape with a regular expression first, and only then converted; the range is checked last.
"""

from __future__ import annotations

import re
from decimal import Decimal

# Longer than any real value of any field, short enough that nothing below can be slow.
MAX_TEXT_LENGTH = 32
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}", re.ASCII)
# Digits with an optional fraction and a small exponent: str() of a float may read "1e-05" or "1.5e+16".
_DECIMAL = re.compile(r"[+-]?(?:[0-9]{1,18}(?:\.[0-9]{0,12})?|\.[0-9]{1,12})(?:[eE][+-]?[0-9]{1,2})?", re.ASCII)


def strict_int(text: str, low: int, high: int) -> int:
    """The integer ``text`` spells, within [low, high]; ValueError for anything else."""
    cleaned = text.strip()
    if len(cleaned) > MAX_TEXT_LENGTH or not _INTEGER.fullmatch(cleaned):
        raise ValueError(f"not a plain number: {text[:MAX_TEXT_LENGTH]!r}")
    value = int(cleaned)
    if not low <= value <= high:
        raise ValueError(f"out of range: {cleaned}")
    return value


def strict_decimal(text: str, low: Decimal, high: Decimal) -> Decimal:
    """The decimal ``text`` spells, within [low, high]; ValueError for NaN, infinities, huge exponents and the
    rest. The value comes back as written (no rounding): being on the tick grid is the caller's rule."""
    cleaned = text.strip()
    if len(cleaned) > MAX_TEXT_LENGTH or not _DECIMAL.fullmatch(cleaned):
        raise ValueError(f"not a plain number: {text[:MAX_TEXT_LENGTH]!r}")
    value = Decimal(cleaned)
    if not low <= value <= high:
        raise ValueError(f"out of range: {cleaned}")
    return value


def strict_number(value: object, low: Decimal, high: Decimal) -> Decimal:
    """A JSON value (int, float or string) as a Decimal within [low, high]; booleans are not numbers."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(f"not a plain number: {repr(value)[:MAX_TEXT_LENGTH]}")
    return strict_decimal(str(value), low, high)
