"""The README's chart screenshot: the real window on the paper exchange at 1366×768, with INFY's five-minute
candles ticking, a working buy order below the market, a stop-loss sell and the position's average price drawn as
lines; with ``--popped-out`` the chart is in its own window over the main one (as resources/chart.png shows it),
else in its tab beside the ticket.

    echo '{"screens": [{"name": "s", "x": 0, "y": 0, "width": 1366, "height": 768, "dpi": 96, "dpr": 1}]}' >s.json
    QT_QPA_PLATFORM=offscreen:configfile=s.json python -m tests.ui.screens.chart --popped-out --out resources/chart.png
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import requests
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import QApplication, QTabWidget, QToolButton

from kiteticket.app import build
from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Validity, Variety
from kiteticket.domain.order import AUTO_MARKET_PROTECTION, OrderRequest
from kiteticket.domain.prices import round_to_tick
from kiteticket.ui.assembly import Shell
from kiteticket.ui.confirm import Confirmation
from tests.ui.window_script import run_steps

TIMEOUT_SECONDS = 90
SESSION_START = "2026-12-04 10:20:00"
TICKS_SHOWN = 20  # ticks applied before the picture, so the last candle has moved


def order(
    side: TransactionType, kind: OrderType, quantity: int, price: str | None = None, trigger: str | None = None
) -> OrderRequest:
    return OrderRequest(
        variety=Variety.REGULAR, exchange=Exchange.NSE, tradingsymbol="INFY", transaction_type=side,
        quantity=quantity, product=Product.CNC, order_type=kind, validity=Validity.DAY,
        price=Decimal(price) if price else None, trigger_price=Decimal(trigger) if trigger else None,
        market_protection=AUTO_MARKET_PROTECTION if kind is OrderType.MARKET else None,
    )  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--popped-out", action="store_true", help="the chart in its own window, over the main one")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="kiteticket-chart-"))
    app, window = build(["--paper", "--paper-db", ":memory:", "--seed", "7", "--home", str(home)])
    Confirmation.ask = classmethod(lambda cls, parent, title, text: True)  # type: ignore[method-assign, assignment]
    shell = window.findChild(Shell)
    assert shell is not None
    window.show()
    steps = _steps(shell)
    if args.popped_out:
        steps.append(lambda: _pop_out(shell))

    def grab() -> QPixmap:
        if not args.popped_out:
            return window.grab()
        area = window.geometry()  # the screen where the main window is, the chart's window over it
        return QGuiApplication.primaryScreen().grabWindow(0, area.x(), area.y(), area.width(), area.height())

    return run_steps(app, window, steps, args.out, timeout_s=TIMEOUT_SECONDS, grab=grab)


def _steps(shell: Shell) -> list[Callable[[], bool]]:
    ticket, ticks = shell.ticket, [0]

    def pick() -> bool:
        ticket.set_instrument(Exchange.NSE, "INFY")
        if ticket.instrument() is None or shell.session.profile is None:
            return False
        # Early in a session (on a past Friday, so the session's token, good until the next 06:00, still is): a
        # few of today's candles after the previous days', and the live ones growing from there.
        paper = shell.paper
        assert paper is not None
        requests.post(f"{paper.root}/_paper/clock", json={"now": SESSION_START}, timeout=10).raise_for_status()
        return True

    def send(request: Callable[[], OrderRequest]) -> Callable[[], bool]:
        """A step that sends the order ``request()`` makes (prices are worked out once the instrument is in)."""

        def step() -> bool:
            ticket.prefill(request())
            sent = ticket.submit()
            if not sent:
                print("not sent:", ticket.problems(), file=sys.stderr)
            return sent

        return step

    def reference(fraction: str) -> str:
        instrument = ticket.instrument()
        assert instrument is not None
        return str(round_to_tick(Decimal(str(instrument.last_price)) * Decimal(fraction), Decimal("0.05")))

    def show_chart() -> bool:
        tabs = shell.window.findChild(QTabWidget, "portfolio_tabs")
        assert tabs is not None
        tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == "Chart"))
        button = shell.chart_view.findChild(QToolButton, "interval_5minute")
        assert button is not None
        button.click()
        shell.market.ticks_arrived.connect(lambda _ticks: ticks.__setitem__(0, ticks[0] + 1))
        return True

    def book_has(count: int) -> Callable[[], bool]:
        return lambda: not ticket.is_busy() and shell.book_model.rowCount() >= count

    return [
        pick,
        send(lambda: order(TransactionType.BUY, OrderType.MARKET, 10)),
        book_has(1),
        send(lambda: order(TransactionType.BUY, OrderType.LIMIT, 5, reference("0.992"))),
        book_has(2),
        send(lambda: order(TransactionType.SELL, OrderType.SL, 10, reference("0.985"), reference("0.986"))),
        book_has(3),
        lambda: shell.positions_model.rowCount() > 0,
        lambda: (
            (ticket.clear(), ticket.set_instrument(Exchange.NSE, "INFY"), ticket.open_side(TransactionType.BUY))
            is not None
        ),
        show_chart,
        lambda: shell.chart.series is not None and len(shell.chart.series.candles) > 0,
        lambda: ticks[0] >= TICKS_SHOWN and len(shell.chart_view.line_labels()) >= 3,
    ]


def _pop_out(shell: Shell) -> bool:
    button = shell.chart_view.findChild(QToolButton, "chart_pop_out")
    assert button is not None
    button.click()
    chart = shell.chart_view.window()
    chart.move(shell.window.geometry().right() - chart.width() - 10, shell.window.geometry().bottom() - chart.height())
    return True


if __name__ == "__main__":
    QApplication.setApplicationName("kiteticket")
    sys.exit(main())
