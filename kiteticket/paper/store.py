"""SQLite persistence: the durable copy of everything the exchange holds in memory.

One connection behind the exchange's lock (the exchange serialises all state changes anyway), WAL journal so a
crash loses at most the last commit, and ``synchronous=NORMAL`` because a paper account does not need an fsync per
order. Order history snapshots live only here: memory keeps the current state, not every past one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kiteticket.paper.config import MEMORY_DB
from kiteticket.paper.model import PaperOrder, PaperTrade

_SCHEMA = """
CREATE TABLE IF NOT EXISTS orders (order_id TEXT PRIMARY KEY, day TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS orders_day ON orders(day);
CREATE TABLE IF NOT EXISTS history (order_id TEXT NOT NULL, seq INTEGER NOT NULL, snapshot TEXT NOT NULL,
                                    PRIMARY KEY (order_id, seq));
CREATE TABLE IF NOT EXISTS trades (trade_id TEXT PRIMARY KEY, order_id TEXT NOT NULL, day TEXT NOT NULL,
                                   data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS trades_day ON trades(day);
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_TABLES = ("orders", "history", "trades", "kv")


class Store:
    def __init__(self, path: str) -> None:
        self.path = path
        if path != MEMORY_DB:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._in_tx = False
        # History rows of the current request, written in one batch at its commit: placing an order writes four
        # (one per status), and a partial fill rewrites the latest, so a row may change before it is written.
        self._snapshots: dict[tuple[str, int], str] = {}

    def close(self) -> None:
        self.commit()
        self._db.close()

    def _begin(self) -> None:
        if not self._in_tx:
            self._db.execute("BEGIN")
            self._in_tx = True

    def _write_snapshots(self) -> None:
        if self._snapshots:
            self._begin()
            rows = [(order_id, seq, snapshot) for (order_id, seq), snapshot in self._snapshots.items()]
            self._db.executemany("INSERT OR REPLACE INTO history (order_id, seq, snapshot) VALUES (?, ?, ?)", rows)
            self._snapshots.clear()

    def commit(self) -> None:
        """End the current batch of writes: the caller commits once per API request, not per row."""
        self._write_snapshots()
        if self._in_tx:
            self._db.execute("COMMIT")
            self._in_tx = False

    def rollback(self) -> None:
        """Undo every write since the last commit: a request that failed half-way leaves SQLite as it was."""
        self._snapshots.clear()
        if self._in_tx:
            self._db.execute("ROLLBACK")
            self._in_tx = False

    @property
    def pending(self) -> bool:
        """True while writes of the current request are not yet committed."""
        return self._in_tx or bool(self._snapshots)

    def reset(self) -> None:
        self._snapshots.clear()
        self._begin()
        for table in _TABLES:
            self._db.execute(f"DELETE FROM {table}")  # table names are constants, not input
        self.commit()

    def save_order(self, order: PaperOrder) -> None:
        self._begin()
        self._db.execute(
            "INSERT OR REPLACE INTO orders (order_id, day, data) VALUES (?, ?, ?)",
            (order.order_id, order.day, order.to_row()),
        )

    def add_snapshot(self, order_id: str, seq: int, snapshot: bytes) -> None:
        self._snapshots[order_id, seq] = snapshot.decode()

    def history(self, order_id: str) -> list[str]:
        self._write_snapshots()
        rows = self._db.execute("SELECT snapshot FROM history WHERE order_id = ? ORDER BY seq", (order_id,))
        return [row[0] for row in rows]

    def history_lengths(self, day: str) -> dict[str, int]:
        self._write_snapshots()
        rows = self._db.execute(
            "SELECT h.order_id, COUNT(*) FROM history h JOIN orders o ON o.order_id = h.order_id "
            "WHERE o.day = ? GROUP BY h.order_id",
            (day,),
        )
        return {row[0]: row[1] for row in rows}

    def add_trade(self, trade: PaperTrade, day: str) -> None:
        self._begin()
        self._db.execute(
            "INSERT OR REPLACE INTO trades (trade_id, order_id, day, data) VALUES (?, ?, ?, ?)",
            (trade.trade_id, trade.order_id, day, trade.to_row()),
        )

    def orders_of(self, day: str) -> Iterator[PaperOrder]:
        for (data,) in self._db.execute("SELECT data FROM orders WHERE day = ? ORDER BY order_id", (day,)):
            yield PaperOrder.from_row(data)

    def trades_of(self, day: str) -> Iterator[PaperTrade]:
        for (data,) in self._db.execute("SELECT data FROM trades WHERE day = ? ORDER BY trade_id", (day,)):
            yield PaperTrade.from_row(data)

    def max_ids(self) -> tuple[int, int]:
        """The highest order and trade ids ever issued, so ids keep increasing across restarts."""
        order = self._db.execute("SELECT MAX(CAST(order_id AS INTEGER)) FROM orders").fetchone()[0]
        trade = self._db.execute("SELECT MAX(CAST(trade_id AS INTEGER)) FROM trades").fetchone()[0]
        return int(order or 0), int(trade or 0)

    def put(self, key: str, value: Any) -> None:
        self._begin()
        self._db.execute("INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)", (key, json.dumps(value)))

    def get(self, key: str, default: Any = None) -> Any:
        row = self._db.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default
