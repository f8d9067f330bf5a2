"""Derivatives for the paper exchange's sample instruments, generated for a given day so they never expire.

A dated contract in the bundled CSV would be dead a month later; instead the futures and option chains below are
rebuilt from the day's date: NIFTY and BANKNIFTY futures and monthly option chains, a few stock futures, USDINR
and MCX futures, all in Kite's CSV format and tradingsymbols (NIFTY26DECFUT, BANKNIFTY26DEC59000PE).
Contract sizes and expiry rules are the exchanges' as of late 2025; see the comments where a figure is not
confirmed. Holidays are ignored: an expiry never moves off a holiday here.

Tick sizes: options 0.05; index and stock futures 0.05 and equities in the bundled CSV 0.01 below ₹250, else 0.05
(NSE since June 2024). The price-banded ticks NSE announced for April 2025 (0.10 above ₹1,000 and so on) are NOT
CONFIRMED as in force and are not used.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from importlib import resources

from kiteticket.domain.enums import Exchange
from kiteticket.domain.instrument_index import month_code
from kiteticket.domain.instruments import format_strike
from kiteticket.paper.sample_expiries import (
    ExpiryRule,
    cds_monthly,
    mcx_monthly,
    next_expiries,
    nse_monthly,
)

Row = tuple[str, ...]

_RATE = 0.065  # Indian risk-free rate for premiums and futures carry (approximate)
# Low byte of an instrument_token, as Kite's ticker reads it (kite-api-facts §8).
_SEGMENT_IDS = {Exchange.NFO: 2, Exchange.CDS: 3, Exchange.BFO: 5, Exchange.MCX: 7}
_KIND_CODES = {"FUT": 0, "CE": 1, "PE": 2}


@dataclass(frozen=True, slots=True)
class Underlying:
    """What to generate for one underlying. `family` (1-63) keeps its tokens apart from every other's."""

    name: str
    exchange: Exchange
    family: int
    price: float  # reference spot price; replaced by the bundled row named by spot_key when there is one
    lot_size: int
    tick_size: float
    expiry: ExpiryRule
    futures: int = 3
    strike_step: float = 0.0  # 0: no options
    option_expiries: int = 0
    strikes_each_side: int = 20
    volatility: float = 0.15
    carry: float = _RATE
    spot_key: str = ""


# NSE lot sizes from the Jan 2026 revision for the indices (65, 30); stock lots are 2025's (NOT CONFIRMED for
# 2026). MCX and CDS orders are placed in lots, so their dump rows carry lot_size 1 (Kite's docs show
# SILVER...FUT with lot 1; NOT CONFIRMED for 2026).
DEFAULT_UNDERLYINGS = (
    Underlying("NIFTY", Exchange.NFO, 1, 26184.35, 65, 0.05, nse_monthly, strike_step=50, option_expiries=2,
               volatility=0.13, spot_key="NSE:NIFTY 50"),
    Underlying("BANKNIFTY", Exchange.NFO, 2, 59362.70, 30, 0.05, nse_monthly, strike_step=100, option_expiries=2,
               volatility=0.15, spot_key="NSE:NIFTY BANK"),
    Underlying("RELIANCE", Exchange.NFO, 3, 1612.40, 500, 0.05, nse_monthly, spot_key="NSE:RELIANCE"),
    Underlying("TCS", Exchange.NFO, 4, 3395.60, 175, 0.05, nse_monthly, spot_key="NSE:TCS"),
    Underlying("INFY", Exchange.NFO, 5, 1688.25, 400, 0.05, nse_monthly, spot_key="NSE:INFY"),
    Underlying("SBIN", Exchange.NFO, 6, 1018.65, 750, 0.05, nse_monthly, spot_key="NSE:SBIN"),
    Underlying("USDINR", Exchange.CDS, 7, 90.4525, 1, 0.0025, cds_monthly, carry=0.025),
    Underlying("CRUDEOIL", Exchange.MCX, 8, 5620.0, 1, 1.0, mcx_monthly(19)),
    Underlying("GOLD", Exchange.MCX, 9, 134850.0, 1, 1.0, mcx_monthly(5, (2, 4, 6, 8, 10, 12))),
    Underlying("SILVER", Exchange.MCX, 10, 168400.0, 1, 1.0, mcx_monthly(5, (3, 5, 7, 9, 12))),
    Underlying("NATURALGAS", Exchange.MCX, 11, 372.40, 1, 0.1, mcx_monthly(26)),
)  # fmt: skip


def derivative_rows(underlyings: Iterable[Underlying], today: date) -> list[Row]:
    """Kite CSV rows (column order of the dump) of every contract trading after `today`."""
    rows: list[Row] = []
    for underlying in underlyings:
        expiries = next_expiries(underlying.expiry, today, max(underlying.futures, underlying.option_expiries))
        rows += [_future(underlying, expiry, today) for expiry in expiries[: underlying.futures]]
        for expiry in expiries[: underlying.option_expiries]:
            rows += _option_chain(underlying, expiry, today)
    return rows


def bundled_csv() -> str:
    """The equities and indices shipped with the package, in Kite's CSV format."""
    return resources.files("kiteticket").joinpath("paper/data/instruments.csv").read_text(encoding="utf-8")


def sample_master_csv(today: date) -> str:
    """The paper exchange's dump for `today`: the bundled CSV plus the day's derivatives."""
    text = bundled_csv()
    spots = _reference_prices(text)
    underlyings = [replace(u, price=spots.get(u.spot_key, u.price)) for u in DEFAULT_UNDERLYINGS]
    out = io.StringIO()
    out.write(text if text.endswith("\n") else text + "\n")
    csv.writer(out, lineterminator="\n").writerows(derivative_rows(underlyings, today))
    return out.getvalue()


def _reference_prices(text: str) -> dict[str, float]:
    return {f"{row['exchange']}:{row['tradingsymbol']}": float(row["last_price"])
            for row in csv.DictReader(io.StringIO(text))}  # fmt: skip


def _future(underlying: Underlying, expiry: date, today: date) -> Row:
    price = underlying.price * math.exp(underlying.carry * _years(today, expiry))
    symbol = f"{_stem(underlying, expiry)}FUT"
    return _row(underlying, symbol, expiry, price=_to_tick(price, underlying.tick_size), strike=0.0, kind="FUT")


def _option_chain(underlying: Underlying, expiry: date, today: date) -> list[Row]:
    """CE and PE at the same number of strikes either side of the at-the-money strike."""
    step = underlying.strike_step
    atm = round(underlying.price / step) * step
    rows = []
    for offset in range(-underlying.strikes_each_side, underlying.strikes_each_side + 1):
        strike = atm + offset * step
        for kind in ("CE", "PE"):
            premium = black_scholes(kind, underlying.price, strike, _years(today, expiry), underlying.volatility)
            symbol = f"{_stem(underlying, expiry)}{format_strike(strike)}{kind}"
            price = max(0.05, _to_tick(premium, 0.05))
            rows.append(_row(underlying, symbol, expiry, price=price, strike=strike, kind=kind))
    return rows


def black_scholes(kind: str, spot: float, strike: float, years: float, volatility: float) -> float:
    """European option value without dividends: close enough for sample premiums."""
    spread = volatility * math.sqrt(years)
    d1 = (math.log(spot / strike) + (_RATE + volatility**2 / 2) * years) / spread
    d2 = d1 - spread
    discounted = strike * math.exp(-_RATE * years)
    if kind == "CE":
        return spot * _normal_cdf(d1) - discounted * _normal_cdf(d2)
    return discounted * _normal_cdf(-d2) - spot * _normal_cdf(-d1)


def _normal_cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def _years(today: date, expiry: date) -> float:
    return (expiry - today).days / 365.0


def _to_tick(price: float, tick: float) -> float:
    return round(round(price / tick) * tick, 4)  # the outer round drops binary noise such as 26.150000000000002


def _stem(underlying: Underlying, expiry: date) -> str:
    return f"{underlying.name}{expiry.year % 100:02d}{month_code(expiry.month)}"


def _row(underlying: Underlying, symbol: str, expiry: date, *, price: float, strike: float, kind: str) -> Row:
    exchange_token = _exchange_token(underlying, expiry, strike, kind)
    token = exchange_token * 256 + _SEGMENT_IDS[underlying.exchange]
    tick = underlying.tick_size if kind == "FUT" else 0.05
    segment = f"{underlying.exchange}-{'FUT' if kind == 'FUT' else 'OPT'}"
    return (
        str(token), str(exchange_token), symbol, underlying.name, repr(price), expiry.isoformat(), repr(float(strike)),
        repr(tick), str(underlying.lot_size), kind, segment, str(underlying.exchange),
    )  # fmt: skip


def _exchange_token(underlying: Underlying, expiry: date, strike: float, kind: str) -> int:
    """Family (6 bits), contract month (5), strike slot (11) and kind (2): 24 bits, so instrument_token
    (exchange_token * 256 + segment) fits Kite's 32-bit tokens. The same contract gets the same token every day,
    and no two contracts on sale at once share one (they are fewer than 32 months and 2048 strikes apart).
    """
    month = (expiry.year * 12 + expiry.month) % 32
    slot = round(strike / underlying.strike_step) % 2048 if underlying.strike_step else 0
    return (((underlying.family << 5 | month) << 11 | slot) << 2) | _KIND_CODES[kind]
