"""The README's screenshot of baskets: the real window on the paper exchange, a basket of four orders built through
the ticket (prefill, then "Add ticket's order"), placed all in order through the progress dialog, with each order's
result in the Baskets tab and the combined margin under it.

    echo '{"screens": [{"name": "s", "x": 0, "y": 0, "width": 1366, "height": 768, "dpi": 96, "dpr": 1}]}' >s.json
    QT_QPA_PLATFORM=offscreen:configfile=s.json python -m tests.ui.screens.basket --out resources/basket.png
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import requests
from PySide6.QtWidgets import QApplication, QLabel, QTabWidget

from kiteticket.app import build
from kiteticket.basket_store import save_baskets
from kiteticket.domain.basket import Basket, Baskets
from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Validity, Variety
from kiteticket.domain.order import AUTO_MARKET_PROTECTION, OrderRequest
from kiteticket.domain.prices import as_decimal, round_to_tick
from kiteticket.ui.assembly import Shell
from kiteticket.ui.bulk.confirm_dialog import BulkConfirmation
from tests.ui.window_script import run_steps

TIMEOUT_SECONDS = 90
ITC_AFTER = 600.0
Leg = tuple[str, TransactionType, int, OrderType, Product, float]
LEGS: tuple[Leg, ...] = (
    ("INFY", TransactionType.BUY, 10, OrderType.LIMIT, Product.CNC, 0.99),
    ("HDFCBANK", TransactionType.BUY, 20, OrderType.LIMIT, Product.MIS, 0.995),
    ("SBIN", TransactionType.SELL, 50, OrderType.LIMIT, Product.MIS, 1.01),
    ("RELIANCE", TransactionType.BUY, 5, OrderType.MARKET, Product.CNC, 0.0),
    ("ITC", TransactionType.BUY, 100, OrderType.MARKET, Product.MIS, 0.98),  # a cover order, its stop 2 % under
)


def leg_request(shell: Shell, leg: Leg) -> OrderRequest:
    symbol, side, quantity, kind, product, fraction = leg
    shell.ticket.set_instrument(Exchange.NSE, symbol)
    instrument = shell.ticket.instrument()
    assert instrument is not None
    price = round_to_tick(
        Decimal(str(instrument.last_price)) * Decimal(str(fraction)), as_decimal(instrument.tick_size)
    )
    cover = kind is OrderType.MARKET and fraction > 0
    return OrderRequest(
        variety=Variety.CO if cover else Variety.REGULAR, exchange=Exchange.NSE, tradingsymbol=symbol,
        transaction_type=side, quantity=quantity, product=product, order_type=kind, validity=Validity.DAY,
        price=price if kind.needs_price else None, trigger_price=price if cover else None,
        market_protection=AUTO_MARKET_PROTECTION if kind.executes_at_market else None,
    )  # fmt: skip


def steps(shell: Shell) -> list[Callable[[], bool]]:
    """Each step returns True once done; the timer moves to the next."""
    window = shell.window

    def live() -> bool:
        shell.ticket.set_instrument(Exchange.NSE, "INFY")
        return "—" in window.windowTitle() and shell.ticket.instrument() is not None

    def add(leg: Leg) -> bool:
        shell.ticket.prefill(leg_request(shell, leg))
        before = len(shell.basket.baskets.shown.orders)
        shell.basket.add_from_ticket()
        return len(shell.basket.baskets.shown.orders) == before + 1

    def market_moves() -> bool:
        # ITC jumps 20 % after the basket was built: Kite refuses the cover order's stop, now beyond its 9.9 % band.
        paper = shell.paper
        assert paper is not None
        body = {"exchange": "NSE", "tradingsymbol": "ITC", "last_price": ITC_AFTER}
        return requests.post(f"{paper.root}/_paper/price", json=body, timeout=10).ok

    def place_all() -> bool:
        shell.basket_panel.buttons["place_all"].click()
        return shell.bulk.dialog is not None

    def placed() -> bool:
        dialog = shell.bulk.dialog
        return dialog is not None and not dialog.is_running()

    def close_dialog() -> bool:
        assert shell.bulk.dialog is not None
        shell.bulk.dialog.close_button.click()
        shell.basket_panel.table.clearSelection()  # each row's result colour shows, none hidden by the highlight
        shell.ticket.clear()
        shell.ticket.set_instrument(Exchange.NSE, "INFY")
        return True

    def baskets_in_front() -> bool:
        tabs = window.findChild(QTabWidget, "account_tabs")
        assert tabs is not None
        tabs.setCurrentWidget(shell.basket_panel)
        shell.basket_panel.table.scrollToBottom()  # the refused order in view, with the ones placed before it
        quote = window.findChild(QLabel, "last_price")
        shown = quote is not None and quote.text().replace(".", "", 1).isdigit()
        return shown and shell.basket_panel.margin.text().startswith("Margin ₹")

    found: list[Callable[[], bool]] = [live]
    found += [lambda leg=leg: add(leg) for leg in LEGS]
    found += [market_moves, place_all, placed, close_dialog, baskets_in_front]
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="kiteticket-basket-"))
    save_baskets(home / "config" / "baskets.json", Baskets((Basket("Morning entries"), Basket("Nifty hedge"))))
    app, window = build(["--paper", "--paper-db", ":memory:", "--seed", "7", "--home", str(home)])
    BulkConfirmation.ask = classmethod(lambda cls, parent, plan: True)  # type: ignore[method-assign, assignment]
    window.show()
    shell = window.findChild(Shell)
    assert isinstance(shell, Shell)
    todo = steps(shell)
    return run_steps(app, window, todo, args.out, timeout_s=TIMEOUT_SECONDS)


if __name__ == "__main__":
    QApplication.setApplicationName("kiteticket")
    sys.exit(main())
