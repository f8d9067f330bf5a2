"""Writing to the journal on the gateway's behalf: every text redacted first, and a journal that fails never
replacing a call's own answer, except before a placement is sent, when it stops the placement."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kiteticket.broker.journal import Journal
from kiteticket.broker.ratelimit import Budget
from kiteticket.domain.audit import AuditRecord, PlacementState
from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.redaction import redact_params, redact_text


@dataclass(frozen=True, slots=True)
class Call:
    """One broker call, as the rate limiter counts it and the audit trail names it."""

    budget: Budget
    name: str  # the gateway method: "place"
    target: str  # what it is at Kite: "POST /orders/regular"
    params: dict[str, Any] = field(default_factory=dict)


class JournalWriter:
    """Thread-safe, as the journal is. ``secrets`` gives the values to scrub, read at each write (they change as
    the user logs in)."""

    def __init__(self, journal: Journal, secrets: Callable[[], set[str]]) -> None:
        self.journal = journal
        self._secrets = secrets
        self._failures = 0

    @property
    def failures(self) -> int:
        """Rows that could not be written (a full disk, a closed journal): counted by the journal's writer thread,
        which writes the queued ones, and here."""
        return self.journal.failures + self._failures

    def sending(self, request: OrderRequest) -> None:
        """Write the placement down before it is sent; if that fails, it is not sent at all."""
        try:
            self.journal.sending(request)
        except sqlite3.Error as error:
            raise BrokerError(
                ErrorKind.CONFIG,
                f"Not sent: the order could not be written to the local journal first ({error}). "
                "Check the disk space and permissions of kiteticket's data folder.",
            ) from error

    def settle(self, tag: str, state: PlacementState, order_id: str = "", message: str = "") -> None:
        # The order's fate is decided by now: a journal that cannot record it leaves the row "sending", which the
        # next start looks up by tag, so the call's own answer must not be replaced by a journal error.
        self._write(lambda: self.journal.settle(tag, state, order_id, redact_text(message, self._secrets())))

    def audit(self, call: Call, started: float, duration_ms: float, detail: str, error: BrokerError | None) -> None:
        secrets = self._secrets()
        outcome = "ok" if error is None else "unknown" if error.outcome_unknown else "error"
        text = detail if error is None else f"{error.kind}: {error.message}"
        record = AuditRecord(
            at=started,
            call=call.name,
            target=redact_text(call.target, secrets),
            params=json.dumps(redact_params(call.params, secrets), default=str, sort_keys=True),
            outcome=outcome,
            duration_ms=duration_ms,
            detail=redact_text(text, secrets),
        )
        self._write(lambda: self.journal.audit(record))

    def _write(self, write: Callable[[], None]) -> None:
        try:
            write()
        except sqlite3.Error:
            self._failures += 1
