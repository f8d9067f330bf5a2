"""The account: funds, positions with P&L, holdings, and the margin and charges calculators."""

from __future__ import annotations

import pytest
from kiteconnect import KiteConnect

from kiteticket.paper.exchange import PaperExchange
from tests.paper.helpers import set_price


def trade(kite: KiteConnect, side: str, quantity: int, price: float, product: str = "MIS") -> None:
    kite.place_order(
        variety="regular",
        exchange="NSE",
        tradingsymbol="SBIN",
        transaction_type=side,
        quantity=quantity,
        product=product,
        order_type="LIMIT",
        price=price,
    )


def test_a_round_trip_realises_its_pnl(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "SBIN", 1000)
    trade(kite, "BUY", 10, 1000)
    set_price(exchange, "SBIN", 1010)
    position = next(p for p in kite.positions()["net"] if p["tradingsymbol"] == "SBIN")
    assert (position["quantity"], position["average_price"], position["unrealised"]) == (10, 1000, 100)
    trade(kite, "SELL", 10, 1010)
    position = next(p for p in kite.positions()["net"] if p["tradingsymbol"] == "SBIN")
    assert (position["quantity"], position["realised"], position["pnl"]) == (0, 100, 100)
    equity = kite.margins("equity")
    assert equity["utilised"]["m2m_realised"] == 100
    assert equity["utilised"]["debits"] > 0  # the charges of two trades


def test_margin_use_follows_leverage(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "SBIN", 1000)
    before = kite.margins("equity")["net"]
    trade(kite, "BUY", 100, 990)  # rests: blocks 20 % of 99,000 for MIS
    assert before - kite.margins("equity")["net"] == pytest.approx(19_800)
    trade(kite, "BUY", 10, 990, product="CNC")  # delivery blocks it all
    assert before - kite.margins("equity")["net"] == pytest.approx(19_800 + 9_900)


def test_fresh_account_holds_some_delivery_stock(kite: KiteConnect) -> None:
    holdings = {row["tradingsymbol"]: row for row in kite.holdings()}
    assert holdings["INFY"]["quantity"] == 10
    assert holdings["INFY"]["pnl"] == pytest.approx(
        (holdings["INFY"]["last_price"] - holdings["INFY"]["average_price"]) * 10
    )


def test_selling_holdings_shows_used_quantity(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    kite.place_order(
        variety="regular",
        exchange="NSE",
        tradingsymbol="INFY",
        transaction_type="SELL",
        quantity=4,
        product="CNC",
        order_type="LIMIT",
        price=1700,
    )
    holding = next(row for row in kite.holdings() if row["tradingsymbol"] == "INFY")
    assert holding["used_quantity"] == 4


def test_order_margins_and_charges_follow_zerodha_rates(kite: KiteConnect) -> None:
    order = {
        "exchange": "NSE",
        "tradingsymbol": "INFY",
        "transaction_type": "BUY",
        "variety": "regular",
        "product": "CNC",
        "order_type": "LIMIT",
        "quantity": 10,
        "price": 1500,
    }
    margin = kite.order_margins([order])[0]
    assert margin["total"] == 15_000
    charges = margin["charges"]
    assert charges["brokerage"] == 0  # delivery is free
    assert charges["transaction_tax"] == pytest.approx(15)  # STT 0.1 %
    assert charges["stamp_duty"] == pytest.approx(2.25)  # 0.015 % on buys
    assert charges["gst"]["total"] == pytest.approx(
        0.18 * (charges["exchange_turnover_charge"] + charges["sebi_turnover_charge"])
    )
    intraday = kite.order_margins([{**order, "product": "MIS"}])[0]
    assert intraday["total"] == 3_000
    assert intraday["leverage"] == 5
    assert intraday["charges"]["brokerage"] == pytest.approx(4.5)  # 0.03 %, under the ₹20 cap


def test_basket_adds_up_its_orders(kite: KiteConnect) -> None:
    order = {
        "exchange": "NSE",
        "tradingsymbol": "INFY",
        "transaction_type": "BUY",
        "variety": "regular",
        "product": "CNC",
        "order_type": "LIMIT",
        "quantity": 10,
        "price": 1500,
    }
    basket = kite.basket_order_margins([order, order])
    assert basket["initial"]["total"] == 30_000
    assert len(basket["orders"]) == 2


def test_contract_note_charges(kite: KiteConnect) -> None:
    note = kite.get_virtual_contract_note(
        [
            {
                "order_id": "1",
                "exchange": "NSE",
                "tradingsymbol": "SBIN",
                "transaction_type": "SELL",
                "variety": "regular",
                "product": "MIS",
                "order_type": "MARKET",
                "quantity": 100,
                "average_price": 1000,
            }
        ]
    )[0]
    assert note["charges"]["brokerage"] == 20  # 0.03 % of 1 lakh is 30, capped at ₹20
    assert note["charges"]["transaction_tax"] == pytest.approx(25)  # STT 0.025 % on intraday sells


def test_an_order_pays_flat_brokerage_once_however_many_fills(exchange: PaperExchange, kite: KiteConnect) -> None:
    from decimal import Decimal

    from kiteticket.domain.enums import Exchange, Product, TransactionType
    from kiteticket.paper.charges import charges

    option = min(
        (row for row in kite.instruments("NFO") if row["name"] == "NIFTY" and row["instrument_type"] == "CE"),
        key=lambda row: row["last_price"],
    )
    price = 20.0
    set_price(exchange, option["tradingsymbol"], price, "NFO")
    # One lot more than the best offer holds, so the order needs two fills.
    best_offer = kite.quote(f"NFO:{option['tradingsymbol']}")[f"NFO:{option['tradingsymbol']}"]["depth"]["sell"][0]
    order_id = kite.place_order(
        variety="regular",
        exchange="NFO",
        tradingsymbol=option["tradingsymbol"],
        transaction_type="BUY",
        quantity=best_offer["quantity"] + option["lot_size"],
        product="NRML",
        order_type="LIMIT",
        price=round(price + 1, 2),
    )
    trades = kite.order_trades(order_id)
    assert len(trades) > 1
    turnover = sum(Decimal(str(t["average_price"])) * t["quantity"] for t in trades)
    expected = charges(Exchange.NFO, Product.NRML, TransactionType.BUY, True, turnover)
    assert expected["brokerage"] == 20
    assert float(exchange.core.account.charges["equity"]) == pytest.approx(expected["total"])


def test_commodity_orders_use_the_commodity_segment_and_contract_multiplier(
    exchange: PaperExchange, kite: KiteConnect
) -> None:
    crude = next(row for row in kite.instruments("MCX") if row["name"] == "CRUDEOIL")
    set_price(exchange, crude["tradingsymbol"], 5600, "MCX")
    before = kite.margins("commodity")["net"]
    kite.place_order(
        variety="regular",
        exchange="MCX",
        tradingsymbol=crude["tradingsymbol"],
        transaction_type="BUY",
        quantity=1,
        product="NRML",
        order_type="LIMIT",
        price=5600,
    )
    position = next(p for p in kite.positions()["net"] if p["tradingsymbol"] == crude["tradingsymbol"])
    assert position["multiplier"] == 100  # a lot is 100 barrels
    assert position["buy_value"] == 560_000
    assert before - kite.margins("commodity")["net"] == pytest.approx(560_000 * 0.10, rel=0.01)  # 8 % + 2 %
    assert kite.margins("equity")["utilised"]["span"] == 0


def test_currency_futures_count_a_thousand_units(exchange: PaperExchange, kite: KiteConnect) -> None:
    usdinr = next(row for row in kite.instruments("CDS") if row["name"] == "USDINR")
    set_price(exchange, usdinr["tradingsymbol"], 90, "CDS")
    kite.place_order(
        variety="regular",
        exchange="CDS",
        tradingsymbol=usdinr["tradingsymbol"],
        transaction_type="BUY",
        quantity=1,
        product="NRML",
        order_type="LIMIT",
        price=90,
    )
    position = next(p for p in kite.positions()["net"] if p["tradingsymbol"] == usdinr["tradingsymbol"])
    assert (position["multiplier"], position["buy_value"]) == (1000, 90_000)


def test_real_hours_square_off_intraday_positions_before_the_close(exchange: PaperExchange) -> None:
    from tests.paper.helpers import admin, logged_in

    admin(exchange, "clock", {"market": "real", "now": "2026-11-25 10:00:00"})  # a Wednesday
    kite = logged_in(exchange)
    set_price(exchange, "SBIN", 1000)
    trade(kite, "BUY", 10, 1000)  # filled: an MIS position
    resting = kite.place_order(variety="regular", exchange="NSE", tradingsymbol="SBIN", transaction_type="BUY",
                               quantity=5, product="MIS", order_type="LIMIT", price=990)  # fmt: skip
    entry = kite.place_order(variety="co", exchange="NSE", tradingsymbol="SBIN", transaction_type="BUY",
                             quantity=2, product="MIS", order_type="LIMIT", price=1000, trigger_price=990)  # fmt: skip
    delivery = kite.place_order(variety="regular", exchange="NSE", tradingsymbol="SBIN", transaction_type="BUY",
                                quantity=1, product="CNC", order_type="LIMIT", price=990)  # fmt: skip
    admin(exchange, "clock", {"now": "2026-11-25 15:19:00"})
    assert kite.order_history(resting)[-1]["status"] == "OPEN"
    admin(exchange, "clock", {"now": "2026-11-25 15:21:00"})
    positions = {p["product"]: p for p in kite.positions()["net"]}
    assert positions["MIS"]["quantity"] == 0
    assert positions["CO"]["quantity"] == 0
    assert kite.order_history(resting)[-1]["status"] == "CANCELLED"
    assert kite.order_history(delivery)[-1]["status"] == "OPEN"  # delivery orders are not intraday
    squared = [row for row in kite.orders() if row["placed_by"] == "ADMINSQF"]
    assert [(row["transaction_type"], row["quantity"], row["status"]) for row in squared] == [("SELL", 10, "COMPLETE")]
    assert entry in {row["parent_order_id"] for row in kite.orders() if row["status"] == "COMPLETE"}
    kite.reqsession.close()
