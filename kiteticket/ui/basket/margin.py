"""A basket's combined margin, asked of Kite off the GUI thread after each change; an answer that arrives after a
newer question is dropped, so the figure shown is always the shown basket's."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QObject

from kiteticket.domain.basket_margin import BasketMargin
from kiteticket.domain.order import OrderRequest
from kiteticket.ui.broker_port import BrokerPort
from kiteticket.ui.messages import error_text
from kiteticket.ui.tasks import TaskRunner


class BasketMarginAsker(QObject):
    """Asks /margins/basket and says the answer in words through ``show``. Signals: none."""

    def __init__(
        self, broker: BrokerPort, tasks: TaskRunner, show: Callable[[str], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._broker, self._tasks, self._show = broker, tasks, show
        self._asked = 0  # which question the figure shown must answer

    def ask(self, orders: Sequence[OrderRequest]) -> None:
        self._asked += 1
        if not orders:
            self._show("Margin: – (the basket is empty)")
            return
        self._show("Margin: asking Kite…")
        asked = self._asked
        self._tasks.read(
            partial(self._broker.basket_margin, tuple(orders)),
            partial(self._on_read, asked),
            partial(self._on_failed, asked),
        )

    def _on_read(self, asked: int, margin: object) -> None:
        if asked == self._asked and isinstance(margin, BasketMargin):
            self._show(margin.text())

    def _on_failed(self, asked: int, error: BaseException) -> None:
        if asked == self._asked:
            self._show(f"Margin not available: {error_text(error)}")
