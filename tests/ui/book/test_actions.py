"""The book actions controller on its own: a real order book view, a broker that answers as each test says, and a
task runner that holds every call until the test lets Kite answer, so the order of events is the test's to choose.

The paper-exchange tests in tests/ui/app/test_book_actions.py cover the same actions end to end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from kiteticket.domain.enums import Variety
from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.order import ModifyRequest, OrderRequest
from kiteticket.domain.order_conversion import request_from_row
from kiteticket.domain.orderbook import OrderBookSnapshot, OrderRow
from kiteticket.preferences import Preferences
from kiteticket.ui.book.actions import TICKET_BUSY, BookActionsController
from kiteticket.ui.book.filter import OrderBookFilterProxy
from kiteticket.ui.book.model import OrderBookModel
from kiteticket.ui.book.modify_dialog import ModifyOrderDialog
from kiteticket.ui.book.view import OrderBookView
from kiteticket.ui.broker_port import BrokerPort
from kiteticket.ui.confirm import Confirmation
from kiteticket.ui.messages import MessageCenter
from kiteticket.ui.tasks import Failure, Success, TaskRunner
from kiteticket.ui.ticket import OrderTicket
from tests.domain.test_orderbook import raw_order

# The offscreen platform cannot pass a shown window's size hints to a window system, nor raise a window; a real
# display can.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")

ORDERS: list[dict[str, Any]] = [
    raw_order(order_id, f"2026-11-25 10:00:0{number}", price=700 + number)
    for number, order_id in enumerate("abcde", start=1)
]
TOKEN_EXPIRED = BrokerError(ErrorKind.TOKEN, "Your session has expired.")


class ManualTasks(TaskRunner):
    """Holds each call; ``answer`` runs them on the GUI thread, as the real runner's callbacks would arrive."""

    def __init__(self) -> None:
        super().__init__()
        self.reads: list[tuple[Callable[[], object], Success, Failure]] = []
        self.writes: list[tuple[Callable[[], object], Success, Failure]] = []

    def read(self, op: Callable[[], object], on_success: Success, on_failure: Failure) -> None:
        self.reads.append((op, on_success, on_failure))

    def write(self, op: Callable[[], object], on_success: Success, on_failure: Failure) -> None:
        self.writes.append((op, on_success, on_failure))

    def answer(self) -> None:
        calls, self.reads, self.writes = [*self.reads, *self.writes], [], []
        for op, on_success, on_failure in calls:
            try:
                result = op()
            except Exception as error:  # as the runner does: every failure travels back as data
                on_failure(error)
            else:
                on_success(result)


@dataclass
class FakeBroker:
    """Answers what the controller asks; what it was asked to change is recorded."""

    history: list[dict[str, object]] = field(default_factory=list)
    history_error: BaseException | None = None
    cancel_errors: dict[str, BaseException] = field(default_factory=dict)
    cancelled: list[str] = field(default_factory=list)
    modified: list[ModifyRequest] = field(default_factory=list)

    def order_history_raw(self, _order_id: str) -> list[dict[str, object]]:
        if self.history_error is not None:
            raise self.history_error
        return self.history

    def cancel(self, _variety: Variety, order_id: str, _parent_order_id: str | None = None) -> str:
        if order_id in self.cancel_errors:
            raise self.cancel_errors[order_id]
        self.cancelled.append(order_id)
        return order_id

    def modify(self, modify: ModifyRequest) -> str:
        self.modified.append(modify)
        return modify.order_id


class FakeTicket(QObject):
    """Stands in for OrderTicket: the signal the controller listens to, and what it is told."""

    submit_requested = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.busy = False
        self.prefilled: list[OrderRequest] = []

    def is_busy(self) -> bool:
        return self.busy

    def prefill(self, request: OrderRequest) -> None:
        self.prefilled.append(request)


@dataclass
class Rig:
    qtbot: QtBot
    window: QMainWindow
    model: OrderBookModel
    view: OrderBookView
    ticket: FakeTicket
    broker: FakeBroker
    tasks: ManualTasks
    messages: MessageCenter
    controller: BookActionsController
    answers: list[bool]
    polls: list[None]

    def row(self, order_id: str) -> OrderRow:
        return self.model.snapshot.by_id[order_id]

    def select(self, *order_ids: str) -> None:
        self.view.clearSelection()
        flags = self.view.selectionModel().SelectionFlag
        for order_id in order_ids:
            self.view.selectionModel().select(self.index(order_id), flags.Select | flags.Rows)

    def index(self, order_id: str) -> Any:
        position = self.model.row_for_order(order_id)
        assert position is not None
        proxy = self.view.model()
        assert isinstance(proxy, OrderBookFilterProxy)
        return proxy.mapFromSource(self.model.index(position, 0))

    def selected_ids(self) -> list[str]:
        return [row.order_id for row in self.view.selected_rows()]

    def current_id(self) -> str | None:
        row = self.view.current_row()
        return row.order_id if row is not None else None

    def show(self, orders: list[dict[str, Any]]) -> None:
        self.model.apply(OrderBookSnapshot.from_raw(orders))
        self.controller.on_snapshot(self.model.snapshot)

    def dialogs(self) -> list[ModifyOrderDialog]:
        return [dialog for dialog in self.window.findChildren(ModifyOrderDialog) if dialog.isVisible()]

    def status(self) -> str:
        return self.window.statusBar().currentMessage()


@pytest.fixture
def rig(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[Rig]:
    answers: list[bool] = []

    def ask(_cls: type[Confirmation], _parent: QWidget | None, _title: str, _text: str) -> bool:
        return answers.pop(0) if answers else True

    monkeypatch.setattr(Confirmation, "ask", classmethod(ask))
    window = QMainWindow()
    qtbot.addWidget(window)
    model = OrderBookModel()
    model.apply(OrderBookSnapshot.from_raw(ORDERS))
    proxy = OrderBookFilterProxy()
    proxy.setSourceModel(model)
    view = OrderBookView(proxy)
    proxy.setParent(view)
    window.setCentralWidget(view)
    messages = MessageCenter(window)
    messages.attach(window, window.statusBar())
    ticket, broker, tasks, polls = FakeTicket(), FakeBroker(), ManualTasks(), []
    controller = BookActionsController(
        view,
        cast(OrderTicket, ticket),
        cast(BrokerPort, broker),
        tasks,
        messages,
        preferences=Preferences,
        poll_now=lambda: polls.append(None),
        master=lambda: None,
    )
    window.show()
    qtbot.waitExposed(window)
    yield Rig(qtbot, window, model, view, ticket, broker, tasks, messages, controller, answers, polls)
    for dialog in window.findChildren(ModifyOrderDialog):
        dialog.close()


def request_modify(rig: Rig, order_id: str) -> None:
    rig.view.modify_requested.emit(rig.row(order_id))


def open_dialog(rig: Rig, order_id: str) -> ModifyOrderDialog:
    request_modify(rig, order_id)
    rig.tasks.answer()
    rig.qtbot.waitUntil(lambda: len(rig.dialogs()) == 1)
    return rig.dialogs()[0]


def click_ok(dialog: ModifyOrderDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert isinstance(box, QDialogButtonBox)
    box.button(QDialogButtonBox.StandardButton.Ok).click()


# -- selecting a newly placed order -------------------------------------------------------------------------------
def test_a_placed_order_becomes_the_selected_and_current_row(rig: Rig) -> None:
    rig.select("a")
    rig.view.selectionModel().setCurrentIndex(rig.index("a"), rig.view.selectionModel().SelectionFlag.NoUpdate)
    rig.ticket.submit_requested.emit(None)

    rig.show([*ORDERS, raw_order("n", "2026-11-25 10:00:09")])
    rig.controller.select_when_shown("n")

    assert rig.selected_ids() == ["n"]
    assert rig.current_id() == "n"  # so Enter and the menu are about the new order, not the one picked before


def test_a_placed_order_does_not_take_a_selection_the_user_made_meanwhile(rig: Rig) -> None:
    rig.ticket.submit_requested.emit(None)  # sent with nothing selected
    rig.controller.select_when_shown("n")  # not in the book yet: selected once a poll shows it

    rig.select("b")  # the user picks another order while Kite answers (up to two minutes, by reconciliation)
    rig.show([*ORDERS, raw_order("n", "2026-11-25 10:00:09")])

    assert rig.selected_ids() == ["b"]


# -- modify ---------------------------------------------------------------------------------------------------
def test_one_order_gets_one_modify_dialog_however_often_it_is_asked(rig: Rig) -> None:
    request_modify(rig, "a")
    request_modify(rig, "a")  # a second double-click while the history is still being read

    assert len(rig.tasks.reads) == 1
    rig.tasks.answer()
    rig.qtbot.waitUntil(lambda: len(rig.dialogs()) == 1)
    request_modify(rig, "a")  # the open dialog is raised, not doubled
    assert rig.tasks.reads == []

    rig.dialogs()[0].reject()
    rig.qtbot.waitUntil(lambda: rig.dialogs() == [])
    request_modify(rig, "a")
    assert len(rig.tasks.reads) == 1  # closed: the order may be modified again


def test_modify_opens_without_the_count_when_the_history_cannot_be_read(rig: Rig) -> None:
    rig.broker.history_error = TOKEN_EXPIRED

    dialog = open_dialog(rig, "a")

    label = dialog.findChild(QLabel, "modifications")
    assert label is not None
    assert not label.isVisibleTo(dialog)
    request_modify(rig, "a")
    assert rig.tasks.reads == []  # the failed read no longer blocks, and the open dialog is raised instead


def test_modifications_are_counted_from_the_history(rig: Rig) -> None:
    rig.broker.history = [{"status": "OPEN"}, {"status": "MODIFY VALIDATION PENDING"}, {"status": "OPEN"}]

    dialog = open_dialog(rig, "a")

    label = dialog.findChild(QLabel, "modifications")
    assert label is not None
    assert label.text() == "Modifications: 1 of 25"


def test_declining_the_confirmation_keeps_the_dialog_and_the_edits(rig: Rig) -> None:
    dialog = open_dialog(rig, "a")
    dialog.price.setValue(705.0)
    rig.answers.append(False)

    click_ok(dialog)

    assert rig.dialogs() == [dialog]
    assert dialog.price.value() == 705.0
    assert rig.tasks.writes == []
    click_ok(dialog)  # asked again, and this time the answer is yes
    rig.qtbot.waitUntil(lambda: rig.dialogs() == [])
    rig.tasks.answer()
    assert rig.broker.modified == [ModifyRequest("a", Variety.REGULAR, price=Decimal("705.00"))]


# -- cancel -------------------------------------------------------------------------------------------------
def test_a_failing_batch_cancel_says_so_once(rig: Rig) -> None:
    rig.broker.cancel_errors = dict.fromkeys("bcd", TOKEN_EXPIRED)

    rig.view.cancel_requested.emit(tuple(rig.row(order_id) for order_id in "abcde"))
    rig.tasks.answer()

    rig.qtbot.waitUntil(lambda: rig.messages.shown != [])
    assert rig.messages.shown == [("Cancel orders", f"3 of 5 cancellations failed: {TOKEN_EXPIRED.user_message}")]
    assert rig.broker.cancelled == ["a", "e"]
    assert len(rig.polls) == 1  # one look at the book for the batch


def test_a_batch_cancel_that_went_through_is_one_status_message(rig: Rig) -> None:
    rig.view.cancel_requested.emit(tuple(rig.row(order_id) for order_id in "abc"))
    rig.tasks.answer()

    assert rig.status() == "Cancellation of 3 orders sent."
    assert rig.broker.cancelled == ["a", "b", "c"]


# -- repeat while the ticket is busy ------------------------------------------------------------------------
def test_repeat_while_an_order_is_on_its_way_says_why(rig: Rig) -> None:
    rig.ticket.busy = True

    rig.view.repeat_requested.emit(rig.row("a"))

    assert rig.ticket.prefilled == []
    assert rig.status() == TICKET_BUSY


def test_prefill_from_positions_while_busy_says_why(rig: Rig) -> None:
    request = request_from_row(rig.row("a"))
    rig.ticket.busy = True
    rig.controller.prefill_ticket(request)
    assert (rig.ticket.prefilled, rig.status()) == ([], TICKET_BUSY)

    rig.ticket.busy = False
    rig.controller.prefill_ticket(request)
    assert rig.ticket.prefilled == [request]
