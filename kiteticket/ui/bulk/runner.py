"""Carrying out a bulk plan: one write at a time through the task runner's write pool, each through the broker's
guarded ``cancel``/``place`` (rate limiter, audit log, placement journal), exactly as a single cancel or placement.

A placement whose reply was lost is handed to the placement controller, which looks its tag up in the order book as
it does for the ticket's own; its result here follows when the book settles it. A refused session or address stops
the run: every further write would be refused the same way. A 429 (another app on the account used up the second)
was refused before it was carried out, so that one write is sent again, after the limiter's back-off. An exit
refused as above the exchange's freeze quantity (nothing placed) is sent again with autoslice, and each slice's
fate is its result (``domain.freeze_exit``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import partial
from typing import Protocol

from PySide6.QtCore import QObject, Signal, Slot

from kiteticket.domain.account import PlaceResult
from kiteticket.domain.bulk import BulkPlan, CancelWrite
from kiteticket.domain.bulk_run import BulkRun, ItemResult, Outcome
from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.freeze_exit import FreezeResend, autoslice_resend, sliced_result
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.orderbook import OrderBookSnapshot
from kiteticket.ui.broker_port import BrokerPort
from kiteticket.ui.messages import error_text
from kiteticket.ui.tasks import TaskRunner

# After these, every further write of the run would be refused the same way: stop rather than send 299 more.
_STOPS_THE_RUN = frozenset({ErrorKind.TOKEN, ErrorKind.IP_NOT_REGISTERED})
RATE_LIMIT_RETRIES = 3
STOPPED_AFTER_RATE_LIMIT = "Kite refused it for rate; stopped, not sent again"
STOPPED_AFTER_FREEZE = "Kite refused it as above the freeze quantity; stopped, not sent again to be sliced"


class PlacementWatch(Protocol):
    """The placement controller's part in placements sent from elsewhere (PlacementController has it)."""

    def claim(self, request: OrderRequest) -> None: ...
    def check_unknown(self, request: OrderRequest) -> None: ...


class BulkRunner(QObject):
    """Sends a plan's writes in order, one out at a time.

    Signals:
        item_changed(int): the result of that item changed.
        finished(): nothing is out and nothing more will be sent (some placements may still be checking).
    """

    item_changed = Signal(int)
    finished = Signal()

    def __init__(
        self,
        plan: BulkPlan,
        broker: BrokerPort,
        tasks: TaskRunner,
        *,
        placements: PlacementWatch,
        new_tag: Callable[[], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.run = BulkRun(plan)
        self._broker, self._tasks, self._placements = broker, tasks, placements
        self._new_tag = new_tag
        self._requests: dict[int, OrderRequest] = {}  # placements as sent, with their tags
        self._sliced: dict[int, FreezeResend] = {}  # exits sent again with autoslice after a freeze refusal
        self._retries: Counter[int] = Counter()
        self._checking: dict[str, int] = {}  # tag (placements) or order id (cancels) -> item, while being checked
        self._exits: set[str] = set()  # cover orders' stop legs among those: exited through a cancel with parent id
        self._said_finished = False  # finished is emitted once, whichever of the last answer and Stop comes last

    def start(self) -> None:
        self._send_next()

    @Slot()
    def stop(self) -> None:
        """Send no more; the write that is out finishes and is reported."""
        if not self.run.finished:
            self.run.stop()
            for index in range(self.run.total):
                self.item_changed.emit(index)
        self._finish_if_done()

    def _send_next(self) -> None:
        taken = self.run.take()
        if taken is None:
            self._finish_if_done()
            return
        self.item_changed.emit(taken[0])
        self._send(taken[0])

    def _send(self, index: int) -> None:
        write = self.run.plan.items[index].write
        op: Callable[[], object]
        if isinstance(write, CancelWrite):
            op = partial(self._broker.cancel, write.variety, write.order_id, write.parent_order_id)
        else:
            resend = self._sliced.get(index)
            request = resend.request if resend is not None and resend.request is not None else write.request
            request = request.with_tag(self._new_tag())  # a fresh tag for each sending: the journal's key
            self._requests[index] = request
            self._placements.claim(request)
            op = partial(self._broker.place, request)
        self._tasks.write(op, partial(self._on_write_done, index), partial(self._on_write_failed, index))

    def _on_write_done(self, index: int, result: object) -> None:
        sliced = self._sliced.get(index)
        if sliced is not None and isinstance(result, PlaceResult):
            self._answer(index, sliced_result(result, sliced.freeze))
            return
        detail = result.order_id if isinstance(result, PlaceResult) else str(result)
        self._answer(index, ItemResult(Outcome.DONE, f"order {detail}"))

    def _on_write_failed(self, index: int, error: BaseException) -> None:
        if isinstance(error, BrokerError) and not error.outcome_unknown:
            self._on_refused(index, error)
            return
        # The write may have reached Kite: never sent again, looked up in the order book instead.
        request = self._requests.get(index)
        if request is not None and request.tag:
            self._checking[request.tag] = index
            self._placements.check_unknown(request)
            text = f"no answer; looking for tag {request.tag} in the order book"
        else:
            write = self.run.plan.items[index].write
            assert isinstance(write, CancelWrite)
            self._checking[write.order_id] = index
            if write.parent_order_id:
                self._exits.add(write.order_id)
            text = "no answer; the order book shows whether it was done"
        self._answer(index, ItemResult(Outcome.CHECKING, text))

    def _on_refused(self, index: int, error: BrokerError) -> None:
        """A definite refusal: nothing was done. A 429 is sent again unless the user pressed Stop meanwhile (for a
        placement the resend is a new order); a refused session or address stops the run before anything else."""
        if error.kind is ErrorKind.RATE_LIMIT and self._retries[index] < RATE_LIMIT_RETRIES:
            if self.run.stopped:
                self._answer(index, ItemResult(Outcome.NOT_SENT, STOPPED_AFTER_RATE_LIMIT))
                return
            # Another app on the account used the second's slots: safe to send again, once the limiter's back-off
            # has passed, which the worker thread waits out.
            self._retries[index] += 1
            self._send(index)
            return
        if self._sent_sliced(index, error):
            return
        if error.kind in _STOPS_THE_RUN:
            self.run.stop()  # first: answering sends the next write otherwise, and it would be refused the same way
        self._answer(index, ItemResult(Outcome.FAILED, error_text(error)))
        if error.kind in _STOPS_THE_RUN:
            for other in range(self.run.total):
                self.item_changed.emit(other)

    def _sent_sliced(self, index: int, error: BrokerError) -> bool:
        """A freeze refusal of an exit: nothing was placed, so it goes again for Kite to slice (unless the user
        pressed Stop meanwhile, or Kite could not slice it in 10). True if this answered the item or sent it again."""
        request = self._requests.get(index)
        if not self.run.plan.slice_above_freeze or error.kind is not ErrorKind.INPUT or request is None:
            return False
        resend = autoslice_resend(request, error.message)
        if resend is None:
            return False
        if resend.request is None:
            self._answer(index, ItemResult(Outcome.FAILED, f"{error.message} {resend.why_not}"))
        elif self.run.stopped:
            self._answer(index, ItemResult(Outcome.NOT_SENT, STOPPED_AFTER_FREEZE))
        else:
            self._sliced[index] = resend
            self._send(index)
        return True

    def _answer(self, index: int, result: ItemResult) -> None:
        self.run.answer(index, result)
        self.item_changed.emit(index)
        self._send_next()

    def _finish_if_done(self) -> None:
        if self.run.finished and not self._said_finished:
            self._said_finished = True
            self.finished.emit()

    # --- settling the writes whose reply was lost ----------------------------------------------------------------
    @Slot(str, str)
    def resolve_placement(self, tag: str, order_id: str) -> None:
        """The placement controller settled a tag: placed (an order id) or not placed ("")."""
        index = self._checking.pop(tag, None)
        if index is None:
            return
        if order_id:
            result = ItemResult(Outcome.DONE, f"order {order_id} (found by its tag)")
        else:
            result = ItemResult(Outcome.FAILED, "not placed: it never reached the order book")
        self.run.answer(index, result)
        self.item_changed.emit(index)

    def on_snapshot(self, snapshot: OrderBookSnapshot) -> None:
        """A cancel whose reply was lost is settled once the book shows its order closed."""
        for order_id, index in list(self._checking.items()):
            row = snapshot.by_id.get(order_id)
            if row is None or not row.status_info.is_terminal:
                continue
            del self._checking[order_id]
            # A cover order's exit "cancels" its stop leg, which the exchange then fills at market: COMPLETE is done.
            done = row.status.startswith("CANCELLED") or (order_id in self._exits and row.status == "COMPLETE")
            outcome = Outcome.DONE if done else Outcome.FAILED
            self.run.answer(index, ItemResult(outcome, f"order {order_id} is {row.status}"))
            self.item_changed.emit(index)
