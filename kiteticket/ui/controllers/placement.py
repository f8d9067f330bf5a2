"""Placing what the ticket asks for: once, serialised, and never lost when the reply is.

A placement whose reply cannot be trusted (timeout, reset, 5xx, "Order request timed out") may still have reached
Kite, so it is never re-sent. Its unique tag is looked up in every order-book poll until the order shows up or the
reconciliation window has passed; the user sees the real result either way (kite-api-facts.md §12).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QObject, Signal, Slot

from kiteticket.domain.account import PlaceResult
from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.orderbook import OrderBookSnapshot
from kiteticket.ui.broker_port import BrokerPort
from kiteticket.ui.messages import MessageCenter
from kiteticket.ui.tasks import TaskRunner

# An order can sit in PUT ORDER REQ RECEIVED for about 1.5 minutes (F36): look for it a little longer than that.
RECONCILE_SECONDS = 120.0


@dataclass(frozen=True, slots=True)
class UnknownPlacement:
    request: OrderRequest
    deadline: float

    @property
    def tag(self) -> str:
        return self.request.tag or ""


class PlacementController(QObject):
    """Connects the ticket's submit to the broker.

    Signals:
        order_placed(str): an order id that is now known to exist (placed, or found by reconciliation).
        outcome_unknown(str): the tag of a placement whose result is being checked.
        outcome_resolved(str, str): tag and order id ("" when the order was not placed).
    """

    order_placed = Signal(str)
    outcome_unknown = Signal(str)
    outcome_resolved = Signal(str, str)

    def __init__(
        self,
        ticket: object,
        broker: BrokerPort,
        tasks: TaskRunner,
        messages: MessageCenter,
        poll_now: Callable[[], None],
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self._ticket = ticket
        self._broker = broker
        self._tasks = tasks
        self._messages = messages
        self._poll_now = poll_now
        self._clock = clock
        self._unknown: dict[str, UnknownPlacement] = {}
        ticket.submit_requested.connect(self._on_ticket_submit_requested)  # type: ignore[attr-defined]

    @property
    def unresolved(self) -> tuple[UnknownPlacement, ...]:
        return tuple(self._unknown.values())

    @Slot(object)
    def _on_ticket_submit_requested(self, request: OrderRequest) -> None:
        self._tasks.write(
            partial(self._broker.place, request), self._on_place_succeeded, partial(self._on_place_failed, request)
        )

    def _on_place_succeeded(self, result: object) -> None:
        assert isinstance(result, PlaceResult)
        self._ticket.show_placed(result.order_id)  # type: ignore[attr-defined]
        if result.child_errors:
            refused = "; ".join(result.child_errors)
            self._messages.error("Some slices were refused", f"{len(result.child_errors)} slice(s) failed: {refused}")
        self.order_placed.emit(result.order_id)
        self._poll_now()

    def _on_place_failed(self, request: OrderRequest, error: BaseException) -> None:
        if isinstance(error, BrokerError) and error.outcome_unknown and request.tag:
            self._unknown[request.tag] = UnknownPlacement(request, self._clock() + RECONCILE_SECONDS)
            self._ticket.show_outcome_unknown(  # type: ignore[attr-defined]
                f"Outcome unknown: checking the order book for tag {request.tag}. Do not place it again yet."
            )
            self.outcome_unknown.emit(request.tag)
            self._poll_now()
        elif isinstance(error, BrokerError) and error.kind is ErrorKind.TOKEN:
            self._ticket.show_rejected("Not placed: your Kite session has expired. Log in again, then send it.")  # type: ignore[attr-defined]
        elif isinstance(error, BrokerError):
            self._ticket.show_rejected(error.user_message)  # type: ignore[attr-defined]
        else:
            self._ticket.show_rejected(f"Not placed: {type(error).__name__}: {error}")  # type: ignore[attr-defined]

    def reconcile(self, snapshot: OrderBookSnapshot) -> None:
        """Called with every successful poll: settle each unknown placement that shows up or has timed out."""
        if not self._unknown:
            return
        found = {row.tag: row.order_id for row in snapshot.rows if row.tag in self._unknown}
        for tag, pending in list(self._unknown.items()):
            if tag in found:
                self._resolve(tag, found[tag], f"Order {found[tag]} was placed (found by its tag {tag}).")
            elif self._clock() >= pending.deadline:
                self._resolve(tag, "", f"The order tagged {tag} was not placed: it never reached the order book.")

    def _resolve(self, tag: str, order_id: str, text: str) -> None:
        del self._unknown[tag]
        self._messages.status(text, 0)
        if order_id:
            self._ticket.show_placed(order_id)  # type: ignore[attr-defined]
            self.order_placed.emit(order_id)
        else:
            self._ticket.show_rejected(text)  # type: ignore[attr-defined]
        self.outcome_resolved.emit(tag, order_id)
