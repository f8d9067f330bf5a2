"""Position conversion (PUT /portfolio/positions) through the real SDK: MIS ↔ CNC and MIS ↔ NRML at the average
price, Kite's quantity and product rules, holdings for shorts, the margin check, and margins following."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from kiteconnect import KiteConnect
from kiteconnect.exceptions import GeneralException, InputException

from kiteticket.paper.exchange import PaperExchange
from tests.paper.conftest import config
from tests.paper.helpers import admin, logged_in, nearest_future, set_price


def trade(kite: KiteConnect, side: str, quantity: int, product: str, price: float, **extra: Any) -> str:
    params = {"exchange": "NSE", "tradingsymbol": "INFY", **extra}
    return str(kite.place_order(variety="regular", transaction_type=side, quantity=quantity, product=product,
                                order_type="LIMIT", price=price, **params))  # fmt: skip


def convert(kite: KiteConnect, quantity: int, old: str, new: str, **changes: str) -> Any:
    params = {"exchange": "NSE", "tradingsymbol": "INFY", "transaction_type": "BUY", "position_type": "day"}
    params.update(changes)
    return kite.convert_position(quantity=quantity, old_product=old, new_product=new, **params)


def net(kite: KiteConnect, product: str, symbol: str = "INFY") -> dict[str, Any]:
    rows = [row for row in kite.positions()["net"] if row["product"] == product and row["tradingsymbol"] == symbol]
    return rows[0] if rows else {}


@pytest.fixture
def long_mis(exchange: PaperExchange, kite: KiteConnect) -> KiteConnect:
    set_price(exchange, "INFY", 1700)
    trade(kite, "BUY", 5, "MIS", 1700)
    assert net(kite, "MIS")["quantity"] == 5
    return kite


def test_mis_to_cnc_moves_the_quantity_at_its_average_and_blocks_the_full_value(long_mis: KiteConnect) -> None:
    before = long_mis.margins("equity")["net"]
    assert convert(long_mis, 3, "MIS", "CNC") is True
    mis, cnc = net(long_mis, "MIS"), net(long_mis, "CNC")
    assert (mis["quantity"], cnc["quantity"]) == (2, 3)
    assert cnc["average_price"] == mis["average_price"] == 1700
    assert cnc["pnl"] == 0
    # MIS blocked 20 % of 3 × 1700; delivery takes all of it: 5100 − 1020 more.
    assert before - long_mis.margins("equity")["net"] == pytest.approx(4080)
    assert convert(long_mis, 3, "CNC", "MIS") is True
    assert net(long_mis, "MIS")["quantity"] == 5
    assert net(long_mis, "CNC") == {}
    assert long_mis.margins("equity")["net"] == pytest.approx(before)


def test_kites_rules_on_quantity_and_products(long_mis: KiteConnect) -> None:
    with pytest.raises(InputException, match="Only 5"):
        convert(long_mis, 6, "MIS", "CNC")
    with pytest.raises(InputException, match="Only 0"):
        convert(long_mis, 1, "MIS", "CNC", transaction_type="SELL")
    with pytest.raises(InputException, match="Only 0"):
        convert(long_mis, 1, "MIS", "CNC", position_type="overnight")
    with pytest.raises(InputException, match="cannot be converted from MIS to NRML"):
        convert(long_mis, 1, "MIS", "NRML")
    with pytest.raises(InputException, match="quantity"):
        convert(long_mis, 0, "MIS", "CNC")
    with pytest.raises(InputException, match="position_type"):
        convert(long_mis, 1, "MIS", "CNC", position_type="week")
    with pytest.raises(InputException, match="does not exist"):
        convert(long_mis, 1, "MIS", "CNC", tradingsymbol="NOPE")
    assert net(long_mis, "MIS")["quantity"] == 5


def test_a_short_moved_to_delivery_needs_the_shares(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    trade(kite, "SELL", 4, "MIS", 1700)
    assert convert(kite, 4, "MIS", "CNC", transaction_type="SELL") is True  # 10 INFY are held
    assert net(kite, "CNC")["quantity"] == -4
    set_price(exchange, "SBIN", 800)
    trade(kite, "SELL", 15, "MIS", 800, tradingsymbol="SBIN")
    with pytest.raises(GeneralException, match="Insufficient holdings"):  # the SDK has no HoldingException
        convert(kite, 15, "MIS", "CNC", transaction_type="SELL", tradingsymbol="SBIN")
    assert net(kite, "MIS", "SBIN")["quantity"] == -15


def test_the_margin_the_new_product_needs_must_be_there(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    for _ in range(4):  # use most of the cash on delivery buys, in a few orders to stay within the depth
        trade(kite, "BUY", 120, "CNC", 1700.2)
    trade(kite, "BUY", 60, "CNC", 1700.2)
    trade(kite, "BUY", 100, "MIS", 1700.2)
    held = net(kite, "MIS")["quantity"]
    available = kite.margins("equity")["net"]
    needed = held * net(kite, "MIS")["average_price"] * 0.8
    assert needed > available  # the scenario: converting all of it cannot be paid for
    with pytest.raises(GeneralException, match="Insufficient funds"):
        convert(kite, held, "MIS", "CNC")
    assert net(kite, "MIS")["quantity"] == held


def test_carried_nrml_converts_to_mis_and_back(exchange: PaperExchange, kite: KiteConnect) -> None:
    row = nearest_future(kite)
    symbol, lot = row["tradingsymbol"], row["lot_size"]
    admin(exchange, "clock", {"now": "2026-12-02 11:00:00"})
    kite = logged_in(exchange)
    set_price(exchange, symbol, 26300, "NFO")
    kite.place_order(variety="regular", exchange="NFO", tradingsymbol=symbol, transaction_type="BUY",
                     quantity=2 * lot, product="NRML", order_type="LIMIT", price=26300)  # fmt: skip
    admin(exchange, "clock", {"now": "2026-12-03 10:00:00"})
    kite = logged_in(exchange)
    carried = net(kite, "NRML", symbol)
    assert (carried["quantity"], carried["overnight_quantity"]) == (2 * lot, 2 * lot)
    fut = {"exchange": "NFO", "tradingsymbol": symbol}
    with pytest.raises(InputException, match="Only 0"):
        convert(kite, lot, "NRML", "MIS", **fut)  # nothing was bought today
    assert convert(kite, lot, "NRML", "MIS", position_type="overnight", **fut) is True
    assert net(kite, "NRML", symbol)["quantity"] == lot
    moved = net(kite, "MIS", symbol)
    assert (moved["quantity"], moved["overnight_quantity"], moved["average_price"]) == (lot, lot, 26300)
    with pytest.raises(InputException, match="from MIS to CNC"):
        convert(kite, lot, "MIS", "CNC", position_type="overnight", **fut)


def test_a_conversion_survives_a_restart(tmp_path: Path) -> None:
    db = str(tmp_path / "paper.db")
    with PaperExchange(config(db_path=db)) as first:
        kite = logged_in(first)
        set_price(first, "INFY", 1700)
        trade(kite, "BUY", 5, "MIS", 1700)
        convert(kite, 2, "MIS", "CNC")
    with PaperExchange(config(db_path=db)) as second:
        kite = logged_in(second)
        assert (net(kite, "MIS")["quantity"], net(kite, "CNC")["quantity"]) == (3, 2)
