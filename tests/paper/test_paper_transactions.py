"""One request, one transaction: a request that fails after validation (here: the store failing as it writes)
leaves memory and SQLite exactly as they were, and the exchange goes on answering and persisting afterwards."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from kiteconnect import KiteConnect
from kiteconnect.exceptions import GeneralException

from kiteticket.paper.exchange import PaperExchange
from kiteticket.paper.store import Store
from tests.paper.conftest import config
from tests.paper.helpers import buy_limit, logged_in, set_price

_TABLES = ("orders", "history", "trades", "kv")


@pytest.fixture
def on_disk(tmp_path: Path) -> Iterator[tuple[PaperExchange, KiteConnect]]:
    with PaperExchange(config(db_path=str(tmp_path / "paper.db"))) as running:
        client = logged_in(running)
        yield running, client
        client.reqsession.close()


def sqlite_rows(path: str) -> dict[str, list[tuple[Any, ...]]]:
    """Everything committed, read through a connection of its own (WAL: it sees only committed data)."""
    with sqlite3.connect(path) as db:
        return {table: sorted(db.execute(f"SELECT * FROM {table}")) for table in _TABLES}


def what_clients_see(kite: KiteConnect) -> dict[str, Any]:
    return {
        "orders": kite.orders(),
        "trades": kite.trades(),
        "positions": kite.positions(),
        "holdings": kite.holdings(),
        "margins": kite.margins(),
    }


def fail_store_writes(monkeypatch: pytest.MonkeyPatch, method: str) -> None:
    def broken(self: Store, *args: object) -> None:
        raise OSError("disk I/O error (injected by the test)")

    monkeypatch.setattr(Store, method, broken)


@pytest.mark.parametrize("method", ["save_order", "add_trade", "add_snapshot"])
def test_a_placement_that_fails_while_writing_changes_nothing(
    on_disk: tuple[PaperExchange, KiteConnect], monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    exchange, kite = on_disk
    set_price(exchange, "INFY", 1500)
    buy_limit(kite, 1400)  # a resting order, so the book is not empty
    before_memory, before_disk = what_clients_see(kite), sqlite_rows(exchange.db_path)
    fail_store_writes(monkeypatch, method)
    with pytest.raises(GeneralException) as caught:
        buy_limit(kite, 1600)  # marketable: it would fill, moving positions and funds too
    assert caught.value.code == 500
    monkeypatch.undo()
    assert what_clients_see(kite) == before_memory
    assert sqlite_rows(exchange.db_path) == before_disk


def test_a_modification_that_fails_while_writing_leaves_the_order_as_it_was(
    on_disk: tuple[PaperExchange, KiteConnect], monkeypatch: pytest.MonkeyPatch
) -> None:
    exchange, kite = on_disk
    set_price(exchange, "INFY", 1500)
    order_id = buy_limit(kite, 1400)
    before_history, before_disk = kite.order_history(order_id), sqlite_rows(exchange.db_path)
    fail_store_writes(monkeypatch, "save_order")
    with pytest.raises(GeneralException):
        kite.modify_order("regular", order_id, price=1410)
    monkeypatch.undo()
    assert kite.order_history(order_id) == before_history
    assert kite.order_history(order_id)[-1]["price"] == 1400
    assert sqlite_rows(exchange.db_path) == before_disk


def test_after_a_failed_request_orders_are_placed_and_survive_a_restart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(tmp_path / "paper.db")
    with PaperExchange(config(db_path=path)) as exchange:
        kite = logged_in(exchange)
        set_price(exchange, "INFY", 1500)
        fail_store_writes(monkeypatch, "save_order")
        with pytest.raises(GeneralException):
            buy_limit(kite, 1400)
        monkeypatch.undo()
        placed = buy_limit(kite, 1401)
        assert [order["order_id"] for order in kite.orders()] == [placed]
        kite.reqsession.close()
    with PaperExchange(config(db_path=path)) as again:
        kite = logged_in(again)
        assert [(order["order_id"], order["price"]) for order in kite.orders()] == [(placed, 1401)]
        kite.reqsession.close()
