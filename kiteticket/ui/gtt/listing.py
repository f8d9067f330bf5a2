"""The GTT list, read off the GUI thread on a slow timer, after every write, and at once when the order book shows a
new order on an active GTT's instrument (most likely that GTT firing); with the last prices of the instruments its
active GTTs watch, and the order book's status of each order a GTT placed.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from PySide6.QtCore import QObject, QTimer, Slot

from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.gtt_row import GttRow, parse_gtts
from kiteticket.domain.order_row import OrderRow
from kiteticket.domain.orderbook import OrderBookSnapshot
from kiteticket.domain.quote import Quote
from kiteticket.ui.broker_port import BrokerPort
from kiteticket.ui.gtt.tab import GttTab
from kiteticket.ui.tasks import TaskRunner

REFRESH_MS = 15_000  # a GTT changes only when the market crosses it, and an order it places reads the list at once


class GttListing(QObject):
    """Keeps the tab's model current. A read under way is never doubled; one asked for meanwhile runs once it ends,
    since the read under way may predate the write that asked for it. Signals: none."""

    def __init__(self, tab: GttTab, broker: BrokerPort, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tab, self.model = tab, tab.model
        self._broker, self._tasks = broker, tasks
        self._reading = False
        self._again = False
        self._select_after = ""  # a GTT just placed or modified: selected once the list shows it
        self._orders_in_book = 0
        self._book: Mapping[str, OrderRow] = {}  # the order book's newest snapshot, by order id
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        tab.refresh_requested.connect(self.refresh)

    def select_when_listed(self, trigger_id: str) -> None:
        self._select_after = trigger_id

    @Slot()
    def start(self) -> None:
        self._timer.start()
        self.refresh()

    @Slot()
    def stop(self) -> None:
        self._timer.stop()

    @Slot()
    def refresh(self) -> None:
        """Read the list (parsed on the worker: only frozen rows cross), then the last prices of active GTTs."""
        if self._reading:
            self._again = True  # the read under way may predate the write that asked for this one
            return
        self._reading, self._again = True, False
        broker = self._broker
        self._tasks.read(lambda: parse_gtts(broker.gtts_raw()), self._on_list_read, self._on_list_failed)

    def _on_list_read(self, rows: tuple[GttRow, ...]) -> None:
        self.model.apply_rows(rows)
        self._show_order_statuses()
        if self._select_after and self.tab.select(self._select_after):
            self._select_after = ""
        active = sum(1 for row in rows if row.can_change)
        self.tab.set_status(f"{len(rows)} GTT{'s' if len(rows) != 1 else ''}, {active} active")
        self._read_done()
        keys = self.model.instrument_keys()
        if keys:
            self._tasks.read(partial(self._broker.quotes, keys), self._on_quotes_read, self._on_quotes_failed)

    def _on_list_failed(self, error: BaseException) -> None:
        self.tab.set_status(f"GTT list not updated: {getattr(error, 'user_message', error)}")
        if isinstance(error, BrokerError) and error.kind is ErrorKind.RATE_LIMIT:
            # Another client on the account used the second's reads: a read is safe to repeat, and the limiter's
            # back-off (waited out on the worker) spaces it, so a write's result is not left unlisted until the timer.
            self._again = True
        self._read_done()

    def _read_done(self) -> None:
        self._reading = False
        if self._again:
            self.refresh()

    def _on_quotes_read(self, quotes: Mapping[str, Quote]) -> None:
        self.model.set_last_prices({key: quote.last_price for key, quote in quotes.items()})

    def _on_quotes_failed(self, _error: BaseException) -> None:
        """The last price is a help beside the triggers; the next refresh tries again."""

    def on_snapshot(self, snapshot: OrderBookSnapshot) -> None:
        """The order book moved: the orders GTTs placed show their status from it, and a new order on the
        instrument of an active GTT may be that GTT firing, so the list is read again at once rather than at the
        next tick of the slow timer."""
        self._book = snapshot.by_id
        self._show_order_statuses()
        added = len(snapshot.rows) - self._orders_in_book
        self._orders_in_book = len(snapshot.rows)
        if not self._timer.isActive():
            return
        if added < 0:
            self.refresh()  # a shorter book: a new day, or the paper account was reset
        elif added > 0:
            watched = set(self.model.instrument_keys())
            # Newest first: the orders this poll added are at the top.
            if any(row.instrument_key in watched for row in snapshot.rows[:added]):
                self.refresh()

    def _show_order_statuses(self) -> None:
        """After a poll, and after a list read (a GTT that just fired names an order the book already has)."""
        wanted = {order_id for line in self.model.rows() for order_id in line.row.placed_order_ids}
        book = self._book
        self.model.set_order_statuses({order_id: book[order_id].status for order_id in wanted if order_id in book})
