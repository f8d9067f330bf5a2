"""What a trader types, read as the dump's symbols are written: "nifty dec fut", "NIFTY26DEC FUT",
"banknifty 26dec 52000 ce" all name a symbol prefix (NIFTY26DECFUT, BANKNIFTY26DEC52000CE).

Kite's monthly derivative symbols are the underlying, a two-digit year, the month's three letters, then FUT or the
strike and CE/PE. A query lists the same parts in words, in any spacing, with the year often left out; this module
turns it into the symbol prefixes to look up, and leaves the lookup to the master.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_PARTS = re.compile(r"[A-Z&-]+|\d+(?:\.\d+)?")
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_KINDS = {"FUT": "FUT", "FUTURE": "FUT", "FUTURES": "FUT", "CE": "CE", "CALL": "CE", "PE": "PE", "PUT": "PE"}


@dataclass(frozen=True, slots=True)
class DerivativeQuery:
    """The parts of a derivative a query names; empty strings for the parts left out."""

    root: str
    year: str = ""  # two digits
    month: str = ""  # JAN … DEC
    strike: str = ""
    kind: str = ""  # FUT, CE or PE

    def prefixes(self, years: Iterable[str]) -> list[str]:
        """Symbol prefixes for these parts: one per year when the query gives none, one per month likewise."""
        months = [self.month] if self.month else list(_MONTHS)
        tail = "FUT" if self.kind == "FUT" else self.strike + self.kind
        return [self.root + year + month + tail for year in ([self.year] if self.year else years) for month in months]


def derivative_query(text: str) -> DerivativeQuery | None:
    """The derivative a query describes, or None when it names no month and no kind (a plain symbol or name).

    ``text`` is upper case. Letters and digits typed together are split ("26DEC" -> 26, DEC); a two-digit number or
    a year of this century next to the month is the year, any other number the strike.
    """
    parts = _PARTS.findall(text)
    if len(parts) < 2 or not parts[0][0].isalpha():
        return None
    root, rest = parts[0], parts[1:]
    month = next((part for part in rest if part in _MONTHS), "")
    kind = next((_KINDS[part] for part in rest if part in _KINDS), "")
    year, strike = _year_and_strike(rest, month)
    unknown = [p for p in rest if p.isalpha() and p not in _MONTHS and p not in _KINDS]
    if unknown or not (month or kind):  # a number alone is no strike: "NIFTY 50" is the index
        return None
    return DerivativeQuery(root, year, month, strike, kind)


def _year_and_strike(parts: list[str], month: str) -> tuple[str, str]:
    year, strike = "", ""
    at = parts.index(month) if month else -1
    for index, part in enumerate(parts):
        if part[0].isdigit():
            beside_month = month and abs(index - at) == 1
            if beside_month and not year and (len(part) == 2 or (len(part) == 4 and part.startswith("20"))):
                year = part[-2:]
            elif not strike:
                strike = part
    return year, strike
