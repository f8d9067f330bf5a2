"""Every numeric field of an order is read strictly: a value that is not a plain, finite, sane number is a 400
InputException naming the field, the book is untouched, and the exchange keeps answering (issue 12)."""

from __future__ import annotations

import pytest
from kiteconnect import KiteConnect

from kiteticket.paper.exchange import PaperExchange
from tests.paper.helpers import buy_limit, raw, set_price

BAD = ["1E+400000", "1e+1000000", "inf", "-inf", "NaN", "1_0", "١٢", "0x10", "1" + "0" * 5000, "-5", "1.5.1"]
NUMERIC = ["quantity", "price", "trigger_price", "validity_ttl", "disclosed_quantity", "iceberg_legs",
           "iceberg_quantity", "market_protection"]  # fmt: skip
PLACE = {"exchange": "NSE", "tradingsymbol": "INFY", "transaction_type": "BUY", "quantity": "1", "product": "CNC",
         "order_type": "LIMIT", "price": "1500"}  # fmt: skip


def refused(response_json: dict[str, object], field: str) -> bool:
    return response_json["error_type"] == "InputException" and response_json["message"] == f"Invalid `{field}`."


@pytest.mark.parametrize("field", NUMERIC)
@pytest.mark.parametrize("value", BAD)
def test_a_bad_number_in_a_placement_is_refused_by_name(kite: KiteConnect, field: str, value: str) -> None:
    response = raw(kite, "POST", "/orders/regular", data={**PLACE, field: value})
    assert response.status_code == 400
    assert refused(response.json(), field), response.json()
    assert kite.orders() == []


@pytest.mark.parametrize("field", ["quantity", "price", "trigger_price", "disclosed_quantity", "market_protection"])
@pytest.mark.parametrize("value", BAD)
def test_a_bad_number_in_a_modification_is_refused_and_changes_nothing(
    exchange: PaperExchange, kite: KiteConnect, field: str, value: str
) -> None:
    set_price(exchange, "INFY", 1500)
    order_id = buy_limit(kite, 1400)
    before = kite.orders()
    response = raw(kite, "PUT", f"/orders/regular/{order_id}", data={field: value})
    assert response.status_code == 400
    assert refused(response.json(), field), response.json()
    assert kite.orders() == before


def test_the_poisoning_modification_of_issue_12_leaves_the_exchange_working(
    exchange: PaperExchange, kite: KiteConnect
) -> None:
    set_price(exchange, "INFY", 1500)
    order_id = buy_limit(kite, 1400)
    response = raw(kite, "PUT", f"/orders/regular/{order_id}", data={"market_protection": "1E+5000"})
    assert response.status_code == 400
    assert raw(kite, "GET", "/orders").status_code == 200
    second = buy_limit(kite, 1401)
    assert [order["order_id"] for order in kite.orders()] == [order_id, second]


@pytest.mark.parametrize(("field", "value"), [("market_protection", "101"), ("market_protection", "-0.5"),
                                              ("market_protection", "-2"), ("validity_ttl", "100000"),
                                              ("quantity", "10000000000"), ("price", "1000000000")])  # fmt: skip
def test_numbers_beyond_their_sane_range_are_refused(kite: KiteConnect, field: str, value: str) -> None:
    response = raw(kite, "POST", "/orders/regular", data={**PLACE, field: value})
    assert response.status_code == 400
    assert refused(response.json(), field), response.json()


def test_huge_numbers_in_json_bodies_are_refused(kite: KiteConnect) -> None:
    order = {"exchange": "NSE", "tradingsymbol": "INFY", "transaction_type": "BUY", "variety": "regular",
             "product": "CNC", "order_type": "LIMIT", "quantity": 1, "price": 1500}  # fmt: skip
    for body in ('[{"quantity": 1E+400000}]', '[{"quantity": NaN}]', "[" * 10_000 + "]" * 10_000,
                 '[{"price": 1' + "0" * 5000 + "}]"):  # fmt: skip
        response = raw(kite, "POST", "/margins/orders", data=body)
        assert response.status_code == 400, body[:40]
        assert response.json()["error_type"] == "InputException"
    assert raw(kite, "POST", "/margins/orders", json=[order]).status_code == 200
