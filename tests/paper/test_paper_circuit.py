"""A price locked at a circuit limit leaves a one-sided book: at the upper circuit no sellers (no asks, sell
quantity 0, marketable buys stay OPEN), at the lower no buyers. Quotes, full-mode ticks and fills agree. Through
the SDK and the official KiteTicker."""

from __future__ import annotations

from typing import Any

from kiteconnect import KiteConnect

from kiteticket.paper.exchange import PaperExchange
from kiteticket.paper.squareoff import SQUARE_OFF_BY
from tests.paper.helpers import admin, last, logged_in, set_price, wait_until
from tests.paper.ticker_client import call, close, ticker

EMPTY = {"price": 0, "quantity": 0, "orders": 0}


def _order(kite: KiteConnect, symbol: str, side: str, **params: Any) -> str:
    base = {
        "variety": "regular", "exchange": "NSE", "tradingsymbol": symbol, "transaction_type": side,
        "quantity": 1, "product": "MIS", "order_type": "MARKET", "market_protection": -1,
    }  # fmt: skip
    return str(kite.place_order(**{**base, **params}))


def _full_tick(exchange: PaperExchange, kite: KiteConnect, token: int) -> dict[str, Any]:
    ws, heard = ticker(exchange, kite)
    assert heard.connected.wait(10)
    call(ws.subscribe, [token])
    call(ws.set_mode, ws.MODE_FULL, [token])
    wait_until(lambda: any(tick["mode"] == "full" for tick in list(heard.ticks)))
    tick = heard.last(token)
    close(ws, heard)
    return tick


def _at_circuit(exchange: PaperExchange, kite: KiteConnect, symbol: str, limit: str) -> dict[str, Any]:
    """Pin the symbol's last price at its circuit limit ('upper' or 'lower'); its quote there."""
    key = f"NSE:{symbol}"
    set_price(exchange, symbol, kite.quote(key)[key][f"{limit}_circuit_limit"])
    return dict(kite.quote(key)[key])


def test_at_the_upper_circuit_nobody_sells_so_buys_stay_open_and_sells_fill(
    exchange: PaperExchange, kite: KiteConnect
) -> None:
    quote = _at_circuit(exchange, kite, "SBIN", "upper")
    upper = quote["upper_circuit_limit"]
    assert quote["last_price"] == upper
    assert quote["depth"]["sell"] == [EMPTY] * 5
    assert quote["sell_quantity"] == 0
    assert quote["depth"]["buy"][0]["price"] == upper
    assert quote["buy_quantity"] > 0  # buyers queue at the circuit
    tick = _full_tick(exchange, kite, quote["instrument_token"])
    assert tick["depth"] == quote["depth"]
    assert (tick["last_price"], tick["total_sell_quantity"], tick["total_buy_quantity"]) == (
        upper, 0, quote["buy_quantity"],
    )  # fmt: skip

    market_buy = _order(kite, "SBIN", "BUY")
    limit_buy = _order(kite, "SBIN", "BUY", order_type="LIMIT", price=upper)
    for order_id in (market_buy, limit_buy):
        row = last(kite, order_id)
        assert (row["status"], row["filled_quantity"]) == ("OPEN", 0)
    sell = _order(kite, "SBIN", "SELL")
    assert (last(kite, sell)["status"], last(kite, sell)["average_price"]) == ("COMPLETE", upper)
    assert [trade["order_id"] for trade in kite.trades()] == [sell]


def test_at_the_lower_circuit_nobody_buys_so_sells_stay_open_and_buys_fill(
    exchange: PaperExchange, kite: KiteConnect
) -> None:
    quote = _at_circuit(exchange, kite, "INFY", "lower")
    lower = quote["lower_circuit_limit"]
    assert quote["last_price"] == lower
    assert quote["depth"]["buy"] == [EMPTY] * 5
    assert quote["buy_quantity"] == 0
    assert quote["depth"]["sell"][0]["price"] == lower
    assert quote["sell_quantity"] > 0
    tick = _full_tick(exchange, kite, quote["instrument_token"])
    assert tick["depth"] == quote["depth"]
    assert (tick["total_buy_quantity"], tick["total_sell_quantity"]) == (0, quote["sell_quantity"])

    market_sell = _order(kite, "INFY", "SELL")
    limit_sell = _order(kite, "INFY", "SELL", order_type="LIMIT", price=lower)
    for order_id in (market_sell, limit_sell):
        row = last(kite, order_id)
        assert (row["status"], row["filled_quantity"]) == ("OPEN", 0)
    buy = _order(kite, "INFY", "BUY")
    assert (last(kite, buy)["status"], last(kite, buy)["average_price"]) == ("COMPLETE", lower)


def test_a_short_at_the_upper_circuit_cannot_be_squared_off_at_the_close(
    exchange: PaperExchange, kite: KiteConnect
) -> None:
    set_price(exchange, "SBIN", 1000)
    _order(kite, "SBIN", "SELL", quantity=3)  # a short MIS position
    _at_circuit(exchange, kite, "SBIN", "upper")
    closed = admin(exchange, "close", {})
    squared = [row for row in kite.orders() if row["placed_by"] == SQUARE_OFF_BY]
    assert [(row["transaction_type"], row["status"], row["filled_quantity"]) for row in squared] == [
        ("BUY", "CANCELLED", 0)
    ]  # the square-off found no seller, then the close cancelled it
    assert (closed["squared_off"], closed["cancelled"]) == ([], [squared[0]["order_id"]])
    net = next(row for row in kite.positions()["net"] if row["tradingsymbol"] == "SBIN")
    assert net["quantity"] == -3


def test_a_square_off_stuck_at_the_circuit_is_not_sent_again_at_every_beat(
    exchange: PaperExchange, kite: KiteConnect
) -> None:
    admin(exchange, "clock", {"market": "real", "now": "2026-12-07 15:00:00"})  # a Monday
    kite = logged_in(exchange)
    set_price(exchange, "SBIN", 1000)
    _order(kite, "SBIN", "SELL", quantity=3)
    _at_circuit(exchange, kite, "SBIN", "upper")
    for minute in range(21, 26):  # square-off time 15:20: every beat after it sweeps again
        admin(exchange, "clock", {"now": f"2026-12-07 15:{minute}:00"})
        exchange.core.tick()
    squared = [row for row in kite.orders() if row["placed_by"] == SQUARE_OFF_BY]
    assert [(row["transaction_type"], row["status"]) for row in squared] == [("BUY", "OPEN")]
    kite.reqsession.close()
