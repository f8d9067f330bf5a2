"""What the guards cost: placement latency through GuardedGateway (rate limiter, journal row before and after,
audit row, all with fsync) against the bare KiteGateway, on the paper exchange over loopback, rate limits off.

    /work/venv/bin/python benchmarks/bench_guarded.py [--orders 200]

Placements are sent one after the other, as the app's single write thread sends them; with more than 10 a second
the guarded run also waits for the rate limiter, so the per-call figure is measured on spaced calls (median), and
the limiter's own waiting is reported apart.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiteticket.broker.gateway import KiteGateway
from kiteticket.broker.guarded import GuardedGateway
from kiteticket.broker.journal import Journal
from kiteticket.broker.login import login_url, request_token_by_redirect
from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Variety
from kiteticket.domain.order import OrderRequest
from kiteticket.paper.config import PaperConfig
from kiteticket.paper.exchange import PaperExchange

ORDER = OrderRequest(
    variety=Variety.REGULAR, exchange=Exchange.NSE, tradingsymbol="INFY", transaction_type=TransactionType.BUY,
    quantity=1, product=Product.CNC, order_type=OrderType.LIMIT, price=Decimal("1500.00"),
)  # fmt: skip


def timed(place: object, count: int, prefix: str) -> list[float]:
    times = []
    for number in range(count):
        started = time.perf_counter()
        place(replace(ORDER, tag=f"{prefix}{number}"))  # type: ignore[operator]
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=200)
    count = parser.parse_args().orders
    config = PaperConfig(rate_limit=False, tick_seconds=0.0, seed=7)
    with PaperExchange(config) as exchange, tempfile.TemporaryDirectory() as folder:
        bare = KiteGateway.connect(exchange.api_key, "", root=exchange.root_url)
        bare.log_in(
            request_token_by_redirect(login_url(exchange.api_key, base=f"{exchange.root_url}/connect/login")),
            exchange.api_secret,
        )
        journal = Journal(Path(folder) / "journal.sqlite3")
        guarded = GuardedGateway(bare, journal)
        timed(bare.place, 20, "warm")
        plain = timed(bare.place, count, "bare")
        safe = timed(guarded.place, count, "guard")
        journal.close()
    print(f"placements: {count} each, sequential, paper exchange on loopback, rate limits off at the server")
    for name, values in (("KiteGateway", plain), ("GuardedGateway", safe)):
        ordered = sorted(values)
        print(
            f"  {name:15} median {statistics.median(values):6.2f} ms   p95 {ordered[int(len(ordered) * 0.95)]:6.2f} ms"
        )
    waited = guarded._limiter.waited_seconds
    print(f"  guarded total {sum(safe) / 1000:.2f} s, of which waiting for the rate limiter {waited:.2f} s")
    print(f"  overhead per placement (median): {statistics.median(safe) - statistics.median(plain):+.2f} ms")


if __name__ == "__main__":
    main()
