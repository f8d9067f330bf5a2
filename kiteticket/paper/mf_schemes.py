"""The mutual fund schemes the paper exchange offers, their daily NAVs, and GET /mf/instruments.

A few real Direct-plan schemes (the names and ISINs of Kite's mocks) with NAVs generated per business day:
a random walk from a base NAV, a pure function of (seed, scheme, day), so the same seed gives the same NAVs.
Like an AMC's, a day's NAV applies to orders received before the 15:00 cut-off and is published in the evening
(21:00 IST here); orders settle at that NAV once it is published. Holidays are not modelled.
"""

from __future__ import annotations

import csv
import io
import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

CUT_OFF = time(15, 0)
PUBLISHED = time(21, 0)
_EPOCH = date(2024, 1, 1)  # NAVs walk from their base NAV on this day
_COLUMNS = (
    "tradingsymbol", "amc", "name", "purchase_allowed", "redemption_allowed", "minimum_purchase_amount",
    "purchase_amount_multiplier", "minimum_additional_purchase_amount", "minimum_redemption_quantity",
    "redemption_quantity_multiplier", "dividend_type", "scheme_type", "plan", "settlement_type", "last_price",
    "last_price_date",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Scheme:
    tradingsymbol: str
    amc: str
    name: str
    minimum_purchase: Decimal
    minimum_additional: Decimal
    dividend_type: str
    scheme_type: str
    settlement_type: str
    base_nav: float
    volatility: float  # daily

    minimum_redemption = Decimal("0.001")
    unit_step = Decimal("0.001")  # units are allotted and redeemed in thousandths


SCHEMES = (
    Scheme("INF209KB1ZH2", "BirlaSunLifeMutualFund_MF", "Aditya Birla Sun Life Overnight Fund - Direct Plan",
           Decimal(1000), Decimal(1000), "growth", "debt", "T1", 1180.0, 0.0002),
    Scheme("INF179K01VY8", "HDFCMutualFund_MF", "HDFC Balanced Advantage Fund - Direct Plan", Decimal(1000),
           Decimal(500), "growth", "balanced", "T3", 420.0, 0.006),
    Scheme("INF174K01LS2", "KotakMahindraMF", "Kotak Flexicap Fund - Direct Plan", Decimal(500), Decimal(500),
           "growth", "equity", "T3", 78.5, 0.009),
    Scheme("INF761K01EE1", "BOIAXAMutualFund_MF", "BOI AXA Arbitrage Fund - Direct Plan", Decimal(5000),
           Decimal(1000), "growth", "debt", "T3", 13.8, 0.0005),
    Scheme("INF109K01V59", "ICICIPrudentialMutualFund_MF", "ICICI Prudential Bond Fund - Direct Plan",
           Decimal(1000), Decimal(1000), "growth", "debt", "T2", 38.9, 0.001),
    Scheme("INF205K01NT8", "InvescoMutualFund_MF", "Invesco India ELSS Tax Saver Fund - Direct Plan", Decimal(500),
           Decimal(500), "growth", "elss", "T3", 131.2, 0.01),
)  # fmt: skip
BY_SYMBOL = {scheme.tradingsymbol: scheme for scheme in SCHEMES}


def business_day(day: date) -> bool:
    return day.weekday() < 5


def next_business_day(day: date) -> date:
    day += timedelta(days=1)
    while not business_day(day):
        day += timedelta(days=1)
    return day


def nav_day_for(moment: datetime) -> date:
    """The day whose NAV an order received at ``moment`` gets: today's before the cut-off, else the next."""
    day = moment.date()
    if business_day(day) and moment.time() < CUT_OFF:
        return day
    return next_business_day(day)


def latest_published(moment: datetime) -> date:
    """The most recent day whose NAV is out by ``moment``."""
    day = moment.date()
    if not (business_day(day) and moment.time() >= PUBLISHED):
        day -= timedelta(days=1)
        while not business_day(day):
            day -= timedelta(days=1)
    return day


class Navs:
    """Every scheme's NAV per business day, walked forward from the epoch and remembered."""

    def __init__(self, seed: int) -> None:
        self._seed = seed
        self._walks: dict[str, tuple[date, list[float]]] = {}

    def nav(self, scheme: Scheme, day: date) -> Decimal:
        day = max(day, _EPOCH)
        start, walk = self._walks.get(scheme.tradingsymbol, (_EPOCH, [scheme.base_nav]))
        index = (day - start).days
        while len(walk) <= index:  # one generator per day: the NAVs never depend on the order they are asked in
            step = random.Random(f"{self._seed}:{scheme.tradingsymbol}:{len(walk)}").gauss(0.0003, scheme.volatility)
            moved = walk[-1] * math.exp(step)
            walk.append(moved if business_day(start + timedelta(days=len(walk))) else walk[-1])
        self._walks[scheme.tradingsymbol] = (start, walk)
        return Decimal(str(round(walk[index], 4)))

    def instruments_csv(self, moment: datetime) -> str:
        day = latest_published(moment)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(_COLUMNS)
        for s in SCHEMES:
            writer.writerow([
                s.tradingsymbol, s.amc, s.name, 1, 1, f"{s.minimum_purchase:.1f}", "1.0",
                f"{s.minimum_additional:.1f}", s.minimum_redemption, s.unit_step, s.dividend_type, s.scheme_type,
                "direct", s.settlement_type, self.nav(s, day), day.isoformat(),
            ])  # fmt: skip
        return out.getvalue()
