from __future__ import annotations

from decimal import Decimal

import pytest

from kiteticket.domain.money import format_inr, group_indian, money_cell


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (3406000, "₹34,06,000.00"),
        (Decimal("160125.5"), "₹1,60,125.50"),
        (999, "₹999.00"),
        (1000, "₹1,000.00"),
        (100000, "₹1,00,000.00"),
        (Decimal("12345678901.239"), "₹12,34,56,78,901.24"),
        (-1234.5, "-₹1,234.50"),
        (0, "₹0.00"),
        (Decimal("-0.001"), "₹0.00"),  # no "-₹0.00"
    ],
)
def test_rupees_with_lakh_and_crore_grouping(amount: Decimal | float | int, text: str) -> None:
    assert format_inr(amount) == text


def test_options_for_table_cells() -> None:
    assert format_inr(Decimal("160125.5"), places=0, symbol=False) == "1,60,126"
    assert format_inr(250, signed=True) == "+₹250.00"
    assert format_inr(-250, signed=True) == "-₹250.00"
    assert format_inr(0, signed=True) == "₹0.00"


def test_not_a_number_is_a_dash() -> None:
    assert format_inr(float("nan")) == "–"
    assert format_inr(float("inf")) == "–"


@pytest.mark.parametrize(("digits", "grouped"), [("1", "1"), ("12345", "12,345"), ("1234567", "12,34,567")])
def test_group_indian(digits: str, grouped: str) -> None:
    assert group_indian(digits) == grouped


@pytest.mark.parametrize(
    ("amount", "cell"),
    [(1074.1, "1,074.10"), (Decimal("125999.95"), "1,25,999.95"), (-1234567.5, "-12,34,567.50"), (0, ""), (None, ""),
     ("1074.1", ""), (True, "")],
)  # fmt: skip
def test_money_cell_is_grouped_without_the_symbol_and_blank_when_absent(amount: object, cell: str) -> None:
    assert money_cell(amount) == cell
