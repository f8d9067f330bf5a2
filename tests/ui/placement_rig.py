"""A PlacementController on the paper exchange through GuardedGateway and the real SDK, with a stand-in ticket and an
injected clock; shared by the placement tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal
from pytestqt.qtbot import QtBot

from kiteticket.broker.guarded import GuardedGateway
from kiteticket.broker.journal import Journal
from kiteticket.domain.orderbook import OrderBookSnapshot
from kiteticket.domain.outcome import Fate
from kiteticket.paper.exchange import PaperExchange
from kiteticket.ui.messages import MessageCenter
from kiteticket.ui.tasks import TaskRunner
from kiteticket.ui.ticket.placement import PlacementController
from tests.broker.test_gateway_paper import connect
from tests.paper.conftest import config
from tests.paper.helpers import set_price

WAIT_MS = 10_000
DAY = 86_400.0


class FakeTicket(QObject):
    """Stands in for OrderTicket: the signal it emits and what the controller tells it, recorded."""

    submit_requested = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.said: list[tuple[str, str]] = []
        self.fates: list[Fate] = []

    def show_placed(self, order_id: str) -> None:
        self.said.append(("placed", order_id))

    def show_rejected(self, message: str) -> None:
        self.said.append(("rejected", message))

    def show_outcome_unknown(self, message: str) -> None:
        self.said.append(("unknown", message))

    def show_order_fate(self, fate: Fate) -> None:
        self.said.append(("fate", fate.order_id))
        self.fates.append(fate)


@dataclass
class Clock:
    now: float = 1_000.0
    wall: float = 1_764_050_000.0  # 25 Nov 2026, 11:23 IST

    def advance(self, seconds: float) -> None:
        self.now += seconds
        self.wall += seconds


@dataclass
class Rig:
    exchange: PaperExchange
    gateway: GuardedGateway
    journal: Journal
    ticket: FakeTicket
    controller: PlacementController
    tasks: TaskRunner
    messages: MessageCenter
    clock: Clock
    polls: list[None] = field(default_factory=list)

    def snapshot(self) -> OrderBookSnapshot:
        return OrderBookSnapshot.from_raw(self.gateway.orders_raw())

    def close(self, qtbot: QtBot) -> None:
        """Finish every task, then delete the Qt objects here, on the GUI thread (never in a pool thread's GC)."""
        assert self.tasks.shutdown()
        with qtbot.waitSignal(self.ticket.destroyed, timeout=WAIT_MS):
            self.ticket.deleteLater()


def make_rig(exchange: PaperExchange, journal: Journal) -> Rig:
    clock = Clock()
    gateway = GuardedGateway(connect(exchange), journal)
    ticket = FakeTicket()  # parent of the rest, so that deleting it deletes them all
    tasks = TaskRunner(ticket)
    polls: list[None] = []
    messages = MessageCenter(ticket)
    controller = PlacementController(
        ticket, gateway, tasks, messages, lambda: polls.append(None),
        journal=journal, clock=lambda: clock.now, wall_clock=lambda: clock.wall,
    )  # fmt: skip
    controller.setParent(ticket)
    return Rig(exchange, gateway, journal, ticket, controller, tasks, messages, clock, polls)


@pytest.fixture
def exchange() -> Iterator[PaperExchange]:
    with PaperExchange(config()) as running:
        set_price(running, "INFY", 1600.0)
        yield running


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    opened = Journal(tmp_path / "journal.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def rig(exchange: PaperExchange, journal: Journal, qtbot: QtBot) -> Iterator[Rig]:
    made = make_rig(exchange, journal)
    yield made
    made.close(qtbot)
