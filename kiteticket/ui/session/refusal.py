"""Saying why the app will not start, in a box, before any window of its own exists (another instance holds the
profile). Modal on purpose: there is nothing else on screen, and the process ends when it is closed."""

from __future__ import annotations

import os
import sys

from PySide6.QtWidgets import QApplication, QMessageBox

# Platforms with no screen to show a box on: the message went to standard error, and nobody could close a box.
HEADLESS = ("offscreen", "minimal")


def show_refusal(title: str, text: str) -> None:
    if not _has_display():
        return
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["kiteticket"])
    if app.platformName() not in HEADLESS:
        QMessageBox.critical(None, title, text)


def _has_display() -> bool:
    """False where Qt could not open a window: it would abort the process rather than fail (X11 without DISPLAY)."""
    if os.environ.get("QT_QPA_PLATFORM", "") in HEADLESS:
        return False
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True
