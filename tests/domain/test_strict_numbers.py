"""Numbers from untrusted text: plain ASCII digits, finite, short, in range; everything else is a ValueError."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiteticket.domain.strict_numbers import strict_decimal, strict_int, strict_number

LOW, HIGH = Decimal(0), Decimal(1_000_000)
REFUSED = ["1E+400000", "1e+1000000", "inf", "-Infinity", "NaN", "sNaN", "1_0", "١٢", "１２", "0x10", "", " ", "1.2.3",
           "--1", "1e", "9" * 40, "1" + "0" * 5000]  # fmt: skip


@pytest.mark.parametrize("text", REFUSED)
def test_decimal_refuses_what_is_not_a_plain_number(text: str) -> None:
    with pytest.raises(ValueError, match="not a plain number"):
        strict_decimal(text, LOW, HIGH)


@pytest.mark.parametrize("text", [*REFUSED, "1.0", "1e2", "+-1"])
def test_int_refuses_what_is_not_a_plain_integer(text: str) -> None:
    with pytest.raises(ValueError, match="not a plain number"):
        strict_int(text, 0, 1_000_000)


@pytest.mark.parametrize(
    ("text", "value"), [("1500", Decimal(1500)), (" 1500.05 ", Decimal("1500.05")), ("1e-05", Decimal("0.00001")),
                        ("1.5e+3", Decimal(1500)), (".5", Decimal("0.5"))],
)  # fmt: skip
def test_decimal_reads_what_clients_send(text: str, value: Decimal) -> None:
    assert strict_decimal(text, LOW, HIGH) == value


def test_ranges_are_inclusive_and_enforced() -> None:
    assert strict_int("7", 7, 7) == 7
    with pytest.raises(ValueError, match="out of range"):
        strict_int("8", 0, 7)
    with pytest.raises(ValueError, match="out of range"):
        strict_decimal("-0.01", LOW, HIGH)


def test_json_values_booleans_and_containers_are_not_numbers() -> None:
    assert strict_number(12, LOW, HIGH) == 12
    assert strict_number(1.5, LOW, HIGH) == Decimal("1.5")
    for value in (True, None, [1], {"a": 1}, float("inf"), float("nan"), 1e300):
        with pytest.raises(ValueError, match=r"not a plain number|out of range"):
            strict_number(value, LOW, HIGH)


@given(st.text(max_size=40))
def test_whatever_is_accepted_is_in_range_and_ascii(text: str) -> None:
    try:
        value = strict_decimal(text, LOW, HIGH)
    except ValueError:
        return
    assert LOW <= value <= HIGH
    assert value.is_finite()
    assert text.strip().isascii()


@given(st.integers(min_value=0, max_value=1_000_000))
def test_every_integer_in_range_round_trips(number: int) -> None:
    assert strict_int(str(number), 0, 1_000_000) == number
    assert strict_decimal(str(number), LOW, HIGH) == number
