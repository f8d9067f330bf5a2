"""The exchanges' clock in IST: when each market is in session, when AMOs are taken, and whether an order of a
given variety can be placed now. The clock's ``now`` is injected, so tests (and the paper exchange) run at any hour.

Sessions and AMO windows come from Zerodha's support pages (kite-api-facts.md §6, current version Z1). Exchange
holidays are not modelled: on a holiday the clock says "open" and the exchange's own rejection is what the user sees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from enum import StrEnum

from kiteticket.domain.enums import Exchange, Variety

IST = timezone(timedelta(hours=5, minutes=30), "IST")


class MarketMode(StrEnum):
    OPEN = "open"  # always in session (the paper exchange's default)
    CLOSED = "closed"  # always after hours, so AMOs are taken
    REAL = "real"  # real IST hours


@dataclass(frozen=True, slots=True)
class Window:
    start: time
    end: time  # an end before the start runs past midnight

    def contains(self, moment: time) -> bool:
        if self.start <= self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end

    def describe(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M} IST"


EQUITY = (Exchange.NSE, Exchange.BSE)
DERIVATIVES = (Exchange.NFO, Exchange.BFO)
CURRENCY = (Exchange.CDS, Exchange.BCD)

# Equity takes orders from the 09:00 pre-open; F&O opens at 09:15; currency 09:00-17:00.
_SESSIONS: dict[Exchange, Window] = {
    **dict.fromkeys(EQUITY, Window(time(9, 0), time(15, 30))),
    **dict.fromkeys(DERIVATIVES, Window(time(9, 15), time(15, 30))),
    **dict.fromkeys(CURRENCY, Window(time(9, 0), time(17, 0))),
}
_AMO_WINDOWS: dict[Exchange, Window] = {
    **dict.fromkeys(EQUITY, Window(time(16, 0), time(8, 58))),
    **dict.fromkeys(DERIVATIVES, Window(time(15, 45), time(9, 10))),
    **dict.fromkeys(CURRENCY, Window(time(17, 0), time(8, 59))),
}


def mcx_close(day: date) -> time:
    """MCX runs to 23:55 while the US is on standard time (November to March), else to 23:30."""
    return time(23, 55) if not _us_daylight_saving(day) else time(23, 30)


def _us_daylight_saving(day: date) -> bool:
    """US DST: from the second Sunday of March to the first Sunday of November."""
    start = _nth_sunday(day.year, 3, 2)
    end = _nth_sunday(day.year, 11, 1)
    return start <= day < end


def _nth_sunday(year: int, month: int, n: int) -> date:
    first = date(year, month, 1)
    offset = (6 - first.weekday()) % 7
    return first + timedelta(days=offset + 7 * (n - 1))


def session_window(exchange: Exchange, day: date) -> Window:
    if exchange is Exchange.MCX:
        return Window(time(9, 0), mcx_close(day))
    return _SESSIONS[exchange]


def amo_window(exchange: Exchange, day: date) -> Window:
    if exchange is Exchange.MCX:
        return Window(mcx_close(day), time(8, 58))
    return _AMO_WINDOWS[exchange]


class MarketClock:
    """Answers "is this market open / taking AMOs now?" for the injected ``now`` and mode."""

    def __init__(self, now: Callable[[], datetime] | None = None, mode: MarketMode = MarketMode.REAL) -> None:
        self._now = now or (lambda: datetime.now(IST))
        self.mode = mode

    def now(self) -> datetime:
        return self._now().astimezone(IST)

    def is_open(self, exchange: Exchange) -> bool:
        if self.mode is not MarketMode.REAL:
            return self.mode is MarketMode.OPEN
        moment = self.now()
        return moment.weekday() < 5 and session_window(exchange, moment.date()).contains(moment.time())

    def in_amo_window(self, exchange: Exchange) -> bool:
        if self.mode is not MarketMode.REAL:
            return self.mode is MarketMode.CLOSED
        moment = self.now()
        if moment.weekday() >= 5:
            return True  # weekends (and holidays) take AMOs all day
        return amo_window(exchange, moment.date()).contains(moment.time())

    def placement_problem(self, variety: Variety, exchange: Exchange) -> str | None:
        """None when an order of this variety can be placed on this exchange now, else what to tell the user."""
        day = self.now().date()
        if variety is Variety.AMO:
            if self.in_amo_window(exchange):
                return None
            window = amo_window(exchange, day).describe()
            return f"AMOs for {exchange} are taken {window}. While the market is open, place a regular order."
        if self.is_open(exchange):
            return None
        window = session_window(exchange, day).describe()
        return f"The {exchange} market is closed (it trades {window}, Monday to Friday). Place an AMO instead."

    def amo_hint(self, exchange: Exchange) -> str:
        """For the ticket: when this exchange takes AMOs."""
        return f"AMO window for {exchange}: {amo_window(exchange, self.now().date()).describe()}"
