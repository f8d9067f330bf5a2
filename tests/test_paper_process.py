"""``kiteticket --paper`` runs its exchange in a process of its own (``kiteticket/paper_process.py``): it answers the
real SDK on the port chosen for it, keeps its account across a restart, stops when its lifeline closes, and a
process that cannot start says so instead of leaving the app waiting."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from kiteconnect import KiteConnect

from kiteticket.paper.config import PaperConfig
from kiteticket.paper_process import PaperExchangeError, PaperProcess

KEY, SECRET = PaperConfig().api_key, PaperConfig().api_secret


def logged_in(root: str) -> KiteConnect:
    reply = requests.get(f"{root}/connect/login", params={"api_key": KEY, "v": "3"}, allow_redirects=False, timeout=10)
    token = parse_qs(urlsplit(reply.headers["Location"]).query)["request_token"][0]
    kite = KiteConnect(KEY, root=root)
    kite.generate_session(token, api_secret=SECRET)
    return kite


@pytest.fixture
def exchange(tmp_path: Path) -> Iterator[PaperProcess]:
    process = PaperProcess(["--db", str(tmp_path / "paper.sqlite3"), "--seed", "7"], tmp_path / "paper.log")
    process.start()
    yield process
    process.stop()


def test_it_answers_the_sdk_on_its_port_and_keeps_orders_across_a_restart(exchange: PaperProcess) -> None:
    exchange.wait_ready()
    kite = logged_in(exchange.root_url)
    order_id = kite.place_order(
        variety="regular", exchange="NSE", tradingsymbol="INFY", transaction_type="BUY", quantity=1,
        product="CNC", order_type="LIMIT", price=1400.0, validity="DAY", tag="restart",
    )  # fmt: skip
    exchange.restart()
    assert exchange.root_url == f"http://127.0.0.1:{exchange.port}"
    assert [order["order_id"] for order in kite.orders() if order["tag"] == "restart"] == [order_id]


def test_stop_ends_it_through_its_lifeline_without_a_kill(tmp_path: Path) -> None:
    process = PaperProcess(["--db", ":memory:"], tmp_path / "paper.log")
    process.start()
    process.wait_ready()
    child = process._process
    assert child is not None
    process.stop()
    assert child.returncode == 0  # it stopped by itself: a kill would read -9
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{process.root_url}/user/profile", timeout=5)


def test_it_stops_when_its_parent_dies_without_a_word(tmp_path: Path) -> None:
    """A parent killed outright closes the child's standard input with it: the exchange must not outlive the app."""
    script = (
        "import sys, pathlib; from kiteticket.paper_process import PaperProcess; "
        f"p = PaperProcess(['--db', ':memory:'], pathlib.Path({str(tmp_path / 'paper.log')!r})); p.start(); "
        "p.wait_ready(); print(p.port, p._process.pid, flush=True); sys.stdin.read()"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    port, _pid = (int(word) for word in parent.stdout.readline().split())
    parent.kill()
    parent.wait()
    assert parent.stdin is not None
    assert parent.stdout is not None
    parent.stdin.close()
    parent.stdout.close()
    # The child sees its lifeline close and ends: nothing answers on its port any more.
    assert wait_until(lambda: not _answers(port), seconds=10), "the exchange outlived its parent"


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    """Checks ``condition`` every 50 ms until it holds or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        threading.Event().wait(0.05)
    return True


def test_a_process_that_cannot_start_says_so(tmp_path: Path) -> None:
    process = PaperProcess(["--db", ":memory:"], tmp_path / "paper.log")
    with socket.socket() as squatter:  # someone took the port in the moment between choosing and binding it
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 0)
        squatter.bind(("127.0.0.1", process.port))
        squatter.listen()
        process.start()
        with pytest.raises(PaperExchangeError, match="stopped before it started"):
            process.wait_ready()
    process.stop()
    assert "Address already in use" in (tmp_path / "paper.log").read_text(encoding="utf-8")
