"""What the UI needs from the local journal (kiteticket.broker.journal.Journal has these methods); the UI never
imports the broker package."""

from __future__ import annotations

from typing import Protocol

from kiteticket.domain.audit import AuditRecord, PlacementRecord, PlacementState


class JournalPort(Protocol):
    def open_placements(self) -> tuple[PlacementRecord, ...]: ...
    def settle(self, tag: str, state: PlacementState, order_id: str = "", message: str = "") -> None: ...
    def placements(self, limit: int = ...) -> tuple[PlacementRecord, ...]: ...
    def audit_records(self, limit: int = ..., *, routine: bool = ...) -> tuple[AuditRecord, ...]: ...
