"""Convert a position to another product: confirm what changes, send it through the guarded gateway (rate limited
and audited like every write) off the GUI thread, then refresh what it changed (positions and funds).

A conversion is always confirmed, whatever the order confirmations are set to: it is not an order the user typed
into the ticket and reviewed there, and it changes how the position is squared off and what margin it blocks.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from kiteticket.domain.portfolio_rows import Position
from kiteticket.domain.position_conversion import PositionConversion, conversion_summary
from kiteticket.ui.broker_port import BrokerPort
from kiteticket.ui.confirm import Confirmation
from kiteticket.ui.messages import MessageCenter
from kiteticket.ui.tasks import TaskRunner

TITLE = "Convert position?"


class PositionConverter(QObject):
    """Signals: ``converted(PositionConversion)`` once Kite has taken a conversion."""

    converted = Signal(object)

    def __init__(
        self,
        broker: BrokerPort,
        tasks: TaskRunner,
        messages: MessageCenter,
        window: Callable[[], QWidget | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._broker = broker
        self._tasks = tasks
        self._messages = messages
        self._window = window

    @Slot(object, object)
    def convert(self, position: Position, conversion: PositionConversion) -> None:
        if not Confirmation.ask(self._window(), TITLE, conversion_summary(position, conversion)):
            return
        self._messages.status(f"Converting {conversion.tradingsymbol} to {conversion.new_product}…")
        self._tasks.write(
            partial(self._broker.convert_position, conversion),
            partial(self._on_convert_done, conversion),
            partial(self._on_convert_failed, conversion),
        )

    def _on_convert_done(self, conversion: PositionConversion, _result: bool) -> None:
        self._messages.status(
            f"Converted {conversion.quantity} {conversion.tradingsymbol} from {conversion.old_product} "
            f"to {conversion.new_product}."
        )
        self.converted.emit(conversion)

    def _on_convert_failed(self, conversion: PositionConversion, error: BaseException) -> None:
        self._messages.broker_error(error, f"{conversion.tradingsymbol} not converted")
