"""What the fund order form holds, as text typed and choices made, and what follows from it: the problems to show
beside the fields and, once there are none, the request to send. The form only renders it (STYLE.md: rules in a
Qt-free model, not in the widget)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from kiteticket.domain.mf_rules import (
    MfField,
    MfOrderRequest,
    MfProblem,
    MfSipRequest,
    buy_problems,
    read_amount,
    read_instalments,
    sell_problems,
    sip_problems,
)
from kiteticket.domain.mutual_funds import MfScheme, SipFrequency


class MfMode(StrEnum):
    BUY = "buy"  # by amount
    SELL = "sell"  # a redemption, by units
    SIP = "sip"


# The inputs each mode asks for, beside the fund.
MODE_FIELDS = {MfMode.BUY: (MfField.AMOUNT,), MfMode.SELL: (MfField.UNITS,),
               MfMode.SIP: (MfField.AMOUNT, MfField.INSTALMENTS, MfField.DAY, MfField.INITIAL)}  # fmt: skip


@dataclass(frozen=True, slots=True)
class MfDraft:
    mode: MfMode
    scheme: MfScheme | None
    amount: str = ""
    units: str = ""
    all_units: bool = False  # redeem every unit that can be
    instalments: str = "12"
    until_cancelled: bool = False
    frequency: SipFrequency = SipFrequency.MONTHLY
    day: int = 1
    initial: str = ""
    held: bool = False  # the fund is held already: its additional purchase minimum applies
    redeemable: Decimal = Decimal(0)  # units held and not already being redeemed

    @property
    def units_text(self) -> str:
        return f"{self.redeemable}" if self.all_units else self.units

    @property
    def instalments_text(self) -> str:
        return "-1" if self.until_cancelled else self.instalments

    def problems(self) -> tuple[MfProblem, ...]:
        if self.mode is MfMode.BUY:
            return buy_problems(self.scheme, self.amount, self.held)
        if self.mode is MfMode.SELL:
            return sell_problems(self.scheme, self.units_text, self.redeemable)
        return sip_problems(self.scheme, self.amount, self.instalments_text, frequency=self.frequency, day=self.day,
                            initial_text=self.initial)  # fmt: skip

    def order(self, tag: str) -> MfOrderRequest | None:
        """The purchase or redemption to send; None while there is a problem (or in SIP mode)."""
        if self.mode is MfMode.SIP or self.scheme is None or self.problems():
            return None
        if self.mode is MfMode.BUY:
            return MfOrderRequest(self.scheme.tradingsymbol, "BUY", amount=read_amount(self.amount), tag=tag)
        return MfOrderRequest(self.scheme.tradingsymbol, "SELL", units=read_amount(self.units_text), tag=tag)

    def sip(self, tag: str) -> MfSipRequest | None:
        """The SIP to start; None while there is a problem (or in another mode)."""
        if self.mode is not MfMode.SIP or self.scheme is None or self.problems():
            return None
        return MfSipRequest(
            tradingsymbol=self.scheme.tradingsymbol,
            amount=read_amount(self.amount) or Decimal(0),
            frequency=self.frequency,
            instalments=read_instalments(self.instalments_text) or 1,
            instalment_day=self.day if self.frequency.has_day else 0,
            initial_amount=read_amount(self.initial) if self.initial.strip() else None,
            tag=tag,
        )
