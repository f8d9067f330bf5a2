"""Open the real kiteticket window on the paper exchange, wait until it is live, save a screenshot, and quit.

Run under any Qt platform: the Xvfb smoke test runs it with QT_QPA_PLATFORM=xcb on a virtual X display, and the
README's screenshot is made with it (``--demo`` first places a few orders through the ticket):

    python tests/ui/window_script.py --demo --out resources/screenshot.png
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from kiteticket.app import build
from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Validity, Variety
from kiteticket.domain.order import AUTO_MARKET_PROTECTION, OrderRequest
from kiteticket.domain.prices import as_decimal, round_to_tick
from kiteticket.ui.confirm import Confirmation
from kiteticket.ui.ticket import OrderTicket

TIMEOUT_SECONDS = 90


Demo = tuple[str, TransactionType, int, OrderType, Product, float]


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
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="kiteticket-window-"))
    app, window = build(["--paper", "--paper-db", ":memory:", "--seed", "7", "--home", str(home)])
    Confirmation.ask = classmethod(lambda cls, parent, title, text: True)  # type: ignore[method-assign, assignment]
    window.show()
    print(f"platform={QGuiApplication.platformName()}", flush=True)
    ticket = window.findChild(OrderTicket, "OrderTicket")
    assert ticket is not None
    steps = _steps(window, ticket, args.symbol, demo_orders() if args.demo else [])
    deadline = time.monotonic() + TIMEOUT_SECONDS

    def advance() -> None:
        if time.monotonic() > deadline:
            print(f"window never became ready (stuck at step {len(steps)} from the end)", file=sys.stderr)
            app.exit(2)
        elif steps and steps[0]():
            steps.pop(0)
        elif not steps:
            window.grab().save(str(args.out))
            print(f"saved={args.out}", flush=True)
            window.close()
            app.exit(0)

    timer = QTimer()
    timer.timeout.connect(advance)
    timer.start(50)
    return app.exec()


def _steps(window: QWidget, ticket: OrderTicket, symbol: str, orders: list[Demo]) -> list[Callable[[], bool]]:
    """Each step returns True once done; the timer moves to the next."""

    def live() -> bool:
        return "—" in window.windowTitle() and _master_loaded(ticket)

    steps: list[Callable[[], bool]] = [live]
    for order in orders:
        steps.append(lambda order=order: _send(ticket, demo_request(ticket, order)))
        steps.append(lambda: not ticket.is_busy())
    steps.append(lambda: _pick(ticket, symbol))
    steps.append(lambda: _quote_shown(window))
    steps.append(lambda: _margin_shown(window))
    return steps


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


def _margin_shown(window: QWidget) -> bool:
    label = window.findChild(QLabel, "margin_required")
    return label is not None and any(ch.isdigit() for ch in label.text())


def _quote_shown(window: QWidget) -> bool:
    label = window.findChild(QLabel, "last_price")
    return label is not None and label.text().replace(".", "", 1).isdigit()


if __name__ == "__main__":
    QApplication.setApplicationName("kiteticket")
    sys.exit(main())
