"""What the order book's actions do: modify, cancel, exit, repeat and history, each through the broker off the
GUI thread, behind the confirmation the user chose in Settings.

A modify or cancel reply only says Kite accepted the request; the order book's next poll shows what happened, so
every write ends with ``poll_now`` rather than with a claim that the order changed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import shiboken6
from PySide6.QtCore import QAbstractProxyModel, QItemSelectionModel, QObject, Qt, Slot

from kiteticket.domain.instruments import InstrumentMaster
from kiteticket.domain.order_conversion import ConversionError, exit_leg, modify_variety, request_from_row
from kiteticket.domain.order_row import OrderRow
from kiteticket.domain.orderbook import OrderBookSnapshot
from kiteticket.domain.status import OrderStatus
from kiteticket.preferences import Preferences
from kiteticket.ui.broker_port import BrokerPort
from kiteticket.ui.confirm import Confirmation
from kiteticket.ui.history_dialog import OrderHistoryDialog
from kiteticket.ui.messages import MessageCenter
from kiteticket.ui.modify_dialog import ModifyOrderDialog
from kiteticket.ui.orderbook_model import OrderBookModel
from kiteticket.ui.orderbook_view import OrderBookView
from kiteticket.ui.tasks import TaskRunner
from kiteticket.ui.ticket import OrderTicket


def modifications_used(history: list[dict[str, object]]) -> int:
    """Each modification request passes through MODIFY VALIDATION PENDING once in the order's history."""
    return sum(1 for step in history if step.get("status") == OrderStatus.MODIFY_VALIDATION_PENDING)


class BookActionsController(QObject):
    """Turns the order book view's requests into broker calls and dialogs."""

    def __init__(
        self,
        view: OrderBookView,
        ticket: OrderTicket,
        broker: BrokerPort,
        tasks: TaskRunner,
        messages: MessageCenter,
        *,
        preferences: Callable[[], Preferences],
        poll_now: Callable[[], None],
        master: Callable[[], InstrumentMaster | None],
    ) -> None:
        super().__init__()
        self._view, self._ticket, self._broker = view, ticket, broker
        self._tasks, self._messages = tasks, messages
        self._preferences, self._poll_now, self._master = preferences, poll_now, master
        self._modify_dialogs: dict[str, ModifyOrderDialog] = {}
        self._select_order_id = ""
        view.modify_requested.connect(self._on_view_modify_requested)
        view.cancel_requested.connect(self._on_view_cancel_requested)
        view.exit_requested.connect(self._on_view_exit_requested)
        view.repeat_requested.connect(self._on_view_repeat_requested)
        view.history_requested.connect(self._on_view_history_requested)
        view.action_blocked.connect(self._on_view_action_blocked)

    # --- modify ------------------------------------------------------------------------------------------------
    @Slot(object)
    def _on_view_modify_requested(self, row: OrderRow) -> None:
        if row.order_id in self._modify_dialogs:
            self._modify_dialogs[row.order_id].raise_()
            return
        # The history says how many of Kite's 25 modifications are used; the dialog opens either way.
        self._tasks.read(
            partial(self._broker.order_history_raw, row.order_id),
            partial(self._open_modify_dialog, row),
            partial(self._open_modify_dialog, row, None),
        )

    def _open_modify_dialog(self, row: OrderRow, history: object) -> None:
        used = modifications_used(history) if isinstance(history, list) else None
        master = self._master()
        instrument = master.get(row.exchange, row.tradingsymbol) if master else None
        dialog = ModifyOrderDialog(row, instrument, modifications_used=used, parent=self._view.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._on_modify_dialog_accepted)
        dialog.finished.connect(self._on_modify_dialog_finished)
        self._modify_dialogs[row.order_id] = dialog
        dialog.open()

    @Slot()
    def _on_modify_dialog_accepted(self) -> None:
        dialog = self.sender()
        modify = dialog.modify_request() if isinstance(dialog, ModifyOrderDialog) else None
        if modify is None or not self._confirmed(
            "confirm_modify", "Modify order?", f"Send the change to {modify.order_id}?"
        ):
            return
        self._tasks.write(
            partial(self._broker.modify, modify),
            partial(self._on_write_sent, f"Modification of {modify.order_id} sent; the order book shows the result."),
            partial(self._on_write_failed, f"Modify {modify.order_id}"),
        )

    @Slot(int)
    def _on_modify_dialog_finished(self, _result: int) -> None:
        dialog = self.sender()
        self._modify_dialogs = {key: value for key, value in self._modify_dialogs.items() if value is not dialog}

    # --- cancel and exit ---------------------------------------------------------------------------------------
    @Slot(object)
    def _on_view_cancel_requested(self, rows: tuple[OrderRow, ...]) -> None:
        if not rows:
            return
        names = ", ".join(f"{row.transaction_type} {row.quantity} {row.tradingsymbol}" for row in rows[:5])
        more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
        if not self._confirmed("confirm_cancel", "Cancel orders?", f"Cancel {len(rows)} order(s)?\n\n{names}{more}"):
            return
        for row in rows:
            self._tasks.write(
                partial(self._broker.cancel, modify_variety(row), row.order_id),
                partial(self._on_write_sent, f"Cancellation of {row.order_id} sent."),
                partial(self._on_write_failed, f"Cancel {row.order_id}"),
            )

    @Slot(object)
    def _on_view_exit_requested(self, row: OrderRow) -> None:
        leg = exit_leg(row)
        if leg is None:
            return
        text = f"Exit the cover order on {row.tradingsymbol} at market?"
        if self._confirmed("confirm_cancel", "Exit cover order?", text):
            self._tasks.write(
                partial(self._broker.cancel, *leg),
                partial(self._on_write_sent, f"Exit of cover order {leg[2]} sent."),
                partial(self._on_write_failed, f"Exit {row.tradingsymbol}"),
            )

    def _confirmed(self, preference: str, title: str, text: str) -> bool:
        if not getattr(self._preferences(), preference):
            return True
        return Confirmation.ask(self._view.window(), title, text)

    def _on_write_sent(self, text: str, _order_id: object) -> None:
        self._messages.status(text)
        self._poll_now()

    def _on_write_failed(self, doing: str, error: BaseException) -> None:
        self._messages.broker_error(error, doing)
        self._poll_now()

    # --- repeat, history ---------------------------------------------------------------------------------------
    @Slot(object)
    def _on_view_repeat_requested(self, row: OrderRow) -> None:
        master = self._master()
        instrument = master.get(row.exchange, row.tradingsymbol) if master else None
        try:
            request = request_from_row(row, lot_size=instrument.lot_size if instrument else 0)
        except ConversionError as error:
            self._messages.error("Cannot repeat", str(error))
            return
        self._ticket.prefill(request)

    @Slot(object)
    def _on_view_history_requested(self, row: OrderRow) -> None:
        dialog = OrderHistoryDialog(row, self._view.window())
        dialog.show()
        self._tasks.read(
            partial(self._broker.order_history_raw, row.order_id),
            partial(_if_alive, dialog, dialog.set_history),
            partial(_history_failed, dialog),
        )
        self._tasks.read(
            partial(self._broker.order_trades_raw, row.order_id),
            partial(_if_alive, dialog, dialog.set_trades),
            partial(_history_failed, dialog),
        )

    @Slot(str)
    def _on_view_action_blocked(self, reason: str) -> None:
        self._messages.status(reason)

    # --- after each poll ---------------------------------------------------------------------------------------
    def on_snapshot(self, snapshot: OrderBookSnapshot) -> None:
        """Keep open modify dialogs current and select a newly placed order once it shows."""
        for order_id, dialog in self._modify_dialogs.items():
            row = snapshot.by_id.get(order_id)
            if row is not None:
                dialog.update_order(row)
        if self._select_order_id:
            self._select(self._select_order_id)

    def select_when_shown(self, order_id: str) -> None:
        self._select_order_id = order_id
        self._select(order_id)

    def _select(self, order_id: str) -> None:
        proxy = self._view.model()
        source = proxy.sourceModel() if isinstance(proxy, QAbstractProxyModel) else proxy
        if not isinstance(source, OrderBookModel) or not isinstance(proxy, QAbstractProxyModel):
            return
        row = source.row_for_order(order_id)
        if row is None:
            return
        index = proxy.mapFromSource(source.index(row, 0))
        if index.isValid():
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self._view.selectionModel().select(index, flags)
            self._view.scrollTo(index)
        self._select_order_id = ""


def _if_alive(dialog: OrderHistoryDialog, setter: Callable[[list[dict[str, object]]], None], rows: object) -> None:
    """The user may close the history before Kite answers; a closed dialog is already deleted."""
    if shiboken6.isValid(dialog) and isinstance(rows, list):
        setter(rows)


def _history_failed(dialog: OrderHistoryDialog, error: BaseException) -> None:
    if shiboken6.isValid(dialog):
        dialog.set_failed(getattr(error, "user_message", str(error)))
