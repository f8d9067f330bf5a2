"""Every change of an order, once, as Kite's postback payload, to whoever listens: postbacks and the ticker.

Kite pushes order updates two ways with one payload (kite-api-facts §11): postbacks, for an app's own orders, on
COMPLETE, CANCELLED, REJECTED and ``UPDATE`` (a modification or a partial fill); and WebSocket text frames, for the
user's orders from any platform. The feed tells each change once, with the status a listener sees: the final
status, ``UPDATE`` for a working order that was modified or partly filled, else the working status itself (a new
order going OPEN, a stop-loss waiting for its trigger), which the postbacks leave out, as Kite does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiteticket.domain.status import OrderStatus
from kiteticket.paper.model import PaperOrder
from kiteticket.paper.postback import FINAL, UPDATE, payload

RESTING = frozenset({OrderStatus.OPEN.value, OrderStatus.TRIGGER_PENDING.value})
# The steps an order passes through on its way (PUT ORDER REQ RECEIVED, VALIDATION PENDING, MODIFY PENDING...)
# are not told: an update says where an order came to rest, as Kite's do.
TOLD = RESTING | FINAL | {OrderStatus.AMO_REQ_RECEIVED.value}

Listener = Callable[[dict[str, Any]], None]


def feed_status(order: PaperOrder) -> str:
    if order.status in RESTING and (order.modifications or order.filled_quantity):
        return UPDATE
    return order.status


class OrderFeed:
    """The order book's ``on_update`` hook; called under the exchange's lock, so listeners must not block."""

    def __init__(self, user_id: str, api_secret: str) -> None:
        self._user_id = user_id
        self._secret = api_secret
        self._sent: dict[str, tuple[Any, ...]] = {}  # order_id -> the state last told, so nothing goes twice
        self.listeners: list[Listener] = []

    def order_changed(self, order: PaperOrder) -> None:
        if not self.listeners or order.status not in TOLD:
            return
        state = (order.status, order.filled_quantity, order.quantity, order.price, order.trigger_price,
                 order.modifications)  # fmt: skip
        if self._sent.get(order.order_id) == state:
            return
        self._sent[order.order_id] = state
        body = payload(order, self._user_id, self._secret, feed_status(order))
        for listener in self.listeners:
            listener(body)

    def clear(self) -> None:
        self._sent.clear()
