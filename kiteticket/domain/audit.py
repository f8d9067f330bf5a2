"""What the journal holds, as immutable data: each placement's state from "sending" to its outcome, and the
audit trail of every broker call. The broker layer writes them to SQLite; the UI only reads these records."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kiteticket.domain.market_clock import IST
from kiteticket.domain.order_row import OrderRow


class PlacementState(StrEnum):
    SENDING = "sending"  # written before the request left: a crash here leaves it to be looked up
    PLACED = "placed"
    REJECTED = "rejected"  # Kite refused it for certain
    UNKNOWN = "unknown"  # sent, reply lost: being looked up by tag in the order book
    NOT_PLACED = "not_placed"  # looked up for the whole window and never seen, or refused for its IP address
    UNRESOLVED = "unresolved"  # left open on an earlier day: today's order book cannot tell

    @property
    def is_open(self) -> bool:
        """Whether the outcome is still to be found out."""
        return self in (PlacementState.SENDING, PlacementState.UNKNOWN)


@dataclass(frozen=True, slots=True)
class PlacementRecord:
    tag: str
    state: PlacementState
    created: float  # seconds since the epoch
    updated: float
    summary: str  # "BUY 5 NSE:INFY LIMIT 1500.00, CNC, regular": what the user would recognise
    request: str  # the parameters as sent, as JSON
    order_id: str = ""
    message: str = ""


@dataclass(frozen=True, slots=True)
class AuditRecord:
    at: float  # seconds since the epoch, when the call started
    call: str  # the gateway method: "place", "orders_raw"
    target: str  # what it amounts to at Kite: "POST /orders/regular"
    params: str  # JSON, secrets redacted
    outcome: str  # "ok", "error", or "unknown" for a write whose result could not be read
    duration_ms: float
    detail: str  # a short answer ("order 2511…", "42 rows") or the error, secrets redacted


AUDIT_HEADER = ("Time", "Call", "Request", "Parameters", "Outcome", "ms", "Detail")
PLACEMENT_HEADER = ("Created", "Tag", "Order", "State", "Order id", "Message", "Updated")


def local_time(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, IST).strftime("%Y-%m-%d %H:%M:%S")


def audit_rows(records: Iterable[AuditRecord]) -> list[tuple[str, ...]]:
    return [
        (local_time(r.at), r.call, r.target, r.params, r.outcome, f"{r.duration_ms:.0f}", r.detail) for r in records
    ]


def placement_rows(
    records: Iterable[PlacementRecord], orders: Mapping[str, OrderRow] | None = None
) -> list[tuple[str, ...]]:
    """One row per placement. ``orders``: today's order book by order id, to tell what became of a placed order:
    Kite takes an order (so the journal says "placed") and its risk checks may reject it a moment later."""
    rows: list[tuple[str, ...]] = []
    for r in records:
        state, message = _outcome(r, (orders or {}).get(r.order_id) if r.order_id else None)
        rows.append((local_time(r.created), r.tag, r.summary, state, r.order_id, message, local_time(r.updated)))
    return rows


def _outcome(record: PlacementRecord, order: OrderRow | None) -> tuple[str, str]:
    if record.state is PlacementState.PLACED and order is not None and order.status == "REJECTED":
        reason = order.status_message or "no reason given"
        return PlacementState.REJECTED.value, f"Placed, then rejected by Kite: {reason}"
    return record.state.value, record.message


def from_earlier_day(created: float, now: float) -> bool:
    """Kite's order book holds one day: an order sent on an earlier IST date cannot be looked up in it."""
    return datetime.fromtimestamp(created, IST).date() < datetime.fromtimestamp(now, IST).date()
