"""Trades, positions and holdings, refreshed off the GUI thread when the order book shows a change and every few
seconds. Each reply is read into typed rows (``domain.portfolio_rows``, ``domain.holding``) on the worker thread
that fetched it, so the GUI thread only applies the rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QTimer, Slot

from kiteticket.domain.holding import parse_holdings
from kiteticket.domain.portfolio_rows import parse_positions, parse_trades
from kiteticket.ui.broker_port import BrokerPort
from kiteticket.ui.portfolio.holdings_model import HoldingsModel
from kiteticket.ui.portfolio.positions_model import PositionsModel
from kiteticket.ui.portfolio.trades_model import TradesModel
from kiteticket.ui.tasks import TaskRunner

REFRESH_MS = 5_000


def _read_trades(broker: BrokerPort) -> Sequence[Any]:
    return parse_trades(broker.trades_raw())


def _read_positions(broker: BrokerPort) -> Sequence[Any]:
    return parse_positions(broker.positions_raw())


def _read_holdings(broker: BrokerPort) -> Sequence[Any]:
    return parse_holdings(broker.holdings_raw())


class PortfolioController(QObject):
    """Keeps the trades, positions and holdings models current. A refresh already under way is never doubled; one
    asked for meanwhile runs once it ends, since the reads under way may predate the fill that asked for it.
    Signals: none of its own."""

    def __init__(
        self,
        broker: BrokerPort,
        tasks: TaskRunner,
        trades_model: TradesModel,
        positions_model: PositionsModel,
        holdings_model: HoldingsModel | None = None,
    ) -> None:
        super().__init__()
        self._tasks = tasks
        self._reads: list[tuple[Callable[[], Sequence[Any]], Callable[[Sequence[Any]], object]]] = [
            (partial(_read_trades, broker), trades_model.apply),
            (partial(_read_positions, broker), positions_model.apply),
        ]
        if holdings_model is not None:
            self._reads.append((partial(_read_holdings, broker), holdings_model.apply))
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

    def is_reading(self) -> bool:
        """Whether a refresh is under way (its rows are still to be applied)."""
        return bool(self._in_flight)

    @Slot()
    def refresh(self) -> None:
        if self._in_flight:
            self._again = True
            return
        self._again = False
        self._in_flight = len(self._reads)
        for read, apply in self._reads:
            self._tasks.read(read, partial(self._on_rows_ready, apply), self._on_refresh_failed)

    def _on_rows_ready(self, apply: Callable[[Sequence[Any]], object], rows: Sequence[Any]) -> None:
        apply(rows)
        self._read_done()

    def _on_refresh_failed(self, _error: BaseException) -> None:
        # The order book poller reports connection trouble; the next refresh simply tries again.
        self._read_done()

    def _read_done(self) -> None:
        self._in_flight -= 1
        if not self._in_flight and self._again and self._timer.isActive():
            self.refresh()
