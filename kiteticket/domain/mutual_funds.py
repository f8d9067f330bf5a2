"""Mutual funds as Kite's MF routes describe them: schemes (``/mf/instruments``), orders (``/mf/orders``), SIPs
(``/mf/sips``) and holdings (``/mf/holdings``), read from what the SDK returns (some values parsed by it, some as
Kite sent them), and the requests the app sends.

Kite buys a fund by amount (rupees) and redeems it by units (to the thousandth); an order waits (OPEN) until the
fund's NAV for its day is published, and may be cancelled until then.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from kiteticket.domain.prices import as_decimal

Raw = Mapping[str, Any]


class SipFrequency(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"

    @property
    def has_day(self) -> bool:
        """Monthly and quarterly SIPs run on a day of the month; weekly ones every seven days from the start."""
        return self is not SipFrequency.WEEKLY


class SipStatus(StrEnum):
    ACTIVE = "ACTIVE"
    PAUSED = "PAUSED"


@dataclass(frozen=True, slots=True)
class MfScheme:
    tradingsymbol: str
    name: str
    amc: str
    purchase_allowed: bool
    redemption_allowed: bool
    minimum_purchase: Decimal  # the first purchase of the fund
    purchase_multiplier: Decimal
    minimum_additional: Decimal  # a purchase of a fund already held, and each SIP instalment
    minimum_redemption: Decimal  # units
    redemption_multiplier: Decimal  # units
    nav: Decimal
    nav_date: str
    scheme_type: str = ""


@dataclass(frozen=True, slots=True)
class MfHolding:
    folio: str
    tradingsymbol: str
    fund: str
    units: Decimal
    average_price: Decimal
    nav: Decimal
    pnl: Decimal

    @property
    def value(self) -> Decimal:
        return self.units * self.nav


@dataclass(frozen=True, slots=True)
class MfOrder:
    order_id: str
    tradingsymbol: str
    fund: str
    transaction_type: str
    status: str
    amount: Decimal
    units: Decimal
    average_price: Decimal
    placed: str  # order_timestamp, "2026-12-04 10:00:00"
    variety: str = "regular"
    status_message: str = ""
    tag: str = ""

    @property
    def cancellable(self) -> bool:
        return self.status == "OPEN"


@dataclass(frozen=True, slots=True)
class MfSip:
    sip_id: str
    tradingsymbol: str
    fund: str
    status: str
    amount: Decimal
    frequency: str
    instalment_day: int
    instalments: int  # -1: until cancelled
    completed: int
    next_instalment: str
    tag: str = ""

    @property
    def changeable(self) -> bool:
        """Kite modifies and cancels a SIP while it runs or is paused."""
        return self.status in (SipStatus.ACTIVE, SipStatus.PAUSED)


def _flag(value: Any) -> bool:
    return value if isinstance(value, bool) else str(value).strip() not in ("", "0", "false", "False")


def _text(value: Any) -> str:
    """A value as text; the SDK turns some timestamps into datetimes, which are shown as Kite wrote them."""
    if value is None:
        return ""
    return f"{value:%Y-%m-%d %H:%M:%S}" if hasattr(value, "hour") else str(value)


def schemes_from_kite(rows: Iterable[Raw]) -> tuple[MfScheme, ...]:
    """``mf_instruments()`` rows (the SDK parses the numbers and flags; the raw CSV's text is read as well)."""
    return tuple(
        MfScheme(
            tradingsymbol=str(row["tradingsymbol"]),
            name=str(row.get("name") or row["tradingsymbol"]),
            amc=str(row.get("amc") or ""),
            purchase_allowed=_flag(row.get("purchase_allowed", True)),
            redemption_allowed=_flag(row.get("redemption_allowed", True)),
            minimum_purchase=as_decimal(row.get("minimum_purchase_amount") or 0),
            purchase_multiplier=as_decimal(row.get("purchase_amount_multiplier") or 1),
            minimum_additional=as_decimal(row.get("minimum_additional_purchase_amount") or 0),
            minimum_redemption=as_decimal(row.get("minimum_redemption_quantity") or "0.001"),
            redemption_multiplier=as_decimal(row.get("redemption_quantity_multiplier") or "0.001"),
            nav=as_decimal(row.get("last_price") or 0),
            nav_date=_text(row.get("last_price_date")),
            scheme_type=str(row.get("scheme_type") or ""),
        )
        for row in rows
    )


def holdings_from_kite(rows: Iterable[Raw]) -> tuple[MfHolding, ...]:
    return tuple(
        MfHolding(
            folio=str(row.get("folio") or ""),
            tradingsymbol=str(row["tradingsymbol"]),
            fund=str(row.get("fund") or ""),
            units=as_decimal(row.get("quantity") or 0),
            average_price=as_decimal(row.get("average_price") or 0),
            nav=as_decimal(row.get("last_price") or 0),
            pnl=as_decimal(row.get("pnl") or 0),
        )
        for row in rows
    )


def orders_from_kite(rows: Iterable[Raw]) -> tuple[MfOrder, ...]:
    return tuple(
        MfOrder(
            order_id=str(row["order_id"]),
            tradingsymbol=str(row["tradingsymbol"]),
            fund=str(row.get("fund") or ""),
            transaction_type=str(row.get("transaction_type") or ""),
            status=str(row.get("status") or ""),
            amount=as_decimal(row.get("amount") or 0),
            units=as_decimal(row.get("quantity") or 0),
            average_price=as_decimal(row.get("average_price") or 0),
            placed=_text(row.get("order_timestamp")),
            variety=str(row.get("variety") or "regular"),
            status_message=str(row.get("status_message") or ""),
            tag=str(row.get("tag") or ""),
        )
        for row in rows
    )


def sips_from_kite(rows: Iterable[Raw]) -> tuple[MfSip, ...]:
    return tuple(
        MfSip(
            sip_id=str(row["sip_id"]),
            tradingsymbol=str(row["tradingsymbol"]),
            fund=str(row.get("fund") or ""),
            status=str(row.get("status") or ""),
            amount=as_decimal(row.get("instalment_amount") or 0),
            frequency=str(row.get("frequency") or ""),
            instalment_day=int(row.get("instalment_day") or 0),
            instalments=int(row.get("instalments") or 0),
            completed=int(row.get("completed_instalments") or 0),
            next_instalment=_text(row.get("next_instalment")),
            tag=str(row.get("tag") or ""),
        )
        for row in rows
    )


def redeemable_units(holding: MfHolding | None, orders: Iterable[MfOrder]) -> Decimal:
    """Units that may still be redeemed: those held, less those in redemptions still waiting for their NAV."""
    if holding is None:
        return Decimal(0)
    waiting = sum(
        (o.units for o in orders if o.tradingsymbol == holding.tradingsymbol and o.transaction_type == "SELL"
         and o.status == "OPEN"),
        Decimal(0),
    )  # fmt: skip
    return max(holding.units - waiting, Decimal(0))
