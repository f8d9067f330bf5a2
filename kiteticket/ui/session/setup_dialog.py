"""First run: the Kite app's api_key, api_secret and redirect URL, with where to find them.

The dialog only collects and checks the answers (the rules are the domain's); what happens to them is the session
controller's business. Tests replace ``SetupDialog.ask`` instead of clicking a blocking dialog.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from kiteticket.domain.credentials import DEFAULT_REDIRECT_URL, Credentials, redirect_url_problem

HELP = (
    "kiteticket logs in to Kite through a Kite Connect app of your own. Create one (or open yours) at "
    "<a href='https://developers.kite.trade/apps'>developers.kite.trade → My apps</a>: its page shows the "
    "<b>API key</b> and the <b>API secret</b>. Set the app's <b>Redirect URL</b> to the address below: after you log "
    "in, Kite sends your browser there, and kiteticket listens for it on this computer only.<br><br>"
    "The key, the secret and the day's access token are kept in your system's keyring, never in a file.<br><br>"
    "<b>Orders need a static IP.</b> Since 1 April 2026 Kite accepts orders (place, modify, cancel) only from an "
    "IP address registered for your API key: register yours at developers.kite.trade → Profile → "
    "<b>IP Whitelist</b> (up to two addresses; changes are allowed about once a week), or send orders through a "
    "proxy that has it (Settings ▸ Network). Logging in, the order book and prices work from any address."
)


class SetupDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, current: Credentials | None = None, note: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("SetupDialog")
        self.setWindowTitle("Set up your Kite app")
        self.api_key = _line("api_key", current.api_key if current else "")
        self.api_secret = _line("api_secret", current.api_secret if current else "")
        self.api_secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.redirect_url = _line("redirect_url", current.redirect_url if current else DEFAULT_REDIRECT_URL)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet("color:#c62828;")
        self.problem.setWordWrap(True)
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        self._lay_out(note)
        for line in (self.api_key, self.api_secret, self.redirect_url):
            line.textChanged.connect(self._on_line_text_changed)
        self._on_line_text_changed()

    @classmethod
    def ask(cls, parent: QWidget | None, current: Credentials | None, note: str = "") -> Credentials | None:
        """The answers, or None if the user cancelled."""
        dialog = cls(parent, current, note)
        return dialog.answers() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def answers(self) -> Credentials:
        return Credentials(
            self.api_key.text().strip(), self.api_secret.text().strip(), redirect_url=self.redirect_url.text().strip()
        )

    def problem_text(self) -> str:
        """What stops the answers from being used, or ""."""
        if not self.api_key.text().strip():
            return "Enter the app's API key."
        if not self.api_secret.text().strip():
            return "Enter the app's API secret."
        return redirect_url_problem(self.redirect_url.text())

    @Slot()
    def _on_line_text_changed(self) -> None:
        problem = self.problem_text()
        self.problem.setText(problem)
        ok = self._buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not problem)

    def _lay_out(self, note: str) -> None:
        explanation = QLabel(HELP)
        explanation.setWordWrap(True)
        explanation.setOpenExternalLinks(True)
        form = QFormLayout()
        form.addRow("API key", self.api_key)
        form.addRow("API secret", self.api_secret)
        form.addRow("Redirect URL", self.redirect_url)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        if note:
            warning = QLabel(note)
            warning.setObjectName("storage_note")
            warning.setWordWrap(True)
            warning.setStyleSheet("color:#e65100; font-weight:bold;")
            layout.addWidget(warning)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self._buttons)
        self.setMinimumWidth(520)


def _line(name: str, text: str) -> QLineEdit:
    line = QLineEdit(text)
    line.setObjectName(name)
    return line
