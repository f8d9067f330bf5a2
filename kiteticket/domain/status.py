"""Kite's order statuses, each knowing whether it is still working, final, and what Kite allows on it.

Kite accepts modify and cancel only while an order is OPEN or TRIGGER PENDING, and an AMO while it waits in
AMO REQ RECEIVED (kite-api-facts.md §2). Any status Kite may add later is read as "in progress": neither final nor
actionable, which is the safe reading for an order book that must never hide a live order.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class OrderStatus(StrEnum):
    PUT_ORDER_REQ_RECEIVED = "PUT ORDER REQ RECEIVED"
    AMO_REQ_RECEIVED = "AMO REQ RECEIVED"
    VALIDATION_PENDING = "VALIDATION PENDING"
    OPEN_PENDING = "OPEN PENDING"
    OPEN = "OPEN"
    TRIGGER_PENDING = "TRIGGER PENDING"
    MODIFY_VALIDATION_PENDING = "MODIFY VALIDATION PENDING"
    MODIFY_PENDING = "MODIFY PENDING"
    MODIFIED = "MODIFIED"
    NOT_MODIFIED = "NOT MODIFIED"
    CANCEL_PENDING = "CANCEL PENDING"
    COMPLETE = "COMPLETE"
    CANCELLED = "CANCELLED"
    REJECTED = "REJECTED"

    @property
    def is_terminal(self) -> bool:
        return self in _TERMINAL

    @property
    def is_open(self) -> bool:
        """Still working: not filled, cancelled or rejected (interim statuses included)."""
        return not self.is_terminal

    @property
    def is_modifiable(self) -> bool:
        return self in _ACTIONABLE

    @property
    def is_cancellable(self) -> bool:
        return self in _ACTIONABLE


_TERMINAL = frozenset({OrderStatus.COMPLETE, OrderStatus.CANCELLED, OrderStatus.REJECTED})
_ACTIONABLE = frozenset({OrderStatus.OPEN, OrderStatus.TRIGGER_PENDING, OrderStatus.AMO_REQ_RECEIVED})


@dataclass(frozen=True, slots=True)
class StatusInfo:
    """What the order book needs to know about any status string Kite sends, known or not."""

    text: str
    status: OrderStatus | None
    is_terminal: bool
    is_modifiable: bool
    is_cancellable: bool

    @property
    def is_open(self) -> bool:
        return not self.is_terminal


def status_info(text: str) -> StatusInfo:
    """Classify a status string from /orders. Unknown strings that say COMPLETE, REJECT or CANCELLED are final,
    as pykiteconnect's own tests read them; any other unknown string is in progress."""
    try:
        status: OrderStatus | None = OrderStatus(text)
    except ValueError:
        status = None
    if status is not None:
        return StatusInfo(text, status, status.is_terminal, status.is_modifiable, status.is_cancellable)
    upper = text.upper()
    final = any(word in upper for word in ("COMPLETE", "REJECT", "CANCELLED"))
    return StatusInfo(text, None, final, False, False)
