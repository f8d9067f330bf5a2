"""The paper exchange's sample instruments: bundled equities and indices, and derivatives generated per day."""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiteticket.domain.enums import Exchange
from kiteticket.domain.instruments import Instrument, InstrumentMaster
from kiteticket.paper.sample_derivatives import (
    DEFAULT_UNDERLYINGS,
    black_scholes,
    bundled_csv,
    derivative_rows,
    sample_master_csv,
)
from kiteticket.paper.sample_expiries import cds_monthly, mcx_monthly, next_expiries, nse_monthly

TODAY = date(2026, 12, 1)
DAYS = st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31))
SYMBOL = re.compile(r"^(?P<root>[A-Z]+)(?P<year>\d\d)(?P<month>[A-Z]{3})(?:(?P<strike>\d+(\.\d+)?)(CE|PE)|FUT)$")
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def sample(today: date) -> InstrumentMaster:
    return InstrumentMaster.from_csv(sample_master_csv(today))


def derivatives(master: InstrumentMaster) -> list[Instrument]:
    return [instrument for instrument in master if instrument.expiry is not None]


def chain(master: InstrumentMaster, root: str, expiry: date) -> list[Instrument]:
    options = [i for i in derivatives(master) if i.is_option and i.underlying == root and i.expiry == expiry]
    return sorted(options, key=lambda i: (i.strike, i.instrument_type))


@pytest.fixture(scope="module")
def master() -> InstrumentMaster:
    return sample(TODAY)


# --- the bundled CSV ----------------------------------------------------------------------------------------------


def test_bundled_csv_has_large_caps_on_both_exchanges_and_the_three_indices() -> None:
    bundled = InstrumentMaster.from_csv(bundled_csv())
    nse = {i.tradingsymbol for i in bundled if i.exchange is Exchange.NSE and i.is_tradable}
    bse = {i.tradingsymbol for i in bundled if i.exchange is Exchange.BSE and i.is_tradable}
    assert len(nse) >= 40
    assert nse == bse
    assert {"RELIANCE", "TCS", "INFY", "HDFCBANK", "ICICIBANK", "SBIN", "ITC", "LT"} <= nse
    indices = {i.key for i in bundled if not i.is_tradable}
    assert indices == {"NSE:NIFTY 50", "NSE:NIFTY BANK", "BSE:SENSEX"}
    assert all(i.expiry is None for i in bundled)  # dated contracts are generated, never bundled


def test_bundled_equities_have_kites_tokens_lots_and_ticks() -> None:
    bundled = InstrumentMaster.from_csv(bundled_csv())
    reliance = bundled.get(Exchange.NSE, "RELIANCE")
    assert reliance is not None
    assert (reliance.instrument_token, reliance.exchange_token) == (738561, 2885)
    for instrument in bundled:
        segment_id = {"NSE": 1, "BSE": 4, "INDICES": 9}[instrument.segment]
        assert instrument.instrument_token in (instrument.exchange_token * 256 + segment_id, 265)
        if instrument.is_tradable:
            assert instrument.lot_size == 1
            assert instrument.tick_size == (0.01 if instrument.last_price < 250 else 0.05)
            assert on_tick(instrument.last_price, instrument.tick_size)
        else:
            assert (instrument.segment, instrument.tick_size, instrument.lot_size) == ("INDICES", 0.0, 0)


def on_tick(price: float, tick: float) -> bool:
    return abs(price / tick - round(price / tick)) < 1e-6


# --- expiry rules -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "month", "expiry"),
    [(2026, 12, date(2026, 12, 29)), (2027, 1, date(2027, 1, 26)), (2026, 6, date(2026, 6, 30))],
)
def test_nse_monthly_expiry_is_the_last_tuesday(year: int, month: int, expiry: date) -> None:
    assert nse_monthly(year, month) == expiry


def test_cds_expiry_is_two_working_days_before_the_last_one() -> None:
    assert cds_monthly(2026, 12) == date(2026, 12, 29)  # last working day Thu 31st
    assert cds_monthly(2027, 1) == date(2027, 1, 27)  # last working day Fri 29th


def test_mcx_expiry_moves_back_off_a_weekend_and_skips_months_without_contracts() -> None:
    gold = mcx_monthly(5, (2, 4, 6, 8, 10, 12))
    assert gold(2026, 12) == date(2026, 12, 4)  # the 5th is a Saturday
    assert gold(2026, 11) is None


@settings(max_examples=200, deadline=None)
@given(DAYS)
def test_next_expiries_are_after_today_ascending_and_as_many_as_asked(today: date) -> None:
    for underlying in DEFAULT_UNDERLYINGS:
        expiries = next_expiries(underlying.expiry, today, 3)
        assert len(expiries) == 3
        assert today < expiries[0] < expiries[1] < expiries[2]
        assert all(expiry.weekday() < 5 for expiry in expiries)


# --- generated derivatives ----------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(DAYS)
def test_no_generated_contract_has_expired_on_any_day(today: date) -> None:
    master = sample(today)
    contracts = derivatives(master)
    assert contracts
    assert all(i.expiry is not None and i.expiry > today for i in contracts)
    assert all(i.expiry is not None and i.expiry - today < timedelta(days=250) for i in contracts)
    assert len({i.instrument_token for i in master}) == len(master)  # tokens unique over the whole master


@settings(max_examples=60, deadline=None)
@given(DAYS)
def test_nifty_and_banknifty_have_three_futures_and_two_option_chains(today: date) -> None:
    master = sample(today)
    for root in ("NIFTY", "BANKNIFTY"):
        futures = [i for i in derivatives(master) if i.is_future and i.underlying == root]
        option_expiries = {i.expiry for i in derivatives(master) if i.is_option and i.underlying == root}
        assert sorted(i.expiry for i in futures if i.expiry) == next_expiries(nse_monthly, today, 3)
        assert option_expiries == set(next_expiries(nse_monthly, today, 2))
        assert all(i.expiry is not None and i.expiry.weekday() == 1 for i in futures)


def test_tradingsymbols_follow_kites_monthly_format(master: InstrumentMaster) -> None:
    for instrument in derivatives(master):
        match = SYMBOL.match(instrument.tradingsymbol)
        assert match, instrument.tradingsymbol
        assert instrument.expiry is not None
        assert int(match["year"]) == instrument.expiry.year % 100
        assert match["month"] == MONTHS[instrument.expiry.month - 1]
        assert match["root"] == instrument.name == instrument.underlying
    assert master.get(Exchange.NFO, "NIFTY26DEC26200CE") is not None
    assert master.get(Exchange.NFO, "BANKNIFTY26DEC59400PE") is not None
    assert master.get(Exchange.CDS, "USDINR26DECFUT") is not None
    for symbol in ("CRUDEOIL26DECFUT", "GOLD26DECFUT", "SILVER26DECFUT", "NATURALGAS26DECFUT"):
        assert master.get(Exchange.MCX, symbol) is not None


@pytest.mark.parametrize(
    ("exchange", "symbol", "size"),
    [
        (Exchange.NFO, "NIFTY26DECFUT", (65, 0.05, "NFO-FUT")),
        (Exchange.NFO, "NIFTY26DEC26200CE", (65, 0.05, "NFO-OPT")),
        (Exchange.NFO, "BANKNIFTY26DEC59400PE", (30, 0.05, "NFO-OPT")),
        (Exchange.NFO, "RELIANCE26DECFUT", (500, 0.05, "NFO-FUT")),
        (Exchange.CDS, "USDINR26DECFUT", (1, 0.0025, "CDS-FUT")),
        (Exchange.MCX, "CRUDEOIL26DECFUT", (1, 1.0, "MCX-FUT")),
        (Exchange.MCX, "NATURALGAS26DECFUT", (1, 0.1, "MCX-FUT")),
    ],
)
def test_contract_sizes(master: InstrumentMaster, exchange: Exchange, symbol: str, size: tuple[object, ...]) -> None:
    instrument = master.get(exchange, symbol)
    assert instrument is not None
    assert instrument.is_tradable
    assert (instrument.lot_size, instrument.tick_size, instrument.segment) == size
    assert on_tick(instrument.last_price, instrument.tick_size)


@pytest.mark.parametrize(("root", "spot", "step"), [("NIFTY", 26184.35, 50), ("BANKNIFTY", 59362.70, 100)])
def test_option_chain_is_symmetric_around_the_reference_price(master: InstrumentMaster, root: str, spot: float,
                                                              step: int) -> None:  # fmt: skip
    options = chain(master, root, date(2026, 12, 29))
    strikes = sorted({i.strike for i in options})
    atm = round(spot / step) * step
    assert len(strikes) == 41
    assert strikes[20] == atm
    assert all(b - a == step for a, b in itertools.pairwise(strikes))
    assert [i.instrument_type for i in options[:2]] == ["CE", "PE"]
    assert len(options) == 82


def test_option_premiums_are_realistic(master: InstrumentMaster) -> None:
    options = chain(master, "NIFTY", date(2026, 12, 29))
    calls = [i.last_price for i in options if i.instrument_type == "CE"]
    puts = [i.last_price for i in options if i.instrument_type == "PE"]
    assert calls == sorted(calls, reverse=True)
    assert puts == sorted(puts)
    assert all(price >= 0.05 and on_tick(price, 0.05) for price in calls + puts)
    atm_call = master.get(Exchange.NFO, "NIFTY26DEC26200CE")
    assert atm_call is not None
    assert 300 < atm_call.last_price < 900


def test_put_call_parity_holds_in_the_pricing() -> None:
    years, spot, strike = 28 / 365, 26184.35, 26200.0
    call, put = black_scholes("CE", spot, strike, years, 0.13), black_scholes("PE", spot, strike, years, 0.13)
    assert call - put == pytest.approx(spot - strike * math.exp(-0.065 * years), abs=1e-6)


def test_tokens_are_deterministic_and_stable_from_day_to_day() -> None:
    assert sample_master_csv(TODAY) == sample_master_csv(TODAY)
    today, tomorrow = sample(TODAY), sample(TODAY + timedelta(days=1))
    for instrument in derivatives(today):
        later = tomorrow.get(instrument.exchange, instrument.tradingsymbol)
        if later is not None:
            assert later.instrument_token == instrument.instrument_token


def test_tokens_fit_kites_32_bit_tokens_and_carry_the_segment_byte(master: InstrumentMaster) -> None:
    segment_ids = {Exchange.NFO: 2, Exchange.CDS: 3, Exchange.MCX: 7}
    for instrument in derivatives(master):
        assert instrument.instrument_token < 2**32
        assert instrument.instrument_token == instrument.exchange_token * 256 + segment_ids[instrument.exchange]


def test_derivative_rows_use_the_given_reference_price() -> None:
    (nifty,) = [u for u in DEFAULT_UNDERLYINGS if u.name == "NIFTY"]
    rows = derivative_rows([replace(nifty, price=20000.0)], TODAY)
    strikes = sorted({float(row[6]) for row in rows if row[9] == "CE"})
    assert strikes[20] == 20000.0


def test_sample_master_is_readable_by_the_sdk() -> None:
    from kiteconnect import KiteConnect

    text = sample_master_csv(TODAY)
    rows = KiteConnect(api_key="x")._parse_instruments(text.encode())
    assert len(rows) == len(InstrumentMaster.from_csv(text))
    assert all(row["expiry"] > TODAY for row in rows if row["instrument_type"] != "EQ")
