"""When the funds are read again: on every change in what the order book has filled, the session's first fill
included (an empty book's polls are not passed on, so there is no earlier snapshot to compare with)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiteticket.domain.orderbook import OrderBookSnapshot
from kiteticket.ui.funds.controller import FundsController
from kiteticket.ui.funds.panel import FundsPanel
from kiteticket.ui.tasks import TaskRunner
from tests.kite_samples import order_row


class CountingFunds(FundsController):
    """Counts the reads asked for instead of making them (what is read is tested against the paper app)."""

    def __init__(self) -> None:
        super().__init__(broker=None, tasks=TaskRunner(), panel=FundsPanel())  # type: ignore[arg-type]
        self.reads = 0

    def refresh(self) -> None:
        self.reads += 1


def book(*filled: int) -> OrderBookSnapshot:
    return OrderBookSnapshot.from_raw([order_row(str(i), filled_quantity=f) for i, f in enumerate(filled, start=1)])


def test_the_first_fill_of_the_session_reads_the_funds(qtbot: QtBot) -> None:
    funds = CountingFunds()
    qtbot.addWidget(funds.panel)
    funds.on_snapshot(book(5))  # the first snapshot that changed already shows a fill
    assert funds.reads == 1


def test_only_a_change_in_fills_reads_them_again(qtbot: QtBot) -> None:
    funds = CountingFunds()
    qtbot.addWidget(funds.panel)
    funds.on_snapshot(book(0))  # an order came to rest: nothing filled
    assert funds.reads == 0
    funds.on_snapshot(book(0, 0))
    funds.on_snapshot(book(3, 0))
    funds.on_snapshot(book(3, 0))
    funds.on_snapshot(book(3, 2))
    assert funds.reads == 2


def test_a_pushed_fill_reads_the_funds_and_the_fetch_it_triggers_reads_them_again(qtbot: QtBot) -> None:
    # A pushed update can come before the account shows the fill (a flaky app test caught the funds stale until the
    # minute's timer); the fetched book that follows reads them once more, and only then counts the fill as seen.
    funds = CountingFunds()
    qtbot.addWidget(funds.panel)
    funds.on_snapshot(book(0))
    pushed = OrderBookSnapshot.pushed(book(0), order_row("1", filled_quantity=5, status="COMPLETE"))
    assert pushed.from_push

    funds.on_snapshot(pushed)
    funds.on_snapshot(book(5))
    funds.on_snapshot(book(5))

    assert funds.reads == 2
