"""Account views find their place: wide tables in a tab beside the order book, whose filters belong to the Orders tab
alone; narrow views beside positions and trades."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTabBar, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from kiteticket.preferences import Preferences
from kiteticket.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # the offscreen platform's limit


def shown_window(qtbot: QtBot) -> MainWindow:
    made = MainWindow(QWidget(), QWidget(), QWidget(), QWidget(), preferences=Preferences(), paper=True)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    return made


def tabs(made: MainWindow, name: str) -> QTabWidget:
    found = made.findChild(QTabWidget, name)
    assert found is not None
    return found


def click_tab(qtbot: QtBot, widget: QTabWidget, title: str) -> None:
    bar = widget.findChild(QTabBar)
    assert bar is not None
    index = next(i for i in range(bar.count()) if bar.tabText(i) == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())


def test_a_wide_view_sits_beside_the_orders_and_hides_their_filters(qtbot: QtBot) -> None:
    made = shown_window(qtbot)
    holdings = QWidget()
    made.add_account_tab(holdings, "Holdings")
    account = tabs(made, "account_tabs")
    search = made.findChild(QLineEdit, "order_search")
    assert search is not None
    assert search.isVisible()
    click_tab(qtbot, account, "Holdings")
    assert account.currentWidget() is holdings
    assert not search.isVisible(), "the order filters say nothing about holdings"
    click_tab(qtbot, account, "Orders")
    assert search.isVisible()


def test_a_view_can_be_brought_forward_and_a_narrow_one_joins_the_portfolio(qtbot: QtBot) -> None:
    made = shown_window(qtbot)
    gtt, chart = QWidget(), QWidget()
    made.add_account_tab(gtt, "GTT")
    made.add_portfolio_tab(chart, "Chart")
    made.show_account_tab(gtt)
    assert tabs(made, "account_tabs").currentWidget() is gtt
    portfolio = tabs(made, "portfolio_tabs")
    assert [portfolio.tabText(i) for i in range(portfolio.count())] == ["Positions", "Trades", "Chart"]
