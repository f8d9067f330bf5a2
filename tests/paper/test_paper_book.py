"""The simulated book, as a trader sees it through the SDK: a best bid below the best ask by a spread that varies
(wider for thin instruments), depth that moves with the market, marketable orders filling at the touch and resting
ones when the touch comes to them."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kiteconnect import KiteConnect

from kiteticket.paper.exchange import PaperExchange
from tests.paper.conftest import config
from tests.paper.helpers import admin, last, logged_in, wait_until

# Every kind of tradable instrument the bundled master holds: large caps on both exchanges, index and stock
# futures, index options, currency and commodity futures.
KINDS = (
    ("NSE", lambda row: row["tradingsymbol"] == "INFY"),
    ("BSE", lambda row: row["tradingsymbol"] == "RELIANCE"),
    ("NFO", lambda row: row["name"] == "NIFTY" and row["instrument_type"] == "FUT"),
    ("NFO", lambda row: row["name"] == "SBIN" and row["instrument_type"] == "FUT"),
    ("NFO", lambda row: row["name"] == "BANKNIFTY" and row["instrument_type"] == "PE"),
    ("NFO", lambda row: row["name"] == "NIFTY" and row["instrument_type"] == "CE"),
    ("CDS", lambda row: row["name"] == "USDINR"),
    ("MCX", lambda row: row["name"] == "GOLD"),
)


def _key(kite: KiteConnect, kind: int, nth: int = 0) -> tuple[str, float]:
    """The quote key of the nth instrument of a kind, and its tick size."""
    exchange, wanted = KINDS[kind]
    rows = [row for row in kite.instruments(exchange) if wanted(row)]
    row = rows[nth % len(rows)]
    return f"{exchange}:{row['tradingsymbol']}", float(row["tick_size"])


def _touch(quote: dict[str, Any]) -> tuple[float, float]:
    return quote["depth"]["buy"][0]["price"], quote["depth"]["sell"][0]["price"]


def _quote(kite: KiteConnect, key: str) -> dict[str, Any]:
    return dict(kite.quote(key)[key])


def _ticks(price: float, tick: float) -> int:
    return round(Decimal(str(price)) / Decimal(str(tick)))


@pytest.fixture
def market() -> Iterator[tuple[PaperExchange, KiteConnect]]:
    """A paper exchange whose market moves only when a test beats it (``core.tick()``), seed 7."""
    with PaperExchange(config()) as running:
        kite = logged_in(running)
        yield running, kite
        kite.reqsession.close()


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**31), kind=st.integers(0, len(KINDS) - 1), nth=st.integers(0, 40))
def test_the_best_bid_is_below_the_best_ask_on_every_beat(seed: int, kind: int, nth: int) -> None:
    with PaperExchange(config(seed=seed)) as exchange:
        kite = logged_in(exchange)
        key, tick = _key(kite, kind, nth)
        for _ in range(25):
            quote = _quote(kite, key)
            bid, ask = _touch(quote)
            assert 0 < bid < ask, quote["depth"]
            assert bid <= quote["last_price"] <= ask
            buys, sells = quote["depth"]["buy"], quote["depth"]["sell"]
            assert [level["price"] for level in buys] == sorted((level["price"] for level in buys), reverse=True)
            assert [level["price"] for level in sells] == sorted(level["price"] for level in sells)
            assert all(level["quantity"] > 0 and level["orders"] > 0 for level in buys + sells)
            assert _ticks(ask, tick) - _ticks(bid, tick) >= 1
            exchange.core.tick()
        kite.reqsession.close()


def _spreads(exchange: PaperExchange, kite: KiteConnect, key: str, tick: float, beats: int = 80) -> list[int]:
    spreads = []
    for _ in range(beats):
        bid, ask = _touch(_quote(kite, key))
        spreads.append(_ticks(ask, tick) - _ticks(bid, tick))
        exchange.core.tick()
    return spreads


def test_the_spread_varies_a_tick_or_two_for_a_large_cap_and_wider_for_an_option(
    market: tuple[PaperExchange, KiteConnect],
) -> None:
    exchange, kite = market
    infy, infy_tick = _key(kite, 0)
    large_cap = _spreads(exchange, kite, infy, infy_tick)
    assert set(large_cap) == {1, 2}
    future, future_tick = _key(kite, 2)
    assert set(_spreads(exchange, kite, future, future_tick)) == {1, 2}
    option, option_tick = _key(kite, 5, nth=10)
    thin = _spreads(exchange, kite, option, option_tick)
    assert len(set(thin)) > 2
    assert max(thin) > max(large_cap)
    assert sum(thin) / len(thin) > sum(large_cap) / len(large_cap)


def test_the_depth_moves_as_the_market_walks(market: tuple[PaperExchange, KiteConnect]) -> None:
    exchange, kite = market
    books = []
    for _ in range(10):
        depth = _quote(kite, "NSE:INFY")["depth"]
        books.append(tuple((level["quantity"], level["orders"]) for level in depth["buy"] + depth["sell"]))
        exchange.core.tick()
    assert len(set(books)) == len(books)  # quantities and order counts redrawn on every beat


def test_a_seed_replays_the_same_books() -> None:
    def books(seed: int) -> list[Any]:
        with PaperExchange(config(seed=seed)) as exchange:
            kite = logged_in(exchange)
            seen = []
            for _ in range(15):
                quote = _quote(kite, "NSE:SBIN")
                seen.append((quote["last_price"], quote["volume"], quote["depth"]))
                exchange.core.tick()
            kite.reqsession.close()
            return seen

    assert books(42) == books(42)
    assert books(42) != books(43)


def _market_order(kite: KiteConnect, side: str, quantity: int = 1, symbol: str = "INFY") -> str:
    return str(
        kite.place_order(
            variety="regular", exchange="NSE", tradingsymbol=symbol, transaction_type=side, quantity=quantity,
            product="MIS", order_type="MARKET", market_protection=-1,
        )
    )  # fmt: skip


def _limit_order(kite: KiteConnect, side: str, price: float, quantity: int = 1) -> str:
    return str(
        kite.place_order(
            variety="regular", exchange="NSE", tradingsymbol="INFY", transaction_type=side, quantity=quantity,
            product="MIS", order_type="LIMIT", price=price,
        )
    )  # fmt: skip


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 2**31),
    orders=st.lists(st.tuples(st.sampled_from(["BUY", "SELL"]), st.integers(1, 1500), st.booleans()), max_size=6),
)
def test_marketable_orders_taking_the_book_leave_it_uncrossed(seed: int, orders: list[tuple[str, int, bool]]) -> None:
    with PaperExchange(config(seed=seed)) as exchange:
        kite = logged_in(exchange)
        for side, quantity, beat in orders:
            _market_order(kite, side, quantity, symbol="SBIN")
            quote = _quote(kite, "NSE:SBIN")
            bids = [level["price"] for level in quote["depth"]["buy"] if level["quantity"]]
            asks = [level["price"] for level in quote["depth"]["sell"] if level["quantity"]]
            if bids and asks:
                assert bids[0] < asks[0]
            assert bids[:1] == [] or bids[0] <= quote["last_price"]
            assert asks[:1] == [] or quote["last_price"] <= asks[0]
            if beat:
                exchange.core.tick()
        kite.reqsession.close()


def test_a_market_buy_fills_at_the_best_ask_and_a_sell_at_the_best_bid(
    market: tuple[PaperExchange, KiteConnect],
) -> None:
    exchange, kite = market
    bid, ask = _touch(_quote(kite, "NSE:INFY"))
    assert bid < ask
    bought = last(kite, _market_order(kite, "BUY"))
    assert (bought["status"], bought["average_price"]) == ("COMPLETE", ask)
    assert kite.ltp("NSE:INFY")["NSE:INFY"]["last_price"] == ask  # the trade is the last traded price
    exchange.core.tick()
    bid, ask = _touch(_quote(kite, "NSE:INFY"))
    sold = last(kite, _market_order(kite, "SELL"))
    assert (sold["status"], sold["average_price"]) == ("COMPLETE", bid)


def test_a_limit_through_the_touch_fills_at_the_touch_not_at_its_limit(
    market: tuple[PaperExchange, KiteConnect],
) -> None:
    exchange, kite = market
    bid, ask = _touch(_quote(kite, "NSE:INFY"))
    assert last(kite, _limit_order(kite, "BUY", round(ask + 1, 2)))["average_price"] == ask
    exchange.core.tick()
    bid, ask = _touch(_quote(kite, "NSE:INFY"))
    assert last(kite, _limit_order(kite, "SELL", round(bid - 1, 2)))["average_price"] == bid


def test_a_buy_larger_than_the_best_offer_walks_up_the_levels(market: tuple[PaperExchange, KiteConnect]) -> None:
    _exchange, kite = market
    offers = _quote(kite, "NSE:INFY")["depth"]["sell"]
    order_id = _market_order(kite, "BUY", offers[0]["quantity"] + 1)
    trades = kite.order_trades(order_id)
    assert [(t["average_price"], t["quantity"]) for t in trades] == [
        (offers[0]["price"], offers[0]["quantity"]),
        (offers[1]["price"], 1),
    ]
    depth = _quote(kite, "NSE:INFY")["depth"]["sell"]
    assert depth[0] == {**offers[1], "quantity": offers[1]["quantity"] - 1}  # what is left of the next level


def test_a_buy_larger_than_the_five_levels_shown_goes_deeper(market: tuple[PaperExchange, KiteConnect]) -> None:
    _exchange, kite = market
    shown = _quote(kite, "NSE:INFY")["depth"]["sell"]
    order_id = _market_order(kite, "BUY", sum(level["quantity"] for level in shown) + 1)
    trades = kite.order_trades(order_id)
    assert [t["average_price"] for t in trades[:5]] == [level["price"] for level in shown]
    assert len(trades) == 6
    assert trades[5]["average_price"] > shown[4]["price"]
    assert last(kite, order_id)["status"] == "COMPLETE"


def test_a_limit_at_the_bid_rests_until_the_touch_comes_to_it_and_trades_at_its_own_price(
    market: tuple[PaperExchange, KiteConnect],
) -> None:
    exchange, kite = market
    bid, _ask = _touch(_quote(kite, "NSE:INFY"))
    order_id = _limit_order(kite, "BUY", bid)
    assert last(kite, order_id)["status"] == "OPEN"
    for _ in range(500):
        if last(kite, order_id)["status"] == "COMPLETE":
            break
        exchange.core.tick()
    done = last(kite, order_id)
    assert (done["status"], done["average_price"]) == ("COMPLETE", bid)


def test_a_pinned_touch_gives_deterministic_fills_at_the_bid_and_ask(
    market: tuple[PaperExchange, KiteConnect],
) -> None:
    exchange, kite = market
    body = {"exchange": "NSE", "tradingsymbol": "INFY", "last_price": 1700, "bid": 1699.95, "ask": 1700.1}
    admin(exchange, "price", body)
    for _ in range(5):
        exchange.core.tick()  # pinned: the walk leaves it where the test put it
    quote = _quote(kite, "NSE:INFY")
    assert (_touch(quote), quote["last_price"]) == ((1699.95, 1700.1), 1700)
    assert last(kite, _market_order(kite, "BUY"))["average_price"] == 1700.1
    assert last(kite, _market_order(kite, "SELL"))["average_price"] == 1699.95
    assert kite.ltp("NSE:INFY")["NSE:INFY"]["last_price"] == 1700  # a pinned price stays where it was put


def test_a_pinned_price_alone_locks_the_book_at_it(market: tuple[PaperExchange, KiteConnect]) -> None:
    exchange, kite = market
    admin(exchange, "price", {"exchange": "NSE", "tradingsymbol": "INFY", "last_price": 1700})
    assert _touch(_quote(kite, "NSE:INFY")) == (1700, 1700)
    assert last(kite, _market_order(kite, "BUY"))["average_price"] == 1700
    assert last(kite, _market_order(kite, "SELL"))["average_price"] == 1700


@pytest.mark.parametrize(
    "body",
    [
        {"last_price": 1700, "bid": 1700.5, "ask": 1701},  # the bid above the last price
        {"last_price": 1700, "bid": 1699},  # a bid without an ask
        {"last_price": 1700, "bid": 1699, "ask": "1701x"},
    ],
)
def test_a_touch_that_cannot_be_is_refused(market: tuple[PaperExchange, KiteConnect], body: dict[str, Any]) -> None:
    import requests

    exchange, kite = market
    before = _quote(kite, "NSE:INFY")
    response = requests.post(
        f"{exchange.root_url}/_paper/price", json={"exchange": "NSE", "tradingsymbol": "INFY", **body}, timeout=5
    )
    assert (response.status_code, response.json()["error_type"]) == (400, "InputException")
    assert _quote(kite, "NSE:INFY")["depth"] == before["depth"]


def test_an_index_has_a_value_but_no_book(market: tuple[PaperExchange, KiteConnect]) -> None:
    _exchange, kite = market
    quote = _quote(kite, "NSE:NIFTY 50")
    assert quote["last_price"] > 0
    assert {level["quantity"] for level in quote["depth"]["buy"] + quote["depth"]["sell"]} == {0}


def test_thin_instruments_get_wider_spreads_than_liquid_ones() -> None:
    """The profiles themselves, for kinds a full Kite dump has and the bundled sample lacks (stock options)."""
    from kiteticket.domain.enums import Exchange
    from kiteticket.domain.instruments import Instrument
    from kiteticket.paper.liquidity import liquidity

    def instrument(name: str, kind: str, exchange: Exchange, segment: str) -> Instrument:
        return Instrument(1, 1, f"{name}X", name, 100.0, None, 0.0, 0.05, 1, kind, segment, exchange)

    large_cap = liquidity(instrument("INFY", "EQ", Exchange.NSE, "NSE"))
    index_future = liquidity(instrument("NIFTY", "FUT", Exchange.NFO, "NFO-FUT"))
    index_option = liquidity(instrument("NIFTY", "CE", Exchange.NFO, "NFO-OPT"))
    stock_option = liquidity(instrument("INFY", "PE", Exchange.NFO, "NFO-OPT"))
    assert large_cap is not None
    assert index_future is not None
    assert index_option is not None
    assert stock_option is not None
    assert set(large_cap.spreads) == set(index_future.spreads) == {1, 2}
    assert max(index_option.spreads) > 2
    assert min(stock_option.spreads) > 1
    assert max(stock_option.spreads) > max(index_option.spreads)
    assert (
        liquidity(Instrument(2, 2, "NIFTY 50", "NIFTY 50", 100.0, None, 0.0, 0.0, 0, "EQ", "INDICES", Exchange.NSE))
        is None
    )


def test_ticks_carry_the_same_moving_book_as_quotes(streaming: PaperExchange, streaming_kite: KiteConnect) -> None:
    from tests.paper.ticker_client import call, close, ticker

    infy = 408065
    ws, heard = ticker(streaming, streaming_kite)
    assert heard.connected.wait(10)
    call(ws.subscribe, [infy])
    call(ws.set_mode, ws.MODE_FULL, [infy])

    def touches() -> set[tuple[float, float]]:
        with heard.lock:
            full = [tick for tick in heard.ticks if tick["mode"] == "full"]
        for tick in full:
            assert tick["depth"]["buy"][0]["price"] <= tick["last_price"] <= tick["depth"]["sell"][0]["price"]
        return {(tick["depth"]["buy"][0]["price"], tick["depth"]["sell"][0]["price"]) for tick in full}

    wait_until(lambda: len({round(ask - bid, 2) for bid, ask in touches()}) > 1, timeout=20)  # the spread varies
    assert all(bid < ask for bid, ask in touches())
    body = {"exchange": "NSE", "tradingsymbol": "INFY", "last_price": 1712.35, "bid": 1712.3, "ask": 1712.45}
    admin(streaming, "price", body)
    wait_until(lambda: heard.last(infy)["depth"]["sell"][0]["price"] == 1712.45)
    quote = streaming_kite.quote(["NSE:INFY"])["NSE:INFY"]
    tick = heard.last(infy)
    assert tick["depth"] == quote["depth"]
    assert (tick["last_price"], tick["total_buy_quantity"], tick["total_sell_quantity"]) == (
        quote["last_price"], quote["buy_quantity"], quote["sell_quantity"],
    )  # fmt: skip
    close(ws, heard)


def test_a_restart_shows_the_book_it_left(tmp_path: Path) -> None:
    db = str(tmp_path / "paper.sqlite")

    def quote_after(beats: int) -> dict[str, Any]:
        with PaperExchange(config(db_path=db)) as exchange:
            kite = logged_in(exchange)
            for _ in range(beats):
                _quote(kite, "NSE:SBIN")
                exchange.core.tick()
            quote = _quote(kite, "NSE:SBIN")
            kite.reqsession.close()
            return quote

    left = quote_after(5)
    found = quote_after(0)
    assert (found["last_price"], found["depth"], found["volume"]) == (left["last_price"], left["depth"], left["volume"])
