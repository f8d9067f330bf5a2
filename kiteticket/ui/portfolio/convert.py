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

from kiteticket.domain.errors import BrokerError
from kiteticket.domain.portfolio_rows import Position
from kiteticket.domain.position_conversion import PositionConversion, conversion_summary
from kiteticket.ui.broker_port import BrokerPort
from kiteticket.ui.confirm import Confirmation
from kiteticket.ui.messages import MessageCenter, error_text
from kiteticket.ui.tasks import TaskRunner

TITLE = "Convert position?"


class PositionConverter(QObject):
    """Signals:
    converted(PositionConversion): Kite has taken a conversion.
    unsettled(PositionConversion): its reply was lost: it may have been done; what it changed is to be read again.
    """

    converted = Signal(object)
    unsettled = Signal(object)

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
        if isinstance(error, BrokerError) and not error.outcome_unknown:
            self._messages.broker_error(error, f"{conversion.tradingsymbol} not converted")
            return
        # The request may have reached Kite: never sent again by itself; the positions read now show which it was.
        self._messages.error(
            f"{conversion.tradingsymbol}: conversion may have been done",
            f"{error_text(error)} Kite may have converted {conversion.quantity} {conversion.tradingsymbol} from "
            f"{conversion.old_product} to {conversion.new_product}: the positions and funds are read again now. "
            "Check them before converting again.",
        )
        self.unsettled.emit(conversion)
