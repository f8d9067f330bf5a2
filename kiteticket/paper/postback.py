"""Postbacks: with ``--postback-url``, the exchange POSTs Kite's postback payload to that URL whenever an order
changes to COMPLETE, CANCELLED or REJECTED, or is updated (a modification or a partial fill, sent with status
``UPDATE``), as Kite does for an app's orders (facts §11, mock postback.json).

The payload is the order as GET /orders shows it plus ``user_id``, ``unfilled_quantity``, ``app_id`` and
``checksum`` = SHA-256(order_id + order_timestamp + api_secret), hex. It is serialised when the change happens and
sent by one worker thread from a queue, so a slow or absent receiver never holds up a request (or the exchange's
lock); a failed delivery is logged and dropped, not retried. Only loopback URLs are allowed unless the exchange
was started with ``--allow-remote``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import queue
import threading
import urllib.request
from typing import Any

from kiteticket.domain.status import OrderStatus
from kiteticket.paper.gtt_model import APP_ID
from kiteticket.paper.model import PaperOrder

log = logging.getLogger(__name__)
SEND_TIMEOUT_SECONDS = 5
FINAL = frozenset({OrderStatus.COMPLETE.value, OrderStatus.CANCELLED.value, OrderStatus.REJECTED.value})
UPDATE = "UPDATE"  # a modification or a partial fill of a working order


def checksum(order_id: str, order_timestamp: str, api_secret: str) -> str:
    return hashlib.sha256((order_id + order_timestamp + api_secret).encode()).hexdigest()


def payload(order: PaperOrder, user_id: str, api_secret: str, status: str) -> dict[str, Any]:
    body = order.to_kite()
    body.update(
        status=status,
        user_id=user_id,
        unfilled_quantity=order.pending_quantity,
        app_id=APP_ID,
        checksum=checksum(order.order_id, order.order_timestamp, api_secret),
    )
    return body


class Postbacks:
    def __init__(self, url: str) -> None:
        self._url = url
        self._queue: queue.Queue[bytes | None] = queue.Queue()
        self._worker = threading.Thread(target=self._run, name="paper-postbacks", daemon=True)
        self._worker.start()

    def deliver(self, body: dict[str, Any]) -> None:
        """An OrderFeed listener: final orders and updates are posted; placement and the steps in between are
        not, as on Kite."""
        if body["status"] in FINAL or body["status"] == UPDATE:
            self._queue.put(json.dumps(body, separators=(",", ":")).encode())

    def _run(self) -> None:
        while (body := self._queue.get()) is not None:
            request = urllib.request.Request(
                self._url, data=body, headers={"Content-Type": "application/json"}, method="POST"
            )
            try:
                with urllib.request.urlopen(request, timeout=SEND_TIMEOUT_SECONDS) as answer:
                    answer.read()
            except (OSError, ValueError) as problem:  # URLError and HTTPError are OSErrors
                log.warning("paper exchange: postback to %s failed: %s", self._url, problem)

    def close(self) -> None:
        """Send what is queued, then stop the worker."""
        self._queue.put(None)
        self._worker.join(timeout=SEND_TIMEOUT_SECONDS * 2)
