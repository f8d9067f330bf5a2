"""GTT triggers through the real SDK: place, list, get, modify, delete; single and two-leg; firing real orders
when the market crosses (moved with /_paper/price); expiry by the exchange clock; state across a restart."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from kiteconnect import KiteConnect
from kiteconnect.exceptions import InputException

from kiteticket.paper.exchange import PaperExchange
from tests.paper.conftest import config
from tests.paper.helpers import admin, logged_in, nearest_future, set_price
from tests.paper.shapes import DICT, LIST, NULL, NUM, STR, assert_shape

# gtt_get_order.json / gtt_get_orders.json
CONDITION = {"exchange": STR, "last_price": NUM, "tradingsymbol": STR, "trigger_values": LIST, "instrument_token": NUM}
GTT_ORDER = {
    "exchange": STR, "tradingsymbol": STR, "product": STR, "order_type": STR, "transaction_type": STR,
    "quantity": NUM, "price": NUM, "result": NULL + DICT,
}  # fmt: skip
ORDER_RESULT = {"status": STR, "order_id": STR, "rejection_reason": STR}
RESULT = {
    "account_id": STR, "exchange": STR, "tradingsymbol": STR, "validity": STR, "product": STR, "order_type": STR,
    "transaction_type": STR, "quantity": NUM, "price": NUM, "meta": STR, "timestamp": STR, "triggered_at": NUM,
    "order_result": ORDER_RESULT,
}  # fmt: skip
GTT = {
    "id": NUM, "user_id": STR, "parent_trigger": NULL, "type": STR, "created_at": STR, "updated_at": STR,
    "expires_at": STR, "status": STR, "condition": CONDITION, "orders": LIST, "meta": NULL + DICT,
}  # fmt: skip
TRIGGER_ID = {"trigger_id": NUM}  # gtt_place_order.json, gtt_modify_order.json, gtt_delete_order.json


def assert_gtt(gtt: dict[str, Any]) -> None:
    assert_shape(gtt, GTT)
    for order in gtt["orders"]:
        assert_shape(order, GTT_ORDER)
        if order["result"] is not None:
            assert_shape(order["result"], RESULT)


def sell_target(kite: KiteConnect, trigger: float, price: float, quantity: int = 2, last: float = 1500) -> int:
    orders = [
        {"transaction_type": "SELL", "quantity": quantity, "order_type": "LIMIT", "product": "CNC", "price": price}
    ]
    return int(kite.place_gtt("single", "INFY", "NSE", [trigger], last, orders)["trigger_id"])


def oco(kite: KiteConnect, low: float, high: float) -> int:
    leg = {"transaction_type": "SELL", "quantity": 1, "order_type": "LIMIT", "product": "CNC"}
    orders = [{**leg, "price": low - 1}, {**leg, "price": high - 1}]
    return int(kite.place_gtt("two-leg", "INFY", "NSE", [low, high], 1500, orders)["trigger_id"])


def test_place_get_and_list_a_single_trigger(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1500)
    trigger_id = sell_target(kite, 1600, 1598.5)
    gtt = kite.get_gtt(trigger_id)
    assert_gtt(gtt)
    assert gtt["status"] == "active"
    assert gtt["type"] == "single"
    assert gtt["condition"]["trigger_values"] == [1600.0]
    assert gtt["orders"][0]["price"] == 1598.5
    assert gtt["orders"][0]["result"] is None
    assert gtt["expires_at"][:4] == str(int(gtt["created_at"][:4]) + 1)
    assert [row["id"] for row in kite.get_gtts()] == [trigger_id]


def test_a_single_trigger_places_a_real_order_when_the_market_rises_to_it(
    exchange: PaperExchange, kite: KiteConnect
) -> None:
    set_price(exchange, "INFY", 1500)
    trigger_id = sell_target(kite, 1600, 1598.5)
    set_price(exchange, "INFY", 1590)
    assert kite.get_gtt(trigger_id)["status"] == "active"
    set_price(exchange, "INFY", 1601)
    gtt = kite.get_gtt(trigger_id)
    assert_gtt(gtt)
    assert gtt["status"] == "triggered"
    result = gtt["orders"][0]["result"]
    assert result["triggered_at"] == 1601
    assert result["order_result"]["status"] == "success"
    order = kite.order_history(result["order_result"]["order_id"])[-1]
    assert (order["transaction_type"], order["quantity"], order["price"], order["status"]) == (
        "SELL", 2, 1598.5, "COMPLETE",
    )  # fmt: skip


def test_a_falling_single_trigger_and_an_oco_fires_only_the_crossed_leg(
    exchange: PaperExchange, kite: KiteConnect
) -> None:
    set_price(exchange, "INFY", 1500)
    falling = sell_target(kite, 1450, 1440, quantity=1)
    pair = oco(kite, 1400, 1700)
    set_price(exchange, "INFY", 1449)
    assert kite.get_gtt(falling)["status"] == "triggered"
    assert kite.get_gtt(pair)["status"] == "active"
    set_price(exchange, "INFY", 1705)
    gtt = kite.get_gtt(pair)
    assert gtt["status"] == "triggered"
    assert gtt["orders"][0]["result"] is None
    assert gtt["orders"][1]["result"]["triggered_at"] == 1705
    set_price(exchange, "INFY", 1390)  # the other leg is gone with the trigger: nothing more is placed
    for row in kite.get_gtts():
        assert_gtt(row)
    assert sum(order["transaction_type"] == "SELL" for order in kite.orders()) == 2


def test_modify_and_delete(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1500)
    trigger_id = sell_target(kite, 1600, 1598.5)
    orders = [{"transaction_type": "SELL", "quantity": 3, "order_type": "LIMIT", "product": "CNC", "price": 1650}]
    assert kite.modify_gtt(trigger_id, "single", "INFY", "NSE", [1660], 1500, orders) == {"trigger_id": trigger_id}
    gtt = kite.get_gtt(trigger_id)
    assert gtt["condition"]["trigger_values"] == [1660.0]
    assert gtt["orders"][0]["quantity"] == 3
    set_price(exchange, "INFY", 1620)
    assert kite.get_gtt(trigger_id)["status"] == "active"
    assert kite.delete_gtt(trigger_id) == {"trigger_id": trigger_id}
    assert kite.get_gtt(trigger_id)["status"] == "deleted"
    assert kite.get_gtts() == []
    set_price(exchange, "INFY", 1700)
    assert kite.orders() == []
    with pytest.raises(InputException, match="active"):
        kite.modify_gtt(trigger_id, "single", "INFY", "NSE", [1660], 1500, orders)


@pytest.mark.parametrize(
    "case",
    [
        ("single", [1500], [{"price": 1500}], "differ from the last price"),
        ("two-leg", [1510, 1700], [{"price": 1}, {"price": 2}], "between"),
        ("two-leg", [1700, 1400], [{"price": 1}, {"price": 2}], "below the target"),
        ("single", [1600], [{"price": 1600, "product": "MIS"}], "product"),
        ("single", [1600], [{"price": 0}], "price"),
        ("single", [1600], [{"price": 1600, "order_type": "MARKET"}], "order_type"),
        ("single", [1600], [{"price": 1600, "quantity": 0}], "quantity"),
        ("two-leg", [1400, 1600], [{"price": 1600}], "2 orders"),
    ],
)
def test_bad_triggers_are_refused_and_nothing_is_kept(
    exchange: PaperExchange, kite: KiteConnect, case: tuple[str, list[float], list[dict[str, Any]], str]
) -> None:
    kind, values, orders, message = case
    set_price(exchange, "INFY", 1500)
    base = {"transaction_type": "SELL", "quantity": 1, "order_type": "LIMIT", "product": "CNC"}
    with pytest.raises(InputException, match=message):
        kite.place_gtt(kind, "INFY", "NSE", values, 1500, [{**base, **order} for order in orders])
    assert kite.get_gtts() == []


def test_unknown_trigger_and_unknown_instrument(exchange: PaperExchange, kite: KiteConnect) -> None:
    with pytest.raises(InputException, match="trigger_id"):
        kite.get_gtt(999)
    with pytest.raises(InputException, match="trigger_id"):
        kite.delete_gtt(999)
    order = {"transaction_type": "BUY", "quantity": 1, "order_type": "LIMIT", "product": "CNC", "price": 10}
    with pytest.raises(InputException, match="does not exist"):
        kite.place_gtt("single", "NOPE", "NSE", [10], 11, [order])


def test_an_order_rms_rejects_still_leaves_the_trigger_triggered(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1500)
    trigger_id = sell_target(kite, 1600, 1598.5, quantity=500)  # far more than the 10 shares held
    set_price(exchange, "INFY", 1600)
    gtt = kite.get_gtt(trigger_id)
    assert gtt["status"] == "triggered"
    order_id = gtt["orders"][0]["result"]["order_result"]["order_id"]
    assert kite.order_history(order_id)[-1]["status"] == "REJECTED"


def test_an_order_the_exchange_refuses_leaves_the_trigger_rejected(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1500)
    trigger_id = sell_target(kite, 1600, 1)  # a limit price far below the lower circuit, as in Kite's mock
    set_price(exchange, "INFY", 1600)
    gtt = kite.get_gtt(trigger_id)
    assert_gtt(gtt)
    outcome = gtt["orders"][0]["result"]["order_result"]
    assert (gtt["status"], outcome["status"], outcome["order_id"]) == ("rejected", "failed", "")
    assert "circuit" in outcome["rejection_reason"].lower()
    assert kite.orders() == []


def test_a_trigger_expires_after_a_year_by_the_exchange_clock(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1500)
    trigger_id = sell_target(kite, 1600, 1598.5)
    expires = kite.get_gtt(trigger_id)["expires_at"]
    admin(exchange, "clock", {"now": expires})
    kite = logged_in(exchange)  # the access token died at 06:00 on the way
    assert kite.get_gtt(trigger_id)["status"] == "expired"


def test_triggers_survive_a_restart(tmp_path: Path) -> None:
    db = str(tmp_path / "paper.db")
    with PaperExchange(config(db_path=db)) as first:
        set_price(first, "INFY", 1500)
        trigger_id = sell_target(logged_in(first), 1600, 1598.5)
    with PaperExchange(config(db_path=db)) as second:
        kite = logged_in(second)
        assert kite.get_gtt(trigger_id)["status"] == "active"
        set_price(second, "INFY", 1600)
        assert kite.get_gtt(trigger_id)["status"] == "triggered"
        assert sell_target(kite, 1700, 1690) == trigger_id + 1


def test_place_modify_delete_answer_kites_shape(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1500)
    placed = kite.place_gtt(
        "single", "INFY", "NSE", [1600], 1500,
        [{"transaction_type": "SELL", "quantity": 1, "order_type": "LIMIT", "product": "CNC", "price": 1600}],
    )  # fmt: skip
    assert_shape(placed, TRIGGER_ID)
    assert_shape(kite.delete_gtt(placed["trigger_id"]), TRIGGER_ID)


def test_a_trigger_on_a_contract_that_expires_is_disabled(exchange: PaperExchange, kite: KiteConnect) -> None:
    row = nearest_future(kite)
    symbol = row["tradingsymbol"]
    set_price(exchange, symbol, 26300, "NFO")
    leg = {"transaction_type": "BUY", "quantity": row["lot_size"], "order_type": "LIMIT", "product": "NRML",
           "price": 25000}  # fmt: skip
    trigger_id = kite.place_gtt("single", symbol, "NFO", [25000], 26300, [leg])["trigger_id"]
    assert kite.get_gtt(trigger_id)["status"] == "active"
    admin(exchange, "clock", {"now": f"{row['expiry'] + timedelta(days=1)} 10:00:00"})  # the day after its expiry
    kite = logged_in(exchange)
    assert kite.get_gtt(trigger_id)["status"] == "disabled"
