"""The order book of the current day: orders in memory, their snapshots and trades in SQLite, ids that only grow.

Working orders (anything not final) are also indexed by instrument so that a price move matches only the orders
on that instrument.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from kiteticket.domain.status import OrderStatus
from kiteticket.paper.model import PaperOrder, PaperTrade
from kiteticket.paper.store import Store

_FINAL = frozenset({OrderStatus.COMPLETE.value, OrderStatus.CANCELLED.value, OrderStatus.REJECTED.value})
_EXCHANGE_ID_BASE = 1_300_000_000_000_000
_TRADE_ID_BASE = 10_000_000


class OrderBook:
    def __init__(self, store: Store) -> None:
        self._store = store
        self.day = ""
        self.orders: dict[str, PaperOrder] = {}
        self.working: dict[int, dict[str, PaperOrder]] = {}  # instrument_token -> order_id -> order
        self.trades: list[PaperTrade] = []
        self.trades_by_order: dict[str, list[PaperTrade]] = {}
        self._history_len: dict[str, int] = {}
        self._last_order, self._last_trade = store.max_ids()
        self._last_exchange_id = _EXCHANGE_ID_BASE
        # Called after every change of an order, so the account can keep its blocked margin up to date.
        self.on_change: Callable[[PaperOrder], None] = lambda order: None
        # Called after a change of an order (not when a day's orders are loaded): postbacks listen here.
        self.on_update: Callable[[PaperOrder], None] = lambda order: None
        self._dirty: dict[str, PaperOrder] = {}  # changed since the last flush: written once per request

    def flush(self) -> None:
        for order in self._dirty.values():
            self._store.save_order(order)
        self._dirty.clear()

    @property
    def changed(self) -> bool:
        return bool(self._dirty)

    def reload(self) -> None:
        """Back to what SQLite holds for the day shown: a failed request's changes are dropped, not written."""
        self._dirty.clear()
        self.load(self.day)

    def load(self, day: str) -> None:
        """Show ``day``'s orders, as Kite's book shows the current day only."""
        self.flush()
        self.day = day
        self.orders.clear()
        self.working.clear()
        self.trades.clear()
        self.trades_by_order.clear()
        self._history_len = self._store.history_lengths(day)
        for order in self._store.orders_of(day):
            self.orders[order.order_id] = order
            self._index(order)
            self.on_change(order)
        for trade in self._store.trades_of(day):
            self._remember_trade(trade)

    def roll_to(self, day: str) -> None:
        """The next day's book. AMOs still waiting for their session move into it, as Kite shows an AMO placed
        after the close in the next day's book; it goes to the exchange at that day's open."""
        waiting = [
            (order, self._history_len.get(order.order_id, 0))
            for order in self.working_orders()
            if order.status == OrderStatus.AMO_REQ_RECEIVED.value
        ]
        self.load(day)
        for order, seq in waiting:
            order.day = day
            self.orders[order.order_id] = order
            self._history_len[order.order_id] = seq  # its history carries on, not over
            self._dirty[order.order_id] = order
            self._index(order)
            self.on_change(order)

    # -- ids ----------------------------------------------------------------------------------------------------

    def new_order_id(self) -> str:
        """19 digits like Kite's 2026 ids: milliseconds since the epoch times a million, kept strictly increasing."""
        self._last_order = max(self._last_order + 1, int(time.time() * 1000) * 1_000_000)
        return str(self._last_order)

    def new_exchange_order_id(self) -> str:
        """16 digits starting 13, like NSE's; from the clock, so they keep increasing across restarts."""
        self._last_exchange_id = max(self._last_exchange_id + 1, _EXCHANGE_ID_BASE + int(time.time() * 1000))
        return str(self._last_exchange_id)

    def new_trade_id(self) -> str:
        self._last_trade = max(self._last_trade + 1, _TRADE_ID_BASE)
        return str(self._last_trade)

    # -- orders -------------------------------------------------------------------------------------------------

    def get(self, order_id: str) -> PaperOrder | None:
        return self.orders.get(order_id)

    def add(self, order: PaperOrder) -> None:
        self.orders[order.order_id] = order
        self.record(order)

    def record(self, order: PaperOrder) -> None:
        """A status change: save the order and append a snapshot to its history."""
        self._dirty[order.order_id] = order  # first: should the write below fail, the request is undone
        order.touch()
        seq = self._history_len.get(order.order_id, 0)
        self._history_len[order.order_id] = seq + 1
        self._store.add_snapshot(order.order_id, seq, order.json())
        self._index(order)
        self.on_change(order)
        self.on_update(order)

    def save(self, order: PaperOrder) -> None:
        """A change that is not a status change (a partial fill): no new history row, but the latest row is
        rewritten, because the last element of Kite's history is the order's current state."""
        self._dirty[order.order_id] = order
        order.touch()
        seq = self._history_len.get(order.order_id, 1) - 1
        self._store.add_snapshot(order.order_id, seq, order.json())
        self.on_change(order)
        self.on_update(order)

    def _index(self, order: PaperOrder) -> None:
        bucket = self.working.setdefault(order.instrument_token, {})
        if order.status in _FINAL:
            bucket.pop(order.order_id, None)
            if not bucket:
                del self.working[order.instrument_token]
        else:
            bucket[order.order_id] = order

    def working_orders(self) -> Iterator[PaperOrder]:
        for bucket in list(self.working.values()):
            yield from list(bucket.values())

    def working_on(self, instrument_token: int) -> list[PaperOrder]:
        return list(self.working.get(instrument_token, {}).values())

    def history(self, order_id: str) -> list[str]:
        return self._store.history(order_id)

    def orders_json(self) -> bytes:
        return b"[" + b",".join(order.json() for order in self.orders.values()) + b"]"

    # -- trades -------------------------------------------------------------------------------------------------

    def add_trade(self, trade: PaperTrade) -> None:
        self._store.add_trade(trade, self.day)
        self._remember_trade(trade)

    def _remember_trade(self, trade: PaperTrade) -> None:
        self.trades.append(trade)
        self.trades_by_order.setdefault(trade.order_id, []).append(trade)
