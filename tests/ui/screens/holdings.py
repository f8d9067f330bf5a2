"""The README's holdings screenshot: the real window on the paper exchange at 1366×768, a few orders placed through
the ticket, the Holdings tab (beside the order book) in front with its totals, and the funds strip above the tabs
right of the ticket.

    echo '{"screens": [{"name": "s", "x": 0, "y": 0, "width": 1366, "height": 768, "dpi": 96, "dpr": 1}]}' >s.json
    QT_QPA_PLATFORM=offscreen:configfile=s.json PYTHONPATH=. python tests/ui/screens/holdings.py \
        --out resources/holdings.png
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from kiteticket.app import build
from kiteticket.domain.enums import OrderType, Product, TransactionType
from kiteticket.ui.assembly import Shell
from kiteticket.ui.confirm import Confirmation
from kiteticket.ui.ticket import OrderTicket
from tests.ui.window_script import Demo, demo_request, run_steps

TIMEOUT_SECONDS = 90

# A delivery buy that adds to a holding, one that fills as a position, and an intraday trade.
ORDERS: list[Demo] = [
    ("SBIN", TransactionType.BUY, 15, OrderType.MARKET, Product.CNC, 0.0),
    ("TCS", TransactionType.BUY, 5, OrderType.MARKET, Product.CNC, 0.0),
    ("HDFCBANK", TransactionType.BUY, 20, OrderType.MARKET, Product.MIS, 0.0),
]


def steps(window: QWidget, shell: Shell) -> list[Callable[[], bool]]:
    ticket = shell.ticket

    def live() -> bool:
        return shell.session.profile is not None and _master_loaded(ticket)

    found: list[Callable[[], bool]] = [live]
    for count, order in enumerate(ORDERS, start=1):
        found.append(lambda order=order: _send(ticket, order))
        found.append(lambda: not ticket.is_busy())
        found.append(lambda count=count: shell.book_model.rowCount() >= count)
    found.append(lambda: shell.positions_model.rowCount() >= 2)
    found.append(lambda: _holdings_in_front(window, shell))
    found.append(lambda: shell.funds.panel.funds is not None)
    found.append(lambda: _settled(shell))
    return found


def _master_loaded(ticket: OrderTicket) -> bool:
    ticket.set_instrument("NSE", "INFY")
    return ticket.instrument() is not None


def _send(ticket: OrderTicket, order: Demo) -> bool:
    ticket.prefill(demo_request(ticket, order))
    return ticket.submit()


def _holdings_in_front(window: QWidget, shell: Shell) -> bool:
    tabs = window.findChild(QTabWidget, "account_tabs")
    assert tabs is not None
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == "Holdings"))
    model = shell.holdings_model
    if model.rowCount() < 3:
        return False
    shell.holdings_view.setCurrentIndex(model.index(1, 0))
    shell.ticket.clear()
    shell.ticket.set_instrument("NSE", "SBIN")
    return True


_seen: dict[str, float] = {}


def _settled(shell: Shell) -> bool:
    """A second or two for the prices to tick and the columns to fit, as a person would see the window."""
    first = _seen.setdefault("settled", time.monotonic())
    return time.monotonic() - first > 2.0 and not shell.ticket.is_busy()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="kiteticket-holdings-"))
    app, window = build(["--paper", "--paper-db", ":memory:", "--seed", "7", "--home", str(home)])
    Confirmation.ask = classmethod(lambda cls, parent, title, text: True)  # type: ignore[method-assign, assignment]
    window.show()
    shell = window.findChild(Shell)
    assert shell is not None
    pending = steps(window, shell)
    return run_steps(app, window, pending, args.out, timeout_s=TIMEOUT_SECONDS)


if __name__ == "__main__":
    QApplication.setApplicationName("kiteticket")
    sys.exit(main())
