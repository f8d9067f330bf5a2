"""The sample rows the tests feed to parsers and models have the keys and value types of Kite's own answers, as
recorded from the official mocks in tests/kite_schema.json."""

from __future__ import annotations

from typing import Any

import pytest

from tests.kite_samples import HOLDINGS, MARGINS, ORDER_HISTORY, ORDER_TRADES, ORDERS, POSITIONS_NET, TRADES
from tests.paper.schema import check, columns, mock_schema


@pytest.mark.parametrize(
    ("rows", "mock"),
    [(ORDERS, "orders.json"), (ORDER_HISTORY, "order_info.json"), (TRADES, "trades.json"),
     (ORDER_TRADES, "order_trades.json"), (HOLDINGS, "holdings.json"), (MARGINS, "margins.json")],
)  # fmt: skip
def test_sample_rows_have_the_mocks_shape(rows: list[dict[str, Any]], mock: str) -> None:
    assert check(rows, mock_schema(mock)) == []


def test_sample_positions_have_the_mocks_shape() -> None:
    assert check({"net": POSITIONS_NET, "day": []}, mock_schema("positions.json")) == []


def test_a_row_missing_a_key_is_caught() -> None:
    broken = [{key: value for key, value in ORDERS[0].items() if key != "status"}]
    assert check(broken, mock_schema("orders.json")) == ["$[0].status: missing"]


def test_the_instrument_dump_columns_are_recorded() -> None:
    assert columns("instruments_all.csv")[:3] == ["instrument_token", "exchange_token", "tradingsymbol"]
