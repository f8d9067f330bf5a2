"""Trades and positions, refreshed off the GUI thread when the order book shows a change and every few seconds."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Slot

from kiteticket.ui.broker_port import BrokerPort
from kiteticket.ui.tasks import TaskRunner

REFRESH_MS = 5_000


class PortfolioController(QObject):
    """Keeps the trades and positions models current. A refresh already under way is never doubled; one asked
    for meanwhile runs once it ends, since the reads under way may predate the fill that asked for it."""

    def __init__(self, broker: BrokerPort, tasks: TaskRunner, trades_model: object, positions_model: object) -> None:
        super().__init__()
        self._broker = broker
        self._tasks = tasks
        self._trades = trades_model
        self._positions = positions_model
        self._in_flight = 0
        self._again = False
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)

    def start(self) -> None:
        self._timer.start()
        self.refresh()

    def stop(self) -> None:
        self._timer.stop()

    @Slot()
    def refresh(self) -> None:
        if self._in_flight:
            self._again = True
            return
        self._again = False
        self._in_flight = 2
        self._tasks.read(self._broker.trades_raw, self._on_trades_ready, self._on_refresh_failed)
        self._tasks.read(self._broker.positions_raw, self._on_positions_ready, self._on_refresh_failed)

    def _on_trades_ready(self, rows: object) -> None:
        if isinstance(rows, list):
            self._trades.apply(rows)  # type: ignore[attr-defined]
        self._read_done()

    def _on_positions_ready(self, positions: object) -> None:
        if isinstance(positions, dict):
            self._positions.apply(positions.get("net") or [])  # type: ignore[attr-defined]
        self._read_done()

    def _on_refresh_failed(self, _error: BaseException) -> None:
        # The order book poller reports connection trouble; the next refresh simply tries again.
        self._read_done()

    def _read_done(self) -> None:
        self._in_flight -= 1
        if not self._in_flight and self._again and self._timer.isActive():
            self.refresh()
