"""Mutual fund SIPs: /mf/sips (place, list, get, modify, cancel), with instalments placed as orders (variety
``sip``) when the exchange clock reaches each instalment date.

Weekly SIPs run every seven days from the day they are set up; monthly and quarterly ones on their
``instalment_day`` (1 to 28). ``instalments`` -1 runs until cancelled. An ``initial_amount`` is bought at once
and counts as the first instalment. A SIP whose instalments are all done is COMPLETED (NOT CONFIRMED: Kite's word
for it; ACTIVE, PAUSED and CANCELLED are Kite's).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from kiteticket.domain.money import format_inr
from kiteticket.paper.clock import ExchangeClock
from kiteticket.paper.errors import input_error
from kiteticket.paper.mf import MutualFunds
from kiteticket.paper.mf_schemes import BY_SYMBOL, Scheme
from kiteticket.paper.params import choice, number, text, whole
from kiteticket.paper.store import Store

FREQUENCIES = ("weekly", "monthly", "quarterly")
_STORE_KEY = "mf_sips"
_ID_BASE = 986_124_545_877_000
_CATCH_UP = 1000  # instalments placed at most per SIP when the clock jumps far ahead


@dataclass(slots=True)
class Sip:
    sip_id: str
    tradingsymbol: str
    instalment_amount: str
    instalments: int
    frequency: str
    instalment_day: int
    created: str
    next_instalment: str
    last_instalment: str
    tag: str | None = None
    completed_instalments: int = 0
    status: str = "ACTIVE"

    @property
    def pending(self) -> int:
        return -1 if self.instalments == -1 else self.instalments - self.completed_instalments

    def to_kite(self, scheme: Scheme, *, detailed: bool) -> dict[str, Any]:
        row: dict[str, Any] = {
            "status": self.status, "sip_reg_num": None, "created": self.created, "dividend_type": scheme.dividend_type,
            "instalment_amount": float(self.instalment_amount), "fund": scheme.name, "instalments": self.instalments,
            "next_instalment": self.next_instalment, "transaction_type": "BUY", "trigger_price": 0, "step_up": {},
            "tradingsymbol": self.tradingsymbol, "tag": self.tag, "frequency": self.frequency,
            "last_instalment": self.last_instalment, "pending_instalments": self.pending,
            "instalment_day": self.instalment_day, "sip_type": "sip",
            "completed_instalments": self.completed_instalments, "sip_id": self.sip_id,
        }  # fmt: skip
        if detailed:  # Kite's single-SIP answer also names where the money comes from (mf_sip_info.json)
            row["fund_source"] = "pool"
        return row


def _add_months(day: date, months: int, on: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, on)


def first_instalment(today: date, frequency: str, on: int) -> date:
    if frequency == "weekly":
        return today + timedelta(days=7)
    candidate = today.replace(day=on)
    return candidate if candidate > today else _add_months(candidate, 1, on)


def following(day: date, frequency: str, on: int) -> date:
    if frequency == "weekly":
        return day + timedelta(days=7)
    return _add_months(day, 1 if frequency == "monthly" else 3, on)


class MfSips:
    def __init__(self, store: Store, funds: MutualFunds, clock: ExchangeClock) -> None:
        self._store = store
        self._funds = funds
        self._clock = clock
        self.load()

    def load(self) -> None:
        saved = self._store.get(_STORE_KEY, {})
        self._sips = {row["sip_id"]: Sip(**row) for row in saved.get("sips", [])}
        self._next_id: int = saved.get("next_id", 1)

    def _save(self) -> None:
        self._store.put(_STORE_KEY, {"sips": [asdict(sip) for sip in self._sips.values()], "next_id": self._next_id})

    def list(self) -> list[dict[str, Any]]:
        return [sip.to_kite(BY_SYMBOL[sip.tradingsymbol], detailed=False) for sip in self._sips.values()]

    def get(self, sip_id: str) -> dict[str, Any]:
        sip = self._find(sip_id)
        return sip.to_kite(BY_SYMBOL[sip.tradingsymbol], detailed=True)

    def _find(self, sip_id: str) -> Sip:
        sip = self._sips.get(sip_id)
        if sip is None:
            raise input_error("Invalid `sip_id`.")
        return sip

    def place(self, form: Mapping[str, str]) -> dict[str, Any]:
        scheme = self._funds.scheme(text(form, "tradingsymbol"))
        amount = self._amount(scheme, number(form, "amount"))
        instalments = self._instalments(whole(form, "instalments"))
        frequency = choice(form, "frequency", FREQUENCIES)
        today = self._clock.now().date()
        on = self._day(frequency, whole(form, "instalment_day", 0), today)
        initial = number(form, "initial_amount", Decimal(0))
        tag = (form.get("tag") or "").strip() or None
        if initial:
            self._amount(scheme, initial)
        stamp = self._clock.stamp()
        sip = Sip(str(_ID_BASE + self._next_id), scheme.tradingsymbol, str(amount), instalments, frequency, on,
                  stamp, first_instalment(today, frequency, on).isoformat(), stamp, tag)  # fmt: skip
        self._next_id += 1
        if initial:
            self._funds.buy(scheme, initial, "sip", tag, check_minimum=False)
            sip.completed_instalments = 1
        self._sips[sip.sip_id] = sip
        self._save()
        return {"sip_id": sip.sip_id}

    def modify(self, sip_id: str, form: Mapping[str, str]) -> dict[str, Any]:
        sip = self._find(sip_id)
        if sip.status not in ("ACTIVE", "PAUSED"):
            raise input_error(f"The SIP cannot be modified: it is {sip.status}.")
        scheme = BY_SYMBOL[sip.tradingsymbol]
        amount = self._amount(scheme, number(form, "amount", Decimal(sip.instalment_amount)))
        status = choice(form, "status", ("ACTIVE", "PAUSED"), sip.status)
        instalments = self._instalments(whole(form, "instalments", sip.instalments))
        frequency = choice(form, "frequency", FREQUENCIES, sip.frequency)
        today = self._clock.now().date()
        on = self._day(frequency, whole(form, "instalment_day", sip.instalment_day), today)
        if instalments != -1 and instalments < sip.completed_instalments:
            raise input_error(f"Invalid `instalments`: {sip.completed_instalments} have already been made.")
        reschedule = (frequency, on) != (sip.frequency, sip.instalment_day) or (status, sip.status) == (
            "ACTIVE", "PAUSED",
        )  # fmt: skip
        sip.instalment_amount, sip.status, sip.instalments = str(amount), status, instalments
        sip.frequency, sip.instalment_day = frequency, on
        if reschedule:
            sip.next_instalment = first_instalment(today, frequency, on).isoformat()
        self._save()
        return {"sip_id": sip.sip_id}

    def cancel(self, sip_id: str) -> dict[str, Any]:
        sip = self._find(sip_id)
        if sip.status in ("CANCELLED", "COMPLETED"):
            raise input_error(f"The SIP cannot be cancelled: it is {sip.status}.")
        sip.status = "CANCELLED"
        self._save()
        return {"sip_id": sip.sip_id}

    def _amount(self, scheme: Scheme, amount: Decimal) -> Decimal:
        if amount <= 0 or amount != amount.to_integral_value():
            raise input_error("Invalid `amount`: whole rupees above zero.")
        if amount < scheme.minimum_additional:
            raise input_error(
                f"The minimum SIP instalment for {scheme.name} is {format_inr(scheme.minimum_additional)}."
            )
        return amount

    @staticmethod
    def _instalments(count: int) -> int:
        if count != -1 and count < 1:
            raise input_error("Invalid `instalments`: at least 1, or -1 to run until cancelled.")
        return count

    @staticmethod
    def _day(frequency: str, on: int, today: date) -> int:
        if frequency == "weekly":
            return 0
        if on == 0:
            return min(today.day, 28)
        if not 1 <= on <= 28:
            raise input_error("Invalid `instalment_day`: a day of the month from 1 to 28.")
        return on

    def on_time(self) -> None:
        """Place every instalment that has fallen due by the exchange clock."""
        today, changed = self._clock.now().date(), False
        for sip in self._sips.values():
            for _ in range(_CATCH_UP):
                if sip.status != "ACTIVE" or date.fromisoformat(sip.next_instalment) > today:
                    break
                self._instalment(sip)
                changed = True
        if changed:
            self._save()

    def _instalment(self, sip: Sip) -> None:
        scheme = BY_SYMBOL[sip.tradingsymbol]
        self._funds.buy(scheme, Decimal(sip.instalment_amount), "sip", sip.tag, check_minimum=False)
        sip.completed_instalments += 1
        sip.last_instalment = self._clock.stamp()
        sip.next_instalment = following(date.fromisoformat(sip.next_instalment), sip.frequency,
                                        sip.instalment_day).isoformat()  # fmt: skip
        if sip.pending == 0:
            sip.status = "COMPLETED"
