"""Settings ▸ Network: a proxy for Kite's API calls, so that orders leave from the static IP registered with Kite.

The dialog collects and checks the answers (the rules are the domain's, ``ProxySettings.problem``) and can test
them off the GUI thread before they are applied; applying is the network controller's business. The password box
starts empty: left empty it keeps the stored password, which never comes back from the keyring into a widget.
Tests replace ``NetworkSettingsDialog.edit`` instead of clicking a blocking dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import shiboken6
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiteticket.domain.network import CheckResult, ProxyScheme, ProxyScope, ProxySettings
from kiteticket.ui.tasks import TaskRunner

Check = Callable[[ProxySettings, str | None], tuple[CheckResult, ...]]
Answers = tuple[ProxySettings, str | None]

HELP = (
    "Since 1 April 2026 Kite accepts orders (place, modify, cancel) only from the static IP registered for your API "
    "key; the order book, positions and prices work from any address. If this computer's address is not the "
    "registered one, send Kite's calls through a proxy that has it (a small server of yours, a VPN or cloud "
    "machine with a static IP)."
)
SCHEMES = ((ProxyScheme.HTTP, "HTTP (HTTPS through CONNECT)"), (ProxyScheme.SOCKS5, "SOCKS5"))
_MARKS = {True: "✔", False: "✘", None: "–"}
TESTING = "Testing…"


class NetworkSettingsDialog(QDialog):
    def __init__(self, current: ProxySettings, tasks: TaskRunner, check: Check, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NetworkSettingsDialog")
        self.setWindowTitle("Network")
        self._tasks, self._check = tasks, check
        self.enabled = QCheckBox("Send Kite's API calls through a proxy")
        self.enabled.setObjectName("enabled")
        self.scheme = QComboBox()
        self.scheme.setObjectName("scheme")
        for scheme, text in SCHEMES:
            self.scheme.addItem(text, scheme)
        self.host = _line("host", current.host)
        self.port = QSpinBox()
        self.port.setObjectName("port")
        self.port.setRange(0, 65535)
        self.username = _line("username", current.username)
        self.password = _line("password", "")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("leave empty to keep the stored password")
        self.orders_only = QRadioButton("Orders only (place, modify, cancel); everything else goes direct")
        self.orders_only.setObjectName("orders_only")
        self.all_calls = QRadioButton("All of Kite's API calls")
        self.all_calls.setObjectName("all_calls")
        self._scope = QButtonGroup(self)
        self._scope.addButton(self.orders_only)
        self._scope.addButton(self.all_calls)
        self.problem = _note("problem", "color:#c62828;")
        self.results = _note("results", "")
        self.results.setTextFormat(Qt.TextFormat.RichText)
        self.test_button = QPushButton("Test connection")
        self.test_button.setObjectName("test_connection")
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self._show(current)
        self._lay_out()
        self._connect()
        self._on_input_changed()

    @classmethod
    def edit(cls, parent: QWidget | None, current: ProxySettings, tasks: TaskRunner, check: Check) -> Answers | None:
        """The new settings and password (None: keep the stored one), or None if the user cancelled."""
        dialog = cls(current, tasks, check, parent)
        answers = dialog.answers() if dialog.exec() == QDialog.DialogCode.Accepted else None
        dialog.deleteLater()  # a test still running reports to nobody (see _on_check_done)
        return answers

    def settings(self) -> ProxySettings:
        scheme = self.scheme.currentData()
        return ProxySettings(
            enabled=self.enabled.isChecked(),
            scheme=scheme if isinstance(scheme, ProxyScheme) else ProxyScheme.HTTP,
            host=self.host.text().strip(),
            port=self.port.value(),
            username=self.username.text().strip(),
            scope=ProxyScope.ALL if self.all_calls.isChecked() else ProxyScope.ORDERS,
        )

    def answers(self) -> Answers:
        settings = self.settings()
        typed = self.password.text()
        if not settings.username:
            return settings, ""  # no user, no password: a stored one goes
        return settings, typed or None

    # --- testing -----------------------------------------------------------------------------------------------
    @Slot()
    def _on_test_button_clicked(self) -> None:
        settings, password = self.answers()
        self.test_button.setEnabled(False)
        self.results.setText(TESTING)
        self._tasks.read(lambda: self._check(settings, password), self._on_check_done, self._on_check_failed)

    def _on_check_done(self, results: object) -> None:
        if not shiboken6.isValid(self):
            return  # the dialog closed while the test ran
        lines = results if isinstance(results, tuple) else ()
        self.results.setText("<br>".join(_line_of(result) for result in lines if isinstance(result, CheckResult)))
        self._on_input_changed()

    def _on_check_failed(self, error: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self.results.setText(escape(f"The test could not run: {getattr(error, 'user_message', error)}"))
        self._on_input_changed()

    # --- the form ----------------------------------------------------------------------------------------------
    def _show(self, current: ProxySettings) -> None:
        self.enabled.setChecked(current.enabled)
        self.scheme.setCurrentIndex(max(self.scheme.findData(current.scheme), 0))
        self.port.setValue(current.port)
        (self.all_calls if current.scope is ProxyScope.ALL else self.orders_only).setChecked(True)

    @Slot()
    def _on_input_changed(self) -> None:
        settings = self.settings()
        problem = settings.problem()
        self.problem.setText(problem)
        for widget in (self.scheme, self.host, self.port, self.username, self.password, self.orders_only):
            widget.setEnabled(settings.enabled)
        self.all_calls.setEnabled(settings.enabled)
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)
        self.test_button.setEnabled(not problem and self.results.text() != TESTING)

    def _connect(self) -> None:
        self.enabled.toggled.connect(self._on_input_changed)
        self.scheme.currentIndexChanged.connect(self._on_input_changed)
        self.port.valueChanged.connect(self._on_input_changed)
        for line in (self.host, self.username, self.password):
            line.textChanged.connect(self._on_input_changed)
        self.all_calls.toggled.connect(self._on_input_changed)
        self.test_button.clicked.connect(self._on_test_button_clicked)
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow("Type", self.scheme)
        form.addRow("Host", self.host)
        form.addRow("Port", self.port)
        form.addRow("User (optional)", self.username)
        form.addRow("Password", self.password)
        form.addRow("Use it for", self.orders_only)
        form.addRow("", self.all_calls)
        layout = QVBoxLayout(self)
        layout.addWidget(_note("explanation", "", HELP))
        layout.addWidget(self.enabled)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.test_button)
        layout.addWidget(self.results)
        layout.addWidget(self._buttons)
        self.setMinimumWidth(560)


def _line_of(result: CheckResult) -> str:
    return f"{_MARKS[result.ok]} <b>{escape(result.what)}</b>: {escape(result.detail)}"


def _line(name: str, text: str) -> QLineEdit:
    line = QLineEdit(text)
    line.setObjectName(name)
    return line


def _note(name: str, style: str, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    if style:
        label.setStyleSheet(style)
    return label
