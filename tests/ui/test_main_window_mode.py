"""Paper and live cannot be confused: an amber band and [PAPER] in the title, or a dark red LIVE band and [LIVE];
the live accent is not the BUY blue."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from kiteticket.preferences import Preferences
from kiteticket.ui.main_window import LIVE_ACCENT, PAPER_ACCENT, MainWindow
from kiteticket.ui.ticket.style import BUY_COLOUR, SELL_COLOUR
from tests.ui.counting import EventCounter


def window(qtbot: QtBot, *, paper: bool) -> MainWindow:
    made = MainWindow(QWidget(), QWidget(), QWidget(), QWidget(), preferences=Preferences(), paper=paper)
    qtbot.addWidget(made)
    return made


def band(made: MainWindow) -> QLabel:
    found = made.findChild(QLabel, "mode_band")
    assert found is not None
    return found


@pytest.mark.parametrize(("paper", "word", "accent"), [(True, "PAPER", PAPER_ACCENT), (False, "LIVE", LIVE_ACCENT)])
def test_the_band_and_the_title_say_the_mode(qtbot: QtBot, paper: bool, word: str, accent: str) -> None:
    made = window(qtbot, paper=paper)
    assert band(made).text().startswith(word)
    assert f"background:{accent}" in band(made).styleSheet()
    made.set_user("PA0001")
    assert made.windowTitle() == f"kiteticket [{word}] — PA0001"


def test_the_live_accent_is_a_dark_red_unlike_buy_and_sell() -> None:
    live, buy, sell = QColor(LIVE_ACCENT), QColor(BUY_COLOUR), QColor(SELL_COLOUR)
    assert live.hue() <= 10 or live.hue() >= 350, "red"
    assert abs(live.hue() - buy.hue()) > 90
    assert live.lightness() < sell.lightness() - 40, "darker than the SELL red, so it reads as a band, not a side"


def test_each_failed_poll_restyles_the_connection_status_only_when_it_changes(qtbot: QtBot) -> None:
    made = window(qtbot, paper=True)
    status = made.findChild(QLabel, "connection_status")
    assert status is not None
    restyled = EventCounter(QEvent.Type.StyleChange)
    status.installEventFilter(restyled)
    for _ in range(3):  # every failed poll says so again, while Kite stays unreachable
        made.set_connection_trouble("Order book not updating: Kite did not answer.")
    assert "#c62828" in status.styleSheet()
    assert restyled.count == 1  # turned red once, not re-polished once per poll
    made.set_connection_trouble("")
    assert status.styleSheet() == ""


@pytest.mark.qt_log_ignore(r"does not support propagateSizeHints\(\)")  # the offscreen platform, on show()
def test_connection_trouble_of_several_lines_keeps_the_status_bar_one_line_high(qtbot: QtBot) -> None:
    made = window(qtbot, paper=True)
    made.resize(1366, 768)
    made.show()
    qtbot.waitExposed(made)
    status = made.findChild(QLabel, "connection_status")
    assert status is not None
    height = made.statusBar().height()
    trouble = "Order book not updating: Kite did not answer.\n" + "Second line of the reason. " * 40 + "\nThird line."
    made.set_connection_trouble(trouble)
    qtbot.waitUntil(lambda: made.statusBar().isVisible())
    made.layout().activate()
    assert made.statusBar().height() == height
    assert status.text().startswith("Order book not updating: Kite did not answer.")
    assert "\n" not in status.text()
    assert status.toolTip() == trouble  # all of it, a hover away
    assert made.width() == 1366
