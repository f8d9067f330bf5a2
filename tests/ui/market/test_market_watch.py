"""The market watch panel driven as a trader drives it: typing to add, keys to trade, remove and reorder."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QInputDialog, QToolButton
from pytestqt.qtbot import QtBot

from kiteticket.domain.enums import TransactionType
from kiteticket.domain.instruments import InstrumentMaster
from kiteticket.domain.tick import Tick
from kiteticket.domain.watchlist import Watchlist, Watchlists
from kiteticket.paper.sample_derivatives import sample_master_csv
from kiteticket.ui.market.watch_view import MarketWatch
from tests.ui.active_window import activate

pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise", "does not support grabbing"
)


@pytest.fixture(scope="module")
def master() -> InstrumentMaster:
    return InstrumentMaster.from_csv(sample_master_csv(date(2026, 12, 7)))


@pytest.fixture
def watch(qtbot: QtBot, master: InstrumentMaster) -> MarketWatch:
    panel = MarketWatch(Watchlists((Watchlist("Mine", ("NSE:INFY", "NSE:SBIN")),)))
    panel.set_master(master, lambda key: master.get(*key.split(":", 1)))
    qtbot.addWidget(panel)
    panel.resize(700, 400)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _keys(watch: MarketWatch) -> list[str]:
    return [watch.model.row_at(row).key for row in range(watch.model.rowCount(QModelIndex()))]


def test_typing_and_picking_adds_the_instrument(qtbot: QtBot, watch: MarketWatch) -> None:
    activate(qtbot, watch)
    watch.add_box.setFocus()
    qtbot.waitUntil(watch.add_box.hasFocus)
    qtbot.keyClicks(watch.add_box, "nifty26")
    popup = watch.search.completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    with qtbot.waitSignal(watch.watchlists_changed, timeout=2000) as changed:
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert changed.args[0].shown.keys == ("NSE:INFY", "NSE:SBIN", "NFO:NIFTY26DECFUT")
    assert _keys(watch)[-1] == "NFO:NIFTY26DECFUT"
    assert watch.model.row_at(2).token is not None


@pytest.mark.parametrize(
    ("key", "side"),
    [(Qt.Key.Key_B, TransactionType.BUY), (Qt.Key.Key_S, TransactionType.SELL),
     (Qt.Key.Key_F1, TransactionType.BUY), (Qt.Key.Key_F2, TransactionType.SELL)],
)  # fmt: skip
def test_trade_keys_ask_for_a_ticket(qtbot: QtBot, watch: MarketWatch, key: Qt.Key, side: TransactionType) -> None:
    watch.table.setFocus()
    watch.table.selectRow(1)
    with qtbot.waitSignal(watch.trade_requested, timeout=1000) as asked:
        qtbot.keyClick(watch.table, key)
    assert asked.args == ["NSE:SBIN", side]


def test_double_click_asks_for_a_buy_ticket(qtbot: QtBot, watch: MarketWatch) -> None:
    rect = watch.table.visualRect(watch.table.model().index(0, 0))
    # A double-click is a press and release, then the double-click event: Qt's views act on the second only
    # when it hits the row the first one pressed.
    qtbot.mouseClick(watch.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(watch.trade_requested, timeout=1000) as asked:
        qtbot.mouseDClick(watch.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert asked.args == ["NSE:INFY", TransactionType.BUY]


def test_delete_removes_and_alt_arrows_reorder(qtbot: QtBot, watch: MarketWatch) -> None:
    watch.table.setFocus()
    watch.table.selectRow(0)
    with qtbot.waitSignal(watch.watchlists_changed, timeout=1000):
        qtbot.keyClick(watch.table, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert _keys(watch) == ["NSE:SBIN", "NSE:INFY"]
    assert watch.table.current_key() == "NSE:INFY"  # the moved row stays selected
    with qtbot.waitSignal(watch.watchlists_changed, timeout=1000) as changed:
        qtbot.keyClick(watch.table, Qt.Key.Key_Delete)
    assert _keys(watch) == ["NSE:SBIN"]
    assert changed.args[0].shown.keys == ("NSE:SBIN",)


def test_new_and_deleted_watchlists(qtbot: QtBot, watch: MarketWatch, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_args, **_kw: ("Options", True)))
    new = watch.findChild(QToolButton, "watch_new")
    delete = watch.findChild(QToolButton, "watch_delete")
    assert new is not None
    assert delete is not None
    with qtbot.waitSignal(watch.watchlists_changed, timeout=1000):
        qtbot.mouseClick(new, Qt.MouseButton.LeftButton)
    assert watch.lists.currentText() == "Options"
    assert _keys(watch) == []
    qtbot.mouseClick(new, Qt.MouseButton.LeftButton)  # the same name again
    assert "already" in watch.problem.text()
    assert watch.problem.isVisible()
    with qtbot.waitSignal(watch.watchlists_changed, timeout=1000):
        qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    assert watch.lists.currentText() == "Mine"
    assert _keys(watch) == ["NSE:INFY", "NSE:SBIN"]


def test_a_panel_as_narrow_as_beside_the_ticket_shows_a_six_digit_price_and_its_change_whole(
    qtbot: QtBot, master: InstrumentMaster
) -> None:
    watch = MarketWatch(Watchlists((Watchlist("Mine", ("NSE:INFY", "NFO:BANKNIFTY26DECFUT")),)))
    watch.set_master(master, lambda key: master.get(*key.split(":", 1)))
    qtbot.addWidget(watch)
    watch.resize(330, 400)  # the market watch's share of a 1366-pixel screen
    watch.show()
    qtbot.waitExposed(watch)
    infy = watch.model.row_at(0).token
    assert infy is not None
    watch.model.apply_ticks({infy: Tick(infy, Decimal("140000.05"), close=Decimal("138765.40"))})  # MRF's price
    table = watch.table
    qtbot.waitUntil(lambda: table.model().index(0, 1).data() == "140000.05")
    metrics = table.fontMetrics()
    for column, text in ((1, "140000.05"), (2, "+1234.65")):
        index = table.model().index(0, column)
        assert index.data() == text
        cell = table.visualRect(index)
        assert cell.right() <= table.viewport().width()  # in sight, not behind the scroll bar
        assert metrics.horizontalAdvance(text) <= cell.width() - 6  # whole, not "14000…"
