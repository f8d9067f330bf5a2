"""Hostile requests against the paper exchange (issue 12): how long each takes to be refused, how long an ordinary
request sent meanwhile waits, and what a huge body does to the server's memory.

    python -m benchmarks.bench_hostile

The exchange runs in its own process (``kiteticket-paper``, in-memory, rate limits off) on loopback. Each hostile
request is sent while a second thread times GET /user/profile; the baseline is the same GET with nothing else
going on. Before the fix one ``1E+1000000`` froze every other request for 27 s, and a 200 MB body took the
server from 30 MB to 892 MB of resident memory.
"""

from __future__ import annotations

import contextlib
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import requests

from benchmarks.common import admin, login

TIMEOUT = 60  # seconds: a request still unanswered by then counts as frozen
ORDER = {"exchange": "NSE", "tradingsymbol": "INFY", "transaction_type": "BUY", "quantity": "1", "product": "CNC",
         "order_type": "LIMIT", "price": "1450"}  # fmt: skip


@contextmanager
def exchange_process() -> Iterator[tuple[str, int]]:
    command = [sys.executable, "-m", "kiteticket.paper.cli", "--port", "0", "--db", ":memory:", "--no-rate-limit"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        yield server.stdout.readline().strip().split()[-1], server.pid
    finally:
        server.terminate()
        server.wait(timeout=10)


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def timed_ms(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def while_running(hostile: Callable[[], int], ordinary: Callable[[], object]) -> tuple[int, float, float]:
    """The hostile request's status and time, and the time of an ordinary one sent just after it started."""
    result: dict[str, float] = {}

    def run() -> None:
        started = time.perf_counter()
        result["status"] = hostile()
        result["ms"] = (time.perf_counter() - started) * 1000

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(0.005)  # let the hostile request reach the server first
    meanwhile = timed_ms(ordinary)
    thread.join()
    return int(result["status"]), result["ms"], meanwhile


def huge_body(root: str, declared: int, sent: int) -> int:
    """Declare ``declared`` bytes and send up to ``sent`` of them; the status line, or 0 if none came back."""
    parts = urlsplit(root)
    with socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT) as sock:
        sock.sendall(f"POST /margins/orders HTTP/1.1\r\nHost: x\r\nContent-Length: {declared}\r\n\r\n".encode())
        chunk = b"0" * (1 << 20)
        with contextlib.suppress(OSError):  # the server answers 413 and closes: the rest cannot be sent
            for _ in range(sent // len(chunk)):
                sock.sendall(chunk)
        with contextlib.suppress(OSError):
            reply = sock.recv(64)
            return int(reply.split(b" ")[1]) if reply.startswith(b"HTTP/") else 0
    return 0


def main() -> None:
    with exchange_process() as (root, pid):
        kite = login(root)
        admin(root, "price", {"exchange": "NSE", "tradingsymbol": "INFY", "last_price": 1500})
        order_id = kite.place_order(variety="regular", **ORDER)
        session = requests.Session()
        session.headers["Authorization"] = f"token {kite.api_key}:{kite.access_token}"

        def profile() -> object:
            return session.get(f"{root}/user/profile", timeout=TIMEOUT)

        def send(method: str, path: str, **kwargs: Any) -> Callable[[], int]:
            headers = dict(session.headers)
            return lambda: (
                requests.request(method, f"{root}{path}", timeout=TIMEOUT, headers=headers, **kwargs).status_code
            )

        baseline = statistics.median(timed_ms(profile) for _ in range(50))
        nested = b"[" * 100_000 + b"]" * 100_000
        cases = {
            "price=1E+1000000": send("POST", "/orders/regular", data={**ORDER, "price": "1E+1000000"}),
            "market_protection=1E+1000000": send(
                "POST", "/orders/regular", data={**ORDER, "market_protection": "1E+1000000"}
            ),
            "quantity of 200,000 digits": send("POST", "/orders/regular", data={**ORDER, "quantity": "9" * 200_000}),
            "modify market_protection=1E+5000": send(
                "PUT", f"/orders/regular/{order_id}", data={"market_protection": "1E+5000"}
            ),
            "JSON nested 100,000 deep": send("POST", "/margins/orders", data=nested),
            "JSON number 1E+400000": send("POST", "/margins/orders", data=b'[{"quantity": 1E+400000}]'),
        }
        print(f"baseline: GET /user/profile, median of 50: {baseline:.2f} ms")
        print("| hostile request | status | refused in | GET /user/profile meanwhile |")
        print("|---|---|---|---|")
        for name, hostile in cases.items():
            status, took, meanwhile = while_running(hostile, profile)
            print(f"| {name} | {status} | {took:.1f} ms | {meanwhile:.1f} ms |")
        before = rss_mb(pid)
        status = huge_body(root, 200 * 1024 * 1024, 200 * 1024 * 1024)
        print(f"200 MB body: status {status}; server RSS {before:.0f} MB before, {rss_mb(pid):.0f} MB after")
        status = huge_body(root, 5 * 1024**3, 0)
        print(f"5 GB declared, nothing sent: status {status}; server RSS {rss_mb(pid):.0f} MB")
        book = session.get(f"{root}/orders", timeout=TIMEOUT)
        count = len(book.json()["data"]) if book.status_code == 200 else "?"
        print(f"the book afterwards: GET /orders answers {book.status_code}, {count} order(s)")


if __name__ == "__main__":
    main()
