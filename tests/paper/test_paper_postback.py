"""Postbacks: the exchange POSTs Kite's payload (postback.json's keys, its checksum) to a loopback receiver on
each order change; remote URLs are refused unless allowed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest
from kiteconnect import KiteConnect

from kiteticket.paper.cli import main
from kiteticket.paper.config import PaperConfig
from kiteticket.paper.exchange import PaperExchange
from tests.paper.conftest import config
from tests.paper.helpers import buy_limit, logged_in, raw, set_price, wait_until
from tests.paper.postback_receiver import Receiver
from tests.paper.shapes import DICT, NULL, NUM, STR, assert_shape

# postback.json
POSTBACK = {
    "user_id": STR, "unfilled_quantity": NUM, "app_id": NUM, "checksum": STR, "placed_by": STR, "order_id": STR,
    "exchange_order_id": NULL + STR, "parent_order_id": NULL + STR, "status": STR, "status_message": NULL + STR,
    "status_message_raw": NULL + STR, "order_timestamp": STR, "exchange_update_timestamp": NULL + STR,
    "exchange_timestamp": NULL + STR, "variety": STR, "exchange": STR, "tradingsymbol": STR, "instrument_token": NUM,
    "order_type": STR, "transaction_type": STR, "validity": STR, "product": STR, "quantity": NUM,
    "disclosed_quantity": NUM, "price": NUM, "trigger_price": NUM, "average_price": NUM, "filled_quantity": NUM,
    "pending_quantity": NUM, "cancelled_quantity": NUM, "market_protection": NUM, "meta": DICT, "tag": NULL + STR,
    "guid": NULL + STR,
}  # fmt: skip


@pytest.fixture
def posting(receiver: Receiver) -> Iterator[tuple[PaperExchange, KiteConnect]]:
    with PaperExchange(config(postback_url=receiver.url, api_secret="s3cret")) as running:
        kite = logged_in(running)
        yield running, kite
        kite.reqsession.close()


def test_a_filled_order_is_posted_once_with_kites_payload_and_checksum(
    receiver: Receiver, posting: tuple[PaperExchange, KiteConnect]
) -> None:
    exchange, kite = posting
    set_price(exchange, "INFY", 1700)
    order_id = buy_limit(kite, 1700, quantity=2)
    wait_until(lambda: receiver.for_order(order_id) == ["COMPLETE"])
    (body,) = receiver.bodies
    assert_shape(body, POSTBACK, extra_ok=True)  # also the order book's own newer keys (tags, validity_ttl…)
    expected = hashlib.sha256((order_id + body["order_timestamp"] + "s3cret").encode()).hexdigest()
    assert body["checksum"] == expected
    assert (body["user_id"], body["unfilled_quantity"], body["filled_quantity"]) == ("PA0001", 0, 2)
    assert receiver.content_types == ["application/json"]
    row = raw(kite, "GET", f"/orders/{order_id}").json()["data"][-1]  # the order as the book shows it
    assert {key: body[key] for key in row} == row


def test_modifications_partial_fills_cancels_and_rejections_are_posted(
    receiver: Receiver, posting: tuple[PaperExchange, KiteConnect]
) -> None:
    exchange, kite = posting
    set_price(exchange, "INFY", 1700)
    resting = buy_limit(kite, 1650)
    kite.modify_order("regular", resting, price=1655)
    kite.cancel_order("regular", resting)
    rejected = buy_limit(kite, 1690, 5000)  # far beyond the funds
    partial = buy_limit(kite, 1700, 1000, product="MIS")  # more than the book holds at 1700: part fills
    wait_until(lambda: receiver.for_order(partial) == ["UPDATE"])
    wait_until(lambda: receiver.for_order(resting) == ["UPDATE", "CANCELLED"])
    wait_until(lambda: receiver.for_order(rejected) == ["REJECTED"])
    update = next(body for body in receiver.bodies if body["order_id"] == partial)
    assert 0 < update["filled_quantity"] < 1000
    assert update["unfilled_quantity"] == update["pending_quantity"] == 1000 - update["filled_quantity"]


def test_an_unreachable_receiver_does_not_hold_up_orders() -> None:
    with PaperExchange(config(postback_url="http://127.0.0.1:9/nobody")) as running:  # port 9: discard, closed
        kite = logged_in(running)
        set_price(running, "INFY", 1700)
        order_id = buy_limit(kite, 1700)
        assert kite.order_history(order_id)[-1]["status"] == "COMPLETE"
        kite.reqsession.close()


def test_remote_postback_urls_need_allow_remote() -> None:
    with pytest.raises(ValueError, match="loopback"):
        PaperExchange(config(postback_url="http://203.0.113.5/postback"))
    with pytest.raises(ValueError, match="http"):
        PaperExchange(config(postback_url="ftp://127.0.0.1/postback"))
    allowed = PaperExchange(PaperConfig(postback_url="http://203.0.113.5/postback", allow_remote=True))
    assert allowed.config.postback_url == "http://203.0.113.5/postback"
    assert main(["--db", ":memory:", "--postback-url", "http://203.0.113.5/postback"]) == 2
