"""Reading a number field's text: empty, a number, or not (yet) a number; never Qt's reading of "12,50"."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kiteticket.domain.entry import EntryKind, entry_problem, read_entry
from kiteticket.domain.fields import Field


@pytest.mark.parametrize(
    ("text", "number"),
    [("50", "50"), (" 1601.25 ", "1601.25"), ("1,601.25", "1601.25"), ("1,00,000", "100000"), ("12,345", "12345"),
     ("-1", "-1"), ("0", "0")],
)  # fmt: skip
def test_numbers_read_as_written(text: str, number: str) -> None:
    entry = read_entry(text)
    assert entry.kind is EntryKind.NUMBER
    assert entry.number == Decimal(number)


@pytest.mark.parametrize("text", ["12,50", "1.", "abc", "1,2,3", ".5", "1.2.3", "--1", "1 000"])
def test_what_is_not_a_number_is_invalid(text: str) -> None:
    entry = read_entry(text)
    assert entry.kind is EntryKind.INVALID
    assert entry.number is None


def test_empty_text_is_empty() -> None:
    assert read_entry("  ").kind is EntryKind.EMPTY


def test_an_empty_field_is_a_problem_only_when_required() -> None:
    empty = read_entry("")
    problem = entry_problem(Field.QUANTITY, empty, required=True, whole=True)
    assert problem is not None
    assert problem.message == "Enter a quantity."
    assert entry_problem(Field.DISCLOSED_QUANTITY, empty, required=False, whole=True) is None


def test_problems_say_what_to_type() -> None:
    half = entry_problem(Field.PRICE, read_entry("1."), required=True, whole=False)
    assert half is not None
    assert half.message == "Finish the price: “1.” is not a number yet."
    comma = entry_problem(Field.PRICE, read_entry("12,50"), required=True, whole=False)
    assert comma is not None
    assert comma.message == "“12,50” is not a number: enter a number such as 1601.25."
    fraction = entry_problem(Field.QUANTITY, read_entry("1.5"), required=True, whole=True)
    assert fraction is not None
    assert fraction.message == "Quantity must be a whole number, not 1.5."
    assert entry_problem(Field.QUANTITY, read_entry("5"), required=True, whole=True) is None
