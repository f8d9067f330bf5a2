"""Saying why the app will not start, in a box, before any window of its own exists (another instance holds the
profile). Modal on purpose: there is nothing else on screen, and the process ends when it is closed."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

# Platforms with no screen to show a box on: the message went to standard error, and nobody could close a box.
HEADLESS = ("offscreen", "minimal")


def show_refusal(title: str, text: str) -> None:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["kiteticket"])
    if app.platformName() not in HEADLESS:
        QMessageBox.critical(None, title, text)
