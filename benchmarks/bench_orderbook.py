"""How much one order-book poll costs at 5,000 orders, against what the SDK's own ``kite.orders()`` spends.

Run: ``python benchmarks/bench_orderbook.py``. Prints medians (milliseconds) of several runs:

(a) one poll cycle of ours (parse the raw rows, build the snapshot, diff, apply to the model) against the SDK's
    ``_format_response`` over the same rows (dateutil on every timestamp), which is what ``kite.orders()`` adds on
    top of the HTTP request; JSON decoding is common to both and left out. A steady poll reuses unchanged rows;
    the first poll of a session parses all of them;
(b) applying a poll that changed 10 orders out of 5,000 against resetting the model with the same 5,000;
(c) decoding the poll's JSON reply (4 MB): the app's client (``broker.kite_client``: orjson, from the bytes)
    against what the SDK's ``kite.orders()`` does (requests decodes the bytes to text, then the json module).
"""

from __future__ import annotations

import copy
import json
import os
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import requests
from kiteconnect import KiteConnect
from PySide6.QtWidgets import QApplication, QTableView

from kiteticket.broker.kite_client import JsonResponse
from kiteticket.domain.orderbook import OrderBookSnapshot, diff, parse_orders
from kiteticket.ui.book.filter import OrderBookFilterProxy
from kiteticket.ui.book.model import OrderBookModel

ORDERS = 5_000
CHANGED = 10
RUNS = 9
SYMBOLS = [("NSE", "INFY"), ("NSE", "SBIN"), ("BSE", "RELIANCE"), ("NFO", "NIFTY26DECFUT"), ("CDS", "USDINR26DECFUT")]
STATUSES = ["COMPLETE"] * 6 + ["CANCELLED"] * 2 + ["REJECTED", "OPEN", "TRIGGER PENDING"]


def raw_orders(count: int, seed: int = 1) -> list[dict[str, Any]]:
    """``count`` rows in the shape of kite-mocks/orders.json, spread over one trading day."""
    rng = random.Random(seed)
    return [_raw_order(rng, index) for index in range(count)]


def _raw_order(rng: random.Random, index: int) -> dict[str, Any]:
    seconds = 9 * 3600 + 15 * 60 + index * 4  # one order every 4 s from 09:15
    stamp = f"2026-11-25 {seconds // 3600:02}:{seconds // 60 % 60:02}:{seconds % 60:02}"
    exchange, symbol = rng.choice(SYMBOLS)
    status = rng.choice(STATUSES)
    quantity = rng.choice([1, 10, 50, 75, 100, 500])
    filled = quantity if status == "COMPLETE" else 0
    price = round(rng.uniform(50, 3000), 2)
    iceberg = index % 50 == 0
    return {
        "account_id": "AB1234", "placed_by": "AB1234", "order_id": str(250_000_000_000_000 + index),
        "exchange_order_id": str(1_100_000_000_000_000 + index), "parent_order_id": None, "status": status,
        "status_message": "Insufficient funds" if status == "REJECTED" else None, "status_message_raw": None,
        "order_timestamp": stamp, "exchange_update_timestamp": stamp, "exchange_timestamp": stamp,
        "variety": "iceberg" if iceberg else "regular", "modified": False, "exchange": exchange,
        "tradingsymbol": symbol, "instrument_token": 408065, "order_type": rng.choice(["LIMIT", "MARKET", "SL"]),
        "transaction_type": rng.choice(["BUY", "SELL"]), "validity": "DAY", "validity_ttl": 0, "product": "MIS",
        "quantity": quantity, "disclosed_quantity": 0, "price": price, "trigger_price": 0,
        "average_price": price if filled else 0, "filled_quantity": filled, "pending_quantity": quantity - filled,
        "cancelled_quantity": quantity if status == "CANCELLED" else 0, "market_protection": 0,
        "meta": {"iceberg": {"leg": 1, "legs": 5, "leg_quantity": quantity, "total_quantity": quantity * 5,
                             "remaining_quantity": quantity * 4}} if iceberg else {},
        "tag": "scalp" if index % 7 == 0 else None, "tags": ["scalp"] if index % 7 == 0 else [], "guid": f"g{index}",
    }  # fmt: skip


def next_poll(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The next reply: 7 orders filled or cancelled, 1 modified (Kite moves its timestamp), 2 new ones."""
    rows = [dict(row) for row in raw]
    for row in rows[100 : 100 + 7 * 300 : 300]:
        row.update(status="COMPLETE", filled_quantity=row["quantity"], pending_quantity=0, average_price=row["price"])
    rows[2_000].update(price=rows[2_000]["price"] + 1, modified=True, order_timestamp="2026-11-25 15:29:59")
    rows.extend(raw_orders(ORDERS + 2, seed=2)[ORDERS:])
    return rows


def median_ms(action: Callable[[], object], prepare: Callable[[], object] | None = None) -> float:
    """The median wall time of ``action`` over RUNS runs, each after an untimed ``prepare``."""
    samples = []
    for _ in range(RUNS):
        if prepare is not None:
            prepare()
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


class PollCycle:
    """Times our cycle and the SDK's on the same rows; the model always starts from the same first poll."""

    def __init__(self, first: list[dict[str, Any]], second: list[dict[str, Any]], with_view: bool) -> None:
        self.first, self.second = first, second
        self.base = OrderBookSnapshot.from_raw(first)
        self.model = OrderBookModel()
        self.view: QTableView | None = None
        if with_view:
            proxy = OrderBookFilterProxy(self.model)
            proxy.setSourceModel(self.model)
            proxy.sort(0)
            self.view = QTableView()
            self.view.setModel(proxy)
        self.follower = OrderBookSnapshot.following(self.base, second)
        self.sdk_rows: list[dict[str, Any]] = []

    def back_to_first_poll(self) -> None:
        self.model.reset(self.base)

    def back_to_empty(self) -> None:
        self.model.reset()

    def ours_incremental(self) -> None:
        self.model.apply(OrderBookSnapshot.following(self.model.snapshot, self.second))

    def ours_every_row_parsed(self) -> None:
        # No row reused (as if every order had changed), and the diff left to the model on the GUI thread.
        self.model.apply(OrderBookSnapshot.from_rows(parse_orders(self.second)))

    def apply_only(self) -> None:
        self.model.apply(self.follower)

    def apply_with_gui_diff(self) -> None:
        diff(self.base, self.follower)
        self.model.apply(self.follower)

    def reset_only(self) -> None:
        self.model.reset(self.follower)

    def prepare_sdk(self) -> None:
        self.sdk_rows = copy.deepcopy(self.second)

    def sdk(self) -> None:
        KiteConnect(api_key="x")._format_response(self.sdk_rows)


def json_reply(rows: list[dict[str, Any]], kind: type[requests.Response]) -> requests.Response:
    """The poll's reply as requests' adapter hands it over (body, content type and the encoding from it)."""
    reply = kind()
    reply._content = json.dumps({"status": "success", "data": rows}).encode()
    reply.headers["content-type"] = "application/json"
    reply.encoding = requests.utils.get_encoding_from_headers(reply.headers)
    return reply


def print_section(title: str, baseline: tuple[str, float], rows: list[tuple[str, float]], ratio: str) -> None:
    print(f"\n{title}\n{'case':<70} {'median ms':>10} {ratio:>12}")
    for name, ms in [baseline, *rows]:
        print(f"{name:<70} {ms:10.2f} {baseline[1] / ms:11.1f}x")


def main() -> None:
    app = QApplication.instance() or QApplication([])
    first = raw_orders(ORDERS)
    second = next_poll(first)
    bare, viewed = PollCycle(first, second, with_view=False), PollCycle(first, second, with_view=True)
    print(f"{ORDERS:,} orders; the next poll changes {CHANGED} (7 filled or cancelled, 1 modified, 2 new); {RUNS} runs")
    print_section(
        "(a) one poll cycle: raw rows -> what the order book shows",
        ("SDK kite.orders() turning rows into objects (_format_response)", median_ms(bare.sdk, bare.prepare_sdk)),
        [
            ("ours: parse + snapshot + diff + apply (unchanged rows reused)",
             median_ms(bare.ours_incremental, bare.back_to_first_poll)),
            ("ours: same, model behind a sorted proxy + QTableView",
             median_ms(viewed.ours_incremental, viewed.back_to_first_poll)),
            ("ours: every row parsed again, diff on the GUI thread",
             median_ms(bare.ours_every_row_parsed, bare.back_to_first_poll)),
            ("ours: first poll of the day into an empty model (5,000 inserts)",
             median_ms(bare.ours_incremental, bare.back_to_empty)),
        ],
        "SDK / this",
    )  # fmt: skip
    print_section(
        "(b) GUI thread: applying the poll's 10 changes to the model vs resetting it",
        ("model reset with the same 5,000 rows, behind a sorted proxy + QTableView",
         median_ms(viewed.reset_only, viewed.back_to_first_poll)),
        [
            ("apply (diff made by the poller), behind a sorted proxy + QTableView",
             median_ms(viewed.apply_only, viewed.back_to_first_poll)),
            ("apply (diff made by the poller), model alone", median_ms(bare.apply_only, bare.back_to_first_poll)),
            ("apply with the diff computed on the GUI thread, model alone",
             median_ms(bare.apply_with_gui_diff, bare.back_to_first_poll)),
            ("model reset, model alone (nothing listening)", median_ms(bare.reset_only, bare.back_to_first_poll)),
        ],
        "reset / this",
    )  # fmt: skip
    sdk_reply, our_reply = json_reply(second, requests.Response), json_reply(second, JsonResponse)
    assert sdk_reply.json() == our_reply.json()
    print_section(
        "(c) decoding the poll's JSON reply",
        ("requests' json() (the SDK's kite.orders())", median_ms(sdk_reply.json)),
        [("broker.kite_client.JsonResponse.json() (orjson)", median_ms(our_reply.json))],
        "json / this",
    )
    app.processEvents()


if __name__ == "__main__":
    main()
