"""CSV export of the order book that a spreadsheet opens as data: numbers as numbers, ids as text, no formulas.

- A cell starting with = + - @ (or a tab or carriage return) is run as a formula by Excel and LibreOffice; a status
  message or tag from the broker could carry one. Such cells get a leading apostrophe, the OWASP recommendation.
- Order ids are long digit strings: Excel reads them as numbers and keeps 15 digits (1796534239131000000 becomes
  1.79653E+18, its last digits zeros). They are written after a tab character, which Excel and LibreOffice keep as
  text and do not show, and which a script drops with ``int()`` or ``str.strip()``. Not ``="…"`` (a formula a script
  must parse) nor a leading apostrophe (Excel shows it when it opens a CSV, and a script would pass it to Kite).
- Filled and ordered quantities are two columns: "10/10" in one cell is read as a date.
- A price Kite leaves unset (the trigger of a LIMIT order, the average of an unfilled one) is an empty cell, not 0.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from kiteticket.domain.order_row import OrderRow

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ID_MARK = "\t"


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


def id_cell(value: str | None) -> str:
    """An id a spreadsheet must keep as text: digits after a tab; anything else as a safe cell."""
    text = value or ""
    return ID_MARK + text if text.isdigit() else safe_cell(text)


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


@dataclass(frozen=True, slots=True)
class CsvColumn:
    header: str
    cell: Callable[[OrderRow], str]


def _text(name: str) -> Callable[[OrderRow], str]:
    return lambda row: safe_cell(getattr(row, name) or "")


def _price(name: str) -> Callable[[OrderRow], str]:
    return lambda row: f"{getattr(row, name):.2f}" if getattr(row, name) else ""


def _count(name: str) -> Callable[[OrderRow], str]:
    return lambda row: str(getattr(row, name))


ORDER_COLUMNS: tuple[CsvColumn, ...] = (
    CsvColumn("Time", _text("order_timestamp")),
    CsvColumn("Buy/Sell", _text("transaction_type")),
    CsvColumn("Instrument", _text("tradingsymbol")),
    CsvColumn("Exchange", _text("exchange")),
    CsvColumn("Product", _text("product")),
    CsvColumn("Variety", _text("variety")),
    CsvColumn("Order type", _text("order_type")),
    CsvColumn("Quantity", _count("quantity")),
    CsvColumn("Filled", _count("filled_quantity")),
    CsvColumn("Pending", _count("pending_quantity")),
    CsvColumn("Price", _price("price")),
    CsvColumn("Trigger", _price("trigger_price")),
    CsvColumn("Avg. price", _price("average_price")),
    CsvColumn("Status", _text("status")),
    CsvColumn("Message", _text("status_message")),
    CsvColumn("Tag", _text("tag")),
    CsvColumn("Order ID", lambda row: id_cell(row.order_id)),
    CsvColumn("Exchange order ID", lambda row: id_cell(row.exchange_order_id)),
)


def orders_csv(rows: Iterable[OrderRow]) -> str:
    """The order book as CSV text (CRLF lines, as spreadsheets expect), one order a line, in the order given."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.header for column in ORDER_COLUMNS])
    writer.writerows([column.cell(row) for column in ORDER_COLUMNS] for row in rows)
    return buffer.getvalue()
