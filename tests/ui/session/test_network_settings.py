"""Settings ▸ Network, the dialog: typed into as a person does, it says what is wrong before OK is allowed, gives
the settings and the password back (empty: keep the stored one), and "Test connection" runs off the GUI thread
against a real paper exchange through a real loopback proxy."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QPushButton
from pytestqt.qtbot import QtBot

from kiteticket.broker.credentials import CredentialStore
from kiteticket.broker.network import NetworkRoute
from kiteticket.domain.network import ProxyScheme, ProxyScope, ProxySettings
from kiteticket.paper.exchange import PaperExchange
from kiteticket.ui.session.network_settings import TESTING, NetworkSettingsDialog
from kiteticket.ui.tasks import TaskRunner
from tests.broker.test_gateway_paper import connect
from tests.memory_keyring import MemoryKeyring
from tests.paper.conftest import config
from tests.proxy_server import LoopbackProxy

WAIT_MS = 10_000
STORED = ProxySettings(enabled=True, scheme=ProxyScheme.HTTP, host="127.0.0.1", port=3128, username="desk")


@pytest.fixture
def tasks(qtbot: QtBot) -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    assert runner.shutdown(WAIT_MS)


@pytest.fixture
def exchange() -> Iterator[PaperExchange]:
    with PaperExchange(config()) as running:
        yield running


@pytest.fixture
def proxy() -> Iterator[LoopbackProxy]:
    with LoopbackProxy(source="127.0.0.1", user="desk", password="pw") as running:
        yield running


@pytest.fixture
def network(exchange: PaperExchange) -> Iterator[NetworkRoute]:
    gateway = connect(exchange)
    yield NetworkRoute(gateway, CredentialStore(MemoryKeyring()), ProxySettings(), lambda _settings: None)
    gateway.use_route(None)


def dialog_for(qtbot: QtBot, tasks: TaskRunner, current: ProxySettings, network: NetworkRoute) -> NetworkSettingsDialog:
    dialog = NetworkSettingsDialog(current, tasks, network.check)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def retype(qtbot: QtBot, widget: object, text: str) -> None:
    widget.setFocus()  # type: ignore[attr-defined]
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # type: ignore[arg-type]
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)  # type: ignore[arg-type]
    qtbot.keyClicks(widget, text)  # type: ignore[arg-type]


def click_indicator(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click a check box or radio button on its box, where a person clicks (its middle may be empty space)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))


def ok_button(dialog: NetworkSettingsDialog) -> QPushButton:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    return buttons.button(QDialogButtonBox.StandardButton.Ok)


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_it_opens_on_the_settings_in_use_and_gives_them_back(
    qtbot: QtBot, tasks: TaskRunner, network: NetworkRoute
) -> None:
    dialog = dialog_for(qtbot, tasks, STORED, network)
    assert dialog.settings() == STORED
    assert dialog.password.text() == "", "the stored password never comes back into a widget"
    assert dialog.answers() == (STORED, None), "an empty password box keeps the stored password"
    qtbot.keyClicks(dialog.password, "n3w")
    click_indicator(qtbot, dialog.all_calls)
    assert dialog.answers() == (replace(STORED, scope=ProxyScope.ALL), "n3w")
    retype(qtbot, dialog.username, "")
    assert dialog.answers()[1] == "", "no user name: no password either"


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_problems_are_said_before_ok_is_allowed(qtbot: QtBot, tasks: TaskRunner, network: NetworkRoute) -> None:
    dialog = dialog_for(qtbot, tasks, ProxySettings(), network)
    assert ok_button(dialog).isEnabled(), "no proxy is a fine answer"
    assert not dialog.host.isEnabled()
    click_indicator(qtbot, dialog.enabled)
    assert dialog.host.isEnabled()
    assert "host name" in dialog.problem.text()
    assert not ok_button(dialog).isEnabled()
    assert not dialog.test_button.isEnabled()
    qtbot.keyClicks(dialog.host, "http://proxy.example.net")
    assert "no http://" in dialog.problem.text()
    retype(qtbot, dialog.host, "proxy.example.net")
    assert "1 to 65535" in dialog.problem.text()
    retype(qtbot, dialog.port, "3128")
    assert dialog.problem.text() == ""
    assert ok_button(dialog).isEnabled()
    assert dialog.settings().address == "proxy.example.net:3128"


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_test_connection_runs_in_the_background_and_shows_each_check(
    qtbot: QtBot, tasks: TaskRunner, network: NetworkRoute, proxy: LoopbackProxy
) -> None:
    current = ProxySettings(enabled=True, host="127.0.0.1", port=proxy.port, username="desk")
    dialog = dialog_for(qtbot, tasks, current, network)
    qtbot.keyClicks(dialog.password, "pw")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert dialog.results.text() == TESTING
    assert not dialog.test_button.isEnabled(), "one test at a time"
    qtbot.waitUntil(lambda: "Kite API" in dialog.results.text(), timeout=WAIT_MS)
    text = dialog.results.text()
    assert "✔ <b>Kite API</b>: reachable through the proxy" in text
    assert "✔ <b>Access token</b>: valid (PA0001)" in text
    assert "– <b>WebSocket</b>: not checked" in text
    assert dialog.test_button.isEnabled()
    assert proxy.seen == ["GET /user/profile"], "the test goes through the proxy, whatever the scope"

    retype(qtbot, dialog.password, "wrong")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "407" in dialog.results.text(), timeout=WAIT_MS)
    assert "✘ <b>Kite API</b>: the proxy refused the user name or password (407)" in dialog.results.text()
