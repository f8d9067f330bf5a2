"""Paper and live cannot be confused: an amber band and [PAPER] in the title, or a dark red LIVE band and [LIVE];
the live accent is not the BUY blue."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from kiteticket.preferences import Preferences
from kiteticket.ui.main_window import LIVE_ACCENT, PAPER_ACCENT, MainWindow
from kiteticket.ui.ticket.style import BUY_COLOUR, SELL_COLOUR


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
