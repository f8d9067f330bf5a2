"""Reading a trader's query as the parts of a derivative symbol."""

from __future__ import annotations

import pytest

from kiteticket.domain.instrument_query import DerivativeQuery, derivative_query


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("NIFTY DEC FUT", DerivativeQuery("NIFTY", "", "DEC", "", "FUT")),
        ("BANKNIFTY 26DEC 52000 CE", DerivativeQuery("BANKNIFTY", "26", "DEC", "52000", "CE")),
        ("BANKNIFTY DEC26 52000 CALL", DerivativeQuery("BANKNIFTY", "26", "DEC", "52000", "CE")),
        ("NIFTY 2027 JAN 26000 PUT", DerivativeQuery("NIFTY", "27", "JAN", "26000", "PE")),
        ("USDINR DEC 84.5 CE", DerivativeQuery("USDINR", "", "DEC", "84.5", "CE")),
        ("NIFTY 26000 CE", DerivativeQuery("NIFTY", "", "", "26000", "CE")),
        ("CRUDEOIL FUTURES", DerivativeQuery("CRUDEOIL", "", "", "", "FUT")),
    ],
)
def test_the_parts_a_query_names(text: str, parts: DerivativeQuery) -> None:
    assert derivative_query(text) == parts


@pytest.mark.parametrize("text", ["INFY", "HDFC BANK", "NIFTY 50", "FUND SERIE", "26 DEC", ""])
def test_plain_symbols_and_names_are_no_derivative(text: str) -> None:
    assert derivative_query(text) is None


def test_prefixes_fill_in_the_years_and_months_left_out() -> None:
    assert DerivativeQuery("NIFTY", "", "DEC", "", "FUT").prefixes(["26", "27"]) == ["NIFTY26DECFUT", "NIFTY27DECFUT"]
    assert DerivativeQuery("NIFTY", "26", "DEC", "26000", "CE").prefixes(["99"]) == ["NIFTY26DEC26000CE"]
    assert len(DerivativeQuery("NIFTY", "26", "", "26000", "PE").prefixes([])) == 12
