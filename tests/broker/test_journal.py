"""The journal on its own: placements from "sending" to their outcome, kept across a restart; the audit trail,
newest first and pruned after a month; a tag can only be journalled once."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from kiteticket.broker.journal import KEEP_AUDIT_DAYS, Journal
from kiteticket.domain.audit import AuditRecord, PlacementState, audit_rows, from_earlier_day, placement_rows
from tests.broker.test_gateway_paper import INFY

DAY = 86_400.0


def record(at: float, call: str = "orders_raw") -> AuditRecord:
    return AuditRecord(at, call, "GET /orders", "{}", "ok", 12.5, "3 rows")


def test_a_placement_is_open_until_settled_and_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    journal = Journal(path, clock=lambda: 1_764_000_000.0)
    journal.sending(replace(INFY, tag="kt1"))
    journal.sending(replace(INFY, tag="kt2"))
    journal.settle("kt2", PlacementState.PLACED, "251125000000001")
    journal.close()
    reopened = Journal(path)
    [open_one] = reopened.open_placements()
    assert open_one.tag == "kt1"
    assert open_one.state is PlacementState.SENDING
    assert '"tag": "kt1"' in open_one.request
    assert open_one.summary == "BUY 5 NSE:INFY LIMIT 1500.00, CNC, regular"
    placed = reopened.placement("kt2")
    assert placed is not None
    assert (placed.state, placed.order_id) == (PlacementState.PLACED, "251125000000001")
    assert sorted(row[1] for row in placement_rows(reopened.placements())) == ["kt1", "kt2"]
    reopened.close()


def test_a_tag_is_journalled_once_and_an_untagged_placement_not_at_all(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    journal.sending(replace(INFY, tag="same"))
    with pytest.raises(sqlite3.IntegrityError):
        journal.sending(replace(INFY, tag="same"))
    with pytest.raises(ValueError, match="tag"):
        journal.sending(replace(INFY, tag=None))
    journal.close()


def test_the_audit_trail_is_newest_first_and_forgets_after_a_month(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    now = 1_764_000_000.0
    journal = Journal(path, clock=lambda: now)
    journal.audit(record(now - (KEEP_AUDIT_DAYS + 1) * DAY, "old"))
    journal.audit(record(now - 1, "recent"))
    journal.audit(record(now, "newest"))
    assert [r.call for r in journal.audit_records()] == ["newest", "recent", "old"]
    journal.close()
    reopened = Journal(path, clock=lambda: now)
    assert [r.call for r in reopened.audit_records()] == ["newest", "recent"]
    assert audit_rows(reopened.audit_records(limit=1))[0][1:] == ("newest", "GET /orders", "{}", "ok", "12", "3 rows")
    reopened.close()


def test_an_order_from_an_earlier_day_cannot_be_looked_up_today() -> None:
    evening = 1_764_081_000.0  # 25 Nov 2026, 20:00 IST
    assert not from_earlier_day(evening - 3_600, evening)
    assert from_earlier_day(evening - DAY, evening)


def test_routine_reads_go_after_a_week_order_writes_and_failures_stay(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    now = 1_764_000_000.0
    journal = Journal(path, clock=lambda: now)
    eight_days = now - 8 * DAY
    journal.audit(record(eight_days, "orders_raw"))
    journal.audit(record(eight_days, "place"))
    journal.audit(replace(record(eight_days, "quotes"), outcome="error"))
    journal.audit(record(now, "orders_raw"))
    assert [r.call for r in journal.audit_records(routine=False)] == ["quotes", "place"]
    journal.close()
    reopened = Journal(path, clock=lambda: now)
    assert [r.call for r in reopened.audit_records()] == ["orders_raw", "quotes", "place"]
    assert reopened.audit_records()[0].at == now
    reopened.close()


def test_settling_and_auditing_never_wait_for_the_writer(tmp_path: Path) -> None:
    """The GUI thread settles placements: it must not wait while the writer thread holds the connection for a
    commit (an fsync of a poll's audit row stalled the GUI 58-111 ms when every write shared one lock)."""
    journal = Journal(tmp_path / "j.sqlite3")
    journal.sending(replace(INFY, tag="kt1"))
    returned = threading.Event()

    def settle_and_audit() -> None:
        journal.settle("kt1", PlacementState.PLACED, "251125000000001")
        journal.audit(record(1_764_000_000.0))
        returned.set()

    with journal._lock:  # as the writer thread holds it through a commit
        caller = threading.Thread(target=settle_and_audit)
        caller.start()
        assert returned.wait(10), "settle or audit waited for the connection"
    caller.join(10)
    placed = journal.placement("kt1")  # a read sees every write queued before it
    assert placed is not None
    assert placed.state is PlacementState.PLACED
    assert [r.call for r in journal.audit_records()] == ["orders_raw"]
    journal.close()


def test_a_placement_is_on_disk_before_sending_returns(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    journal = Journal(path)
    journal.sending(replace(INFY, tag="kt1"))
    other = sqlite3.connect(path)  # another process, as after a crash
    assert other.execute("SELECT state FROM placements WHERE tag = 'kt1'").fetchall() == [("sending",)]
    other.close()
    journal.close()


def test_writes_after_close_are_counted_not_lost_silently(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    journal.close()
    journal.audit(record(1_764_000_000.0))
    journal.settle("kt1", PlacementState.PLACED)
    assert journal.failures == 2
    with pytest.raises(sqlite3.ProgrammingError):
        journal.sending(replace(INFY, tag="kt2"))
