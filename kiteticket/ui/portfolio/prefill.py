"""Exit and Add from the positions and holdings tables, prefilled from a fresh read of the account.

The tables are up to a refresh old (``controller.REFRESH_MS``); a position closed or partly exited elsewhere in the
meantime must not be offered at its old quantity. So a press reads the positions (or holdings) again off the GUI
thread, ``domain.fresh_prefill`` makes the request from the row as it is now, the table takes the fresh rows too,
and a difference from what the table showed is said in the ticket and the status bar.

An exit offered here that Kite then refuses as above the exchange's freeze quantity (nothing placed) comes back in
the ticket with autoslice ticked, for the user to send again (``domain.freeze_exit``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import partial
from typing import TypeVar

from PySide6.QtCore import QObject, Slot

from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.freeze_exit import autoslice_resend, is_same_order, ticket_resend_note
from kiteticket.domain.fresh_prefill import Prefill, RowAction, recheck_holding, recheck_position
from kiteticket.domain.holding import Holding, parse_holdings
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.portfolio_rows import Position, parse_positions
from kiteticket.ui.broker_port import BrokerPort
from kiteticket.ui.messages import MessageCenter, error_text
from kiteticket.ui.portfolio.holdings_model import HoldingsModel
from kiteticket.ui.portfolio.holdings_view import HoldingsView
from kiteticket.ui.portfolio.positions_model import PositionsModel
from kiteticket.ui.portfolio.positions_view import PositionsView
from kiteticket.ui.tasks import TaskRunner

READING = "Reading {what} again before filling the ticket…"
RATE_LIMIT_RETRIES = 2
_POSITIONS, _HOLDINGS = "your positions", "your holdings"
READ_FAILED = "Could not read {what} again ({reason}); nothing was put in the ticket. Try again."

TickLookup = Callable[[str], Decimal | None]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class TicketSeam:
    """What the prefill does to the ticket: fill it (``BookActionsController.prefill_ticket``, which refuses, and
    says so, while an order is on its way), show a warning about the order being prepared (the ticket's result
    line), and whether an order is on its way (its result line is then the order's, not ours)."""

    prefill: Callable[[OrderRequest], None]
    note: Callable[[str], None]
    busy: Callable[[], bool]


@dataclass(frozen=True, slots=True)
class _Press:
    """One Exit or Add press: what the table showed, and which read answers it."""

    number: int
    shown: OrderRequest
    action: RowAction
    holdings: bool
    attempts: int = 0


def _read_positions(broker: BrokerPort) -> tuple[Position, ...]:
    return parse_positions(broker.positions_raw())


def _read_holdings(broker: BrokerPort) -> tuple[Holding, ...]:
    return parse_holdings(broker.holdings_raw())


class FreshPrefill(QObject):
    """Takes the tables' Exit and Add requests and prefills the ticket from a fresh read. Only the latest press
    counts: a reply to an earlier one is applied to the table but fills nothing. Signals: none of its own."""

    def __init__(
        self,
        broker: BrokerPort,
        tasks: TaskRunner,
        messages: MessageCenter,
        ticket: TicketSeam,
        *,
        tick_size: TickLookup | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._broker, self._tasks, self._messages, self._ticket = broker, tasks, messages, ticket
        self._tick_size = tick_size
        self._press = 0
        self._offered_exit: OrderRequest | None = None  # the last exit put in the ticket, until a refusal comes
        self._positions_model: PositionsModel | None = None
        self._holdings_model: HoldingsModel | None = None

    def watch_positions(self, view: PositionsView, model: PositionsModel) -> None:
        self._positions_model = model
        view.exit_requested.connect(self._on_positions_exit_requested)
        view.add_requested.connect(self._on_positions_add_requested)

    def watch_holdings(self, view: HoldingsView, model: HoldingsModel) -> None:
        self._holdings_model = model
        view.exit_requested.connect(self._on_holdings_exit_requested)
        view.add_requested.connect(self._on_holdings_add_requested)

    @Slot(object, str)
    def ticket_refused(self, sent: OrderRequest, refusal: str) -> None:
        """The ticket's order was refused (nothing placed). If it was the exit offered here and Kite refused it as
        above the freeze quantity, the ticket gets it again with autoslice ticked for the user to send
        (``domain.freeze_exit``); the same quantity, never more than the position as last read."""
        offered, self._offered_exit = self._offered_exit, None
        resend = autoslice_resend(sent, refusal) if offered is not None and is_same_order(sent, offered) else None
        if resend is None or self._ticket.busy():
            return
        if resend.request is not None:
            self._ticket.prefill(replace(resend.request, tag=None))
        self._ticket.note(ticket_resend_note(sent, resend))

    # -- slots ------------------------------------------------------------------------------------------------
    @Slot(object)
    def _on_positions_exit_requested(self, shown: OrderRequest) -> None:
        self._read_positions(shown, RowAction.EXIT)

    @Slot(object)
    def _on_positions_add_requested(self, shown: OrderRequest) -> None:
        self._read_positions(shown, RowAction.ADD)

    @Slot(object)
    def _on_holdings_exit_requested(self, shown: OrderRequest) -> None:
        self._read_holdings(shown, RowAction.EXIT)

    @Slot(object)
    def _on_holdings_add_requested(self, shown: OrderRequest) -> None:
        self._read_holdings(shown, RowAction.ADD)

    # -- helpers ----------------------------------------------------------------------------------------------
    def _read_positions(self, shown: OrderRequest, action: RowAction) -> None:
        self._press += 1
        self._messages.status(READING.format(what=_POSITIONS))
        self._read(_Press(self._press, shown, action, holdings=False))

    def _read_holdings(self, shown: OrderRequest, action: RowAction) -> None:
        self._press += 1
        self._messages.status(READING.format(what=_HOLDINGS))
        self._read(_Press(self._press, shown, action, holdings=True))

    def _read(self, press: _Press) -> None:
        op = partial(_read_holdings if press.holdings else _read_positions, self._broker)
        self._tasks.read(op, partial(self._on_rows_read, press), partial(self._on_read_failed, press))

    def _on_rows_read(self, press: _Press, rows: Sequence[object]) -> None:
        tick = self._tick_size(press.shown.instrument_key) if self._tick_size is not None else None
        if press.holdings:
            holdings = _only(Holding, rows)
            if self._holdings_model is not None:
                self._holdings_model.apply(holdings)
            prefill = recheck_holding(press.shown, press.action, holdings, tick)
        else:
            positions = _only(Position, rows)
            if self._positions_model is not None:
                self._positions_model.apply(positions)
            prefill = recheck_position(press.shown, press.action, positions, tick)
        if press.number == self._press:  # else the user pressed again meanwhile: that press decides the ticket
            self._fill(prefill)
            self._offered_exit = prefill.request if press.action is RowAction.EXIT else None

    def _on_read_failed(self, press: _Press, error: BaseException) -> None:
        if press.number != self._press:
            return
        limited = isinstance(error, BrokerError) and error.kind is ErrorKind.RATE_LIMIT
        if limited and press.attempts < RATE_LIMIT_RETRIES:
            # Another client of the account used this second's reads; the gateway's limiter backs off before the
            # read goes again (on the worker thread), so asking again at once is what waiting would be.
            self._read(replace(press, attempts=press.attempts + 1))
            return
        what = _HOLDINGS if press.holdings else _POSITIONS
        self._messages.status(READ_FAILED.format(what=what, reason=error_text(error)))

    def _fill(self, prefill: Prefill) -> None:
        self._messages.status(prefill.note)  # also clears "Reading … again"
        if prefill.request is not None:
            self._ticket.prefill(prefill.request)
        if prefill.note and not self._ticket.busy():
            self._ticket.note(prefill.note)


def _only(kind: type[T], rows: Iterable[object]) -> tuple[T, ...]:
    return tuple(row for row in rows if isinstance(row, kind))
