"""The simulated market: quotes, the instruments dump, trigger ranges and the background ticker."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from kiteconnect import KiteConnect

from kiteticket.domain.prices import is_on_tick
from kiteticket.paper.exchange import PaperExchange
from tests.paper.conftest import config
from tests.paper.helpers import last, logged_in, set_price, wait_until


def test_instruments_dump_parses_with_the_sdk(kite: KiteConnect) -> None:
    everything = kite.instruments()
    nse = kite.instruments("NSE")
    assert len(everything) > len(nse) > 10
    assert {row["exchange"] for row in nse} == {"NSE"}
    infy = next(row for row in nse if row["tradingsymbol"] == "INFY")
    assert infy["instrument_token"] == 408065
    assert infy["tick_size"] == 0.05
    assert any(row["segment"] == "NFO-OPT" for row in everything)


def test_ltp_ohlc_and_quote_agree_and_leave_out_unknown_instruments(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700.5)
    keys = ("NSE:INFY", "NSE:UNKNOWN")
    assert kite.ltp(*keys) == {"NSE:INFY": {"instrument_token": 408065, "last_price": 1700.5}}
    assert kite.ohlc(*keys)["NSE:INFY"]["ohlc"]["high"] >= 1700.5
    quote = kite.quote(*keys)["NSE:INFY"]
    assert set(quote) >= {"depth", "lower_circuit_limit", "upper_circuit_limit", "volume"}
    assert len(quote["depth"]["buy"]) == len(quote["depth"]["sell"]) == 5
    assert quote["depth"]["sell"][0]["price"] == 1700.5
    assert quote["lower_circuit_limit"] < 1700.5 < quote["upper_circuit_limit"]


def test_prices_stay_on_the_tick_grid(exchange: PaperExchange) -> None:
    exchange.core.tick()
    market = exchange.core.market
    state = market.state(exchange.core.master.get("NSE", "INFY"))  # type: ignore[arg-type]
    for _ in range(200):
        market.step()
        assert is_on_tick(state.last_price, Decimal("0.05"))
        assert state.lower <= state.ticks <= state.upper


def test_seeded_walks_repeat() -> None:
    def walk() -> list[float]:
        with PaperExchange(config(seed=42)) as running:
            market = running.core.market
            state = market.state(running.core.master.get("NSE", "SBIN"))  # type: ignore[arg-type]
            prices = []
            for _ in range(50):
                market.step()
                prices.append(float(state.last_price))
            return prices

    assert walk() == walk()


def test_trigger_range_brackets_the_last_price(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1000)
    buy = kite.trigger_range("BUY", "NSE:INFY")["NSE:INFY"]
    sell = kite.trigger_range("SELL", "NSE:INFY")["NSE:INFY"]
    assert buy["lower"] == pytest.approx(901)
    assert buy["upper"] < 1000
    assert sell["lower"] > 1000
    assert sell["upper"] == pytest.approx(1099)


@pytest.fixture
def ticking() -> Iterator[PaperExchange]:
    with PaperExchange(config(tick_seconds=0.05)) as running:
        yield running


def test_the_ticker_fills_a_resting_order_within_a_second(ticking: PaperExchange) -> None:
    kite = logged_in(ticking)
    price = kite.ltp("NSE:SBIN")["NSE:SBIN"]["last_price"]
    order_id = kite.place_order(
        variety="regular",
        exchange="NSE",
        tradingsymbol="SBIN",
        transaction_type="BUY",
        quantity=1,
        product="MIS",
        order_type="LIMIT",
        price=price,
    )
    wait_until(lambda: last(kite, order_id)["status"] in ("COMPLETE", "OPEN"))
    moved: list[float] = []
    wait_until(lambda: moved.append(kite.ltp("NSE:SBIN")["NSE:SBIN"]["last_price"]) is None and moved[-1] != price)
    kite.reqsession.close()


def test_instruments_csv_has_kites_columns(exchange: PaperExchange, kite: KiteConnect) -> None:
    from tests.paper.helpers import raw
    from tests.paper.schema import columns

    response = raw(kite, "GET", "/instruments/NFO")
    assert "csv" in response.headers["Content-Type"]
    assert response.text.splitlines()[0] == ",".join(columns("instruments_all.csv"))
