"""GuardedGateway: the KiteGateway every part of the app uses, with the three guards every call passes.

1. The rate limiter: a call waits (in its worker thread) for a slot of its budget, so Kite never answers 429.
2. The audit trail: method, request, outcome, duration and error of every call go to the journal, secrets redacted.
3. The placement journal: a placement is written down, with its tag and whole request, before it is sent, and its
   outcome after; a reply that was lost leaves it "unknown", to be looked up by tag, never re-sent.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Sized
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from kiteticket.broker.gateway import QUOTE_BATCH, KiteGateway, RawRow
from kiteticket.broker.journal import Journal
from kiteticket.broker.login import Session
from kiteticket.broker.ratelimit import Budget, RateLimiter
from kiteticket.domain.account import PlaceResult, Profile
from kiteticket.domain.audit import AuditRecord, PlacementState
from kiteticket.domain.enums import Variety
from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.margin import MarginEstimate
from kiteticket.domain.order import ModifyRequest, OrderRequest
from kiteticket.domain.quote import Quote
from kiteticket.domain.redaction import redact_params, redact_text
from kiteticket.domain.tags import new_tag

T = TypeVar("T")
Detail = Callable[[Any], str]


@dataclass(frozen=True, slots=True)
class _Request:
    """One broker call as the audit trail names it."""

    budget: Budget
    call: str  # the gateway method
    target: str  # what it is at Kite: "GET /orders"
    params: dict[str, Any] = field(default_factory=dict)


def _count(result: Any) -> str:
    return f"{len(result)} rows" if isinstance(result, Sized) else "ok"


class GuardedGateway:
    """Has every method of KiteGateway that the app calls (the UI's BrokerPort and the login's). Thread-safe."""

    def __init__(
        self,
        gateway: KiteGateway,
        journal: Journal,
        limiter: RateLimiter | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._inner = gateway
        self._journal = journal
        self._limiter = limiter or RateLimiter()
        self._clock = clock
        self._secrets: set[str] = set()
        self.audit_failures = 0  # audit rows that could not be written (a full disk); calls go on regardless

    @property
    def api_key(self) -> str:
        return self._inner.api_key

    @property
    def journal(self) -> Journal:
        return self._journal

    # --- session -----------------------------------------------------------------------------------------------
    def log_in(self, request_token: str, api_secret: str) -> Session:
        self._secrets.update((request_token, api_secret))
        params = {"request_token": request_token, "api_secret": api_secret}
        request = _Request(Budget.READS, "log_in", "POST /session/token", params)
        session: Session = self._call(request, lambda: self._inner.log_in(request_token, api_secret))
        self._secrets.add(session.access_token)
        return session

    def use_token(self, access_token: str) -> None:
        self._secrets.add(access_token)
        self._inner.use_token(access_token)

    def logout(self) -> None:
        self._call(_Request(Budget.READS, "logout", "DELETE /session/token"), self._inner.logout)

    def profile(self) -> Profile:
        return self._call(_Request(Budget.READS, "profile", "GET /user/profile"), self._inner.profile)

    # --- orders ------------------------------------------------------------------------------------------------
    def place(self, request: OrderRequest) -> PlaceResult:
        """Journal, send, journal the outcome. Raises BrokerError as KiteGateway does, and also when the journal
        cannot be written (then nothing was sent: an order that could be lost from view is not sent at all)."""
        tagged = request if request.tag else request.with_tag(new_tag())
        tag = tagged.tag or ""
        audit = _Request(Budget.ORDERS, "place", f"POST /orders/{tagged.variety}", dict(tagged.to_kite_params()))
        with self._limiter.slot(Budget.ORDERS):
            self._journal_sending(tagged)
            started, begun = self._clock(), time.perf_counter()
            try:
                result = self._inner.place(tagged)
            except BrokerError as error:
                self._settle(tag, _failed_state(error), message=error.message)
                self._finish(audit, started, begun, error=error)
                raise
        self._settle(tag, PlacementState.PLACED, result.order_id, _children(result))
        self._finish(audit, started, begun, detail=_placed(result))
        return result

    def modify(self, modify: ModifyRequest) -> str:
        target = f"PUT /orders/{modify.variety}/{modify.order_id}"
        request = _Request(Budget.ORDERS, "modify", target, dict(modify.to_kite_params()))
        return self._call(request, lambda: self._inner.modify(modify))

    def cancel(self, variety: Variety, order_id: str, parent_order_id: str | None = None) -> str:
        params = {"variety": variety.value, "order_id": order_id, "parent_order_id": parent_order_id or ""}
        request = _Request(Budget.ORDERS, "cancel", f"DELETE /orders/{variety}/{order_id}", params)
        return self._call(request, lambda: self._inner.cancel(variety, order_id, parent_order_id))

    # --- reads -------------------------------------------------------------------------------------------------
    def orders_raw(self) -> list[RawRow]:
        return self._call(_Request(Budget.READS, "orders_raw", "GET /orders"), self._inner.orders_raw, _count)

    def order_history_raw(self, order_id: str) -> list[RawRow]:
        request = _Request(Budget.READS, "order_history_raw", f"GET /orders/{order_id}")
        return self._call(request, lambda: self._inner.order_history_raw(order_id), _count)

    def order_trades_raw(self, order_id: str) -> list[RawRow]:
        request = _Request(Budget.READS, "order_trades_raw", f"GET /orders/{order_id}/trades")
        return self._call(request, lambda: self._inner.order_trades_raw(order_id), _count)

    def trades_raw(self) -> list[RawRow]:
        return self._call(_Request(Budget.READS, "trades_raw", "GET /trades"), self._inner.trades_raw, _count)

    def positions_raw(self) -> dict[str, list[RawRow]]:
        request = _Request(Budget.READS, "positions_raw", "GET /portfolio/positions")
        return self._call(request, self._inner.positions_raw, _count)

    def quotes(self, keys: Iterable[str]) -> dict[str, Quote]:
        """One quote request per batch, each in its own one-a-second slot."""
        wanted = list(dict.fromkeys(keys))
        quotes: dict[str, Quote] = {}
        for start in range(0, len(wanted), QUOTE_BATCH):
            batch = wanted[start : start + QUOTE_BATCH]
            request = _Request(Budget.QUOTES, "quotes", "GET /quote", {"i": batch})
            quotes.update(self._call(request, partial(self._inner.quotes, batch), _count))
        return quotes

    def order_margin(self, request: OrderRequest) -> MarginEstimate:
        audit = _Request(Budget.READS, "order_margin", "POST /margins/orders", dict(request.to_kite_params()))
        return self._call(audit, lambda: self._inner.order_margin(request))

    def instruments_csv(self) -> str:
        request = _Request(Budget.READS, "instruments_csv", "GET /instruments")
        return self._call(request, self._inner.instruments_csv, lambda text: f"{len(text)} bytes")

    # --- the guards --------------------------------------------------------------------------------------------
    def _known_secrets(self) -> set[str]:
        # The api_key is read each time: in live mode it changes when the user sets up another Kite app.
        return self._secrets | {self._inner.api_key}

    def _call(self, request: _Request, op: Callable[[], T], detail: Detail = str) -> T:
        with self._limiter.slot(request.budget):
            started, begun = self._clock(), time.perf_counter()
            try:
                result = op()
            except BrokerError as error:
                self._finish(request, started, begun, error=error)
                raise
        self._finish(request, started, begun, detail=detail(result))
        return result

    def _finish(
        self, request: _Request, started: float, begun: float, *, detail: str = "", error: BrokerError | None = None
    ) -> None:
        if error is not None and error.kind is ErrorKind.RATE_LIMIT:
            self._limiter.back_off(request.budget)
        elif error is None:
            self._limiter.succeeded(request.budget)
        outcome = "ok" if error is None else "unknown" if error.outcome_unknown else "error"
        text = detail if error is None else f"{error.kind}: {error.message}"
        secrets = self._known_secrets()
        record = AuditRecord(
            at=started,
            call=request.call,
            target=redact_text(request.target, secrets),
            params=json.dumps(redact_params(request.params, secrets), default=str, sort_keys=True),
            outcome=outcome,
            duration_ms=(time.perf_counter() - begun) * 1000,
            detail=redact_text(text, secrets),
        )
        self._write(lambda: self._journal.audit(record))

    def _journal_sending(self, request: OrderRequest) -> None:
        try:
            self._journal.sending(request)
        except sqlite3.Error as error:
            raise BrokerError(
                ErrorKind.CONFIG,
                f"Not sent: the order could not be written to the local journal first ({error}). "
                "Check the disk space and permissions of kiteticket's data folder.",
            ) from error

    def _settle(self, tag: str, state: PlacementState, order_id: str = "", message: str = "") -> None:
        # The order's fate is decided by now: a journal that cannot record it leaves the row "sending", which the
        # next start looks up by tag, so the call's own answer must not be replaced by a journal error.
        self._write(lambda: self._journal.settle(tag, state, order_id, redact_text(message, self._known_secrets())))

    def _write(self, write: Callable[[], None]) -> None:
        try:
            write()
        except sqlite3.Error:
            self.audit_failures += 1


def _failed_state(error: BrokerError) -> PlacementState:
    return PlacementState.UNKNOWN if error.outcome_unknown else PlacementState.REJECTED


def _placed(result: PlaceResult) -> str:
    children = _children(result)
    return f"order {result.order_id}" + (f", {children}" if children else "")


def _children(result: PlaceResult) -> str:
    if not (result.child_order_ids or result.child_errors):
        return ""
    refused = f"; refused: {'; '.join(result.child_errors)}" if result.child_errors else ""
    return f"{len(result.child_order_ids)} slice(s) placed{refused}"


def guard(gateway: KiteGateway, journal_path: Path | str) -> GuardedGateway:
    """The gateway the app uses: ``gateway`` behind the rate limiter, journalled to ``journal_path``
    (":memory:" keeps the journal for this run only, as for a paper exchange that lives in memory)."""
    return GuardedGateway(gateway, Journal(journal_path))
