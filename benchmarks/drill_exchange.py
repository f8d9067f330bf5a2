"""The drill's side of the paper exchange: its admin API, and a second session on the same account (as Kite web or
another script would be) that reads the exchange's own order book and crowds the rate limits.

Everything here blocks for a few milliseconds on loopback; the drill calls it with the GUI stall meter paused.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from kiteconnect import KiteConnect
from kiteconnect import exceptions as kite_errors

from kiteticket.domain.market_clock import IST
from kiteticket.paper.config import PaperConfig

TIMEOUT_SECONDS = 10
PAPER_KEY, PAPER_SECRET = PaperConfig().api_key, PaperConfig().api_secret
ORDER_SLOTS = 10  # the paper exchange's order writes a second (Kite's), and as many other requests
BOGUS_ORDER = "100000000000000"


class Exchange:
    """Admin calls and the second session. ``orders_by_tag`` keeps every order ever seen, across days."""

    def __init__(self, root: str, pause: Callable[[float], None]) -> None:
        self.root = root
        self._pause = pause  # waits without blocking the app (the drill runs the Qt event loop meanwhile)
        self._kite: KiteConnect | None = None
        self.orders_by_tag: dict[str, set[str]] = {}
        self.told: dict[str, str] = {}  # order id -> its status, as the ticker told it (drill tags, every day)

    def admin(self, action: str, body: Any) -> Any:
        reply = requests.post(f"{self.root}/_paper/{action}", json=body, timeout=TIMEOUT_SECONDS)
        reply.raise_for_status()
        return reply.json()["data"]

    def fault(self, **fault: Any) -> None:
        self.admin("faults", fault)

    def clear_faults(self) -> None:
        self.admin("faults", {"clear": True})

    def next_day_after_expiry(self) -> str:
        """Move the exchange clock to 06:00:01 IST of the next day: every access token dies, a new book starts."""
        now = datetime.fromisoformat(self.admin("clock", {})["now"]).replace(tzinfo=IST)
        moment = (now + timedelta(days=1)).strftime("%Y-%m-%d 06:00:01")
        self.admin("clock", {"now": moment})
        return moment

    # --- the second session ------------------------------------------------------------------------------------
    def session(self) -> KiteConnect:
        if self._kite is None:
            query = {"api_key": PAPER_KEY, "v": "3"}
            reply = requests.get(f"{self.root}/connect/login", params=query, allow_redirects=False, timeout=10)
            token = parse_qs(urlsplit(reply.headers["Location"]).query)["request_token"][0]
            kite = KiteConnect(PAPER_KEY, root=self.root, timeout=TIMEOUT_SECONDS)
            kite.generate_session(token, api_secret=PAPER_SECRET)
            self._kite = kite
        return self._kite

    def record_orders(self, prefix: str) -> dict[str, str]:
        """Read the exchange's book (today's) and remember each order carrying a tag with ``prefix``, and its
        status. Returns all of today's orders, whatever their tag: order id -> status."""
        rows = self._get_orders()
        for row in rows:
            for tag in {row.get("tag"), *(row.get("tags") or ())}:
                if tag and str(tag).startswith(prefix):
                    self.orders_by_tag.setdefault(str(tag), set()).add(str(row["order_id"]))
                    # The drill's orders rest (or are rejected) and are never modified: the status they have now
                    # is the one update the ticker told of each (an update says where an order came to rest).
                    self.told[str(row["order_id"])] = str(row["status"])
        return {str(row["order_id"]): str(row["status"]) for row in rows}

    def _get_orders(self) -> list[dict[str, Any]]:
        for _ in range(5):  # a dead token (the clock moved) or a full rate-limit window: log in, or wait a second
            try:
                return list(self.session()._get("orders"))
            except kite_errors.TokenException:
                self._kite = None
            except kite_errors.KiteException as error:
                if getattr(error, "code", 0) != 429:
                    raise
                self._pause(1.0)
        return list(self.session()._get("orders"))

    def crowd_order_writes(self) -> int:
        """Use up the account's order-write window from this session (cancels of an order that does not exist
        still count), so the app's next placement within the second is answered 429. Returns the 429s seen."""
        return self._crowd(lambda kite: kite.cancel_order("regular", BOGUS_ORDER))

    def crowd_reads(self) -> int:
        """The same for reads: the app's next poll within the second is answered 429."""
        return self._crowd(lambda kite: kite.profile())

    def _crowd(self, call: Any) -> int:
        kite, refused = self.session(), 0
        for _ in range(ORDER_SLOTS + 2):
            try:
                call(kite)
            except kite_errors.TokenException:
                self._kite = None
                kite = self.session()
            except kite_errors.KiteException as error:
                refused += int(getattr(error, "code", 0) == 429)
        return refused

    def close(self) -> None:
        if self._kite is not None:
            self._kite.reqsession.close()
