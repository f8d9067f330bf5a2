"""Keeps the funds panel current: ``GET /user/margins`` off the GUI thread at the start of a session, after every
fill the order book shows, after a conversion, and on a slow timer for what the book does not show (a pay-in, a
settlement, an order placed elsewhere)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Slot

from kiteticket.domain.funds import Funds, filled_total
from kiteticket.domain.orderbook import OrderBookSnapshot
from kiteticket.ui.broker_port import BrokerPort
from kiteticket.ui.funds.panel import FundsPanel
from kiteticket.ui.messages import error_text
from kiteticket.ui.tasks import TaskRunner

REFRESH_MS = 60_000  # funds move with fills, which trigger a refresh of their own; the timer is for the rest


class FundsController(QObject):
    """One read at a time; a refresh asked for meanwhile runs once it ends (the read under way may predate the
    fill that asked). Signals: none of its own."""

    def __init__(self, broker: BrokerPort, tasks: TaskRunner, panel: FundsPanel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._broker = broker
        self._tasks = tasks
        self.panel = panel
        # Fills seen in the book so far. From 0, not from the first snapshot: the first one that changes can carry
        # the session's first fill (an empty book's polls change nothing and are not passed on).
        self._filled = 0
        self._reading = False
        self._again = False
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)

    def start(self) -> None:
        self._timer.start()
        self.refresh()

    def stop(self) -> None:
        self._timer.stop()

    def on_snapshot(self, snapshot: OrderBookSnapshot) -> None:
        """After each poll: refresh when anything more has filled since the last one."""
        filled = filled_total(snapshot.rows)
        if filled != self._filled:
            # A pushed update can come before the account shows the fill; the fetch it triggers reads them again.
            if not snapshot.from_push:
                self._filled = filled
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        if self._reading:
            self._again = True
            return
        self._reading, self._again = True, False
        self._tasks.read(self._broker.funds, self._on_funds_read, self._on_funds_failed)

    def _on_funds_read(self, funds: Funds) -> None:
        self.panel.show_funds(funds)
        self._read_done()

    def _on_funds_failed(self, error: BaseException) -> None:
        self.panel.show_problem(f"Funds not updated: {error_text(error)}")
        self._read_done()

    def _read_done(self) -> None:
        self._reading = False
        if self._again and self._timer.isActive():
            self.refresh()
