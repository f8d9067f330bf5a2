"""The close squares intraday positions off before it cancels: a cover order leaves through its own stop leg,
executed at market, an MIS position through a square-off order, and only then are the DAY orders still working
cancelled; AMOs stay. Every change is pushed (postback and ticker). Through the SDK and the official KiteTicker."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from kiteconnect import KiteConnect

from kiteticket.paper.exchange import PaperExchange
from kiteticket.paper.squareoff import SQUARE_OFF_BY
from tests.paper.conftest import config
from tests.paper.helpers import admin, last, logged_in, set_price, wait_until
from tests.paper.postback_receiver import Receiver
from tests.paper.ticker_client import close, ticker

MONDAY = "2026-12-07"


@pytest.fixture
def pushed(receiver: Receiver) -> Iterator[tuple[PaperExchange, KiteConnect]]:
    with PaperExchange(config(postback_url=receiver.url)) as running:
        kite = logged_in(running)
        yield running, kite
        kite.reqsession.close()


def _sbin(kite: KiteConnect, **params: Any) -> str:
    base = {
        "variety": "regular", "exchange": "NSE", "tradingsymbol": "SBIN", "transaction_type": "BUY",
        "quantity": 1, "product": "MIS", "order_type": "LIMIT", "price": 1000,
    }  # fmt: skip
    return str(kite.place_order(**{**base, **params}))


def _intraday_book(kite: KiteConnect) -> dict[str, str]:
    """SBIN at 1000: a filled cover order (its stop leg working at 990), a filled MIS buy of 10, a resting MIS
    limit, a resting CNC limit; the ids by name."""
    entry = _sbin(kite, variety="co", quantity=2, trigger_price=990)
    leg = next(row["order_id"] for row in kite.orders() if row["parent_order_id"] == entry)
    return {
        "entry": entry,
        "leg": leg,
        "mis": _sbin(kite, quantity=10),
        "resting_mis": _sbin(kite, quantity=5, price=980),
        "resting_cnc": _sbin(kite, product="CNC", price=980),
    }


def _net(kite: KiteConnect) -> dict[str, int]:
    return {row["product"]: row["quantity"] for row in kite.positions()["net"] if row["tradingsymbol"] == "SBIN"}


def test_the_close_squares_off_cover_and_mis_positions_then_cancels_day_orders_and_keeps_amos(
    pushed: tuple[PaperExchange, KiteConnect], receiver: Receiver
) -> None:
    exchange, kite = pushed
    set_price(exchange, "SBIN", 1000)
    ids = _intraday_book(kite)
    assert last(kite, ids["leg"])["status"] == "TRIGGER PENDING"
    assert _net(kite) == {"CO": 2, "MIS": 10}
    ws, heard = ticker(exchange, kite)
    assert heard.connected.wait(10)
    set_price(exchange, "SBIN", 1004)  # the market moved on: the square-off executes at its price

    closed = admin(exchange, "close", {})
    amo = _sbin(kite, variety="amo", product="CNC", price=990)  # taken after the close

    squared = [row for row in kite.orders() if row["placed_by"] == SQUARE_OFF_BY]
    assert [(r["transaction_type"], r["quantity"], r["product"], r["status"]) for r in squared] == [
        ("SELL", 10, "MIS", "COMPLETE")
    ]
    assert closed["squared_off"] == [ids["leg"], squared[0]["order_id"]]
    assert closed["cancelled"] == [ids["resting_mis"], ids["resting_cnc"]]
    assert _net(kite) == {"CO": 0, "MIS": 0}  # flat, no cover order left without its stop
    leg = last(kite, ids["leg"])
    assert (leg["status"], leg["filled_quantity"], leg["average_price"]) == ("COMPLETE", 2, 1004)
    fills = {(t["order_id"], t["transaction_type"], t["quantity"], t["average_price"]) for t in kite.trades()}
    assert {(ids["leg"], "SELL", 2, 1004), (squared[0]["order_id"], "SELL", 10, 1004)} <= fills
    for order_id in (ids["resting_mis"], ids["resting_cnc"]):
        row = last(kite, order_id)
        assert (row["status"], row["status_message"]) == ("CANCELLED", "Exchange mass cancel")
    assert last(kite, amo)["status"] == "AMO REQ RECEIVED"

    # Square-off first, then the cancels; each change pushed by postback and over the ticker.
    def completed_then_cancelled(statuses: list[tuple[str, str]]) -> bool:
        wanted = [(ids["leg"], "COMPLETE"), (squared[0]["order_id"], "COMPLETE"), (ids["resting_mis"], "CANCELLED")]
        wanted.append((ids["resting_cnc"], "CANCELLED"))
        return [pair for pair in statuses if pair in wanted] == wanted

    wait_until(lambda: completed_then_cancelled([(body["order_id"], body["status"]) for body in receiver.bodies]))
    wait_until(lambda: completed_then_cancelled([(update["order_id"], update["status"]) for update in heard.orders]))
    close(ws, heard)


def test_real_hours_jumping_past_the_square_off_time_still_squares_off_before_the_mass_cancel(
    pushed: tuple[PaperExchange, KiteConnect],
) -> None:
    exchange, kite = pushed
    admin(exchange, "clock", {"now": f"{MONDAY} 15:00:00", "market": "real"})
    kite = logged_in(exchange)
    set_price(exchange, "SBIN", 1000)
    ids = _intraday_book(kite)
    admin(exchange, "clock", {"now": f"{MONDAY} 15:45:00"})  # over 15:20 and the 15:30 close at once
    assert _net(kite) == {"CO": 0, "MIS": 0}
    assert last(kite, ids["leg"])["status"] == "COMPLETE"
    assert [row["status"] for row in kite.orders() if row["placed_by"] == SQUARE_OFF_BY] == ["COMPLETE"]
    assert last(kite, ids["resting_cnc"])["status_message"] == "Exchange mass cancel"
    kite.reqsession.close()
