"""The local journal: every placement, written down before it is sent, and an audit trail of every broker call.

One SQLite file under the user's data folder. A placement's row is inserted as "sending" (with its tag and the
whole request) and committed before the request leaves, so even a crash between sending and hearing back leaves a
row to look the order up by (kite-api-facts.md §12). WAL with synchronous=FULL makes each commit durable against a
crash or a power cut, at the cost of one fsync per commit.

Every write goes through the journal's own writer thread, which commits whatever is queued in one transaction
(one fsync for a burst of audit rows). Only ``sending`` waits for its commit; ``settle`` and ``audit`` return at
once, so the GUI thread, which settles placements found by reconciliation, never waits for the fsync of a poll's
audit row (the drill measured 58-111 ms stalls when it did, under the one lock every write shared). A settle still
queued at a crash leaves the row "sending", which the next start looks up by tag: the safe side. Reads wait for
the writes queued before them, so a reader always sees what was written.
"""

from __future__ import annotations

import contextlib
import json
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiteticket.domain.audit import AuditRecord, PlacementRecord, PlacementState
from kiteticket.domain.order import OrderRequest

JOURNAL_FILE = "journal.sqlite3"
PAPER_JOURNAL_FILE = "journal-paper.sqlite3"  # paper orders never mix with live ones, even in the audit log
SCHEMA_VERSION = 1
KEEP_AUDIT_DAYS = 90  # order writes, logins and every failure
KEEP_READS_DAYS = 7  # successful reads: a few rows a second while polling, so a week of them
# Writes are never routine: kept 90 days and always shown in the audit log (GTT, conversion and fund writes too).
ROUTINE = (
    "outcome = 'ok' AND call NOT IN ('place', 'modify', 'cancel', 'log_in', 'logout', 'convert_position', "
    "'place_gtt', 'modify_gtt', 'delete_gtt', "
    "'place_mf_order', 'cancel_mf_order', 'place_mf_sip', 'modify_mf_sip', 'cancel_mf_sip')"  # mutual funds
)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS placements (
    tag TEXT PRIMARY KEY, state TEXT NOT NULL, created REAL NOT NULL, updated REAL NOT NULL,
    summary TEXT NOT NULL, request TEXT NOT NULL, order_id TEXT NOT NULL DEFAULT '', message TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS placements_open ON placements (state);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, call TEXT NOT NULL, target TEXT NOT NULL,
    params TEXT NOT NULL, outcome TEXT NOT NULL, duration_ms REAL NOT NULL, detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_at ON audit (at);
"""
_PLACEMENT_COLUMNS = "tag, state, created, updated, summary, request, order_id, message"
_AUDIT_COLUMNS = "at, call, target, params, outcome, duration_ms, detail"
BATCH = 200  # writes committed together at most: a burst of polls' audit rows costs one fsync


@dataclass(frozen=True, slots=True)
class _Write:
    """One statement for the writer thread; ``done`` is resolved once it is committed (or has failed)."""

    sql: str
    args: tuple[Any, ...]
    done: Future[None] = field(default_factory=Future)


_STOP = _Write("", ())  # asks the writer thread to end, after everything queued before it


class Journal:
    """Thread-safe; every method blocks for one local SQLite statement (and its fsync when it writes)."""

    def __init__(self, path: Path | str, *, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()  # the connection: one statement at a time, the writer's or a reader's
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)
        self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        self._db.execute("DELETE FROM audit WHERE at < ?", (clock() - KEEP_AUDIT_DAYS * 86_400,))
        self._db.execute(f"DELETE FROM audit WHERE at < ? AND {ROUTINE}", (clock() - KEEP_READS_DAYS * 86_400,))
        self.failures = 0  # writes that were not committed (a full disk, a closed journal)
        self._queue: queue.SimpleQueue[_Write] = queue.SimpleQueue()
        # Guards ``_closed`` and ``failures`` only: never held through a statement, so queueing a write never waits.
        self._state = threading.Lock()
        self._closed = False
        self._writer = threading.Thread(target=self._write_queued, name="journal-writer", daemon=True)
        self._writer.start()

    def close(self) -> None:
        """Commit what is queued, then close; later writes are counted as failures, and ``sending`` raises."""
        with self._state:
            if self._closed:
                return
            self._closed = True
            self._queue.put(_STOP)
        self._writer.join()
        with self._lock:
            self._db.close()

    # --- placements --------------------------------------------------------------------------------------------
    def sending(self, request: OrderRequest) -> None:
        """Write the placement down before it is sent; its tag must be set and unique."""
        if not request.tag:
            raise ValueError("a placement needs its unique tag before it is journalled")
        now = self._clock()
        params = json.dumps(request.to_kite_params(), default=str, sort_keys=True)
        written = self._enqueue(
            f"INSERT INTO placements ({_PLACEMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, '', '')",
            (request.tag, PlacementState.SENDING.value, now, now, summarise(request), params),
        )
        written.result()  # committed (fsync'd) before the order may leave; raises the sqlite3.Error if not

    def settle(self, tag: str, state: PlacementState, order_id: str = "", message: str = "") -> None:
        """Queued: returns at once (it is called on the GUI thread); the next read sees it."""
        self._enqueue(
            "UPDATE placements SET state = ?, order_id = ?, message = ?, updated = ? WHERE tag = ?",
            (state.value, order_id, message, self._clock(), tag),
        )

    def placement(self, tag: str) -> PlacementRecord | None:
        rows = self._query(f"SELECT {_PLACEMENT_COLUMNS} FROM placements WHERE tag = ?", (tag,))
        return _placement(rows[0]) if rows else None

    def open_placements(self) -> tuple[PlacementRecord, ...]:
        """Placements whose outcome is not known yet: left by a crash, or still being looked up."""
        states = tuple(state.value for state in PlacementState if state.is_open)
        rows = self._query(
            f"SELECT {_PLACEMENT_COLUMNS} FROM placements WHERE state IN (?, ?) ORDER BY created", states
        )
        return tuple(_placement(row) for row in rows)

    def placements(self, limit: int = 5_000) -> tuple[PlacementRecord, ...]:
        rows = self._query(f"SELECT {_PLACEMENT_COLUMNS} FROM placements ORDER BY created DESC LIMIT ?", (limit,))
        return tuple(_placement(row) for row in rows)

    # --- audit -------------------------------------------------------------------------------------------------
    def audit(self, record: AuditRecord) -> None:
        """Append one call to the audit trail (queued; returns at once); the caller has already redacted it."""
        self._enqueue(
            f"INSERT INTO audit ({_AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (record.at, record.call, record.target, record.params, record.outcome, record.duration_ms, record.detail),
        )

    def audit_records(self, limit: int = 5_000, *, routine: bool = True) -> tuple[AuditRecord, ...]:
        """The newest calls first; without ``routine``, only order writes, logins and failures."""
        where = "" if routine else f"WHERE NOT ({ROUTINE})"
        rows = self._query(f"SELECT {_AUDIT_COLUMNS} FROM audit {where} ORDER BY id DESC LIMIT ?", (limit,))
        return tuple(AuditRecord(*row) for row in rows)

    # --- plumbing ----------------------------------------------------------------------------------------------
    def flush(self) -> None:
        """Wait until every write queued so far is committed (or has failed)."""
        marker = self._enqueue("SELECT 1", ())
        marker.exception()  # waits; a closed journal has nothing left to wait for

    def _enqueue(self, sql: str, args: tuple[Any, ...]) -> Future[None]:
        write = _Write(sql, args)
        with self._state:
            if self._closed:
                self.failures += 1
                write.done.set_exception(sqlite3.ProgrammingError("Cannot operate on a closed journal."))
            else:
                self._queue.put(write)
        return write.done

    def _query(self, sql: str, args: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        self.flush()
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def _write_queued(self) -> None:
        """The writer thread: wait for a write, take whatever else is queued, commit it all at once."""
        while True:
            batch = [self._queue.get()]
            while len(batch) < BATCH and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            stop = _STOP in batch
            self._commit([write for write in batch if write is not _STOP])
            if stop:
                return

    def _commit(self, batch: list[_Write]) -> None:
        failed: dict[int, sqlite3.Error] = {}
        with self._lock:
            try:
                self._db.execute("BEGIN")
                for index, write in enumerate(batch):
                    try:
                        self._db.execute(write.sql, write.args)
                    except Exception as error:  # this statement only (a tag journalled twice): the rest stand
                        failed[index] = _as_sqlite_error(error)
                self._db.execute("COMMIT")
            except sqlite3.Error as error:  # the commit itself: a full disk, a vanished folder
                failed = dict.fromkeys(range(len(batch)), error)
                _roll_back(self._db)
        with self._state:
            self.failures += len(failed)
        for index, write in enumerate(batch):
            if index in failed:
                write.done.set_exception(failed[index])
            else:
                write.done.set_result(None)


def _as_sqlite_error(error: Exception) -> sqlite3.Error:
    # A value SQLite cannot bind (an int too large) must fail that write, not end the writer thread.
    return error if isinstance(error, sqlite3.Error) else sqlite3.InterfaceError(f"{type(error).__name__}: {error}")


def _roll_back(db: sqlite3.Connection) -> None:
    # SQLite may have rolled back by itself already (an I/O error ends the transaction).
    with contextlib.suppress(sqlite3.Error):
        if db.in_transaction:
            db.execute("ROLLBACK")


def _placement(row: tuple[Any, ...]) -> PlacementRecord:
    tag, state, created, updated, summary, request, order_id, message = row
    return PlacementRecord(tag, PlacementState(state), created, updated, summary, request, order_id, message)


def summarise(request: OrderRequest) -> str:
    """ "BUY 5 NSE:INFY LIMIT 1500.00, CNC, regular": the order as the user would recognise it."""
    price = f" {request.price}" if request.price is not None and request.order_type.needs_price else ""
    trigger = f" trigger {request.trigger_price}" if request.trigger_price else ""
    return (
        f"{request.transaction_type} {request.quantity} {request.instrument_key} {request.order_type}{price}{trigger}"
        f", {request.product}, {request.variety}"
    )
