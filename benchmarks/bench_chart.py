"""What one tick costs the chart, and how long its history takes to arrive.

Run: ``python -m benchmarks.bench_chart``. Prints medians (milliseconds):

(a) one tick on a chart of 1,000 candles (a few sessions of minute candles, as the chart asks for): the domain
    moving the last candle, the view taking the new series, and the plot painted into an image of the chart's
    size (what a screen refresh costs). Ours replays the finished candles' recorded picture and draws the live one;
    the baseline records the whole picture again on every tick, as an item that redraws everything would;
(b) the same, when the tick starts a new candle (the picture is recorded again once per interval);
(c) the history of INFY through GuardedGateway from an in-process paper exchange, per interval.
"""

from __future__ import annotations

import os
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from a plain checkout
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from benchmarks.common import median_ms, print_table
from kiteticket.broker.gateway import KiteGateway
from kiteticket.broker.guarded import GuardedGateway
from kiteticket.broker.journal import Journal
from kiteticket.broker.login import login_url, request_token_by_redirect
from kiteticket.domain.candles import Candle, CandleSeries, Interval, history_window
from kiteticket.domain.market_clock import IST
from kiteticket.paper.config import PaperConfig
from kiteticket.paper.exchange import PaperExchange
from kiteticket.ui.chart.view import ChartView

CANDLES = 1_000
RUNS = 41
INFY_TOKEN = 408065
SIZE = (960, 540)


def series(count: int) -> CandleSeries:
    start = datetime(2026, 12, 1, 9, 15, tzinfo=IST)
    candles = tuple(
        Candle(
            start + timedelta(minutes=i), Decimal(1600 + i % 37), Decimal(1640), Decimal(1590), Decimal(1601 + i % 29)
        )
        for i in range(count)
    )
    return CandleSeries(Interval.MINUTE, candles)


def tick_ms(view: ChartView, *, new_candle: bool, redraw_all: bool) -> float:
    state = {"series": series(CANDLES), "at": series(CANDLES).candles[-1].start, "price": Decimal(1600)}
    view.show_series(state["series"], fit=True)  # type: ignore[arg-type]
    image = QImage(*SIZE, QImage.Format.Format_ARGB32_Premultiplied)

    def one_tick() -> None:
        state["at"] += timedelta(minutes=1 if new_candle else 0, seconds=0 if new_candle else 1)  # type: ignore[operator]
        state["price"] += Decimal("0.05")  # type: ignore[operator]
        state["series"] = state["series"].with_tick(state["price"], state["at"], 0)  # type: ignore[attr-defined]
        view.show_series(state["series"], fit=False)  # type: ignore[arg-type]
        if redraw_all:
            view.candles._record(state["series"].candles[:-1])  # type: ignore[attr-defined]  # the baseline
        painter = QPainter(image)
        view.plot.render(painter)
        painter.end()

    return median_ms(one_tick, RUNS)


def history_ms() -> list[list[str]]:
    rows = []
    with PaperExchange(PaperConfig(db_path=":memory:", rate_limit=False)) as exchange:
        gateway = GuardedGateway(KiteGateway.connect(exchange.api_key, "", root=exchange.root_url), Journal(":memory:"))
        token = request_token_by_redirect(login_url(exchange.api_key, base=f"{exchange.root_url}/connect/login"))
        gateway.log_in(token, exchange.api_secret)
        for interval in Interval:
            start, end = history_window(interval, date.today())
            count = len(gateway.historical_candles(INFY_TOKEN, interval, start, end))
            ms = median_ms(lambda i=interval, s=start, e=end: gateway.historical_candles(INFY_TOKEN, i, s, e), 5)
            rows.append([interval.value, str(count), f"{ms:.1f}"])
    return rows


def main() -> None:
    app = QApplication.instance() or QApplication([])
    view = ChartView()
    view.resize(*SIZE)
    view.show()
    app.processEvents()
    rows = []
    for label, new_candle in (("a tick within the candle", False), ("a tick that starts a candle", True)):
        ours = tick_ms(view, new_candle=new_candle, redraw_all=False)
        baseline = tick_ms(view, new_candle=new_candle, redraw_all=True)
        rows.append([label, f"{ours:.2f}", f"{baseline:.2f}", f"{ours / baseline:.2f}"])
    print_table(f"One tick on a chart of {CANDLES:,} candles, painted at {SIZE[0]}×{SIZE[1]} (median ms)",
                ["tick", "ours", "redraw all", "ratio"], rows)  # fmt: skip
    print_table("History of INFY through GuardedGateway, in-process paper exchange (median ms)",
                ["interval", "candles", "ms"], history_ms())  # fmt: skip


if __name__ == "__main__":
    main()
