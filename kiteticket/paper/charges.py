"""Zerodha's published charges (zerodha.com/charges, rates in force from October 2024), per order.

Brokerage: equity delivery free; intraday, futures and currency/commodity futures 0.03 % capped at ₹20; options
a flat ₹20. STT/CTT, exchange transaction charges, SEBI's ₹10 per crore, stamp duty on the buy side, and 18 % GST
on brokerage + exchange + SEBI charges. Kite reports the GST as IGST; so does this.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kiteticket.domain.enums import Exchange, Product, TransactionType

_PCT = Decimal("0.01")
_SEBI = Decimal("0.000001")  # ₹10 per crore
_GST = Decimal("0.18")
_FLAT = Decimal(20)
_CAP_RATE = Decimal("0.0003")


@dataclass(frozen=True, slots=True)
class Rates:
    """Percentages (as Decimals of percent) for one kind of contract."""

    tax_buy: Decimal
    tax_sell: Decimal
    exchange: Decimal
    stamp_buy: Decimal
    flat_brokerage: bool  # options: ₹20 flat; otherwise 0.03 % capped at ₹20
    tax_type: str = "stt"


_DELIVERY = Rates(Decimal("0.1"), Decimal("0.1"), Decimal("0.00297"), Decimal("0.015"), False)
_INTRADAY = Rates(Decimal(0), Decimal("0.025"), Decimal("0.00297"), Decimal("0.003"), False)
_FUTURES = Rates(Decimal(0), Decimal("0.02"), Decimal("0.00173"), Decimal("0.002"), False)
_OPTIONS = Rates(Decimal(0), Decimal("0.1"), Decimal("0.03503"), Decimal("0.003"), True)
_CURRENCY_FUT = Rates(Decimal(0), Decimal(0), Decimal("0.00035"), Decimal("0.0001"), False)
_CURRENCY_OPT = Rates(Decimal(0), Decimal(0), Decimal("0.0311"), Decimal("0.0001"), True)
_COMMODITY_FUT = Rates(Decimal(0), Decimal("0.01"), Decimal("0.0021"), Decimal("0.002"), False, "ctt")
_COMMODITY_OPT = Rates(Decimal(0), Decimal("0.05"), Decimal("0.0418"), Decimal("0.003"), True, "ctt")


def rates_for(exchange: Exchange, product: Product, is_option: bool) -> Rates:
    if exchange.is_equity:
        return _DELIVERY if product in (Product.CNC, Product.MTF) else _INTRADAY
    if exchange in (Exchange.CDS, Exchange.BCD):
        return _CURRENCY_OPT if is_option else _CURRENCY_FUT
    if exchange is Exchange.MCX:
        return _COMMODITY_OPT if is_option else _COMMODITY_FUT
    return _OPTIONS if is_option else _FUTURES


def _brokerage(rates: Rates, turnover: Decimal, product: Product, exchange: Exchange) -> Decimal:
    if exchange.is_equity and product in (Product.CNC,):
        return Decimal(0)
    if rates.flat_brokerage:
        return _FLAT
    return min(turnover * _CAP_RATE, _FLAT)


def charges(
    exchange: Exchange, product: Product, side: TransactionType, is_option: bool, turnover: Decimal
) -> dict[str, Any]:
    """Kite's ``charges`` object for one order of this turnover (price × quantity × multiplier)."""
    rates = rates_for(exchange, product, is_option)
    buying = side is TransactionType.BUY
    tax = turnover * (rates.tax_buy if buying else rates.tax_sell) * _PCT
    exchange_charge = turnover * rates.exchange * _PCT
    sebi = turnover * _SEBI
    stamp = turnover * rates.stamp_buy * _PCT if buying else Decimal(0)
    brokerage = _brokerage(rates, turnover, product, exchange)
    gst = (brokerage + exchange_charge + sebi) * _GST
    total = tax + exchange_charge + sebi + stamp + brokerage + gst
    return {
        "transaction_tax": float(tax),
        "transaction_tax_type": rates.tax_type,
        "exchange_turnover_charge": float(exchange_charge),
        "sebi_turnover_charge": float(sebi),
        "brokerage": float(brokerage),
        "stamp_duty": float(stamp),
        "gst": {"igst": float(gst), "cgst": 0, "sgst": 0, "total": float(gst)},
        "total": float(total),
    }


def empty_charges() -> dict[str, Any]:
    return {
        "transaction_tax": 0,
        "transaction_tax_type": "",
        "exchange_turnover_charge": 0,
        "sebi_turnover_charge": 0,
        "brokerage": 0,
        "stamp_duty": 0,
        "gst": {"igst": 0, "cgst": 0, "sgst": 0, "total": 0},
        "total": 0,
    }
