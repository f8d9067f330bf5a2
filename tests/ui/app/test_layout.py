"""A layout saved on a larger screen is fitted to this one when the app starts again. (A fresh start and "Restore
default layout" on laptop screens: tests/ui/test_screen_fit.py.)"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from kiteticket.app import build
from kiteticket.ui.assembly import Shell
from kiteticket.ui.main_window import DEFAULT_SIZE, fitted_geometry


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
