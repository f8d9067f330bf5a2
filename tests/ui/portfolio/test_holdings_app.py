"""The Holdings tab in the running paper app: the account's holdings with value, P&L, day change and totals, their
prices following the market, and Exit/Add (keys, buttons) prefilling a CNC ticket."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTabWidget, QToolButton

from kiteticket.domain.enums import OrderType, Product, TransactionType
from kiteticket.domain.holding import Holding
from kiteticket.domain.money import format_inr
from kiteticket.ui.portfolio.holdings_view import HoldingsView
from kiteticket.ui.portfolio.totals_bar import TotalsBar
from tests.ui.app.helpers import WAIT_MS, PaperApp


def open_holdings(app: PaperApp) -> HoldingsView:
    """Click the Holdings tab, as a user would, and wait until the account's three holdings are listed."""
    tabs = app.window.findChild(QTabWidget, "account_tabs")
    assert tabs is not None
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == "Holdings")
    bar = tabs.tabBar()
    app.qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    view = app.shell.holdings_view
    app.qtbot.waitUntil(lambda: view.isVisible() and app.shell.holdings_model.rowCount() == 3, timeout=WAIT_MS)
    return view


def click_row(app: PaperApp, view: HoldingsView, tradingsymbol: str) -> Holding:
    model = app.shell.holdings_model
    row = next(i for i, holding in enumerate(model.rows()) if holding.tradingsymbol == tradingsymbol)
    rect = view.visualRect(view.model().index(row, 0))
    app.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    holding = view.current_holding()
    assert holding is not None
    assert holding.tradingsymbol == tradingsymbol
    return holding


def cells(app: PaperApp, tradingsymbol: str) -> dict[str, str]:
    model = app.shell.holdings_model
    row = next(i for i, holding in enumerate(model.rows()) if holding.tradingsymbol == tradingsymbol)
    return {column.key: model.index(row, c).data() for c, column in enumerate(model.columns)}


def test_holdings_show_value_pnl_day_change_and_totals(paper_app: PaperApp) -> None:
    paper_app.set_price("INFY", "1600")
    view = open_holdings(paper_app)
    paper_app.qtbot.waitUntil(lambda: cells(paper_app, "INFY")["last_price"] == "1,600.00", timeout=WAIT_MS)

    infy = next(h for h in paper_app.shell.holdings_model.rows() if h.tradingsymbol == "INFY")
    shown = cells(paper_app, "INFY")
    assert (shown["instrument"], shown["quantity"], shown["t1"]) == ("INFY · NSE", "10", "0")
    assert shown["current_value"] == "16,000.00"
    assert shown["pnl"] == format_inr((Decimal(1600) - infy.average_price) * 10, symbol=False, signed=True)
    assert infy.pnl > 0  # the paper account's starting holdings cost 10% below the market
    change = (Decimal(1600) - infy.close_price) / infy.close_price * 100
    assert shown["day_change"] == f"{format_inr(change, symbol=False, signed=True)}%"
    totals = paper_app.shell.holdings_model.totals()
    assert totals.current_value == sum(h.current_value for h in paper_app.shell.holdings_model.rows())
    assert view.isVisible()
    line = paper_app.window.findChild(TotalsBar, "holdings_totals")
    assert line is not None
    assert line.plain.startswith("Invested ₹")
    assert "Current ₹" in line.plain
    assert " · P&L +₹" in line.plain
    assert "%) · Day " in line.plain


def test_holdings_tick_from_the_stream_without_a_fetch(paper_app: PaperApp) -> None:
    open_holdings(paper_app)
    stream = paper_app.shell.market.stream
    assert stream is not None
    tokens = paper_app.shell.holdings_model.instrument_tokens()
    paper_app.qtbot.waitUntil(lambda: tokens <= set(stream.wanted()), timeout=WAIT_MS)  # subscribed, as positions
    paper_app.shell.portfolio.stop()  # no more REST refreshes: only the stream can move the price now

    paper_app.set_price("SBIN", "812.35")

    paper_app.qtbot.waitUntil(lambda: cells(paper_app, "SBIN")["last_price"] == "812.35", timeout=WAIT_MS)
    assert cells(paper_app, "SBIN")["current_value"] == "8,123.50"


def test_e_prefills_a_cnc_sell_of_everything_held(paper_app: PaperApp) -> None:
    view = open_holdings(paper_app)
    click_row(paper_app, view, "INFY")

    paper_app.qtbot.keyClick(view, Qt.Key.Key_E)

    paper_app.qtbot.waitUntil(lambda: getattr(paper_app.ticket.current_request(), "quantity", 0) == 10, timeout=WAIT_MS)
    request = paper_app.ticket.current_request()
    assert request is not None
    assert (request.tradingsymbol, request.transaction_type, request.quantity) == ("INFY", TransactionType.SELL, 10)
    assert (request.product, request.order_type) == (Product.CNC, OrderType.MARKET)


def test_add_button_prefills_a_cnc_buy_at_the_last_price(paper_app: PaperApp) -> None:
    paper_app.set_price("SBIN", "801.15")
    view = open_holdings(paper_app)
    paper_app.qtbot.waitUntil(lambda: cells(paper_app, "SBIN")["last_price"] == "801.15", timeout=WAIT_MS)
    click_row(paper_app, view, "SBIN")
    button = paper_app.window.findChild(QToolButton, "add_to_holding_button")
    assert button is not None
    assert button.isEnabled()
    rows_before = paper_app.book.rowCount()

    paper_app.qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(4, 4))

    paper_app.qtbot.waitUntil(
        lambda: getattr(paper_app.ticket.current_request(), "tradingsymbol", "") == "SBIN", timeout=WAIT_MS
    )
    request = paper_app.ticket.current_request()
    assert request is not None
    assert (request.tradingsymbol, request.transaction_type, request.quantity) == ("SBIN", TransactionType.BUY, 1)
    assert (request.product, request.order_type, request.price) == (Product.CNC, OrderType.LIMIT, Decimal("801.15"))
    paper_app.poll_and_wait()
    assert paper_app.book.rowCount() == rows_before  # prefilled, not sent
