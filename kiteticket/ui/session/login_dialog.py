"""The login window, non-modal: "waiting for the browser" with a place to paste the redirected URL, or, when the
session has ended or a login failed, a prompt to log in (again). It decides nothing; it turns clicks into signals.

Tests replace ``LoginDialog.open_browser`` (the system browser) with a function of their own.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

WAITING_TEXT = (
    "<b>Waiting for the browser…</b><br>Log in to Kite in the browser window that opened. If none opened, open "
    "the address below yourself.<br><br>If this window does not close once you have logged in, paste here the "
    "address your browser ended up on (it starts with your redirect URL and contains request_token):"
)


class LoginDialog(QDialog):
    """Signals:
    login_requested(): the user wants to log in (again).
    setup_requested(): the user wants to change the Kite app's keys or redirect URL.
    url_pasted(str): the redirected URL the user pasted.
    cancelled(): the user gave up on this login (Cancel, Later, or closing the window).
    """

    login_requested = Signal()
    setup_requested = Signal()
    url_pasted = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LoginDialog")
        self.setWindowTitle("Log in to Kite")
        self.setModal(False)
        self.text = _label("text")
        self.link = QLineEdit()
        self.link.setObjectName("login_url")
        self.link.setReadOnly(True)
        self.paste = QLineEdit()
        self.paste.setObjectName("pasted_url")
        self.paste.setPlaceholderText("http://127.0.0.1:5010/?request_token=…")
        self.problem = _label("problem")
        self.problem.setStyleSheet("color:#c62828;")
        self.use_pasted = _button("use_pasted", "Use this address", self._on_use_pasted_clicked)
        self.log_in = _button("log_in", "Log in", self.login_requested.emit)
        self.set_up = _button("set_up", "Change app keys…", self.setup_requested.emit)
        self.cancel = _button("cancel", "Cancel", self.reject)
        self._copy = _button("copy", "Copy", self._on_copy_clicked)
        self._lay_out()

    @classmethod
    def open_browser(cls, url: str) -> None:
        QDesktopServices.openUrl(QUrl(url))

    def show_waiting(self, url: str) -> None:
        self.text.setText(WAITING_TEXT)
        self.link.setText(url)
        self.paste.clear()
        self.problem.clear()
        self._show_parts(waiting=True)

    def show_prompt(self, text: str) -> None:
        """Ask to log in, saying why (the session ended, or the last login failed)."""
        self.text.setText(text)
        self.problem.clear()
        self._show_parts(waiting=False)

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)

    def reject(self) -> None:
        """Cancel, Later, Escape or the close button: give up on this login, keep the window for later."""
        super().reject()
        self.cancelled.emit()

    def _show_parts(self, *, waiting: bool) -> None:
        for widget in (self.link, self._copy, self.paste, self.use_pasted):
            widget.setVisible(waiting)
        self.log_in.setVisible(not waiting)
        self.set_up.setVisible(not waiting)
        self.cancel.setText("Cancel" if waiting else "Later")
        self.show()
        self.raise_()

    @Slot()
    def _on_use_pasted_clicked(self) -> None:
        self.problem.clear()
        self.url_pasted.emit(self.paste.text().strip())

    @Slot()
    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.link.text())

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        link_row = QHBoxLayout()
        link_row.addWidget(self.link, 1)
        link_row.addWidget(self._copy)
        layout.addLayout(link_row)
        paste_row = QHBoxLayout()
        paste_row.addWidget(self.paste, 1)
        paste_row.addWidget(self.use_pasted)
        layout.addLayout(paste_row)
        layout.addWidget(self.problem)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.set_up, self.log_in, self.cancel):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)


def _label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _button(name: str, text: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.clicked.connect(slot)
    button.setAutoDefault(False)  # Enter in the paste field must not cancel or restart the login
    return button
