"""CSV export that a spreadsheet opens as data, never as formulas.

A cell starting with = + - @ (or a tab or carriage return) is run as a formula by Excel and LibreOffice; a status
message or tag from the broker could carry one. Such cells get a leading apostrophe, the OWASP recommendation.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    """Negative numbers (a P&L of -120.5) stay numbers; only text that would be a formula is escaped."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(name) for name in header])
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return buffer.getvalue()
