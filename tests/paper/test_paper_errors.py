"""Every error carries Kite's four envelope keys, a JSON content type and Kite's HTTP code, and the SDK raises
the exception Kite's would."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from kiteconnect import KiteConnect
from kiteconnect.exceptions import GeneralException, InputException, NetworkException

from kiteticket.paper.exchange import PaperExchange
from tests.paper.conftest import config
from tests.paper.helpers import logged_in, raw, set_price


def error_body(response: requests.Response, status: int, error_type: str) -> str:
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"status", "message", "data", "error_type"}
    assert (body["status"], body["data"], body["error_type"]) == ("error", None, error_type)
    return str(body["message"])


def place(kite: KiteConnect, **changes: Any) -> str:
    params: dict[str, Any] = {
        "variety": "regular",
        "exchange": "NSE",
        "tradingsymbol": "INFY",
        "transaction_type": "BUY",
        "quantity": 1,
        "product": "CNC",
        "order_type": "LIMIT",
        "price": 1700,
    }
    params.update(changes)
    return str(kite.place_order(**{key: value for key, value in params.items() if value is not None}))


def test_unknown_route_is_404_general_exception(kite: KiteConnect) -> None:
    assert error_body(raw(kite, "GET", "/no/such/route"), 404, "GeneralException") == "Route not found"
    with pytest.raises(GeneralException) as caught:
        kite._get("market.margins", url_args={"segment": "equity"})  # an old Kite route the paper exchange lacks
    assert caught.value.code == 404


def test_bad_token_is_403_token_exception(exchange: PaperExchange) -> None:
    response = requests.get(f"{exchange.root_url}/orders", headers={"Authorization": "token paper:nope"}, timeout=5)
    assert error_body(response, 403, "TokenException") == "Incorrect `api_key` or `access_token`."
    missing = requests.get(f"{exchange.root_url}/user/profile", timeout=5)
    error_body(missing, 403, "TokenException")


def test_validation_errors_are_400_input_exception(exchange: PaperExchange, kite: KiteConnect) -> None:
    form = {
        "exchange": "NSE",
        "tradingsymbol": "INFY",
        "transaction_type": "BUY",
        "quantity": "x",
        "product": "CNC",
        "order_type": "LIMIT",
        "price": "1700",
    }
    assert error_body(raw(kite, "POST", "/orders/regular", data=form), 400, "InputException") == "Invalid `quantity`."


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"tradingsymbol": "NOSUCHSTOCK"},
            "The instrument you are placing an order for has either expired or does not exist",
        ),
        ({"exchange": "NCDEX"}, "Invalid `exchange`."),
        ({"variety": "bo"}, "Invalid `variety`."),
        ({"quantity": 0}, "Quantity must be at least 1."),
        ({"price": 1700.03}, "tick"),
        ({"price": None}, "limit price"),
        ({"order_type": "MARKET", "price": None}, "Market orders without market protection are not allowed via API"),
        (
            {"order_type": "SL-M", "price": None, "trigger_price": 1710, "market_protection": 0},
            "Market orders without market protection",
        ),
        ({"order_type": "SL", "trigger_price": 1720, "price": 1710}, "limit price"),
        ({"price": 2500}, "upper circuit"),
        ({"tag": "x" * 21}, "at most 20"),
        ({"validity": "TTL"}, "minutes"),
        ({"variety": "iceberg", "iceberg_legs": 1, "quantity": 10, "iceberg_quantity": 10}, "Iceberg legs"),
        ({"variety": "co", "order_type": "LIMIT", "trigger_price": 1400, "product": "MIS"}, "9.9%"),
        ({"product": "NRML"}, "Product NRML is not allowed"),
    ],
)
def test_each_validation_class(
    exchange: PaperExchange, kite: KiteConnect, changes: dict[str, Any], message: str
) -> None:
    set_price(exchange, "INFY", 1700)
    with pytest.raises(InputException, match=message.replace("(", r"\(").replace(".", r"\.")) as caught:
        place(kite, **changes)
    assert caught.value.code == 400


def test_lot_size_is_checked_for_derivatives(exchange: PaperExchange, kite: KiteConnect) -> None:
    future = next(row for row in kite.instruments("NFO") if row["instrument_type"] == "FUT" and row["name"] == "NIFTY")
    with pytest.raises(InputException, match="lot size 65"):
        place(
            kite,
            exchange="NFO",
            tradingsymbol=future["tradingsymbol"],
            quantity=10,
            product="NRML",
            price=future["last_price"],
        )


def test_expired_contract_is_unknown(exchange: PaperExchange, kite: KiteConnect) -> None:
    future = next(row for row in kite.instruments("NFO") if row["instrument_type"] == "FUT")
    later = future["expiry"].replace(year=future["expiry"].year + 1)
    requests.post(f"{exchange.root_url}/_paper/clock", json={"now": f"{later} 10:00:00"}, timeout=5)
    later_kite = logged_in(exchange)  # the first session died at 06:00 on the way
    with pytest.raises(InputException, match="has either expired or does not exist"):
        place(
            later_kite,
            exchange="NFO",
            tradingsymbol=future["tradingsymbol"],
            quantity=future["lot_size"],
            product="NRML",
            price=future["last_price"],
        )
    later_kite.reqsession.close()


def test_unexpected_failure_is_500_general_exception(
    exchange: PaperExchange, kite: KiteConnect, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(exchange.core.engine, "place", broken)
    message = error_body(raw(kite, "POST", "/orders/regular", data={}), 500, "GeneralException")
    assert "boom" not in message
    assert "Traceback" not in message


def test_wrong_method_is_405(kite: KiteConnect) -> None:
    error_body(raw(kite, "POST", "/user/profile"), 405, "GeneralException")


@pytest.fixture
def limited() -> Iterator[PaperExchange]:
    with PaperExchange(config(rate_limit=True)) as running:
        yield running


def test_rate_limits_answer_429(limited: PaperExchange) -> None:
    kite = logged_in(limited)
    kite.ltp("NSE:INFY")
    with pytest.raises(NetworkException, match="Too many requests") as caught:
        kite.ltp("NSE:INFY")  # quotes: 1 per second
    assert caught.value.code == 429
    for _ in range(10):  # other reads: 10 per second
        kite.orders()
    with pytest.raises(NetworkException, match="Too many requests"):
        kite.orders()
    response = raw(kite, "GET", "/orders")
    error_body(response, 429, "NetworkException")
    kite.reqsession.close()


def test_order_writes_are_limited_to_ten_a_second(limited: PaperExchange) -> None:
    kite = logged_in(limited)
    set_price(limited, "INFY", 1700)
    for _ in range(10):
        place(kite, price=1600)
    with pytest.raises(NetworkException, match="Too many requests"):
        place(kite, price=1600)
    assert len(kite.orders()) == 10
    kite.reqsession.close()


def test_unknown_method_is_a_json_405(kite: KiteConnect) -> None:
    error_body(raw(kite, "PATCH", "/orders"), 405, "GeneralException")
