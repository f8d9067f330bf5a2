"""Orders ▸ Cancel all open orders, Cancel the open orders shown, Exit all positions: read what is open now, plan
(``domain.bulk``), ask with the whole list, then send one write at a time with a progress dialog and Stop.

What is open is read from Kite when the user asks, not taken from the last poll, so an order placed a second ago on
the phone is cancelled too; "the orders shown" are the book's rows under its current filter, as the user sees them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from kiteticket.domain.bulk import BulkPlan, cancel_plan, exit_plan
from kiteticket.domain.order_row import OrderRow
from kiteticket.domain.orderbook import OrderBookSnapshot
from kiteticket.domain.portfolio_rows import Position, parse_positions
from kiteticket.domain.tags import new_tag
from kiteticket.ui.broker_port import BrokerPort
from kiteticket.ui.bulk.confirm_dialog import BulkConfirmation
from kiteticket.ui.bulk.progress_dialog import BulkProgressDialog
from kiteticket.ui.bulk.runner import BulkRunner, PlacementWatch
from kiteticket.ui.confirm import Confirmation
from kiteticket.ui.messages import MessageCenter
from kiteticket.ui.tasks import TaskRunner

RUN_UNDER_WAY = "A bulk action is under way: stop it or let it finish first."
QUIT_TITLE = "Quit while a bulk action is under way?"


class BulkController(QObject):
    """Starts bulk actions from the Orders menu and keeps at most one running.

    Signals:
        run_started(object): the BulkRunner of a run that has started.
        run_finished(): the run has nothing more to send.
    """

    run_started = Signal(object)
    run_finished = Signal()

    def __init__(
        self,
        broker: BrokerPort,
        tasks: TaskRunner,
        messages: MessageCenter,
        placements: PlacementWatch,
        *,
        window: QWidget,
        shown_orders: Callable[[], tuple[OrderRow, ...]],
        after_run: Callable[[], None],
        tag_prefix: Callable[[], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._broker, self._tasks, self._messages, self._placements = broker, tasks, messages, placements
        self._window, self._shown_orders, self._after_run, self._tag_prefix = (
            window,
            shown_orders,
            after_run,
            tag_prefix,
        )
        self._reading = False
        self.dialog: BulkProgressDialog | None = None  # the progress dialog on screen, if any
        self._shown_runner: BulkRunner | None = None
        self._runners: list[BulkRunner] = []  # runs whose dialog is open: their lost replies may still settle

    def install_menu(self, menu: QMenu) -> None:
        for name, text, keys, slot in (
            ("cancel_all", "Cancel all open orders…", "Ctrl+Shift+X", self.cancel_all),
            ("cancel_shown", "Cancel the open orders shown…", "", self.cancel_shown),
            ("exit_all", "Exit all positions…", "Ctrl+Shift+E", self.exit_all),
        ):
            action = QAction(text, menu)
            action.setObjectName(name)
            if keys:
                action.setShortcut(QKeySequence(keys))
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            menu.addAction(action)

    # --- the three actions ---------------------------------------------------------------------------------------
    @Slot()
    def cancel_all(self) -> None:
        if self.can_start():
            self._reading = True
            self._tasks.read(self._broker.orders_raw, self._on_orders_read, self._on_read_failed)

    @Slot()
    def cancel_shown(self) -> None:
        if self.can_start():
            self.run_plan(cancel_plan(self._shown_orders(), "Cancel the open orders shown"))

    @Slot()
    def exit_all(self) -> None:
        if self.can_start():
            self._reading = True
            read = partial(_net_positions, self._broker)  # parsed on the worker thread, as the positions poll does
            self._tasks.read(read, self._on_positions_read, self._on_read_failed)

    def _on_orders_read(self, raw: object) -> None:
        self._reading = False
        self.run_plan(cancel_plan(_rows(raw), "Cancel all open orders"))

    def _on_positions_read(self, positions: object) -> None:
        # A cover order is left through its stop leg, found in the order book: read it after the positions.
        net = positions if isinstance(positions, tuple) else ()
        self._tasks.read(self._broker.orders_raw, partial(self._on_exit_orders_read, net), self._on_read_failed)

    def _on_exit_orders_read(self, net: tuple[Position, ...], raw: object) -> None:
        self._reading = False
        self.run_plan(exit_plan(net, _rows(raw), "Exit all positions"))

    def _on_read_failed(self, error: BaseException) -> None:
        self._reading = False
        self._messages.broker_error(error, "Could not read what is open; nothing was sent")

    def _new_tag(self) -> str:
        return new_tag(self._tag_prefix())

    # --- running -----------------------------------------------------------------------------------------------
    def can_start(self) -> bool:
        if self._reading:
            return False
        if self.dialog is not None and self.dialog.is_running():
            self.dialog.raise_()
            self._messages.status(RUN_UNDER_WAY)
            return False
        return True

    def may_close(self) -> bool:
        """The window's close guard: closing mid-run stops the run, so ask first (the write that is out finishes;
        nothing after it is sent). True when nothing is under way or the user said Yes, and the run is stopped."""
        running = [runner for runner in self._runners if shiboken6.isValid(runner) and not runner.run.finished]
        if not running:
            return True
        run = running[0].run
        text = (
            f"{run.plan.title}: {run.answered} of {run.total} answered. Quitting stops it: the write that is out "
            "finishes, the rest are not sent. Quit anyway?"
        )
        if not Confirmation.ask(self._window, QUIT_TITLE, text):
            return False
        for runner in running:
            runner.stop()
        return True

    def run_plan(self, plan: BulkPlan) -> BulkRunner | None:
        """Ask with the plan's whole list, then run it with the progress dialog: the runner, or None if the user
        said no or there was nothing to send. Baskets place their orders through this too."""
        if not plan.items:
            reasons = "; ".join(f"{skip.line}: {skip.reason}" for skip in plan.skipped)
            self._messages.status(f"{plan.title}: nothing to send." + (f" Left alone: {reasons}" if reasons else ""))
            return None
        if not BulkConfirmation.ask(self._window, plan):
            return None
        runner = BulkRunner(
            plan, self._broker, self._tasks, placements=self._placements, new_tag=self._new_tag, parent=self
        )
        runner.finished.connect(self._on_runner_finished)
        dialog = BulkProgressDialog(runner, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(partial(self._forget, runner))
        self.dialog, self._shown_runner = dialog, runner
        self._runners.append(runner)
        dialog.show()
        self.run_started.emit(runner)
        runner.start()
        return runner

    def _forget(self, runner: BulkRunner, _dialog: object = None) -> None:
        if runner in self._runners:
            self._runners.remove(runner)
        if runner is self._shown_runner:  # its dialog is gone: no stale reference to a deleted widget
            self.dialog, self._shown_runner = None, None
        if shiboken6.isValid(runner):  # at shutdown the controller, its parent, may have deleted it already
            runner.deleteLater()

    @Slot()
    def _on_runner_finished(self) -> None:
        runner = self.sender()
        if isinstance(runner, BulkRunner):
            self._messages.status(f"{runner.run.plan.title}: {runner.run.summary()}.")
        self._after_run()
        self.run_finished.emit()

    # --- what the order book says ------------------------------------------------------------------------------
    @Slot(str, str)
    def on_placement_resolved(self, tag: str, order_id: str) -> None:
        for runner in self._runners:
            runner.resolve_placement(tag, order_id)

    @Slot(object)
    def on_snapshot(self, snapshot: OrderBookSnapshot) -> None:
        for runner in self._runners:
            runner.on_snapshot(snapshot)


def _rows(raw: object) -> tuple[OrderRow, ...]:
    return OrderBookSnapshot.from_raw(raw).rows if isinstance(raw, list) else ()


def _net_positions(broker: BrokerPort) -> tuple[Position, ...]:
    return parse_positions(broker.positions_raw())
