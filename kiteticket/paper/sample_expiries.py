"""Expiry rules for the sample derivatives: which day each month's contract expires on.

Weekends are skipped; exchange holidays are not (the sample needs plausible dates, not a trading calendar).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

# (year, month) -> the expiry of that month's contract, or None when the month has no contract.
ExpiryRule = Callable[[int, int], date | None]

_TUESDAY = 1
_SATURDAY = 5


def next_expiries(rule: ExpiryRule, today: date, count: int) -> list[date]:
    """The next `count` expiries strictly after today.

    An expiry on today itself is left out: after 15:30 that contract is dead, and the sample has no clock.
    """
    found: list[date] = []
    year, month = today.year, today.month
    for _ in range(36):  # enough for any rule with a contract at least every other quarter
        expiry = rule(year, month)
        if expiry is not None and expiry > today:
            found.append(expiry)
        if len(found) == count:
            break
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def nse_monthly(year: int, month: int) -> date:
    """NSE's monthly F&O expiry: the last Tuesday of the month (since September 2025)."""
    last = _last_day(year, month)
    return last - timedelta(days=(last.weekday() - _TUESDAY) % 7)


def cds_monthly(year: int, month: int) -> date:
    """Currency futures: two working days before the month's last working day."""
    return _weekdays_before(_weekday_on_or_before(_last_day(year, month)), 2)


def mcx_monthly(day: int, months: Sequence[int] = tuple(range(1, 13))) -> ExpiryRule:
    """A fixed day of the listed months, moved back to a weekday (MCX's real rules vary by contract: the
    fixed days below are approximations, NOT CONFIRMED)."""

    def rule(year: int, month: int) -> date | None:
        return _weekday_on_or_before(date(year, month, day)) if month in months else None

    return rule


def _last_day(year: int, month: int) -> date:
    first_of_next = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return first_of_next - timedelta(days=1)


def _weekday_on_or_before(day: date) -> date:
    while day.weekday() >= _SATURDAY:
        day -= timedelta(days=1)
    return day


def _weekdays_before(day: date, count: int) -> date:
    for _ in range(count):
        day = _weekday_on_or_before(day - timedelta(days=1))
    return day
