"""Trades and positions are readable beside the ticket: no cell is cut to "1,2…" for realistic large values (six-digit
prices, lakhs of quantity, long F&O symbols), even when the rows arrived while the tab was hidden; rows are as dense
as the order book's; and the positions' total P&L follows the table."""

from __future__ import annotations

from PySide6.QtWidgets import QStyle, QTableView, QTabWidget
from pytestqt.qtbot import QtBot

from kiteticket.domain.portfolio_rows import Position, Trade, parse_position, parse_trade
from kiteticket.ui.book.view import OrderBookView
from kiteticket.ui.portfolio.positions_model import LOSS, PositionsModel
from kiteticket.ui.portfolio.positions_panel import PositionsPanel
from kiteticket.ui.portfolio.positions_view import PositionsView
from kiteticket.ui.portfolio.tables import TradesView
from kiteticket.ui.portfolio.trades_model import TradesModel

PANEL_WIDTH = 390  # the panel beside the ticket at 1366×768


def big_trade(n: int) -> Trade:
    return parse_trade({
        "trade_id": f"9912345{n}", "order_id": f"25121800123456{n}", "exchange": "NFO",
        "tradingsymbol": "BANKNIFTY26DEC52000CE", "product": "NRML", "transaction_type": "BUY",
        "quantity": 1_80_000, "average_price": 125_999.95, "fill_timestamp": f"2026-12-18 09:15:0{n}",
    })  # fmt: skip


def big_position(symbol: str, pnl: float) -> Position:
    return parse_position({
        "tradingsymbol": symbol, "exchange": "MCX", "product": "NRML", "quantity": -1_20_000,
        "average_price": 125_999.95, "last_price": 126_512.35, "pnl": pnl,
        "day_buy_quantity": 12_00_000, "day_sell_quantity": 13_20_000,
    })  # fmt: skip


def elided(view: QTableView) -> list[str]:
    """Cells whose text is wider than their column leaves for it (Qt's item margin on each side)."""
    margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    model = view.model()
    cut = []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            text = str(model.index(row, column).data() or "")
            if view.fontMetrics().horizontalAdvance(text) > view.columnWidth(column) - margin:
                cut.append(f"{model.headerData(column, view.horizontalHeader().orientation())}: {text!r}")
    return cut


def test_large_values_are_not_cut_even_when_they_arrived_on_a_hidden_tab(qtbot: QtBot) -> None:
    trades_model, positions_model = TradesModel(), PositionsModel()
    trades, positions = TradesView(trades_model), PositionsView(positions_model)
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(PositionsPanel(positions, positions_model), "Positions")
    tabs.addTab(trades, "Trades")
    tabs.resize(PANEL_WIDTH, 300)
    tabs.show()
    qtbot.waitExposed(tabs)
    trades_model.apply([big_trade(1)])
    positions_model.apply([big_position("GOLD26DECFUT", -12_34_567.5)])
    qtbot.waitUntil(lambda: not elided(positions))
    trades_model.apply([big_trade(1), big_trade(2)])  # arrives while the Trades tab is hidden
    tabs.setCurrentWidget(trades)
    qtbot.waitUntil(trades.isVisible)
    qtbot.waitUntil(lambda: not elided(trades))
    assert trades_model.index(0, 4).data() == "1,25,999.95"
    assert "-12,34,567.50" in [positions_model.index(0, c).data() for c in range(positions_model.columnCount())]


def test_rows_are_as_dense_as_the_order_book(qtbot: QtBot) -> None:
    book, trades, positions = OrderBookView(), TradesView(TradesModel()), PositionsView(PositionsModel())
    for view in (book, trades, positions):
        qtbot.addWidget(view)
    height = book.verticalHeader().defaultSectionSize()
    assert trades.verticalHeader().defaultSectionSize() == height
    assert positions.verticalHeader().defaultSectionSize() == height


def test_the_total_pnl_follows_the_positions(qtbot: QtBot) -> None:
    model = PositionsModel()
    panel = PositionsPanel(PositionsView(model), model)
    qtbot.addWidget(panel)
    assert panel.total.plain == "No positions"
    model.apply([big_position("GOLD26DECFUT", -12_34_567.5), big_position("SILVER26DECFUT", 1_000.25)])
    assert panel.total.plain.endswith("Total P&L -₹12,33,567.25")
    assert f"color:{LOSS.name()}'><b>" not in panel.total.text()  # the sign's colour is on the figure itself
    assert f"<b style='color:{LOSS.name()}'>-\u2060₹12,33,567.25</b>" in panel.total.text()
    model.apply([big_position("SILVER26DECFUT", 1_000.25)])
    assert panel.total.plain.endswith("Total P&L +₹1,000.25")
