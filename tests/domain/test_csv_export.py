from __future__ import annotations

import csv
import io

import pytest

from kiteticket.domain.csv_export import safe_cell, to_csv


@pytest.mark.parametrize("cell", ['=HYPERLINK("x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_escaped(cell: str) -> None:
    assert safe_cell(cell) == "'" + cell


@pytest.mark.parametrize(("cell", "expected"), [(-120.5, "-120.5"), ("INFY", "INFY"), (None, ""), (10, "10")])
def test_data_cells_stay_as_they_are(cell: object, expected: str) -> None:
    assert safe_cell(cell) == expected


def test_csv_round_trips_through_a_reader() -> None:
    text = to_csv(["symbol", "message"], [["INFY", "=cmd|' /C calc'!A0"], ["TCS", "ok, fine"]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["symbol", "message"], ["INFY", "'=cmd|' /C calc'!A0"], ["TCS", "ok, fine"]]
