"""Every Kite Connect value the ticket sends or reads, as enums whose values are Kite's own strings."""

from __future__ import annotations

from enum import StrEnum


class Variety(StrEnum):
    REGULAR = "regular"
    AMO = "amo"
    CO = "co"
    ICEBERG = "iceberg"
    AUCTION = "auction"

    @property
    def label(self) -> str:
        return _VARIETY_LABELS[self]


_VARIETY_LABELS = {
    Variety.REGULAR: "Regular",
    Variety.AMO: "AMO",
    Variety.CO: "Cover (CO)",
    Variety.ICEBERG: "Iceberg",
    Variety.AUCTION: "Auction",
}


class Exchange(StrEnum):
    NSE = "NSE"
    BSE = "BSE"
    NFO = "NFO"
    BFO = "BFO"
    CDS = "CDS"
    BCD = "BCD"
    MCX = "MCX"

    @property
    def is_equity(self) -> bool:
        """Cash-market equity (CNC, MTF, disclosed quantity); everything else here trades derivatives."""
        return self in (Exchange.NSE, Exchange.BSE)

    @property
    def is_derivative(self) -> bool:
        return not self.is_equity


class Product(StrEnum):
    CNC = "CNC"
    MIS = "MIS"
    NRML = "NRML"
    MTF = "MTF"


class OrderType(StrEnum):
    MARKET = "MARKET"
    LIMIT = "LIMIT"
    SL = "SL"
    SLM = "SL-M"

    @property
    def needs_price(self) -> bool:
        return self in (OrderType.LIMIT, OrderType.SL)

    @property
    def needs_trigger(self) -> bool:
        return self in (OrderType.SL, OrderType.SLM)

    @property
    def executes_at_market(self) -> bool:
        """MARKET and SL-M fill at the market, so the 2026 rules make them carry market protection."""
        return self in (OrderType.MARKET, OrderType.SLM)


class TransactionType(StrEnum):
    BUY = "BUY"
    SELL = "SELL"

    @property
    def opposite(self) -> TransactionType:
        return TransactionType.SELL if self is TransactionType.BUY else TransactionType.BUY


class Validity(StrEnum):
    DAY = "DAY"
    IOC = "IOC"
    TTL = "TTL"

    @property
    def label(self) -> str:
        return "Minutes" if self is Validity.TTL else self.value
