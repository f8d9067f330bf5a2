"""The market clock at chosen moments: sessions, AMO windows and what can be placed when."""

from __future__ import annotations

from datetime import datetime

import pytest

from kiteticket.domain.enums import Exchange, Variety
from kiteticket.domain.market_clock import IST, MarketClock, MarketMode, mcx_close


def clock_at(text: str) -> MarketClock:
    moment = datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=IST)
    return MarketClock(now=lambda: moment)


@pytest.mark.parametrize(
    ("moment", "exchange", "open_", "amo"),
    [
        ("2026-11-25 10:00", Exchange.NSE, True, False),  # a Wednesday, in session
        ("2026-11-25 15:35", Exchange.NSE, False, False),  # after the close, before the AMO window
        ("2026-11-25 16:00", Exchange.NSE, False, True),
        ("2026-11-26 08:57", Exchange.NSE, False, True),
        ("2026-11-26 08:58", Exchange.NSE, False, False),
        ("2026-11-25 15:50", Exchange.NFO, False, True),  # F&O takes AMOs from 15:45
        ("2026-11-25 16:30", Exchange.CDS, True, False),  # currency trades to 17:00
        ("2026-11-25 23:40", Exchange.MCX, True, False),  # November: MCX runs to 23:55
        ("2026-07-15 23:40", Exchange.MCX, False, True),  # July: MCX closes at 23:30
        ("2026-11-28 11:00", Exchange.NSE, False, True),  # Saturday: AMOs all day
    ],
)
def test_sessions_and_amo_windows(moment: str, exchange: Exchange, open_: bool, amo: bool) -> None:
    clock = clock_at(moment)
    assert clock.is_open(exchange) is open_
    assert clock.in_amo_window(exchange) is amo


def test_placement_problems_say_what_to_do() -> None:
    evening = clock_at("2026-11-25 19:00")
    assert evening.placement_problem(Variety.AMO, Exchange.NSE) is None
    regular = evening.placement_problem(Variety.REGULAR, Exchange.NSE)
    assert regular is not None
    assert "closed" in regular
    assert "AMO" in regular
    morning = clock_at("2026-11-25 10:00")
    assert morning.placement_problem(Variety.REGULAR, Exchange.NSE) is None
    amo = morning.placement_problem(Variety.AMO, Exchange.NSE)
    assert amo is not None
    assert "16:00–08:58 IST" in amo


def test_fixed_modes_ignore_the_hour() -> None:
    night = datetime(2026, 11, 25, 23, 59, tzinfo=IST)
    assert MarketClock(lambda: night, MarketMode.OPEN).is_open(Exchange.NSE)
    assert not MarketClock(lambda: night, MarketMode.OPEN).in_amo_window(Exchange.NSE)
    assert MarketClock(lambda: night, MarketMode.CLOSED).in_amo_window(Exchange.NFO)


def test_mcx_close_follows_us_daylight_saving() -> None:
    assert mcx_close(datetime(2026, 3, 7).date()).minute == 55  # before the second Sunday of March
    assert mcx_close(datetime(2026, 3, 9).date()).minute == 30
    assert mcx_close(datetime(2026, 10, 31).date()).minute == 30
    assert mcx_close(datetime(2026, 11, 2).date()).minute == 55  # after the first Sunday of November
