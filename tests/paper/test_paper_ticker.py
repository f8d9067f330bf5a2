"""The paper exchange's WebSocket ticker, through the official KiteTicker: the handshake, Kite's limits, the three
modes with the keys and types of Kite's decoded ticks (``ticker_*.json``), and unsubscribing."""

from __future__ import annotations

import socket
from datetime import datetime

import requests
from kiteconnect import KiteConnect

from kiteticket.paper.exchange import PaperExchange
from tests.paper.helpers import admin, logged_in, set_price, wait_until
from tests.paper.ticker_client import call, close, ticker

INFY = 408065  # NSE:INFY in the bundled sample, as in Kite's dump
NIFTY_50 = 256265

# Keys and value types of Kite's decoded ticks, as in kiteconnect-mocks ticker_ltp/quote/full.json (the SDK names
# a few of them differently from the JSON mock: volume_traded, last_traded_quantity, total_buy_quantity...).
LTP_KEYS = {"tradable": bool, "mode": str, "instrument_token": int, "last_price": float}
QUOTE_KEYS = LTP_KEYS | {
    "last_traded_quantity": int, "average_traded_price": float, "volume_traded": int, "total_buy_quantity": int,
    "total_sell_quantity": int, "ohlc": dict, "change": float,
}  # fmt: skip
FULL_KEYS = QUOTE_KEYS | {
    "last_trade_time": datetime, "oi": int, "oi_day_high": int, "oi_day_low": int, "exchange_timestamp": datetime,
    "depth": dict,
}  # fmt: skip


def _types(tick: dict[str, object]) -> dict[str, type]:
    return {key: type(value) for key, value in tick.items()}


def test_a_subscription_starts_in_quote_mode_and_full_mode_adds_depth(
    streaming: PaperExchange, streaming_kite: KiteConnect
) -> None:
    ws, heard = ticker(streaming, streaming_kite)
    assert heard.connected.wait(10)
    call(ws.subscribe, [INFY])
    wait_until(lambda: INFY in heard.tokens())
    assert _types(heard.last(INFY)) == QUOTE_KEYS
    call(ws.set_mode, ws.MODE_FULL, [INFY])
    wait_until(lambda: heard.last(INFY)["mode"] == "full")
    full = heard.last(INFY)
    assert _types(full) == FULL_KEYS
    assert [len(full["depth"]["buy"]), len(full["depth"]["sell"])] == [5, 5]
    assert 0 < full["depth"]["buy"][0]["price"] <= full["last_price"] <= full["depth"]["sell"][0]["price"]
    call(ws.set_mode, ws.MODE_LTP, [INFY])
    wait_until(lambda: heard.last(INFY)["mode"] == "ltp")
    assert _types(heard.last(INFY)) == LTP_KEYS
    close(ws, heard)


def test_ticks_follow_the_market_and_agree_with_quotes(streaming: PaperExchange, streaming_kite: KiteConnect) -> None:
    ws, heard = ticker(streaming, streaming_kite)
    assert heard.connected.wait(10)
    call(ws.subscribe, [INFY])
    wait_until(lambda: INFY in heard.tokens())
    set_price(streaming, "INFY", 1712.35)  # pinned: the walk leaves it there
    wait_until(lambda: heard.last(INFY)["last_price"] == 1712.35)
    quote = streaming_kite.quote(["NSE:INFY"])["NSE:INFY"]
    tick = heard.last(INFY)
    assert (quote["last_price"], quote["volume"], quote["ohlc"]) == (
        tick["last_price"], tick["volume_traded"], tick["ohlc"],
    )  # fmt: skip
    close(ws, heard)


def test_an_index_streams_index_packets(streaming: PaperExchange, streaming_kite: KiteConnect) -> None:
    ws, heard = ticker(streaming, streaming_kite)
    assert heard.connected.wait(10)
    call(ws.subscribe, [NIFTY_50])
    call(ws.set_mode, ws.MODE_FULL, [NIFTY_50])
    wait_until(lambda: NIFTY_50 in heard.tokens() and heard.last(NIFTY_50)["mode"] == "full")
    tick = heard.last(NIFTY_50)
    assert tick["tradable"] is False
    assert "depth" not in tick
    assert "exchange_timestamp" in tick
    close(ws, heard)


def test_unsubscribed_instruments_stop_ticking(streaming: PaperExchange, streaming_kite: KiteConnect) -> None:
    ws, heard = ticker(streaming, streaming_kite)
    assert heard.connected.wait(10)
    call(ws.subscribe, [INFY])
    wait_until(lambda: INFY in heard.tokens())
    call(ws.unsubscribe, [INFY])
    wait_until(lambda: not streaming.ticker.subscribed_tokens())
    with heard.lock:
        heard.ticks.clear()
    set_price(streaming, "INFY", 1650)
    streaming.ticker.beat()
    streaming.ticker.beat()
    assert INFY not in heard.tokens()
    close(ws, heard)


def test_a_bad_token_is_refused_at_the_handshake(streaming: PaperExchange, streaming_kite: KiteConnect) -> None:
    ws, heard = ticker(streaming, streaming_kite, access_token="not-a-token")
    wait_until(lambda: bool(heard.errors or heard.closes))
    assert not heard.connected.is_set()
    assert "403" in str(heard.errors or heard.closes)
    assert streaming.ticker.connections == 0
    close(ws, heard)


def test_a_fourth_connection_for_one_api_key_is_refused(streaming: PaperExchange, streaming_kite: KiteConnect) -> None:
    open_ones = [ticker(streaming, streaming_kite) for _ in range(3)]
    for _, heard in open_ones:
        assert heard.connected.wait(10)
    ws, fourth = ticker(streaming, streaming_kite)
    wait_until(lambda: bool(fourth.errors or fourth.closes))
    assert not fourth.connected.is_set()
    assert "429" in str(fourth.errors or fourth.closes)
    assert streaming.ticker.connections == 3
    for each in [*open_ones, (ws, fourth)]:
        close(*each)
    wait_until(lambda: streaming.ticker.connections == 0)


def test_a_bad_message_gets_an_error_frame_and_the_connection_stays(
    streaming: PaperExchange, streaming_kite: KiteConnect
) -> None:
    ws, heard = ticker(streaming, streaming_kite)
    assert heard.connected.wait(10)
    call(ws.ws.sendMessage, b'{"a": "subscribe", "v": ["INFY"]}', False)
    wait_until(lambda: bool(heard.errors))
    assert "instrument tokens" in str(heard.errors[0][1])
    call(ws.subscribe, [INFY])
    wait_until(lambda: INFY in heard.tokens())
    close(ws, heard)


def test_a_plain_http_get_on_the_ticker_path_is_kites_envelope(streaming: PaperExchange) -> None:
    """Without an upgrade, /ws is just an unknown route to the REST side."""
    with socket.create_connection(("127.0.0.1", int(streaming.root_url.rsplit(":", 1)[1])), timeout=5) as sock:
        sock.sendall(b"GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 ")
    assert b'"status": "error"' in answer or b'"status":"error"' in answer


def test_a_dropped_connection_is_reconnected_and_resubscribed_by_the_sdk(streaming: PaperExchange) -> None:
    kite = logged_in(streaming)
    ws, heard = ticker(streaming, kite, reconnect=True)
    assert heard.connected.wait(10)
    call(ws.subscribe, [INFY])
    wait_until(lambda: streaming.ticker.subscribed_tokens() == {INFY})
    assert streaming.ticker.abort_all() == 1
    wait_until(lambda: bool(heard.closes), timeout=10)
    wait_until(lambda: streaming.ticker.subscribed_tokens() == {INFY}, timeout=20)  # the SDK's own resubscribe
    close(ws, heard)


def test_a_stall_sends_nothing_until_it_ends(streaming: PaperExchange, streaming_kite: KiteConnect) -> None:
    ws, heard = ticker(streaming, streaming_kite)
    assert heard.connected.wait(10)
    call(ws.subscribe, [INFY])
    wait_until(lambda: INFY in heard.tokens())
    streaming.ticker.stall(30)
    with heard.lock:
        heard.ticks.clear()
    set_price(streaming, "INFY", 1601.5)
    for _ in range(4):
        streaming.ticker.beat()
    assert not heard.tokens()
    streaming.ticker.stall(0)
    wait_until(lambda: INFY in heard.tokens() and heard.last(INFY)["last_price"] == 1601.5)
    close(ws, heard)


def test_delayed_frames_still_arrive_in_order(streaming: PaperExchange, streaming_kite: KiteConnect) -> None:
    ws, heard = ticker(streaming, streaming_kite)
    assert heard.connected.wait(10)
    streaming.ticker.delay(0.2)
    call(ws.subscribe, [INFY])
    set_price(streaming, "INFY", 1602.0)
    wait_until(lambda: INFY in heard.tokens() and heard.last(INFY)["last_price"] == 1602.0)
    streaming.ticker.delay(0)
    close(ws, heard)


def test_order_updates_arrive_for_place_modify_partial_fill_fill_and_cancel(
    streaming: PaperExchange, streaming_kite: KiteConnect
) -> None:
    ws, heard = ticker(streaming, streaming_kite)
    assert heard.connected.wait(10)
    set_price(streaming, "INFY", 1500)
    kite = streaming_kite
    order = {"variety": "regular", "exchange": "NSE", "tradingsymbol": "INFY", "transaction_type": "BUY",
             "product": "CNC", "order_type": "LIMIT"}  # fmt: skip

    def statuses(order_id: str) -> list[str]:
        return [update["status"] for update in list(heard.orders) if update["order_id"] == order_id]

    resting = kite.place_order(quantity=1, price=1400, **order)
    wait_until(lambda: statuses(resting) == ["OPEN"])
    kite.modify_order(variety="regular", order_id=resting, price=1401)
    wait_until(lambda: statuses(resting) == ["OPEN", "UPDATE"])
    kite.cancel_order(variety="regular", order_id=resting)
    wait_until(lambda: statuses(resting)[-1:] == ["CANCELLED"])
    filled = kite.place_order(quantity=1, price=1500, **order)
    wait_until(lambda: statuses(filled)[-1:] == ["COMPLETE"])
    big = kite.place_order(quantity=600, price=1500, **order)  # more than the book holds at 1500 (400 at most)
    wait_until(lambda: "UPDATE" in statuses(big))
    partial = next(update for update in heard.orders if update["order_id"] == big and update["status"] == "UPDATE")
    assert 0 < partial["filled_quantity"] < 600
    assert partial["unfilled_quantity"] == 600 - partial["filled_quantity"]
    assert len(partial["checksum"]) == 64
    assert partial["user_id"] == "PA0001"
    kite.cancel_order(variety="regular", order_id=big)
    wait_until(lambda: statuses(big)[-1:] == ["CANCELLED"])
    close(ws, heard)


def test_socket_faults_through_the_admin_api(streaming: PaperExchange, streaming_kite: KiteConnect) -> None:
    ws, heard = ticker(streaming, streaming_kite, reconnect=True)
    assert heard.connected.wait(10)
    call(ws.subscribe, [INFY])
    wait_until(lambda: INFY in heard.tokens())
    admin(streaming, "faults", {"kind": "ws_stall", "latency_ms": 30_000})
    assert streaming.ticker.stalled
    admin(streaming, "faults", {"kind": "ws_stall", "latency_ms": 0})
    assert not streaming.ticker.stalled
    admin(streaming, "faults", {"kind": "ws_close"})
    wait_until(lambda: bool(heard.closes), timeout=10)
    wait_until(lambda: streaming.ticker.subscribed_tokens() == {INFY}, timeout=20)
    close(ws, heard)


def test_a_ticker_fault_kind_with_an_impossible_value_is_refused(streaming: PaperExchange) -> None:
    reply = requests.post(f"{streaming.root_url}/_paper/faults", json={"kind": "ws_delay", "latency_ms": -5}, timeout=5)
    assert reply.status_code == 400
    assert reply.json()["error_type"] == "InputException"
