"""The auctions list (GET /portfolio/holdings/auctions) and auction orders checked against it, through the SDK."""

from __future__ import annotations

from typing import Any

import pytest
from kiteconnect import KiteConnect
from kiteconnect.exceptions import InputException

from kiteticket.paper.exchange import PaperExchange
from tests.paper.helpers import admin, logged_in, set_price
from tests.paper.shapes import BOOL, NUM, STR, assert_shape

# auctions_list.json
AUCTION = {
    "tradingsymbol": STR, "exchange": STR, "instrument_token": NUM, "isin": STR, "product": STR, "price": NUM,
    "quantity": NUM, "t1_quantity": NUM, "realised_quantity": NUM, "authorised_quantity": NUM,
    "authorised_date": STR, "opening_quantity": NUM, "collateral_quantity": NUM, "collateral_type": STR,
    "discrepancy": BOOL, "average_price": NUM, "last_price": NUM, "close_price": NUM, "pnl": NUM, "day_change": NUM,
    "day_change_percentage": NUM, "auction_number": STR,
}  # fmt: skip


def auction_sell(kite: KiteConnect, number: str, symbol: str = "INFY", quantity: int = 5) -> str:
    return str(kite.place_order(variety="auction", exchange="NSE", tradingsymbol=symbol, transaction_type="SELL",
                                quantity=quantity, product="CNC", order_type="LIMIT", price=1750,
                                auction_number=number))  # fmt: skip


def listed(kite: KiteConnect) -> dict[str, dict[str, Any]]:
    return {f"{row['exchange']}:{row['tradingsymbol']}": row for row in kite.get_auction_instruments()}


def test_every_holding_is_listed_in_kites_shape(kite: KiteConnect) -> None:
    rows = listed(kite)
    assert set(rows) == {"NSE:INFY", "NSE:SBIN", "BSE:RELIANCE"}  # the starting holdings
    for row in rows.values():
        assert_shape(row, AUCTION)
        assert row["auction_number"].isdigit()
        assert row["quantity"] == 10
    holding = next(row for row in kite.holdings() if row["tradingsymbol"] == "INFY")
    assert rows["NSE:INFY"]["average_price"] == holding["average_price"]
    assert len({row["auction_number"] for row in rows.values()}) == 3


def test_an_auction_order_with_the_listed_number_is_placed(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    number = listed(kite)["NSE:INFY"]["auction_number"]
    order = kite.order_history(auction_sell(kite, number))[-1]
    assert (order["variety"], order["auction_number"], order["status"]) == ("auction", number, "OPEN")


def test_auction_orders_are_checked_against_the_list(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    rows = listed(kite)
    number = rows["NSE:INFY"]["auction_number"]
    with pytest.raises(InputException, match="auction_number"):
        auction_sell(kite, str(int(number) + 1))
    with pytest.raises(InputException, match="auction_number"):
        auction_sell(kite, rows["NSE:SBIN"]["auction_number"])  # SBIN's number for an INFY order
    set_price(exchange, "TCS", 1750)
    with pytest.raises(InputException, match="not in your holdings"):
        auction_sell(kite, number, symbol="TCS")
    assert kite.orders() == []


def test_the_numbers_change_with_the_day_and_sold_out_holdings_leave_the_list(exchange: PaperExchange) -> None:
    admin(exchange, "clock", {"now": "2026-12-02 10:00:00"})
    kite = logged_in(exchange)
    first = listed(kite)["NSE:INFY"]["auction_number"]
    admin(exchange, "clock", {"now": "2026-12-03 10:00:00"})
    kite = logged_in(exchange)
    assert listed(kite)["NSE:INFY"]["auction_number"] != first
    set_price(exchange, "SBIN", 800)
    kite.place_order(variety="regular", exchange="NSE", tradingsymbol="SBIN", transaction_type="SELL", quantity=10,
                     product="CNC", order_type="LIMIT", price=800)  # fmt: skip
    admin(exchange, "clock", {"now": "2026-12-04 10:00:00"})
    kite = logged_in(exchange)
    assert "NSE:SBIN" not in listed(kite)
