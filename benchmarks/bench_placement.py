"""What the app's whole place path costs over a bare ``kite.place_order`` on the same paper exchange.

    python benchmarks/bench_placement.py [--orders 100]

The app's path: the domain validation the ticket runs before it sends, then GuardedGateway.place (rate limiter,
placement journal row before and after, audit row, each committed with fsync) and the SDK call. The baseline:
``KiteConnect.place_order`` alone. Both talk to one ``kiteticket-paper`` in its own process (rate limits off at the
server), one call after another, alternating, so both see the same machine. The client-side rate limiter keeps to
Kite's 10 orders a second, so the app's calls would wait for a slot; that wait is Kite's rule, not overhead, and
is taken out of each call (the limiter counts it).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from a plain checkout

from kiteconnect import KiteConnect

from benchmarks.common import login, paper_exchange_process
from kiteticket.broker.gateway import KiteGateway
from kiteticket.broker.guarded import GuardedGateway
from kiteticket.broker.journal import Journal
from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Validity, Variety
from kiteticket.domain.instruments import InstrumentMaster
from kiteticket.domain.market_clock import IST
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.validation import validate
from kiteticket.paper.sample_derivatives import sample_master_csv

ORDERS = 100
WARM_UP = 10
REQUEST = OrderRequest(
    variety=Variety.REGULAR, exchange=Exchange.NSE, tradingsymbol="INFY", transaction_type=TransactionType.BUY,
    quantity=1, product=Product.CNC, order_type=OrderType.LIMIT, validity=Validity.DAY, price=Decimal("1500.00"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PlacementFigures:
    bare_ms: float  # median
    app_ms: float  # median, the limiter's wait for a slot taken out
    validation_ms: float
    orders: int

    @property
    def overhead_ms(self) -> float:
        return self.app_ms - self.bare_ms

    @property
    def ratio(self) -> float:
        return self.app_ms / self.bare_ms


class _AppPath:
    """Validation, then the guarded gateway, as the ticket and the placement controller run them."""

    def __init__(self, guarded: GuardedGateway, master: InstrumentMaster) -> None:
        self._guarded = guarded
        self._instrument = master.get(Exchange.NSE, "INFY")
        self.validation: list[float] = []

    def place(self, number: int) -> None:
        request = replace(REQUEST, price=REQUEST.price - Decimal("0.05") * (number % 200))  # type: ignore[operator]
        started = time.perf_counter()
        problems = validate(request, self._instrument)
        self.validation.append((time.perf_counter() - started) * 1000)
        assert not problems, problems
        self._guarded.place(request)  # tags it, as the ticket does


def _bare(kite: KiteConnect) -> Callable[[int], None]:
    def place(number: int) -> None:
        params = REQUEST.with_tag(f"bare{number}").to_kite_params()
        kite.place_order(**params)

    return place


def measure(orders: int = ORDERS) -> PlacementFigures:
    # The paper exchange's own master (its symbols follow today's date): the instrument the ticket validates with.
    master = InstrumentMaster.from_csv(sample_master_csv(datetime.now(IST).date()))
    with paper_exchange_process() as root, tempfile.TemporaryDirectory() as folder:
        bare_kite, app_kite = login(root), login(root)
        journal = Journal(Path(folder) / "journal.sqlite3")  # a file, with fsync, as the app's
        guarded = GuardedGateway(KiteGateway(app_kite), journal)
        app = _AppPath(guarded, master)
        bare = _bare(bare_kite)
        bare_times, app_times = [], []
        for number in range(WARM_UP + orders):
            bare_ms = _timed(partial(bare, number))
            waited = guarded._limiter.waited_seconds
            app_ms = _timed(partial(app.place, number)) - (guarded._limiter.waited_seconds - waited) * 1000
            if number >= WARM_UP:
                bare_times.append(bare_ms)
                app_times.append(app_ms)
        journal.close()
        for kite in (bare_kite, app_kite):
            kite.reqsession.close()
    return PlacementFigures(
        statistics.median(bare_times), statistics.median(app_times), statistics.median(app.validation), orders
    )


def _timed(call: Callable[[], None]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=ORDERS)
    figures = measure(parser.parse_args().orders)
    print(f"{figures.orders} placements each, sequential, alternating; paper exchange in its own process")
    print(f"  bare kite.place_order       median {figures.bare_ms:6.2f} ms")
    print(f"  app's path (validate+guard) median {figures.app_ms:6.2f} ms  (validation {figures.validation_ms:.3f} ms)")
    print(f"  overhead {figures.overhead_ms:+.2f} ms per placement, {figures.ratio:.2f}x the bare call")


if __name__ == "__main__":
    main()
