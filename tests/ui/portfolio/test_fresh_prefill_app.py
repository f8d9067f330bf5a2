"""Exit and Add in the running paper app read the account again before filling the ticket: a position or holding
changed elsewhere (another session of the same account, through the SDK) since the table was last read is
prefilled as it is now, and the difference is said in the ticket's words."""

from __future__ import annotations

import pytest
from kiteconnect import KiteConnect
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType
from kiteticket.domain.holding import parse_holdings
from kiteticket.domain.portfolio_rows import Position, parse_positions
from kiteticket.ui.portfolio.holdings_view import HoldingsView
from tests.ui.app.helpers import WAIT_MS, Order, PaperApp, named
from tests.ui.portfolio.test_holdings_app import click_row, open_holdings


def infy_mis(app: PaperApp) -> Position | None:
    return next((p for p in app.shell.positions_model.rows() if p.key == "NSE:INFY:MIS"), None)


def sell_elsewhere(app: PaperApp, quantity: int, product: Product) -> None:
    """Another session of the account sells ``quantity`` INFY at market, as Kite web or a script would."""
    kite = app.other_device()
    try:
        kite.place_order(
            variety="regular", exchange="NSE", tradingsymbol="INFY", transaction_type="SELL", quantity=quantity,
            product=product.value, order_type="MARKET", market_protection=-1,
        )  # fmt: skip
    finally:
        kite.reqsession.close()


def elsewhere_mis_quantity(kite: KiteConnect) -> int:
    return sum(p.quantity for p in parse_positions(kite.positions()) if p.key == "NSE:INFY:MIS")


def freeze_tables(app: PaperApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tables as they were at their last read: no refresh until Exit or Add reads the account itself (the
    seconds between two of the app's refreshes, made as long as the test needs)."""
    app.shell.portfolio.stop()
    monkeypatch.setattr(app.shell.portfolio, "refresh", lambda: None)
    app.qtbot.waitUntil(lambda: not app.shell.portfolio.is_reading(), timeout=WAIT_MS)  # one under way lands first


def bought_intraday(app: PaperApp, quantity: int) -> None:
    app.show_instrument("INFY", "1600")
    app.wait_for_status(app.place(Order(product=Product.MIS, price="1601.00", quantity=quantity)), "COMPLETE")
    app.qtbot.waitUntil(lambda: getattr(infy_mis(app), "quantity", 0) == quantity, timeout=WAIT_MS)


def click_position(app: PaperApp) -> None:
    view, model = app.shell.positions_view, app.shell.positions_model
    row = model.row_for_key("NSE:INFY:MIS")
    assert row is not None
    app.qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(view.model().index(row, 0)).center()
    )
    assert view.current_position() is not None


def test_exit_after_a_partial_exit_elsewhere_prefills_the_remaining_quantity(
    paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    bought_intraday(paper_app, 10)
    freeze_tables(paper_app, monkeypatch)
    sell_elsewhere(paper_app, 4, Product.MIS)
    assert paper_app.read_elsewhere(elsewhere_mis_quantity) == 6
    click_position(paper_app)
    assert getattr(infy_mis(paper_app), "quantity", 0) == 10, "the table still shows the position as last read"

    paper_app.qtbot.keyClick(paper_app.shell.positions_view, Qt.Key.Key_E)

    paper_app.qtbot.waitUntil(lambda: getattr(paper_app.ticket.current_request(), "quantity", 0) == 6, timeout=WAIT_MS)
    request = paper_app.ticket.current_request()
    assert request is not None
    assert (request.transaction_type, request.order_type, request.product) == (
        TransactionType.SELL, OrderType.MARKET, Product.MIS
    )  # fmt: skip
    note = named(paper_app.ticket, "result", QLabel).text()
    assert (
        note == "INFY (MIS) changed since the table was last read: the ticket has SELL 6 (what it is now), not SELL 10."
    )
    assert getattr(infy_mis(paper_app), "quantity", 0) == 6, "the table took the fresh read too"


def test_exit_after_the_position_was_closed_elsewhere_prefills_nothing(
    paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    bought_intraday(paper_app, 5)
    freeze_tables(paper_app, monkeypatch)
    sell_elsewhere(paper_app, 5, Product.MIS)
    assert paper_app.read_elsewhere(elsewhere_mis_quantity) == 0
    click_position(paper_app)
    assert paper_app.shell.positions_view.exit_action.isEnabled(), "the table still shows the position open"
    paper_app.ticket.set_instrument(Exchange.NSE, "SBIN")
    paper_app.qtbot.waitUntil(
        lambda: getattr(paper_app.ticket.instrument(), "tradingsymbol", "") == "SBIN", timeout=WAIT_MS
    )

    paper_app.qtbot.keyClick(paper_app.shell.positions_view, Qt.Key.Key_E)

    closed = "INFY (MIS) is no longer open: it was closed since the table was last read; nothing was put in the ticket."
    result = named(paper_app.ticket, "result", QLabel)
    paper_app.qtbot.waitUntil(lambda: result.text() == closed, timeout=WAIT_MS)
    instrument = paper_app.ticket.instrument()
    assert instrument is not None
    assert instrument.tradingsymbol == "SBIN", "the ticket keeps what it had"
    assert not paper_app.shell.positions_view.exit_action.isEnabled(), "the table shows the position flat now"


def test_holdings_exit_after_a_sale_elsewhere_sells_what_is_left(
    paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    view: HoldingsView = open_holdings(paper_app)
    freeze_tables(paper_app, monkeypatch)
    shown = click_row(paper_app, view, "INFY")
    assert shown.sellable == 10
    sell_elsewhere(paper_app, 3, Product.CNC)

    def sellable_elsewhere(kite: KiteConnect) -> int:
        return next(h.sellable for h in parse_holdings(kite.holdings()) if h.tradingsymbol == "INFY")

    paper_app.qtbot.waitUntil(lambda: paper_app.read_elsewhere(sellable_elsewhere) == 7, timeout=WAIT_MS)

    paper_app.qtbot.keyClick(view, Qt.Key.Key_E)

    paper_app.qtbot.waitUntil(lambda: getattr(paper_app.ticket.current_request(), "quantity", 0) == 7, timeout=WAIT_MS)
    request = paper_app.ticket.current_request()
    assert request is not None
    assert (request.tradingsymbol, request.product, request.price) == ("INFY", Product.CNC, None)
    assert "the ticket has SELL 7 (what it is now), not SELL 10" in named(paper_app.ticket, "result", QLabel).text()


def test_a_read_kite_refuses_for_rate_is_asked_again_and_then_fills_the_ticket(
    paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    bought_intraday(paper_app, 3)
    freeze_tables(paper_app, monkeypatch)
    click_position(paper_app)
    # Another app on the account used this second's reads: Kite answers the next positions read with 429.
    paper_app.admin("faults", {"kind": "http_5xx", "status": 429, "path": "/portfolio/positions", "method": "GET"})

    paper_app.qtbot.keyClick(paper_app.shell.positions_view, Qt.Key.Key_E)

    sell = TransactionType.SELL
    paper_app.qtbot.waitUntil(lambda: getattr(paper_app.ticket.current_request(), "transaction_type", "") == sell,
                              timeout=WAIT_MS)  # fmt: skip
    request = paper_app.ticket.current_request()
    assert request is not None
    assert (request.tradingsymbol, request.quantity) == ("INFY", 3)
    assert paper_app.admin("faults", [])["faults"] == []  # the 429 was met, and the read went again


def test_a_read_that_keeps_failing_says_so_and_fills_nothing(
    paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    bought_intraday(paper_app, 3)
    freeze_tables(paper_app, monkeypatch)
    click_position(paper_app)
    before = paper_app.ticket.current_request()
    paper_app.admin("faults", {"kind": "http_5xx", "status": 503, "path": "/portfolio/positions", "count": -1})
    said: list[str] = []
    paper_app.window.statusBar().messageChanged.connect(said.append)

    paper_app.qtbot.keyClick(paper_app.shell.positions_view, Qt.Key.Key_E)

    paper_app.qtbot.waitUntil(lambda: any(text.startswith("Could not read your positions again") for text in said),
                              timeout=WAIT_MS)  # fmt: skip
    assert paper_app.ticket.current_request() == before
    paper_app.admin("faults", {"clear": True})
