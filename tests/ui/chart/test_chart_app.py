"""The Chart tab in the running app, against the paper exchange through the real SDK: the ticket's instrument's
candles load when the tab is shown, ticks move the last candle, the interval buttons reload, and the working
orders and the position's average price are drawn as lines that follow the book."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTabWidget, QToolButton, QWidget

from kiteticket.domain.candles import Interval
from kiteticket.domain.enums import OrderType
from kiteticket.domain.stream import StreamState
from tests.ui.app.helpers import WAIT_MS, Order, PaperApp
from tests.ui.ticket.helpers import named


def open_chart(app: PaperApp) -> None:
    """Click the Chart tab, as a trader does, and wait for its candles."""
    tabs = app.window.findChild(QTabWidget, "portfolio_tabs")
    assert tabs is not None
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == "Chart")
    bar = tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    app.qtbot.waitUntil(lambda: loaded(app), timeout=WAIT_MS)


def loaded(app: PaperApp) -> bool:
    series = app.shell.chart.series
    return series is not None and len(series.candles) > 0


def wait_live(app: PaperApp) -> None:
    stream = app.shell.market.stream
    assert stream is not None
    app.qtbot.waitUntil(lambda: stream.status.state is StreamState.LIVE, timeout=WAIT_MS)


def test_the_chart_loads_the_tickets_instrument_and_a_tick_moves_its_last_candle(paper_app: PaperApp) -> None:
    open_chart(paper_app)
    view = paper_app.shell.chart_view
    assert (view.title.text(), view.title.toolTip()) == ("<b>INFY</b>", "NSE:INFY")
    series = paper_app.shell.chart.series
    assert series is not None
    assert series.interval is Interval.MINUTE
    assert len(view.candles.candles) == len(series.candles) > 1  # today's minutes, and earlier sessions'
    assert all(a.start < b.start for a, b in zip(series.candles, series.candles[1:], strict=False))
    wait_live(paper_app)
    paper_app.set_price("INFY", "1987.65")  # far above anything the walk reached: the last candle's new high
    paper_app.qtbot.waitUntil(lambda: view.candles.candles[-1].close == Decimal("1987.65"), timeout=WAIT_MS)
    assert view.candles.candles[-1].high == Decimal("1987.65")
    assert len(view.candles.candles) - len(series.candles) in (0, 1)  # the same candle, or the next minute's


def test_the_interval_buttons_reload_the_candles(paper_app: PaperApp) -> None:
    open_chart(paper_app)
    minute = paper_app.shell.chart.series
    assert minute is not None
    QTest.mouseClick(named(paper_app.shell.chart_view, "interval_15minute", QToolButton), Qt.MouseButton.LeftButton)
    paper_app.qtbot.waitUntil(lambda: loaded(paper_app), timeout=WAIT_MS)
    fifteen = paper_app.shell.chart.series
    assert fifteen is not None
    assert fifteen.interval is Interval.FIFTEEN_MINUTES
    steps = {b.start - a.start for a, b in zip(fifteen.candles, fifteen.candles[1:], strict=False)}
    assert timedelta(minutes=15) in steps
    assert all(step >= timedelta(minutes=15) for step in steps)
    assert all((c.start.hour * 60 + c.start.minute - 9 * 60 - 15) % 15 == 0 for c in fifteen.candles)
    QTest.mouseClick(named(paper_app.shell.chart_view, "interval_day", QToolButton), Qt.MouseButton.LeftButton)
    paper_app.qtbot.waitUntil(lambda: loaded(paper_app) and paper_app.shell.chart.series.interval is Interval.DAY,
                              timeout=WAIT_MS)  # fmt: skip


def test_the_chart_follows_the_tickets_instrument(paper_app: PaperApp) -> None:
    open_chart(paper_app)
    infy = paper_app.shell.chart.series
    paper_app.show_instrument("TCS", "3456.70")
    paper_app.qtbot.waitUntil(lambda: loaded(paper_app) and paper_app.shell.chart.series is not infy, timeout=WAIT_MS)
    assert paper_app.shell.chart_view.title.toolTip() == "NSE:TCS"
    series = paper_app.shell.chart.series
    assert series is not None
    assert series.candles[-1].close == Decimal("3456.70")  # today's last candle closes at the last price


def test_working_orders_and_the_average_price_are_lines_that_follow_the_book(paper_app: PaperApp) -> None:
    open_chart(paper_app)
    view = paper_app.shell.chart_view
    paper_app.set_price("INFY", "1600")
    order_id = paper_app.place(Order(price="1550.5", quantity=3))
    paper_app.qtbot.waitUntil(lambda: "BUY 3 LIMIT @ 1550.50" in view.line_labels(), timeout=WAIT_MS)
    paper_app.place(Order(order_type=OrderType.MARKET, quantity=2))
    paper_app.qtbot.waitUntil(lambda: "Avg CNC +2 @ 1600.00" in view.line_labels(), timeout=WAIT_MS)
    paper_app.other_device().cancel_order("regular", order_id)
    paper_app.qtbot.waitUntil(lambda: view.line_labels() == ["Avg CNC +2 @ 1600.00"], timeout=WAIT_MS)


def test_the_chart_pops_out_into_a_window_and_comes_back_when_it_closes(paper_app: PaperApp) -> None:
    open_chart(paper_app)
    view = paper_app.shell.chart_view
    QTest.mouseClick(named(view, "chart_pop_out", QToolButton), Qt.MouseButton.LeftButton)
    window = view.window()
    assert window is not paper_app.window
    assert window.isVisible()
    assert window.windowTitle() == "Chart: NSE:INFY"
    paper_app.show_instrument("TCS", "3456.70")  # the chart in its window still follows the ticket
    paper_app.qtbot.waitUntil(lambda: window.windowTitle() == "Chart: NSE:TCS", timeout=WAIT_MS)
    paper_app.qtbot.waitUntil(lambda: loaded(paper_app), timeout=WAIT_MS)
    window.close()
    assert view.window() is paper_app.window
    assert view.isVisible()


def test_the_candle_under_the_mouse_is_read_out(paper_app: PaperApp) -> None:
    # A Friday in session, whatever the wall clock says: between midnight IST and the open, the always-open paper
    # market's day bar had not begun and the candle under the mouse read out nothing.
    paper_app.admin("clock", {"now": "2026-12-04 11:00:00"})
    open_chart(paper_app)
    view = paper_app.shell.chart_view
    # Day candles: no new one begins (and scrolls the chart under the mouse) while the test runs.
    QTest.mouseClick(named(view, "interval_day", QToolButton), Qt.MouseButton.LeftButton)
    paper_app.qtbot.waitUntil(lambda: loaded(paper_app) and view.axis.interval is Interval.DAY, timeout=WAIT_MS)
    # Beside the ticket the tab lies past the right edge of the tests' small offscreen screen, where no mouse goes:
    # the window is moved left until the chart is on the screen.
    right = view.plot.viewport().mapToGlobal(view.plot.viewport().rect().topRight()).x()
    paper_app.window.move(paper_app.window.x() - max(right - view.screen().geometry().right() + 20, 0), 0)
    centre = view.plot.rect().center()
    paper_app.qtbot.waitUntil(lambda: view.screen().geometry().contains(view.plot.mapToGlobal(centre)), timeout=WAIT_MS)
    candles = view.candles.candles
    index = len(candles) - 3
    box = view.plot.getPlotItem().getViewBox()
    paper_app.qtbot.waitUntil(lambda: box.viewRange()[0][0] < index < box.viewRange()[0][1], timeout=WAIT_MS)
    where = view.plot.mapFromScene(box.mapViewToScene(QPointF(index, float(candles[index].close))))
    candle = candles[index]
    prices = f"O {candle.open:.2f}  H {candle.high:.2f}  L {candle.low:.2f}  C {candle.close:.2f}"
    hover(paper_app, view.plot.viewport(), where, lambda: view.readout.text() == f"{candle.start:%d %b %y}  {prices}")
    beyond = QPointF(len(candles) + 0.8, float(candle.close))  # in the room left right of the last candle
    after = view.plot.mapFromScene(box.mapViewToScene(beyond))
    hover(paper_app, view.plot.viewport(), after, lambda: not view.readout.isVisible())


def hover(app: PaperApp, widget: QWidget, point: QPoint, done: Callable[[], bool]) -> None:
    """The mouse held over ``point`` as a hand holds it, never quite still (pyqtgraph drops moves that come within
    10 ms of the last, and Qt a move to where the cursor already is), until ``done()``."""
    moves = itertools.cycle((point + QPoint(0, 2), point))

    def moved() -> bool:
        QTest.mouseMove(widget, next(moves))
        return done()

    app.qtbot.waitUntil(moved, timeout=WAIT_MS)
