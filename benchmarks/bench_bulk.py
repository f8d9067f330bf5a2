"""How fast a bulk cancel goes through the app's real path, and that it keeps to Kite's 10 order writes a second:
the whole app on its paper exchange (rate limits on, as Kite's), N open orders placed from another session, then
Orders ▸ Cancel all open orders (confirmation answered yes) until the run has nothing more to send.

    python benchmarks/bench_bulk.py [--orders 100]

Prints the seconds the run took, the cancels a second, and the most cancels the exchange took in any one second
(from the audit log's timestamps): at most 10, so 300 cancels take about 30 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import requests
from kiteconnect import KiteConnect
from PySide6.QtCore import QCoreApplication

from kiteticket.app import build
from kiteticket.broker.ratelimit import Budget, RateLimiter
from kiteticket.domain.bulk import BulkPlan
from kiteticket.domain.enums import Exchange
from kiteticket.paper.config import PaperConfig
from kiteticket.ui.assembly import Shell
from kiteticket.ui.bulk.confirm_dialog import BulkConfirmation

TIMEOUT_SECONDS = 600


def wait(condition: object, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        QCoreApplication.processEvents()
        time.sleep(0.005)


def other_session(shell: Shell) -> KiteConnect:
    """A second session on the account, as Kite web would be, which places the orders to cancel."""
    paper = shell.paper
    assert paper is not None
    config = PaperConfig()
    reply = requests.get(
        f"{paper.root}/connect/login", params={"api_key": config.api_key, "v": "3"}, allow_redirects=False, timeout=10
    )
    token = parse_qs(urlsplit(reply.headers["Location"]).query)["request_token"][0]
    kite = KiteConnect(config.api_key, root=paper.root)
    kite.generate_session(token, api_secret=config.api_secret)
    return kite


def busiest_second(times: list[float]) -> int:
    return max((sum(1 for other in times if start <= other < start + 1.0) for start in times), default=0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=100)
    count = parser.parse_args().orders
    home = Path(tempfile.mkdtemp(prefix="kiteticket-bulk-"))
    _app, window = build(["--paper", "--paper-db", ":memory:", "--seed", "7", "--home", str(home)])
    BulkConfirmation.ask = classmethod(lambda cls, parent, plan: True)  # type: ignore[method-assign, assignment]
    shell = window.findChild(Shell)
    assert isinstance(shell, Shell)
    window.show()
    wait(lambda: shell.session.profile is not None, "the session")
    kite = other_session(shell)
    limiter = RateLimiter()
    for number in range(count):
        with limiter.slot(Budget.ORDERS):
            kite.place_order(
                variety="regular", exchange=Exchange.NSE.value, tradingsymbol="INFY", transaction_type="BUY",
                quantity=1, product="CNC", order_type="LIMIT", price=1400.0 - number * 0.05,
            )  # fmt: skip
    finished: list[BulkPlan] = []
    shell.bulk.run_finished.connect(lambda: finished.append(shell.bulk.dialog.run.plan))  # type: ignore[union-attr]
    started = time.monotonic()
    shell.bulk.cancel_all()
    wait(lambda: finished, "the bulk cancel")
    took = time.monotonic() - started
    journal = shell.journal
    assert journal is not None
    records = [record for record in journal.audit_records() if record.call == "cancel"]
    cancels = [record.at for record in records if record.outcome == "ok"]
    print(f"cancels sent: {len(cancels)} of {count} open orders, {len(records) - len(cancels)} refused and re-sent")
    print(f"seconds for the run (reading the book, then every cancel): {took:.1f}")
    print(f"cancels a second: {len(cancels) / took:.1f}")
    print(f"most cancels in any one second: {busiest_second(sorted(cancels))}")
    window.close()


if __name__ == "__main__":
    main()
