"""Starting, stopping, restarting: the database survives, the CLI prints what a script needs."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from kiteconnect import KiteConnect

from kiteticket.domain.credentials import DEFAULT_REDIRECT_URL
from kiteticket.paper.config import PaperConfig
from kiteticket.paper.exchange import PaperExchange
from tests.paper.conftest import config
from tests.paper.helpers import buy_limit, logged_in, set_price


def test_everything_survives_a_restart(tmp_path: Path) -> None:
    db = str(tmp_path / "paper.sqlite3")
    with PaperExchange(config(db_path=db)) as first:
        kite = logged_in(first)
        set_price(first, "INFY", 1700)
        resting = buy_limit(kite, 1650)
        filled = kite.place_order(
            variety="regular",
            exchange="NSE",
            tradingsymbol="INFY",
            transaction_type="BUY",
            quantity=2,
            product="MIS",
            order_type="LIMIT",
            price=1700,
        )
        token = kite.access_token
        kite.reqsession.close()
    with PaperExchange(config(db_path=db)) as second:
        again = KiteConnect(second.api_key, access_token=token, root=second.root_url)
        assert [row["order_id"] for row in again.orders()] == [resting, filled]
        assert again.ltp("NSE:INFY")["NSE:INFY"]["last_price"] == 1700  # the market carries on where it was
        assert len(again.order_history(resting)) == 4
        assert [trade["order_id"] for trade in again.trades()] == [filled]
        assert any(p["tradingsymbol"] == "INFY" and p["quantity"] == 2 for p in again.positions()["net"])
        newer = buy_limit(again, 1600)
        assert int(newer) > int(filled)
        again.cancel_order("regular", resting)
        again.reqsession.close()
    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    check.close()
    with PaperExchange(config(db_path=db, reset=True)) as fresh:
        kite = logged_in(fresh)
        assert kite.orders() == []
        kite.reqsession.close()


def test_a_new_exchange_day_shows_a_new_order_book(exchange: PaperExchange) -> None:
    from tests.paper.helpers import admin

    admin(exchange, "clock", {"now": "2026-11-25 10:00:00"})
    kite = logged_in(exchange)
    set_price(exchange, "SBIN", 1000)
    kite.place_order(
        variety="regular",
        exchange="NSE",
        tradingsymbol="SBIN",
        transaction_type="BUY",
        quantity=5,
        product="CNC",
        order_type="LIMIT",
        price=1000,
    )
    admin(exchange, "clock", {"now": "2026-11-26 10:00:00"})
    kite = logged_in(exchange)
    assert kite.orders() == []
    holding = next(row for row in kite.holdings() if row["tradingsymbol"] == "SBIN")
    assert holding["quantity"] == 15  # the seeded 10 and yesterday's delivery buy
    kite.reqsession.close()


def test_the_default_redirect_is_where_kiteticket_login_listens() -> None:
    # `kiteticket login --root … --login-url …` against `kiteticket-paper` started with its defaults.
    assert config().redirect_url == PaperConfig().redirect_url == DEFAULT_REDIRECT_URL == "http://127.0.0.1:5010/"


def test_non_loopback_host_is_refused() -> None:
    with pytest.raises(ValueError, match="loopback"):
        PaperExchange(config(host="0.0.0.0"))


def test_cli_prints_root_key_and_database(tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "kiteticket.paper.cli",
        "--port",
        "0",
        "--db",
        ":memory:",
        "--seed",
        "1",
        "--no-rate-limit",
        "--api-key",
        "mykey",
    ]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None
        lines = [process.stdout.readline().strip() for _ in range(3)]
        root = lines[0].removeprefix("root: ")
        try:
            assert lines[0].startswith("root: http://127.0.0.1:")
            assert lines[1:] == ["api_key: mykey", "db: :memory:"]
            answer = requests.get(f"{root}/user/profile", timeout=5)
            assert (answer.status_code, answer.json()["error_type"]) == (403, "TokenException")
        finally:
            process.terminate()
            assert process.wait(timeout=10) == 0


def test_cli_refuses_a_remote_host_without_allow_remote() -> None:
    from kiteticket.paper.cli import main

    assert main(["--host", "0.0.0.0", "--db", ":memory:"]) == 2


def test_stop_ends_every_thread_and_connection() -> None:
    import threading

    before = set(threading.enumerate())
    with PaperExchange(config(tick_seconds=0.05)) as running:
        kite = logged_in(running)
        kite.profile()  # leaves a keep-alive connection open on purpose
        idle = KiteConnect(running.api_key, access_token=kite.access_token, root=running.root_url)
        idle.profile()
    assert set(threading.enumerate()) <= before
    kite.reqsession.close()
    idle.reqsession.close()


def test_concurrent_clients_get_unique_increasing_ids(exchange: PaperExchange) -> None:
    from concurrent.futures import ThreadPoolExecutor

    set_price(exchange, "INFY", 1700)
    clients = [logged_in(exchange) for _ in range(4)]

    def place_many(kite: KiteConnect) -> list[str]:
        return [
            str(
                kite.place_order(
                    variety="regular",
                    exchange="NSE",
                    tradingsymbol="INFY",
                    transaction_type="BUY",
                    quantity=1,
                    product="MIS",
                    order_type="LIMIT",
                    price=1600,
                )
            )
            for _ in range(25)
        ]

    with ThreadPoolExecutor(max_workers=4) as pool:
        placed = [order_id for ids in pool.map(place_many, clients) for order_id in ids]
    assert len(set(placed)) == 100
    book = [row["order_id"] for row in clients[0].orders()]
    assert book == sorted(book, key=int)
    assert set(book) == set(placed)
    for kite in clients:
        kite.reqsession.close()
