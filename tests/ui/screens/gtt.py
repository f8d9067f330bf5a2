"""The README's GTT screenshot: the real window on the paper exchange at 1366×768, with the GTT tab (beside the
order book's) in front.

It does what a user would: two OCOs protecting the paper account's holdings (INFY, SBIN) from a holding's row,
a single BUY from the ticket, and one from the ticket that the market then crosses, so the tab shows active GTTs
and a triggered one with the order it placed (selected, so the line under the table tells it in full). Then it
saves the window and quits:

    echo '{"screens": [{"name": "s", "x": 0, "y": 0, "width": 1366, "height": 768, "dpi": 96, "dpr": 1}]}' >s.json
    QT_QPA_PLATFORM=offscreen:configfile=s.json python -m tests.ui.screens.gtt --out resources/gtt.png
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import requests
from PySide6.QtWidgets import QApplication, QTabWidget

from kiteticket.app import build
from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Variety
from kiteticket.domain.gtt import GttStatus
from kiteticket.domain.holding import parse_holding
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.prices import as_decimal, round_to_tick
from kiteticket.ui.assembly import Shell
from kiteticket.ui.confirm import Confirmation
from tests.ui.window_script import run_steps

TIMEOUT_SECONDS = 90
Step = Callable[[], bool]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="kiteticket-gtt-"))
    app, window = build(["--paper", "--paper-db", ":memory:", "--seed", "7", "--home", str(home)])
    Confirmation.ask = classmethod(lambda cls, parent, title, text: True)  # type: ignore[method-assign, assignment]
    shell = window.findChild(Shell)
    assert shell is not None
    window.show()
    steps = _steps(shell)
    return run_steps(app, window, steps, args.out, timeout_s=TIMEOUT_SECONDS)


def _steps(shell: Shell) -> list[Step]:
    gtt = shell.gtt
    steps: list[Step] = [lambda: _live(shell)]
    for symbol in ("INFY", "SBIN"):
        steps += [lambda symbol=symbol: _protect(shell, symbol), lambda: _sent(shell)]
    steps += [lambda: _from_ticket(shell, "TCS", 20, Decimal("0.95")), lambda: _sent(shell)]
    steps += [lambda: _from_ticket(shell, "HDFCBANK", 15, Decimal("1.01")), lambda: _sent(shell)]
    steps += [lambda: _cross(shell, "HDFCBANK", Decimal("1.015")), lambda: _triggered_and_in_book(shell)]
    steps += [lambda: _show_tab(shell), lambda: _select_triggered(shell), lambda: bool(gtt.model.rowCount())]
    steps += [lambda: _prices_shown(shell), lambda: _ticket_quoted(shell, "INFY")]
    return steps


def _live(shell: Shell) -> bool:
    shell.ticket.set_instrument(Exchange.NSE, "INFY")
    return shell.session.profile is not None and shell.ticket.instrument() is not None


def _reference(shell: Shell, symbol: str) -> tuple[Decimal, Decimal]:
    """The instrument's reference price and tick, from the instrument list the ticket searches."""
    shell.ticket.set_instrument(Exchange.NSE, symbol)
    instrument = shell.ticket.instrument()
    assert instrument is not None
    return as_decimal(instrument.last_price), as_decimal(instrument.tick_size)


def _last(shell: Shell, symbol: str) -> Decimal:
    quote = shell.ticket.last_quote()
    if quote is not None and quote.key == f"NSE:{symbol}":
        return quote.last_price
    return _reference(shell, symbol)[0]


def _protect(shell: Shell, symbol: str) -> bool:
    """A holding's row, as the holdings view hands it to the GTT feature: an OCO to sell it."""
    shell.ticket.set_instrument(Exchange.NSE, symbol)
    if shell.ticket.last_quote() is None or shell.ticket.last_quote().key != f"NSE:{symbol}":  # type: ignore[union-attr]
        return False
    row = parse_holding(
        {"exchange": "NSE", "tradingsymbol": symbol, "quantity": 10, "last_price": _last(shell, symbol)}
    )
    shell.gtt.new_for_holding(row)
    return _send_when_ready(shell)


def _from_ticket(shell: Shell, symbol: str, quantity: int, fraction: Decimal) -> bool:
    """The ticket holds a BUY; its GTT button opens the dialog with it, the trigger at ``fraction`` of the price."""
    shell.ticket.set_instrument(Exchange.NSE, symbol)
    quote = shell.ticket.last_quote()
    if quote is None or quote.key != f"NSE:{symbol}":
        return False
    _, tick = _reference(shell, symbol)
    trigger = round_to_tick(quote.last_price * fraction, tick)
    price = round_to_tick(trigger * Decimal("1.01"), tick) if fraction > 1 else trigger  # room to fill
    request = OrderRequest(Variety.REGULAR, Exchange.NSE, symbol, TransactionType.BUY, quantity, Product.CNC,
                           OrderType.SL, price=price, trigger_price=trigger)  # fmt: skip
    shell.ticket.prefill(request)
    shell.gtt.new_from_ticket()
    return _send_when_ready(shell)


def _send_when_ready(shell: Shell) -> bool:
    dialog = shell.gtt.dialog
    if dialog is None or dialog.problems():
        return False
    dialog.send.click()
    return True


def _sent(shell: Shell) -> bool:
    return shell.gtt.dialog is None


def _cross(shell: Shell, symbol: str, fraction: Decimal) -> bool:
    last, tick = _last(shell, symbol), _reference(shell, symbol)[1]
    root = str(shell.window.property("paper_root"))
    body = {"exchange": "NSE", "tradingsymbol": symbol, "last_price": str(round_to_tick(last * fraction, tick))}
    requests.post(f"{root}/_paper/price", json=body, timeout=10).raise_for_status()
    shell.gtt.listing.refresh()
    return True


def _triggered_and_in_book(shell: Shell) -> bool:
    lines = [line for line in shell.gtt.model.rows() if line.row.status is GttStatus.TRIGGERED]
    if not lines:
        shell.gtt.listing.refresh()
        return False
    return all(status for line in lines for _, status in line.order_statuses)


def _show_tab(shell: Shell) -> bool:
    tabs = shell.window.findChild(QTabWidget, "account_tabs")
    assert tabs is not None
    tabs.setCurrentWidget(shell.gtt.tab)
    shell.ticket.set_instrument(Exchange.NSE, "INFY")
    shell.ticket.clear()  # a fresh LIMIT ticket, as after the last GTT
    return True


def _select_triggered(shell: Shell) -> bool:
    line = next(line for line in shell.gtt.model.rows() if line.row.placed_order_ids)
    return shell.gtt.tab.select(line.key)


def _ticket_quoted(shell: Shell, symbol: str) -> bool:
    quote = shell.ticket.last_quote()
    return quote is not None and quote.key == f"NSE:{symbol}"


def _prices_shown(shell: Shell) -> bool:
    model = shell.gtt.model
    return all(line.ltp is not None for line in model.rows() if line.row.can_change)


if __name__ == "__main__":
    QApplication.setApplicationName("kiteticket")
    sys.exit(main())
