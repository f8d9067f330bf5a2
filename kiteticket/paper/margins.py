"""What an order blocks: Zerodha-like margin rates by product and contract.

CNC buys pay in full (1×). Equity MIS gets 5× (20 %). F&O since SEBI's peak-margin rules blocks about the same for
MIS and NRML: SPAN plus exposure, here 10 % + 3 % of the notional for futures and written options (the strike
stands in for the underlying, which the paper market does not link to its options). Option buyers pay the premium.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kiteticket.domain.enums import Exchange, Product, TransactionType
from kiteticket.domain.instruments import Instrument

_MIS_EQUITY = Decimal("0.20")
_MTF = Decimal("0.50")
_SPAN = {Exchange.CDS: Decimal("0.02"), Exchange.BCD: Decimal("0.02"), Exchange.MCX: Decimal("0.08")}
_EXPOSURE = {Exchange.CDS: Decimal("0.01"), Exchange.BCD: Decimal("0.01"), Exchange.MCX: Decimal("0.02")}
_DEFAULT_SPAN = Decimal("0.10")
_DEFAULT_EXPOSURE = Decimal("0.03")

# Units per quoted quantity (Kite's position "multiplier"): currency contracts are 1,000 units, MCX contracts
# are quoted per lot of the commodity. The MCX table covers the sample's contracts; anything else counts 1.
_MCX_MULTIPLIERS = {
    "CRUDEOIL": 100,
    "CRUDEOILM": 10,
    "NATURALGAS": 1250,
    "NATGASMINI": 250,
    "GOLD": 100,
    "GOLDM": 10,
    "GOLDPETAL": 1,
    "GOLDGUINEA": 1,
    "SILVER": 30,
    "SILVERM": 5,
    "SILVERMIC": 1,
    "COPPER": 2500,
    "ZINC": 5000,
    "LEAD": 5000,
    "LEADMINI": 1000,
    "ALUMINIUM": 5000,
}


def multiplier(instrument: Instrument) -> int:
    if instrument.exchange in (Exchange.CDS, Exchange.BCD):
        return 1000
    if instrument.exchange is Exchange.MCX:
        return _MCX_MULTIPLIERS.get(instrument.name.upper(), 1)
    return 1


def segment_of(exchange: Exchange) -> str:
    return "commodity" if exchange is Exchange.MCX else "equity"


@dataclass(frozen=True, slots=True)
class Margin:
    span: Decimal = Decimal(0)
    exposure: Decimal = Decimal(0)
    option_premium: Decimal = Decimal(0)
    delivery: Decimal = Decimal(0)  # CNC/MTF: the cash a delivery buy takes
    var: Decimal = Decimal(0)  # equity intraday margin (Kite reports it as VaR + ELM)

    @property
    def total(self) -> Decimal:
        return self.span + self.exposure + self.option_premium + self.delivery + self.var

    def __add__(self, other: Margin) -> Margin:
        return Margin(
            self.span + other.span,
            self.exposure + other.exposure,
            self.option_premium + other.option_premium,
            self.delivery + other.delivery,
            self.var + other.var,
        )

    def __sub__(self, other: Margin) -> Margin:
        return Margin(
            self.span - other.span,
            self.exposure - other.exposure,
            self.option_premium - other.option_premium,
            self.delivery - other.delivery,
            self.var - other.var,
        )


def margin_for(
    instrument: Instrument, product: Product, side: TransactionType, quantity: int, price: Decimal
) -> Margin:
    """The margin ``quantity`` more of this contract at ``price`` blocks (0 for a quantity of 0 or less)."""
    if quantity <= 0:
        return Margin()
    value = price * quantity * multiplier(instrument)
    if instrument.exchange.is_equity:
        return _equity(product, side, value)
    if instrument.is_option and side is TransactionType.BUY:
        return Margin(option_premium=value)
    notional = (as_strike(instrument) or price) * quantity * multiplier(instrument)
    span = _SPAN.get(instrument.exchange, _DEFAULT_SPAN)
    exposure = _EXPOSURE.get(instrument.exchange, _DEFAULT_EXPOSURE)
    return Margin(span=notional * span, exposure=notional * exposure)


def _equity(product: Product, side: TransactionType, value: Decimal) -> Margin:
    if product is Product.CNC:
        # Selling delivery needs holdings, not margin; buying pays in full.
        return Margin(delivery=value) if side is TransactionType.BUY else Margin()
    if product is Product.MTF:
        return Margin(delivery=value * _MTF)
    return Margin(var=value * _MIS_EQUITY)


def as_strike(instrument: Instrument) -> Decimal | None:
    return Decimal(str(instrument.strike)) if instrument.is_option and instrument.strike else None
