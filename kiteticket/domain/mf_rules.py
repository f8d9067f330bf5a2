"""What a mutual fund order or SIP must satisfy before it is sent, each problem said next to its field, and the
requests that are sent once there is none.

The minimums come from the scheme (``/mf/instruments``): a first purchase needs ``minimum_purchase_amount``, a
purchase of a fund already held ``minimum_additional_purchase_amount`` (Kite uses the additional amount for each SIP
instalment too), amounts in multiples of ``purchase_amount_multiplier``; a redemption is in units, at least
``minimum_redemption_quantity`` and in steps of ``redemption_quantity_multiplier``, and no more than is held and not
already being redeemed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from kiteticket.domain.money import format_inr
from kiteticket.domain.mutual_funds import MfScheme, SipFrequency, SipStatus
from kiteticket.domain.strict_numbers import strict_decimal, strict_int

MAX_AMOUNT = Decimal(10) ** 10  # far above any purchase; keeps absurd text out
MAX_INSTALMENTS = 1200  # a century of monthly instalments


class MfField(StrEnum):
    FUND = "fund"
    AMOUNT = "amount"
    UNITS = "units"
    INSTALMENTS = "instalments"
    DAY = "instalment_day"
    INITIAL = "initial_amount"


@dataclass(frozen=True, slots=True)
class MfProblem:
    field: MfField
    message: str


@dataclass(frozen=True, slots=True)
class MfOrderRequest:
    tradingsymbol: str
    transaction_type: str  # "BUY" (by amount) or "SELL" (by units)
    amount: Decimal | None = None
    units: Decimal | None = None
    tag: str | None = None

    def to_kite_params(self) -> dict[str, str]:
        params = {"tradingsymbol": self.tradingsymbol, "transaction_type": self.transaction_type}
        for name, value in (("amount", self.amount), ("quantity", self.units), ("tag", self.tag)):
            if value is not None:
                params[name] = str(value)
        return params


@dataclass(frozen=True, slots=True)
class MfSipRequest:
    tradingsymbol: str
    amount: Decimal
    frequency: SipFrequency
    instalments: int  # -1: until cancelled
    instalment_day: int = 0  # 0 for weekly SIPs
    initial_amount: Decimal | None = None
    tag: str | None = None

    def to_kite_params(self) -> dict[str, str]:
        params = {"tradingsymbol": self.tradingsymbol, "amount": str(self.amount), "frequency": self.frequency.value,
                  "instalments": str(self.instalments)}  # fmt: skip
        optional = (("instalment_day", self.instalment_day or None), ("initial_amount", self.initial_amount),
                    ("tag", self.tag))  # fmt: skip
        params.update({name: str(value) for name, value in optional if value is not None})
        return params


@dataclass(frozen=True, slots=True)
class MfSipChange:
    sip_id: str
    amount: Decimal
    status: SipStatus
    instalments: int
    frequency: SipFrequency
    instalment_day: int = 0

    def to_kite_params(self) -> dict[str, str]:
        params = {"amount": str(self.amount), "status": self.status.value, "instalments": str(self.instalments),
                  "frequency": self.frequency.value}  # fmt: skip
        if self.instalment_day:
            params["instalment_day"] = str(self.instalment_day)
        return params


def read_amount(text: str) -> Decimal | None:
    """Rupees as typed: "5000", "5,000", "₹5,000.50"; None when it is not a number."""
    try:
        return strict_decimal(text.replace(",", "").replace("₹", "").strip(), Decimal(0), MAX_AMOUNT)
    except ValueError:
        return None


def buy_problems(scheme: MfScheme | None, amount_text: str, held: bool) -> tuple[MfProblem, ...]:
    if scheme is None:
        return (MfProblem(MfField.FUND, "Choose a fund."),)
    if not scheme.purchase_allowed:
        return (MfProblem(MfField.FUND, f"{scheme.name} takes no purchases now."),)
    minimum = scheme.minimum_additional if held else scheme.minimum_purchase
    what = "an additional purchase" if held else "a first purchase"
    return _amount_problems(MfField.AMOUNT, scheme, amount_text, minimum, what)


def sell_problems(scheme: MfScheme | None, units_text: str, redeemable: Decimal) -> tuple[MfProblem, ...]:
    if scheme is None:
        return (MfProblem(MfField.FUND, "Choose a fund."),)
    if not scheme.redemption_allowed:
        return (MfProblem(MfField.FUND, f"{scheme.name} takes no redemptions now."),)
    if redeemable <= 0:
        return (MfProblem(MfField.UNITS, f"You hold no units of {scheme.name} that can be redeemed."),)
    problem = _units_problem(scheme, read_amount(units_text), redeemable)
    return (MfProblem(MfField.UNITS, problem),) if problem else ()


def _units_problem(scheme: MfScheme, units: Decimal | None, redeemable: Decimal) -> str:
    if units is None or units <= 0:
        return "Enter the units to redeem, above zero (or tick All units)."
    if units > redeemable:
        return f"You can redeem at most {redeemable.normalize():f} units."
    if units < scheme.minimum_redemption:
        return f"Redeem at least {scheme.minimum_redemption.normalize():f} units."
    if units % scheme.redemption_multiplier:
        return f"Units go in steps of {scheme.redemption_multiplier.normalize():f}."
    return ""


def sip_problems(
    scheme: MfScheme | None, amount_text: str, instalments_text: str, *, frequency: SipFrequency, day: int,
    initial_text: str = "",
) -> tuple[MfProblem, ...]:  # fmt: skip
    if scheme is None:
        return (MfProblem(MfField.FUND, "Choose a fund."),)
    if not scheme.purchase_allowed:
        return (MfProblem(MfField.FUND, f"{scheme.name} takes no purchases now."),)
    minimum = scheme.minimum_additional
    problems = list(_amount_problems(MfField.AMOUNT, scheme, amount_text, minimum, "a SIP instalment"))
    if read_instalments(instalments_text) is None:
        problems.append(MfProblem(MfField.INSTALMENTS, f"Instalments: 1 to {MAX_INSTALMENTS}, or until cancelled."))
    if frequency.has_day and not 1 <= day <= 28:
        problems.append(MfProblem(MfField.DAY, "A monthly or quarterly SIP runs on a day from 1 to 28."))
    if initial_text.strip():
        problems += _amount_problems(MfField.INITIAL, scheme, initial_text, minimum, "an initial amount")
    return tuple(problems)


def read_instalments(text: str) -> int | None:
    """The number of instalments, or -1 for "until cancelled"; None when it is neither."""
    try:
        return -1 if text.strip() == "-1" else strict_int(text, 1, MAX_INSTALMENTS)
    except ValueError:
        return None


def _amount_problems(field: MfField, scheme: MfScheme, text: str, minimum: Decimal, what: str) -> tuple[MfProblem, ...]:
    amount = read_amount(text)
    if amount is None or amount <= 0:
        return (MfProblem(field, "Enter an amount in rupees, above zero."),)
    if amount < minimum:
        return (MfProblem(field, f"The minimum for {what} of this fund is {format_inr(minimum)}."),)
    if scheme.purchase_multiplier > 0 and amount % scheme.purchase_multiplier:
        step = format_inr(scheme.purchase_multiplier)
        return (MfProblem(field, f"The amount must be a multiple of {step}."),)
    return ()
