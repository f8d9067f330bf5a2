"""A window on screen and active, as it is when a person types into it: keys go to the active window's focus
widget, and the focus moves only inside the active window (pytest-qt's key helpers send straight to a widget and
would hide that)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

WAIT_MS = 10_000  # activation is asynchronous, and slow on a loaded CI machine


def activate(qtbot: QtBot, widget: QWidget, timeout: int = WAIT_MS) -> None:
    """Make `widget`'s window the active one, and wait until it is."""
    window = widget.window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=timeout)


def show_active(qtbot: QtBot, widget: QWidget, timeout: int = WAIT_MS) -> None:
    """Show `widget`'s window, wait until it is on screen, and make it the active window."""
    window = widget.window()
    window.show()
    qtbot.waitExposed(window, timeout=timeout)
    activate(qtbot, window, timeout)
