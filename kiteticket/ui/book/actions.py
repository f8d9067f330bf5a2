"""What the order book's actions do: modify, cancel, exit, repeat and history, each through the broker off the
GUI thread, behind the confirmation the user chose in Settings.

A modify or cancel reply only says Kite accepted the request; the order book's next poll shows what happened, so
every write ends with ``poll_now`` rather than with a claim that the order changed. A batch of cancellations is
reported once, when each has an answer: after the token expired, twenty failures are one message, not twenty boxes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import shiboken6
from PySide6.QtCore import QAbstractProxyModel, QItemSelectionModel, QModelIndex, QObject, Qt, Slot
from PySide6.QtWidgets import QWidget

from kiteticket.domain.book_confirmation import cancel_confirmation_text, modify_confirmation_text
from kiteticket.domain.instruments import InstrumentMaster
from kiteticket.domain.order import ModifyRequest, OrderRequest
from kiteticket.domain.order_conversion import (
    ConversionError,
    exit_leg,
    modifications_in_history,
    modify_variety,
    request_from_row,
)
from kiteticket.domain.order_row import OrderRow
from kiteticket.domain.orderbook import OrderBookSnapshot
from kiteticket.domain.portfolio_rows import Trade, parse_trades
from kiteticket.preferences import Preferences
from kiteticket.ui.book.history_dialog import OrderHistoryDialog
from kiteticket.ui.book.model import OrderBookModel
from kiteticket.ui.book.modify_dialog import ModifyOrderDialog
from kiteticket.ui.book.view import OrderBookView
from kiteticket.ui.broker_port import BrokerPort
from kiteticket.ui.confirm import Confirmation
from kiteticket.ui.display_copy import keyed_source, view_index
from kiteticket.ui.messages import MessageCenter
from kiteticket.ui.tasks import TaskRunner
from kiteticket.ui.ticket import OrderTicket

TICKET_BUSY = "The ticket is busy with an order on its way; try again when it has an answer."


@dataclass
class _CancelBatch:
    """The cancellations one request started (Delete or "Cancel selected"), reported together once all answered."""

    order_ids: tuple[str, ...]
    sent: int = 0
    errors: list[BaseException] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return self.sent + len(self.errors) == len(self.order_ids)


class BookActionsController(QObject):
    """Turns the order book view's requests into broker calls and dialogs. Signals: none."""

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
        # Orders whose history is being read before their dialog opens: a second double-click in that time (or a
        # held Enter) must not open a second dialog, which could send a second modification.
        self._modify_pending: set[str] = set()
        self._select_order_id = ""
        # The orders selected when the ticket last sent one; None before any (a placement recovered after a crash).
        self._selection_at_send: frozenset[str] | None = None
        ticket.submit_requested.connect(self._on_ticket_submit_requested)
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
        if row.order_id in self._modify_pending:
            return
        self._modify_pending.add(row.order_id)
        # The history says how many of Kite's 25 modifications are used; the dialog opens either way.
        self._tasks.read(
            partial(self._broker.order_history_raw, row.order_id),
            partial(self._on_history_read, row),
            partial(self._on_history_failed, row),
        )

    def _on_history_read(self, row: OrderRow, history: object) -> None:
        self._open_modify_dialog(row, modifications_in_history(history) if isinstance(history, list) else None)

    def _on_history_failed(self, row: OrderRow, _error: BaseException) -> None:
        self._open_modify_dialog(row, None)  # the count is a help, not a condition: modify without it

    def _open_modify_dialog(self, row: OrderRow, used: int | None) -> None:
        self._modify_pending.discard(row.order_id)
        master = self._master()
        instrument = master.get(row.exchange, row.tradingsymbol) if master else None
        dialog = ModifyOrderDialog(
            row, instrument, modifications_used=used, parent=self._view.window(), confirm=self._confirm_modify
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._on_modify_dialog_accepted)
        dialog.finished.connect(self._on_modify_dialog_finished)
        self._modify_dialogs[row.order_id] = dialog
        dialog.open()

    def _confirm_modify(self, modify: ModifyRequest, dialog: QWidget) -> bool:
        # Asked by the dialog before it closes, over it: No leaves the dialog open with the user's edits.
        row = dialog.order_row() if isinstance(dialog, ModifyOrderDialog) else None
        text = modify_confirmation_text(row, modify) if row else f"Send the change to {modify.order_id}?"
        return self._confirmed("confirm_modify", "Modify order?", text, dialog)

    @Slot()
    def _on_modify_dialog_accepted(self) -> None:
        dialog = self.sender()
        modify = dialog.modify_request() if isinstance(dialog, ModifyOrderDialog) else None
        if modify is None:
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
        if not self._confirmed("confirm_cancel", "Cancel orders?", cancel_confirmation_text(rows)):
            return
        batch = _CancelBatch(tuple(row.order_id for row in rows))
        for row in rows:
            self._tasks.write(
                partial(self._broker.cancel, modify_variety(row), row.order_id),
                partial(self._on_cancel_sent, batch),
                partial(self._on_cancel_failed, batch),
            )

    def _on_cancel_sent(self, batch: _CancelBatch, _order_id: object) -> None:
        batch.sent += 1
        self._report_if_done(batch)

    def _on_cancel_failed(self, batch: _CancelBatch, error: BaseException) -> None:
        batch.errors.append(error)
        self._report_if_done(batch)

    def _report_if_done(self, batch: _CancelBatch) -> None:
        if not batch.done:
            return
        self._poll_now()
        total, failed = len(batch.order_ids), len(batch.errors)
        if total == 1:
            self._report_one_cancel(batch.order_ids[0], batch.errors)
        elif failed:
            self._messages.broker_errors("Cancel orders", f"{failed} of {total} cancellations failed", batch.errors)
        else:
            self._messages.status(f"Cancellation of {total} orders sent.")

    def _report_one_cancel(self, order_id: str, errors: list[BaseException]) -> None:
        if errors:
            self._messages.broker_error(errors[0], f"Cancel {order_id}")
        else:
            self._messages.status(f"Cancellation of {order_id} sent.")

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

    def _confirmed(self, preference: str, title: str, text: str, parent: QWidget | None = None) -> bool:
        if not getattr(self._preferences(), preference):
            return True
        return Confirmation.ask(parent or self._view.window(), title, text)

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
        self.prefill_ticket(request)

    @Slot(object)
    def prefill_ticket(self, request: OrderRequest) -> None:
        """Fill the ticket from an order (Repeat here; Exit and Add from the positions view). The ticket ignores a
        prefill while an order is on its way, so say why nothing happened rather than do nothing."""
        if self._ticket.is_busy():
            self._messages.status(TICKET_BUSY)
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
            partial(_order_trades, self._broker, row.order_id),
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

    @Slot(object)
    def _on_ticket_submit_requested(self, _request: object) -> None:
        self._selection_at_send = self._selected_ids()

    def _select(self, order_id: str) -> None:
        index = self._view_index(order_id)
        if index is None:
            return  # not in the book yet: the next snapshot tries again
        self._select_order_id = ""
        if not index.isValid() or self._user_selected_since_send():
            return
        # Current and selected together: Enter and the menu then act on the new order, not on a row picked before.
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self._view.selectionModel().setCurrentIndex(index, flags)
        self._view.scrollTo(index)

    def _view_index(self, order_id: str) -> QModelIndex | None:
        """The order's row in the view (invalid if the filter hides it); None if the book does not have it yet."""
        proxy = self._view.model()
        source = keyed_source(proxy)
        if not isinstance(source, OrderBookModel) or not isinstance(proxy, QAbstractProxyModel):
            return QModelIndex()
        row = source.row_for_order(order_id)
        return None if row is None else view_index(proxy, row)

    def _selected_ids(self) -> frozenset[str]:
        return frozenset(row.order_id for row in self._view.selected_rows())

    def _user_selected_since_send(self) -> bool:
        """The order shows up to two minutes after it was sent when its outcome had to be looked up; a selection the
        user made meanwhile is theirs, and the new order must not take it."""
        selected = self._selected_ids()
        return bool(selected) and selected != self._selection_at_send


def _order_trades(broker: BrokerPort, order_id: str) -> list[Trade]:
    """On a worker thread: one order's fills, read into rows there rather than on the GUI thread."""
    return list(parse_trades(broker.order_trades_raw(order_id)))


def _if_alive(dialog: OrderHistoryDialog, setter: Callable[[list[Any]], None], rows: object) -> None:
    """The user may close the history before Kite answers; a closed dialog is already deleted."""
    if shiboken6.isValid(dialog) and isinstance(rows, list):
        setter(rows)


def _history_failed(dialog: OrderHistoryDialog, error: BaseException) -> None:
    if shiboken6.isValid(dialog):
        dialog.set_failed(getattr(error, "user_message", str(error)))
