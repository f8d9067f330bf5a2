"""Every endpoint's response has the keys and value types of the official mock (zerodha/kiteconnect-mocks)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
import requests
from kiteconnect import KiteConnect

from kiteticket.paper.exchange import PaperExchange
from tests.paper.helpers import buy_limit, raw, request_token, set_price
from tests.paper.schema import build, check, mock_schema

ORDER_FILES = ("orders.json", "order_info.json")  # one order-row schema: the 2017 history mock predates newer keys


def envelope(response: requests.Response) -> Any:
    assert response.status_code == 200, response.text
    assert "json" in response.headers["Content-Type"]
    body = response.json()
    assert set(body) == {"status", "data"}
    assert body["status"] == "success"
    return body["data"]


def assert_shape(value: Any, *files: str, **options: bool) -> None:
    problems = check(value, mock_schema(*files, **options))
    assert not problems, problems


@pytest.fixture
def busy(exchange: PaperExchange, kite: KiteConnect) -> dict[str, str]:
    """An account with a filled buy, a resting order, an iceberg and a rejected order."""
    set_price(exchange, "INFY", 1700)
    filled = kite.place_order(
        variety="regular",
        exchange="NSE",
        tradingsymbol="INFY",
        transaction_type="BUY",
        quantity=2,
        product="MIS",
        order_type="LIMIT",
        price=1700.1,
        tag="filled",
    )
    resting = buy_limit(kite, 1650)
    kite.modify_order("regular", resting, price=1651)
    kite.place_order(
        variety="iceberg",
        exchange="NSE",
        tradingsymbol="INFY",
        transaction_type="BUY",
        quantity=20,
        product="CNC",
        order_type="LIMIT",
        price=1600,
        iceberg_legs=2,
        iceberg_quantity=10,
        validity="TTL",
        validity_ttl=5,
    )
    buy_limit(kite, 1690, 5000)
    return {"filled": str(filled), "resting": str(resting)}


def test_session_and_profile(exchange: PaperExchange, kite: KiteConnect) -> None:
    token = request_token(exchange)
    checksum = hashlib.sha256((exchange.api_key + token + exchange.api_secret).encode()).hexdigest()
    form = {"api_key": exchange.api_key, "request_token": token, "checksum": checksum}
    response = requests.post(f"{exchange.root_url}/session/token", data=form, timeout=5)
    assert_shape(envelope(response), "generate_session.json")
    assert_shape(envelope(raw(kite, "GET", "/user/profile")), "profile.json")


def test_margins(kite: KiteConnect, busy: dict[str, str]) -> None:
    assert_shape(envelope(raw(kite, "GET", "/user/margins")), "margins.json")
    assert_shape(envelope(raw(kite, "GET", "/user/margins/equity")), "margins_equity.json")
    assert_shape(envelope(raw(kite, "GET", "/user/margins/commodity")), "margin_commodity.json")


def test_order_book_history_and_trades(kite: KiteConnect, busy: dict[str, str]) -> None:
    orders = envelope(raw(kite, "GET", "/orders"))
    assert len(orders) == 4
    assert_shape(orders, *ORDER_FILES, list_items=True)
    for order_id in busy.values():
        assert_shape(envelope(raw(kite, "GET", f"/orders/{order_id}")), *ORDER_FILES, list_items=True)
    trades = envelope(raw(kite, "GET", "/trades"))
    assert trades
    assert_shape(trades, "trades.json")
    assert_shape(envelope(raw(kite, "GET", f"/orders/{busy['filled']}/trades")), "order_trades.json")


def test_order_write_responses(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    form = {
        "exchange": "NSE",
        "tradingsymbol": "INFY",
        "transaction_type": "BUY",
        "quantity": "1",
        "product": "CNC",
        "order_type": "LIMIT",
        "price": "1600",
    }
    placed = envelope(raw(kite, "POST", "/orders/regular", data=form))
    assert_shape(placed, "order_response.json")
    modified = envelope(raw(kite, "PUT", f"/orders/regular/{placed['order_id']}", data={"price": "1601"}))
    assert_shape(modified, "order_modify.json")
    assert_shape(envelope(raw(kite, "DELETE", f"/orders/regular/{placed['order_id']}")), "order_cancel.json")


def test_autoslice_response(exchange: PaperExchange, kite: KiteConnect) -> None:
    symbol = min(
        (row for row in kite.instruments("NFO") if row["name"] == "BANKNIFTY" and row["instrument_type"] == "PE"),
        key=lambda row: row["last_price"],
    )["tradingsymbol"]
    set_price(exchange, symbol, 300, "NFO")
    form = {
        "exchange": "NFO",
        "tradingsymbol": symbol,
        "transaction_type": "BUY",
        "quantity": "4500",
        "product": "NRML",
        "order_type": "LIMIT",
        "price": "290",
        "autoslice": "true",
    }
    data = envelope(raw(kite, "POST", "/orders/regular", data=form))
    assert any("error" in child for child in data["children"])
    assert any("order_id" in child for child in data["children"])
    assert_shape(data, "autoslice_response.json")


def test_portfolio(kite: KiteConnect, busy: dict[str, str]) -> None:
    positions = envelope(raw(kite, "GET", "/portfolio/positions"))
    assert positions["net"]
    assert positions["day"]
    assert_shape(positions, "positions.json")
    holdings = envelope(raw(kite, "GET", "/portfolio/holdings"))
    assert holdings
    assert_shape(holdings, "holdings.json")


def test_quotes(kite: KiteConnect) -> None:
    params = {"i": ["NSE:INFY", "NSE:NIFTY 50", "NSE:NOPE"]}
    ltp = envelope(raw(kite, "GET", "/quote/ltp", params=params))
    assert set(ltp) == {"NSE:INFY", "NSE:NIFTY 50"}
    for name, data in (
        ("ltp.json", ltp),
        ("ohlc.json", envelope(raw(kite, "GET", "/quote/ohlc", params=params))),
        ("quote.json", envelope(raw(kite, "GET", "/quote", params=params))),
    ):
        problems = [problem for value in data.values() for problem in check(value, mock_schema(name, unwrap_map=True))]
        assert not problems, (name, problems)


def test_trigger_range(kite: KiteConnect) -> None:
    data = envelope(raw(kite, "GET", "/instruments/trigger_range/buy", params={"i": ["NSE:INFY", "NSE:SBIN"]}))
    assert set(data) == {"NSE:INFY", "NSE:SBIN"}
    schema = mock_schema("trigger_range.json", unwrap_map=True)
    assert not [problem for value in data.values() for problem in check(value, schema)]


def test_margin_calculators(exchange: PaperExchange, kite: KiteConnect) -> None:
    orders = [
        {
            "exchange": "NSE",
            "tradingsymbol": "INFY",
            "transaction_type": "BUY",
            "variety": "regular",
            "product": "CNC",
            "order_type": "LIMIT",
            "quantity": 1,
            "price": 1600,
            "trigger_price": 0,
        },
        {
            "exchange": "NFO",
            "tradingsymbol": next(
                row["tradingsymbol"] for row in kite.instruments("NFO") if row["instrument_type"] == "CE"
            ),
            "transaction_type": "SELL",
            "variety": "regular",
            "product": "NRML",
            "order_type": "MARKET",
            "quantity": 65,
            "price": 0,
            "trigger_price": 0,
        },
    ]
    assert_shape(envelope(raw(kite, "POST", "/margins/orders", json=orders)), "order_margins.json")
    assert_shape(
        envelope(raw(kite, "POST", "/margins/basket", json=orders, params={"consider_positions": "true"})),
        "basket_margins.json",
    )
    notes = [
        {
            "order_id": "1",
            "exchange": "NSE",
            "tradingsymbol": "INFY",
            "transaction_type": "BUY",
            "variety": "regular",
            "product": "CNC",
            "order_type": "MARKET",
            "quantity": 1,
            "average_price": 1600,
        }
    ]
    assert_shape(envelope(raw(kite, "POST", "/charges/orders", json=notes)), "virtual_contract_note.json")


def test_logout(kite: KiteConnect) -> None:
    data = envelope(
        raw(kite, "DELETE", "/session/token", params={"api_key": kite.api_key, "access_token": kite.access_token})
    )
    assert data is True  # session_logout.json: "data": true


def test_schema_checker_catches_differences() -> None:
    schema = build([{"a": 1, "b": None, "c": [{"d": "x"}]}])
    assert check({"a": 1.5, "b": "anything", "c": [{"d": "y"}]}, schema) == []
    assert check({"a": "1", "b": None, "c": []}, schema) == ["$.a: string where the mock has ['number']"]
    assert check({"b": None, "c": [], "e": 1}, schema) == ["$.e: not in the mock", "$.a: missing"]
    assert check({"a": 1, "b": 1, "c": [{"d": 1}]}, schema) == ["$.c[0].d: number where the mock has ['string']"]
