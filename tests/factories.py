"""Small builders for test data: instruments and valid order requests."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Validity, Variety
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.order import OrderRequest


def equity(symbol: str = "INFY", exchange: Exchange = Exchange.NSE, tick: float = 0.05) -> Instrument:
    segment = exchange.value
    return Instrument(
        instrument_token=408065, exchange_token=1594, tradingsymbol=symbol, name="INFOSYS", last_price=1600.0,
        expiry=None, strike=0.0, tick_size=tick, lot_size=1, instrument_type="EQ", segment=segment,
        exchange=exchange,
    )  # fmt: skip


def future(symbol: str = "NIFTY26DECFUT", exchange: Exchange = Exchange.NFO, lot: int = 65) -> Instrument:
    from datetime import date

    return Instrument(
        instrument_token=9_000_001, exchange_token=35_001, tradingsymbol=symbol, name="NIFTY", last_price=26_000.0,
        expiry=date(2026, 12, 29), strike=0.0, tick_size=0.05 if exchange is not Exchange.CDS else 0.0025,
        lot_size=lot, instrument_type="FUT", segment=f"{exchange.value}-FUT", exchange=exchange,
    )  # fmt: skip


def index(symbol: str = "NIFTY 50") -> Instrument:
    return Instrument(
        instrument_token=256_265, exchange_token=1024, tradingsymbol=symbol, name="NIFTY 50", last_price=26_000.0,
        expiry=None, strike=0.0, tick_size=0.0, lot_size=0, instrument_type="EQ", segment="INDICES",
        exchange=Exchange.NSE,
    )  # fmt: skip


def limit_buy(**changes: Any) -> OrderRequest:
    """A valid regular LIMIT BUY of 10 INFY on NSE at 1600, changed as asked."""
    request = OrderRequest(
        variety=Variety.REGULAR, exchange=Exchange.NSE, tradingsymbol="INFY",
        transaction_type=TransactionType.BUY, quantity=10, product=Product.CNC, order_type=OrderType.LIMIT,
        price=Decimal("1600.00"), validity=Validity.DAY,
    )  # fmt: skip
    return replace(request, **changes)
