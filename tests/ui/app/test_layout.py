"""What the app remembers across restarts: a layout saved on a larger screen is fitted to this one, and the order
book's filter tab and the ticket's last instrument come back. (A fresh start and "Restore default layout" on laptop
screens: tests/ui/test_screen_fit.py.)"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QTabWidget
from pytestqt.qtbot import QtBot

from kiteticket.app import build
from kiteticket.domain.enums import Exchange
from kiteticket.ui.assembly import Shell
from kiteticket.ui.book.filter import StatusFilter
from kiteticket.ui.main_window import DEFAULT_SIZE, MainWindow, fitted_geometry
from tests.ui.app.helpers import WAIT_MS


def test_a_layout_saved_on_a_larger_screen_is_fitted_to_this_one(qtbot: QtBot, tmp_path: Path) -> None:
    _app, window = build(["--paper", "--paper-db", ":memory:", "--home", str(tmp_path), "--seed", "7"])
    shell = window.findChild(Shell)
    assert isinstance(shell, Shell)
    layout_file = shell._services.layout_file  # where the app keeps its layout
    window.setGeometry(0, 0, 2500, 1400)
    window.save_layout(QSettings(str(layout_file), QSettings.Format.IniFormat))
    window.restore_layout(QSettings(str(layout_file), QSettings.Format.IniFormat))
    assert window.geometry() == fitted_geometry(window.screen().availableGeometry(), DEFAULT_SIZE)
    with qtbot.waitSignal(window.destroyed, timeout=10_000):
        window.close()
        window.deleteLater()


def start(qtbot: QtBot, home: Path) -> tuple[MainWindow, Shell]:
    _app, window = build(["--paper", "--paper-db", ":memory:", "--home", str(home), "--seed", "7"])
    shell = window.findChild(Shell)
    assert isinstance(shell, Shell)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: shell.session.profile is not None, timeout=WAIT_MS)
    return window, shell


def close(qtbot: QtBot, window: MainWindow, shell: Shell) -> None:
    window.close()  # saves the layout
    assert shell.tasks.shutdown(timeout_ms=WAIT_MS)
    with qtbot.waitSignal(window.destroyed, timeout=WAIT_MS):
        window.deleteLater()
    gc.collect()


@pytest.mark.qt_log_ignore(r"does not support propagateSizeHints\(\)")
def test_the_filter_tab_and_the_last_instrument_are_there_after_a_restart(qtbot: QtBot, tmp_path: Path) -> None:
    window, shell = start(qtbot, tmp_path)
    tabs = window.findChild(QTabWidget, "status_filter")
    assert tabs is not None
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())  # "Open"
    assert shell.book_proxy.status_filter is StatusFilter.OPEN
    qtbot.waitUntil(lambda: shell._master is not None, timeout=WAIT_MS)
    shell.ticket.set_instrument(Exchange.NSE, "SBIN")
    close(qtbot, window, shell)

    window, shell = start(qtbot, tmp_path)
    tabs = window.findChild(QTabWidget, "status_filter")
    assert tabs is not None
    assert tabs.tabText(tabs.currentIndex()) == "Open"
    assert shell.book_proxy.status_filter is StatusFilter.OPEN
    qtbot.waitUntil(lambda: shell.ticket.instrument() is not None, timeout=WAIT_MS)
    instrument = shell.ticket.instrument()
    assert instrument is not None
    assert instrument.key == "NSE:SBIN"
    close(qtbot, window, shell)
