"""The market's sessions: prices frozen while an exchange is closed, and the orders still working at the close
cancelled by the exchange (pushed as order updates, by postback and over the ticker), while AMOs wait for the
next open. Through the SDK and the official KiteTicker."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from kiteconnect import KiteConnect

from kiteticket.paper.exchange import PaperExchange
from tests.paper.conftest import config
from tests.paper.helpers import admin, last, logged_in, wait_until
from tests.paper.postback_receiver import Receiver
from tests.paper.ticker_client import Heard, call, close, ticker

# A Monday, in IST. Logging in after the clock is set keeps the session alive until 06:00 the next morning.
MONDAY = "2026-12-07"
INFY = 408065


def _at(exchange: PaperExchange, clock: str, market: str = "real") -> None:
    admin(exchange, "clock", {"now": f"{MONDAY} {clock}", "market": market})


def _crude(kite: KiteConnect) -> dict[str, Any]:
    rows = [row for row in kite.instruments("MCX") if row["name"] == "CRUDEOIL" and row["instrument_type"] == "FUT"]
    return min(rows, key=lambda row: row["expiry"])


def _quote(kite: KiteConnect, key: str) -> dict[str, Any]:
    quote = dict(kite.quote(key)[key])
    del quote["timestamp"]  # when the quote was asked for, not a price
    return quote


def _place(kite: KiteConnect, **params: Any) -> str:
    base = {
        "variety": "regular", "exchange": "NSE", "tradingsymbol": "INFY", "transaction_type": "BUY",
        "quantity": 1, "product": "CNC", "order_type": "LIMIT", "price": 1500,
    }  # fmt: skip
    return str(kite.place_order(**{**base, **params}))


@pytest.fixture
def evening(receiver: Receiver) -> Iterator[tuple[PaperExchange, KiteConnect]]:
    """Real hours, Monday 15:00: NSE and MCX in session; postbacks to ``receiver``; the market beaten by hand."""
    with PaperExchange(config(postback_url=receiver.url)) as running:
        _at(running, "15:00:00")
        kite = logged_in(running)
        yield running, kite
        kite.reqsession.close()


def test_a_closed_exchange_keeps_its_last_prices_while_an_open_one_moves(
    evening: tuple[PaperExchange, KiteConnect],
) -> None:
    exchange, kite = evening
    crude = f"MCX:{_crude(kite)['tradingsymbol']}"
    exchange.core.tick()
    _at(exchange, "20:00:00")  # NSE closed at 15:30; MCX trades until 23:30
    frozen, moving = _quote(kite, "NSE:INFY"), _quote(kite, crude)
    for _ in range(20):
        exchange.core.tick()
    assert _quote(kite, "NSE:INFY") == frozen  # no walk, no volume, the same book
    assert kite.ltp("NSE:INFY")["NSE:INFY"]["last_price"] == frozen["last_price"]
    assert _quote(kite, crude) != moving


def test_a_closed_exchange_sends_no_ticks_with_new_prices(streaming: PaperExchange) -> None:
    admin(streaming, "clock", {"now": f"{MONDAY} 20:00:00", "market": "real"})
    kite = logged_in(streaming)
    crude = _crude(kite)["instrument_token"]
    ws, heard = ticker(streaming, kite)
    assert heard.connected.wait(10)
    call(ws.subscribe, [INFY, crude])
    call(ws.set_mode, ws.MODE_FULL, [INFY, crude])

    def seen(token: int) -> list[dict[str, Any]]:
        with heard.lock:
            return [tick for tick in heard.ticks if tick["instrument_token"] == token and tick["mode"] == "full"]

    wait_until(lambda: len({tick["exchange_timestamp"] for tick in seen(crude)}) > 10, timeout=20)
    infy = seen(INFY)
    assert infy  # the subscription heard the instrument's state at once
    assert {(t["last_price"], t["volume_traded"], str(t["depth"]), t["exchange_timestamp"]) for t in infy} == {
        (infy[0]["last_price"], infy[0]["volume_traded"], str(infy[0]["depth"]), infy[0]["exchange_timestamp"])
    }
    quote = kite.quote("NSE:INFY")["NSE:INFY"]
    assert (quote["last_price"], quote["depth"]) == (infy[-1]["last_price"], infy[-1]["depth"])
    close(ws, heard)
    kite.reqsession.close()


def _told(heard: Heard, receiver: Receiver, order_id: str) -> tuple[list[str], list[str]]:
    """The statuses pushed for an order: over the ticker, and by postback."""
    return [update["status"] for update in heard.orders if update["order_id"] == order_id], receiver.for_order(order_id)


def test_orders_still_open_at_the_close_are_cancelled_by_the_exchange_and_pushed(
    evening: tuple[PaperExchange, KiteConnect], receiver: Receiver
) -> None:
    exchange, kite = evening
    crude = _crude(kite)
    ws, heard = ticker(exchange, kite)
    assert heard.connected.wait(10)
    day_order = _place(kite)
    stop = _place(kite, transaction_type="SELL", product="MIS", order_type="SL", price=1399, trigger_price=1400)
    commodity = _place(kite, exchange="MCX", tradingsymbol=crude["tradingsymbol"], product="NRML", price=5400)
    assert [last(kite, i)["status"] for i in (day_order, stop, commodity)] == ["OPEN", "TRIGGER PENDING", "OPEN"]

    _at(exchange, "15:45:00")  # the NSE session has ended; MCX trades on
    for order_id in (day_order, stop):
        row = last(kite, order_id)
        assert (row["status"], row["status_message"]) == ("CANCELLED", "Exchange mass cancel")
        assert row["cancelled_quantity"] == row["quantity"] == 1
        wait_until(lambda order_id=order_id: _told(heard, receiver, order_id)[0][-1:] == ["CANCELLED"])
        wait_until(lambda order_id=order_id: _told(heard, receiver, order_id)[1][-1:] == ["CANCELLED"])
    assert last(kite, commodity)["status"] == "OPEN"

    _at(exchange, "16:30:00")
    amo = _place(kite, variety="amo")
    assert last(kite, amo)["status"] == "AMO REQ RECEIVED"
    _at(exchange, "23:58:00")  # MCX has closed too (23:55 while the US is on winter time)
    assert last(kite, commodity)["status"] == "CANCELLED"
    assert last(kite, amo)["status"] == "AMO REQ RECEIVED"  # an AMO waits for the next open
    close(ws, heard)


def test_a_session_the_clock_jumps_past_still_ends_its_orders(
    evening: tuple[PaperExchange, KiteConnect], receiver: Receiver
) -> None:
    exchange, kite = evening
    order_id = _place(kite)
    admin(exchange, "clock", {"now": "2026-12-08 10:00:00"})  # Tuesday morning: a new day, a new book
    wait_until(lambda: receiver.for_order(order_id)[-1:] == ["CANCELLED"])
    cancelled = next(body for body in receiver.bodies if body["status"] == "CANCELLED")
    assert cancelled["status_message"] == "Exchange mass cancel"


def test_the_default_market_never_closes_by_itself(receiver: Receiver) -> None:
    with PaperExchange(config(postback_url=receiver.url)) as exchange:
        _at(exchange, "10:00:00", market="open")
        kite = logged_in(exchange)
        order_id = _place(kite)
        admin(exchange, "clock", {"now": f"{MONDAY} 23:59:00"})
        assert last(kite, order_id)["status"] == "OPEN"
        kite.reqsession.close()


def test_close_now_ends_day_orders_keeps_amos_and_the_next_open_sends_them(
    exchange: PaperExchange, kite: KiteConnect
) -> None:
    day_order = _place(kite)
    closed = admin(exchange, "close", {})
    assert closed == {"market": "closed", "squared_off": [], "cancelled": [day_order]}
    assert (last(kite, day_order)["status"], last(kite, day_order)["status_message"]) == (
        "CANCELLED", "Exchange mass cancel",
    )  # fmt: skip
    before = _quote(kite, "NSE:INFY")
    amo = _place(kite, variety="amo")
    for _ in range(10):
        exchange.core.tick()
    assert _quote(kite, "NSE:INFY") == before
    assert last(kite, amo)["status"] == "AMO REQ RECEIVED"
    admin(exchange, "clock", {"market": "open"})
    assert last(kite, amo)["status"] == "OPEN"
    exchange.core.tick()
    assert _quote(kite, "NSE:INFY") != before


def test_close_takes_only_an_empty_object(exchange: PaperExchange) -> None:
    import requests

    response = requests.post(f"{exchange.root_url}/_paper/close", json=[], timeout=5)
    assert (response.status_code, response.json()["error_type"]) == (400, "InputException")
    assert exchange.core.clock.mode.value == "open"


def test_an_amo_placed_after_the_close_goes_to_the_exchange_at_the_next_open(
    evening: tuple[PaperExchange, KiteConnect],
) -> None:
    exchange, kite = evening
    _at(exchange, "16:30:00")
    amo = _place(kite, variety="amo")
    admin(exchange, "clock", {"now": "2026-12-08 08:30:00"})  # Tuesday, before the open: a new day's book
    morning = logged_in(exchange)  # yesterday's session died at 06:00
    assert [row["order_id"] for row in morning.orders()] == [amo]  # the AMO is in today's book, still waiting
    assert last(morning, amo)["status"] == "AMO REQ RECEIVED"
    admin(exchange, "clock", {"now": "2026-12-08 09:00:00"})
    assert [row["status"] for row in morning.order_history(amo)] == ["AMO REQ RECEIVED", "OPEN PENDING", "OPEN"]
    morning.reqsession.close()


def test_real_hours_end_what_is_still_working_on_an_exchange_found_closed(exchange: PaperExchange) -> None:
    _at(exchange, "10:00:00", market="open")
    kite = logged_in(exchange)
    crude = _crude(kite)
    equity = _place(kite)
    commodity = _place(kite, exchange="MCX", tradingsymbol=crude["tradingsymbol"], product="NRML", price=5400)
    _at(exchange, "20:00:00")  # real hours now: NSE closed at 15:30, MCX trades until 23:55
    assert last(kite, equity)["status"] == "CANCELLED"
    assert last(kite, commodity)["status"] == "OPEN"
    kite.reqsession.close()
