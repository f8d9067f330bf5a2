"""The paper exchange's spread benefit on /margins/basket, through the SDK: hedged derivative legs block less
together ("final") than alone ("initial"); unhedged baskets and equity get none."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kiteconnect import KiteConnect

from kiteticket.domain.enums import Exchange
from kiteticket.domain.instruments import Instrument, InstrumentMaster
from kiteticket.domain.market_clock import IST
from kiteticket.paper.sample_derivatives import sample_master_csv


def nifty(kind: str, nth_expiry: int = 0, strike_offset: int = 0) -> Instrument:
    """A NIFTY contract of the sample master: futures by expiry, options near the future's price."""
    master = InstrumentMaster.from_csv(sample_master_csv(datetime.now(IST).date()))
    futures = sorted(
        (i for i in master if i.exchange is Exchange.NFO and i.name == "NIFTY" and i.instrument_type == "FUT"),
        key=lambda i: i.expiry or datetime.max.date(),
    )
    if kind == "FUT":
        return futures[nth_expiry]
    chain = sorted(
        (i for i in master if i.name == "NIFTY" and i.expiry == futures[0].expiry and i.instrument_type == kind),
        key=lambda i: i.strike,
    )
    at_the_money = min(range(len(chain)), key=lambda n: abs(chain[n].strike - futures[0].last_price))
    return chain[at_the_money + strike_offset]


def leg(instrument: Instrument, side: str, price: float = 0) -> dict[str, Any]:
    return {
        "exchange": instrument.exchange.value, "tradingsymbol": instrument.tradingsymbol, "transaction_type": side,
        "variety": "regular", "product": "NRML", "order_type": "LIMIT" if price else "MARKET",
        "quantity": instrument.lot_size, "price": price,
    }  # fmt: skip


def test_a_calendar_spread_of_futures_nets_out(kite: KiteConnect) -> None:
    basket = kite.basket_order_margins([leg(nifty("FUT", 0), "BUY"), leg(nifty("FUT", 1), "SELL")])

    assert basket["initial"]["total"] > 0
    assert basket["final"]["total"] < basket["initial"]["total"] / 10  # only the prices' difference is left


def test_a_written_call_covered_by_a_bought_call_needs_far_less(kite: KiteConnect) -> None:
    bought, written = nifty("CE", strike_offset=0), nifty("CE", strike_offset=2)
    basket = kite.basket_order_margins([leg(bought, "BUY", 100.0), leg(written, "SELL", 50.0)])

    initial, final = basket["initial"], basket["final"]
    assert final["option_premium"] == initial["option_premium"] > 0  # the bought call's premium is paid in full
    assert 0 < final["span"] < initial["span"] / 10
    assert final["total"] < initial["total"]


def test_one_sided_and_equity_baskets_get_no_benefit(kite: KiteConnect) -> None:
    two_longs = [leg(nifty("FUT", 0), "BUY"), leg(nifty("FUT", 1), "BUY")]
    equity = [{**leg(nifty("FUT"), "BUY", 1500.0), "exchange": "NSE", "tradingsymbol": "INFY", "product": "MIS"}] * 2

    for orders in (two_longs, equity):
        basket = kite.basket_order_margins(orders)
        assert basket["final"]["total"] == basket["initial"]["total"] > 0
