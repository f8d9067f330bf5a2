"""CSV that spreadsheets open as data: formulas escaped, ids kept as text, quantities apart, unset prices empty."""

from __future__ import annotations

import csv
import io

import pytest

from kiteticket.domain.csv_export import orders_csv, safe_cell, to_csv
from kiteticket.domain.order_row import parse_orders
from tests.domain.test_orderbook import raw_order


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


def exported(*raw: dict[str, object]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(orders_csv(parse_orders(raw)))))


def test_filled_and_quantity_are_separate_numbers_not_a_date() -> None:
    [row] = exported(raw_order("1", quantity=10, filled_quantity=10, pending_quantity=0, status="COMPLETE"))
    assert (row["Quantity"], row["Filled"], row["Pending"]) == ("10", "10", "0")
    assert not any("/" in value for value in row.values() if value != row["Time"])


def test_order_ids_are_kept_as_text_and_give_the_id_back_to_a_script() -> None:
    [row] = exported(raw_order("1796534239131000000", exchange_order_id="1300000012345678"))
    assert row["Order ID"] == "\t1796534239131000000"
    assert int(row["Order ID"]) == 1796534239131000000, "int() and strip() drop the tab"
    assert row["Exchange order ID"].strip() == "1300000012345678"


def test_unset_prices_are_empty_and_set_ones_plain_numbers() -> None:
    [limit] = exported(raw_order("1", price=125999.5, trigger_price=0, average_price=0))
    assert (limit["Price"], limit["Trigger"], limit["Avg. price"]) == ("125999.50", "", "")
    [stop] = exported(raw_order("2", order_type="SL", trigger_price=1073.1, average_price=1074.25))
    assert (stop["Trigger"], stop["Avg. price"]) == ("1073.10", "1074.25")


def test_broker_text_stays_formula_safe_and_the_time_is_the_full_stamp() -> None:
    [row] = exported(raw_order("7", tag="=HYPERLINK(1)", status_message="-cmd", order_timestamp="2026-12-18 09:15:02"))
    assert (row["Tag"], row["Message"]) == ("'=HYPERLINK(1)", "'-cmd")
    assert row["Time"] == "2026-12-18 09:15:02"
