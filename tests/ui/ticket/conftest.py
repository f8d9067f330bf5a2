"""Fixtures for the order ticket: a small instrument master in Kite's CSV format, a ticket with a recording
confirmer, and quotes."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from pytestqt.qtbot import QtBot

from kiteticket.domain.draft import Submission
from kiteticket.domain.instruments import InstrumentMaster
from kiteticket.domain.market_clock import MarketClock, MarketMode
from kiteticket.domain.quote import DepthLevel, Quote
from kiteticket.ui.ticket import OrderTicket

INSTRUMENTS_CSV = """\
instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size,instrument_type,segment,exchange
408065,1594,INFY,INFOSYS,0,,0,0.05,1,EQ,NSE,NSE
779521,3045,SBIN,STATE BANK OF INDIA,0,,0,0.05,1,EQ,NSE,NSE
341249,1333,HDFCBANK,HDFC BANK,0,,0,0.05,1,EQ,NSE,NSE
256265,1024,NIFTY 50,NIFTY 50,0,,0,0,0,EQ,INDICES,NSE
128053508,500209,INFY,INFOSYS,0,,0,0.05,1,EQ,BSE,BSE
9000001,35001,NIFTY26DECFUT,NIFTY,0,2026-12-29,0,0.05,65,FUT,NFO-FUT,NFO
9000002,35002,NIFTY26DEC26000CE,NIFTY,0,2026-12-29,26000,0.05,65,CE,NFO-OPT,NFO
9000003,35003,INFY26DECFUT,INFY,0,2026-12-29,0,0.1,400,FUT,NFO-FUT,NFO
9000004,35004,USDINR26DECFUT,USDINR,0,2026-12-29,0,0.0025,1,FUT,CDS-FUT,CDS
"""


@pytest.fixture(scope="session")
def master() -> InstrumentMaster:
    return InstrumentMaster.from_csv(INSTRUMENTS_CSV)


class Confirmer:
    """The injected confirmation: records what it was asked and answers as told."""

    def __init__(self) -> None:
        self.answer = True
        self.asked: list[Submission] = []

    def __call__(self, submission: Submission) -> bool:
        self.asked.append(submission)
        return self.answer


@pytest.fixture
def confirmer() -> Confirmer:
    return Confirmer()


@pytest.fixture
def make_ticket(qtbot: QtBot, master: InstrumentMaster, confirmer: Confirmer) -> Callable[..., OrderTicket]:
    def make(**kwargs: object) -> OrderTicket:
        kwargs.setdefault("clock", MarketClock(mode=MarketMode.OPEN))
        ticket = OrderTicket(confirmer, master, **kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(ticket)
        return ticket

    return make


@pytest.fixture
def ticket(make_ticket: Callable[..., OrderTicket]) -> OrderTicket:
    return make_ticket()


def infy_quote(last: str = "1601.25") -> Quote:
    price = Decimal(last)
    step = Decimal("0.05")
    return Quote(
        key="NSE:INFY", last_price=price, net_change=Decimal("12.40"), open=Decimal("1590.00"),
        high=Decimal("1610.00"), low=Decimal("1585.50"), close=price - Decimal("12.40"), volume=4_812_330,
        lower_circuit=Decimal("1413.55"), upper_circuit=Decimal("1727.65"),
        bids=tuple(DepthLevel(price - step * (i + 1), 100 * (i + 1), i + 1) for i in range(5)),
        asks=tuple(DepthLevel(price + step * i, 120 * (i + 1), i + 2) for i in range(5)),
    )  # fmt: skip
