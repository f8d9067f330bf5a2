"""Placing what the ticket asks for: once, serialised, asked about when it trips a precaution, and never lost.

A placement whose reply cannot be trusted (timeout, reset, 5xx, "Order request timed out") may still have reached
Kite, so it is never re-sent. Its unique tag is looked up in every order-book poll until the order shows up or the
reconciliation window has passed; the user sees the real result either way (kite-api-facts.md §12). The broker
journals every placement before sending it; what is found out here is written back to that journal, and placements
a crash left open are looked up the same way when the next session starts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import Protocol

from PySide6.QtCore import QObject, Signal, SignalInstance, Slot
from PySide6.QtWidgets import QWidget

from kiteticket.domain.account import PlaceResult
from kiteticket.domain.audit import PlacementRecord, PlacementState, from_earlier_day, local_time
from kiteticket.domain.confirmation import confirmation_text
from kiteticket.domain.draft import Submission
from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.orderbook import OrderBookSnapshot
from kiteticket.domain.outcome import Fate, order_fate
from kiteticket.domain.precautions import RecentOrders, check
from kiteticket.preferences import Preferences
from kiteticket.ui.book.reconciliation import Reconciler, Resolution
from kiteticket.ui.broker_port import BrokerPort
from kiteticket.ui.confirm import Confirmation, describe_order
from kiteticket.ui.messages import MessageCenter
from kiteticket.ui.tasks import TaskRunner
from kiteticket.ui.ticket.precaution_dialog import PrecautionDialog

__all__ = ["RECONCILE_SECONDS", "PlacementController", "PlacementJournal"]

# An order can sit in PUT ORDER REQ RECEIVED for about 1.5 minutes (F36): look for it a little longer than that.
RECONCILE_SECONDS = 120.0
RATE_LIMITED = "Kite is limiting requests; slowing down."


class PlacementJournal(Protocol):
    """The broker's journal, as far as placements go (kiteticket.broker.journal.Journal has these)."""

    def open_placements(self) -> tuple[PlacementRecord, ...]: ...
    def settle(self, tag: str, state: PlacementState, order_id: str = "", message: str = "") -> None: ...


class PlacementTicket(Protocol):
    """What the controller needs of the order ticket (OrderTicket has it): the submissions it emits, and where to say
    what became of them. Everything about the order itself comes in the ``Submission``."""

    @property
    def submit_requested(self) -> SignalInstance: ...
    def show_placed(self, order_id: str) -> None: ...
    def show_rejected(self, message: str) -> None: ...
    def show_order_fate(self, fate: Fate) -> None: ...
    def show_outcome_unknown(self, message: str) -> None: ...


class PlacementController(QObject):
    """Connects the ticket's submit to the broker, and the order book's polls to placements of unknown outcome.

    Signals:
        order_placed(str): an order id that is now known to exist (placed, or found by reconciliation).
        outcome_unknown(str): the tag of a placement whose result is being checked.
        outcome_resolved(str, str): tag and order id ("" when the order was not placed).
        recovered(int): the journal was read after a login; how many placements an earlier run left open are
            being looked up.
        order_refused(OrderRequest, str): the ticket's order as sent and Kite's words for refusing it (not placed).
    """

    order_placed = Signal(str)
    outcome_unknown = Signal(str)
    outcome_resolved = Signal(str, str)
    recovered = Signal(int)
    order_refused = Signal(object, str)

    def __init__(
        self,
        ticket: PlacementTicket,
        broker: BrokerPort,
        tasks: TaskRunner,
        messages: MessageCenter,
        poll_now: Callable[[], None],
        *,
        journal: PlacementJournal | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__()
        self._ticket = ticket
        self._broker = broker
        self._tasks = tasks
        self._messages = messages
        self._poll_now = poll_now
        self._journal = journal
        self._clock = clock
        self._wall_clock = wall_clock
        self._reconciler = Reconciler(RECONCILE_SECONDS)
        self._recent = RecentOrders()
        self._ticket_tag = ""  # the ticket's latest placement: only its outcome is the ticket's to show
        self._ticket_order_id = ""  # ...and its order id once placed, until the book says whether RMS took it
        self._sent: set[str] = set()  # tags sent by this run, which recovery must leave alone
        ticket.submit_requested.connect(self._on_ticket_submit_requested)

    @property
    def unresolved(self) -> tuple[str, ...]:
        """Tags of placements whose outcome is still being looked up."""
        return self._reconciler.tags

    # --- before sending ----------------------------------------------------------------------------------------
    def confirm(self, submission: Submission, preferences: Preferences, parent: QWidget | None = None) -> bool:
        """The ticket's confirmation: precautions and a repeat within seconds must be overridden explicitly;
        otherwise the ordinary question, if the user wants it. Everything comes from `submission`, the value that
        is then sent."""
        request = submission.request
        market = submission.quote or submission.last_price  # the depth, when the ticket had a quote
        found = check(request, submission.instrument, market, preferences.precaution_limits())
        repeat = self._recent.duplicate(request, self._clock())
        if found or repeat:
            return PrecautionDialog.ask(parent, (*found, *([repeat] if repeat else [])), confirmation_text(submission))
        if not preferences.confirm_place:
            return True
        return Confirmation.ask(parent, "Place order?", f"Place this order?\n\n{confirmation_text(submission)}")

    @Slot(object)
    def _on_ticket_submit_requested(self, submission: Submission) -> None:
        request = submission.request
        tag = request.tag or ""
        self._ticket_tag, self._ticket_order_id = tag, ""
        self._sent.add(tag)
        self._recent.remember(request, self._clock())
        self._tasks.write(
            partial(self._broker.place, request), self._on_place_succeeded, partial(self._on_place_failed, request)
        )

    # --- the answer --------------------------------------------------------------------------------------------
    def _on_place_succeeded(self, result: object) -> None:
        assert isinstance(result, PlaceResult)
        self._ticket_order_id = result.order_id
        self._ticket.show_placed(result.order_id)
        if result.child_errors:
            refused = "; ".join(result.child_errors)
            self._messages.error("Some slices were refused", f"{len(result.child_errors)} slice(s) failed: {refused}")
        self.order_placed.emit(result.order_id)
        self._poll_now()

    def _on_place_failed(self, request: OrderRequest, error: BaseException) -> None:
        # Only a BrokerError that settles the outcome means "not placed"; anything else (a reply the code could not
        # read, a bug after the request left) may follow an order Kite took, so it is checked, never re-sent.
        settled = isinstance(error, BrokerError) and not error.outcome_unknown
        if not settled and request.tag:
            self._reconciler.track(request.tag, describe_order(request), self._clock())
            self._ticket.show_outcome_unknown(
                f"Outcome unknown: checking the order book for tag {request.tag}. Do not place it again yet."
            )
            self.outcome_unknown.emit(request.tag)
            self._poll_now()
            return
        self._recent.forget(request)
        self._ticket.show_rejected(_rejection(error))
        if isinstance(error, BrokerError) and error.kind is ErrorKind.RATE_LIMIT:
            self._messages.status(RATE_LIMITED)
        if isinstance(error, BrokerError):
            self.order_refused.emit(request, error.message)

    # --- placements sent from elsewhere (baskets, bulk exits) -------------------------------------------------
    def claim(self, request: OrderRequest) -> None:
        """A placement another part of the app is about to send: recovery after a new login must leave it alone."""
        if request.tag:
            self._sent.add(request.tag)

    def check_unknown(self, request: OrderRequest) -> None:
        """A placement sent from elsewhere whose reply was lost: its tag is looked up in the order book like the
        ticket's own, never re-sent; ``outcome_resolved`` says what became of it."""
        if not request.tag:
            return
        self._sent.add(request.tag)
        self._reconciler.track(request.tag, describe_order(request), self._clock())
        self.outcome_unknown.emit(request.tag)
        self._poll_now()

    # --- reconciliation ----------------------------------------------------------------------------------------
    def recover(self) -> None:
        """Look up the placements an earlier run left open (a crash between sending and the answer); those from an
        earlier day are reported at once, as today's book cannot tell. The journal is read on a worker thread: it
        first waits for every queued write to be committed (fsync'd), which held the GUI thread 63 ms after a
        re-login in the fault drill. ``recovered`` says how many are being looked up."""
        if self._journal is not None:
            self._tasks.read(self._journal.open_placements, self._on_open_placements_read, self._on_journal_failed)

    def _on_open_placements_read(self, records: tuple[PlacementRecord, ...]) -> None:
        now = self._wall_clock()
        checking = 0
        for record in records:
            if record.tag in self._sent or record.tag in self._reconciler.tags:
                continue
            if from_earlier_day(record.created, now):
                self._report_earlier_day(record)
            else:
                self._reconciler.track(record.tag, record.summary, self._clock(), recovered=True)
                checking += 1
        if checking:
            self._messages.status(f"Checking {checking} order(s) the last session left unconfirmed…", 0)
            self._poll_now()
        self.recovered.emit(checking)

    def _on_journal_failed(self, error: BaseException) -> None:
        self._messages.error(
            "Placement journal not readable",
            f"Orders an earlier session left unconfirmed could not be looked up: {error}. Check the order book "
            "before placing an order again.",
        )

    def reconcile(self, snapshot: OrderBookSnapshot) -> None:
        """Called with every successful poll: settle each unknown placement that shows up or has timed out, and
        tell the ticket what became of its latest order once the book has the final word (complete, cancelled,
        rejected after Kite took it)."""
        for resolution in self._reconciler.reconcile(snapshot, self._clock()):
            self._resolve(resolution)
        row = snapshot.by_id.get(self._ticket_order_id) if self._ticket_order_id else None
        fate = order_fate(row) if row is not None else None
        if fate is not None:
            self._ticket_order_id = ""
            self._ticket.show_order_fate(fate)
            if not fate.good:  # also where it stays in view while the ticket is busy with a newer order
                self._messages.status(fate.text)

    def _resolve(self, resolution: Resolution) -> None:
        placed = bool(resolution.order_id)
        state = PlacementState.PLACED if placed else PlacementState.NOT_PLACED
        self._settle(resolution.tag, state, resolution.order_id, resolution.text)
        if resolution.recovered or resolution.tag != self._ticket_tag:
            # A found order is in the book for all to see (the status bar says so below); one that never arrived
            # may need sending again, and a crash's leftovers were never seen by this session: those get a box.
            if resolution.recovered or not placed:
                self._messages.error("Order from an unconfirmed placement", resolution.text)
        elif placed:
            self._ticket_order_id = resolution.order_id
            self._ticket.show_placed(resolution.order_id)
        else:
            self._ticket.show_rejected(resolution.text)
        self._messages.status(resolution.text, 0)
        if placed:
            self.order_placed.emit(resolution.order_id)
        self.outcome_resolved.emit(resolution.tag, resolution.order_id)

    def _report_earlier_day(self, record: PlacementRecord) -> None:
        text = (
            f"The order tagged {record.tag} ({record.summary}) was sent on {local_time(record.created)} and its "
            "outcome was never confirmed. Kite's order book holds only today's orders: look for the tag in your "
            "order history on Kite before placing it again."
        )
        self._settle(record.tag, PlacementState.UNRESOLVED, message=text)
        self._messages.error("Unconfirmed order from an earlier day", text)

    def _settle(self, tag: str, state: PlacementState, order_id: str = "", message: str = "") -> None:
        # One local SQLite row, on the GUI thread: rare (one per resolved placement) and quick.
        if self._journal is None:
            return
        try:
            self._journal.settle(tag, state, order_id, message)
        except Exception as error:  # the journal's trouble must not keep the outcome from the user
            self._messages.error("Journal not updated", f"The outcome of {tag} could not be journalled: {error}")


def _rejection(error: BaseException) -> str:
    if isinstance(error, BrokerError) and error.kind is ErrorKind.TOKEN:
        return "Not placed: your Kite session has expired. Log in again, then send it."
    if isinstance(error, BrokerError):
        return error.user_message
    return f"Not placed: {type(error).__name__}: {error}"
