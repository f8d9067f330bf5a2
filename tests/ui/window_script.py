"""Open the real kiteticket window on the paper exchange, wait until it is live, save a screenshot, and quit.

Run under any Qt platform: the Xvfb smoke test runs it with QT_QPA_PLATFORM=xcb on a virtual X display, and the
README's screenshot is made with it (``--demo`` first places a few orders through the ticket):

    echo '{"screens": [{"name": "s", "x": 0, "y": 0, "width": 1366, "height": 768, "dpi": 96, "dpr": 1}]}' >s.json
    QT_QPA_PLATFORM=offscreen:configfile=s.json python tests/ui/window_script.py --demo --watch \
        --out resources/screenshot.png

``--report`` also prints, as one JSON line, where the window's frame and its named parts lie on the screen's available
geometry (``tests/ui/test_screen_fit.py`` reads it).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QGuiApplication, QPixmap
from PySide6.QtWidgets import QApplication, QHeaderView, QLabel, QLineEdit, QStatusBar, QTableView, QTabWidget, QWidget

from kiteticket.app import build
from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Validity, Variety
from kiteticket.domain.order import AUTO_MARKET_PROTECTION, OrderRequest
from kiteticket.domain.prices import as_decimal, round_to_tick
from kiteticket.domain.watchlist import Watchlist, Watchlists
from kiteticket.ui.confirm import Confirmation
from kiteticket.ui.market.watch_view import WatchTable
from kiteticket.ui.ticket import OrderTicket
from kiteticket.watchlist_store import save_watchlists

Step = Callable[[], bool]  # True once done; it is tried again on the next beat until then
BEAT_MS = 50
TIMEOUT_SECONDS = 90


Demo = tuple[str, TransactionType, int, OrderType, Product, float]


WATCHED = ("NSE:INFY", "NSE:RELIANCE", "NSE:HDFCBANK", "NSE:SBIN", "NSE:TCS", "NFO:NIFTY26DECFUT",
           "NFO:BANKNIFTY26DECFUT", "NSE:ITC")  # fmt: skip


def demo_orders() -> list[Demo]:
    """Symbol, side, quantity, type, product and the limit price as a fraction of the reference price."""
    return [
        ("RELIANCE", TransactionType.BUY, 10, OrderType.MARKET, Product.CNC, 0.0),
        ("TCS", TransactionType.SELL, 5, OrderType.LIMIT, Product.MIS, 1.02),
        ("SBIN", TransactionType.BUY, 50, OrderType.LIMIT, Product.CNC, 0.98),
        ("HDFCBANK", TransactionType.BUY, 20, OrderType.SL, Product.MIS, 1.03),
    ]


def demo_request(ticket: OrderTicket, order: Demo) -> OrderRequest:
    symbol, side, quantity, kind, product, fraction = order
    ticket.set_instrument(Exchange.NSE, symbol)
    instrument = ticket.instrument()
    assert instrument is not None
    reference = Decimal(str(instrument.last_price))
    price = round_to_tick(reference * Decimal(str(fraction)), as_decimal(instrument.tick_size))
    return OrderRequest(
        variety=Variety.REGULAR, exchange=Exchange.NSE, tradingsymbol=symbol, transaction_type=side,
        quantity=quantity, product=product, order_type=kind, validity=Validity.DAY,
        price=price if kind.needs_price else None,
        trigger_price=price - 20 * as_decimal(instrument.tick_size) if kind.needs_trigger else None,
        market_protection=AUTO_MARKET_PROTECTION if kind.executes_at_market else None,
    )  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--symbol", default="INFY")
    parser.add_argument("--demo", action="store_true", help="place a few orders through the ticket first")
    parser.add_argument("--report", action="store_true", help="print where the window and its parts lie (JSON)")
    parser.add_argument("--restore-default", action="store_true", help="oversize the window, then View ▸ Restore")
    parser.add_argument("--watch", action="store_true", help="show the market watch tab, with a watchlist ticking")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="kiteticket-window-"))
    if args.watch:
        save_watchlists(home / "config" / "watchlists.json", Watchlists((Watchlist("F&O and large caps", WATCHED),)))
    app, window = build(["--paper", "--paper-db", ":memory:", "--seed", "7", "--home", str(home)])
    Confirmation.ask = classmethod(lambda cls, parent, title, text: True)  # type: ignore[method-assign, assignment]
    window.show()
    print(f"platform={QGuiApplication.platformName()}", flush=True)
    ticket = window.findChild(OrderTicket, "OrderTicket")
    assert ticket is not None
    steps = _steps(window, ticket, args.symbol, demo_orders() if args.demo else [])
    if args.watch:
        steps.append(lambda: _watch_ticking(window))
    if args.restore_default:
        steps.append(lambda: _oversize(window))
        steps.append(lambda: _restore_default_layout(window))

    def report() -> None:
        print(f"report={json.dumps(fit_report(window))}", flush=True)

    return run_steps(
        app, window, steps, args.out, timeout_s=TIMEOUT_SECONDS, before_save=report if args.report else None
    )


# The steps' runner: the README's screenshot scripts (tests/ui/screens) use it too.
def run_steps(
    app: QApplication,
    window: QWidget,
    steps: list[Step],
    out: Path,
    *,
    timeout_s: float,
    grab: Callable[[], QPixmap] | None = None,
    before_save: Callable[[], None] | None = None,
) -> int:
    """Run ``steps`` in turn, then save ``grab()`` (the window by default) to ``out`` and quit with 0; quit with 2
    if they are not all done within ``timeout_s``."""
    deadline = time.monotonic() + timeout_s

    def advance() -> None:
        if time.monotonic() > deadline:
            print(f"the window never became ready (stuck {len(steps)} steps from the end)", file=sys.stderr)
            app.exit(2)
        elif steps and steps[0]():
            steps.pop(0)
        elif not steps:
            if before_save is not None:
                before_save()
            (grab() if grab is not None else window.grab()).save(str(out))
            print(f"saved={out}", flush=True)
            window.close()
            app.exit(0)

    timer = QTimer()
    timer.timeout.connect(advance)
    timer.start(BEAT_MS)
    return app.exec()


def fit_report(window: QWidget) -> dict[str, object]:
    """The screen's available geometry, the window's frame, and for each part that must be usable whether it is
    shown whole: visible, not clipped by its parents, and inside the window; then which columns of trades and
    positions are shown whole, each on its own tab (with Positions, the total P&L under the table)."""
    screen = window.screen().availableGeometry()
    frame = window.frameGeometry()
    tabs = window.findChild(QTabWidget, "portfolio_tabs")
    parts: dict[str, QWidget | None] = {
        "ticket": window.findChild(OrderTicket, "OrderTicket"),
        "order_search": window.findChild(QLineEdit, "order_search"),
        "status_filter": window.findChild(QTabWidget, "status_filter"),
        "status_bar": window.findChild(QStatusBar),
        "order_book": window.findChild(QTableView, "OrderBook"),
    }
    report: dict[str, object] = {
        "available": _rect(screen),
        "frame": _rect(frame),
        "parts": {name: _shown_whole(widget) for name, widget in parts.items()},
    }
    if tabs is not None:
        for name in ("Positions", "Trades"):
            view = window.findChild(QTableView, name)
            assert view is not None
            tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.widget(i).isAncestorOf(view)))
            QApplication.processEvents()
            report[f"{name.lower()}_columns"] = _columns_fully_shown(view)
            if name == "Positions":
                total = window.findChild(QLabel, "positions_pnl")
                report["parts"]["positions_pnl"] = _shown_whole(total)  # type: ignore[index]
        tabs.setCurrentIndex(0)
        QApplication.processEvents()
    return report


def _rect(rect: object) -> list[int]:
    return [rect.x(), rect.y(), rect.width(), rect.height()]  # type: ignore[attr-defined]


def _shown_whole(widget: QWidget | None) -> bool:
    if widget is None or not widget.isVisible() or widget.width() < 20 or widget.height() < 10:
        return False
    inside_window = widget.window().rect().contains(widget.mapTo(widget.window(), widget.rect().bottomRight()))
    return inside_window and widget.visibleRegion().boundingRect() == widget.rect()


def _columns_fully_shown(view: QTableView) -> dict[str, bool]:
    """Header text of each column -> whether the whole column lies inside the view without scrolling."""
    header: QHeaderView = view.horizontalHeader()
    model = view.model()
    shown = {}
    for section in range(header.count()):
        left = header.sectionViewportPosition(section)
        name = str(model.headerData(section, header.orientation()))
        shown[name] = left >= 0 and left + header.sectionSize(section) <= view.viewport().width()
    return shown


def _steps(window: QWidget, ticket: OrderTicket, symbol: str, orders: list[Demo]) -> list[Callable[[], bool]]:
    """Each step returns True once done; the timer moves to the next."""

    def live() -> bool:
        return "—" in window.windowTitle() and _master_loaded(ticket)

    steps: list[Callable[[], bool]] = [live]
    book = window.findChild(QTableView, "OrderBook")
    assert book is not None
    for count, order in enumerate(orders, start=1):
        steps.append(lambda order=order: _send(ticket, demo_request(ticket, order)))
        steps.append(lambda: not ticket.is_busy())
        # One order at a time, each in the book before the next, as a person would: placing them back to back
        # draws Kite's (and the paper exchange's) rate limit, and the screenshot would show that instead.
        steps.append(lambda count=count: book.model().rowCount() >= count)
    steps.append(lambda: _pick(ticket, symbol))
    steps.append(lambda: _quote_shown(window))
    steps.append(lambda: _margin_shown(window))
    return steps


def _watch_ticking(window: QWidget) -> bool:
    """The market watch tab in front, every row with a last price and a best bid."""
    tabs = window.findChild(QTabWidget, "portfolio_tabs")
    table = window.findChild(WatchTable, "market_watch_table")
    assert tabs is not None
    assert table is not None
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == "Market watch"))
    model = table.watch_model
    rows = range(model.rowCount())
    return model.rowCount() == len(WATCHED) and all(model.index(row, 4).data() for row in rows)


def _master_loaded(ticket: OrderTicket) -> bool:
    ticket.set_instrument(Exchange.NSE, "INFY")
    return ticket.instrument() is not None


def _send(ticket: OrderTicket, request: OrderRequest) -> bool:
    ticket.prefill(request)
    return ticket.submit()


def _pick(ticket: OrderTicket, symbol: str) -> bool:
    ticket.clear()  # back to a plain LIMIT ticket after the demo orders
    ticket.set_instrument(Exchange.NSE, symbol)
    return True


def _oversize(window: QWidget) -> bool:
    window.setGeometry(-40, -40, 3000, 2000)
    return True


def _restore_default_layout(window: QWidget) -> bool:
    action = next(action for action in window.findChildren(QAction) if action.text() == "Restore default layout")
    action.trigger()
    return True


def _margin_shown(window: QWidget) -> bool:
    """The margin of the order in the ticket: a figure, and not the previous order's shown muted while it is asked
    for (a screenshot once caught the SBIN order's margin beside INFY x 1)."""
    label = window.findChild(QLabel, "margin_required")
    return label is not None and any(ch.isdigit() for ch in label.text()) and not label.styleSheet()


def _quote_shown(window: QWidget) -> bool:
    label = window.findChild(QLabel, "last_price")
    return label is not None and label.text().replace(".", "", 1).isdigit()


if __name__ == "__main__":
    QApplication.setApplicationName("kiteticket")
    sys.exit(main())
