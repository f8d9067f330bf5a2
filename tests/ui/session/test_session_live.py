"""Live mode, pointed at the paper exchange with --root and --login-url: the very code path that talks to Kite.

Stored tokens are reused after a profile() check, expired ones start the browser login, a token Kite refuses
mid-session pauses the pollers until a new login, and secrets never reach the logs or the window title. The
browser is a stand-in that follows the login URL's redirect, as a real one does.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import requests
import shiboken6
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiteticket.app import build
from kiteticket.broker.credentials import SERVICE, CredentialStore
from kiteticket.domain.credentials import Credentials
from kiteticket.domain.fields import Field
from kiteticket.domain.market_clock import IST
from kiteticket.domain.session import token_expiry
from kiteticket.paper.exchange import PaperExchange
from kiteticket.ui.assembly import Shell
from kiteticket.ui.session.controller import State
from kiteticket.ui.session.login_dialog import LoginDialog
from kiteticket.ui.session.setup_dialog import SetupDialog
from tests.login_support import API_KEY, API_SECRET, Browser, keyring_backend, paper_exchange
from tests.memory_keyring import LockedKeyring, MemoryKeyring
from tests.paper.helpers import admin, logged_in
from tests.ui.ticket.helpers import problem_text

WAIT_MS = 10_000
# The offscreen platform cannot do these; they say nothing about the app.
pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise", "does not support grabbing"
)


@pytest.fixture
def exchange() -> Iterator[PaperExchange]:
    with paper_exchange() as running:
        yield running


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    stand_in = Browser()
    monkeypatch.setattr(LoginDialog, "open_browser", classmethod(lambda _cls, url: stand_in.open(url)))
    yield stand_in
    stand_in.join()


class LiveApp:
    def __init__(self, qtbot: QtBot, home: Path, exchange: PaperExchange) -> None:
        root = exchange.root_url
        _app, self.window = build(["--root", root, "--login-url", f"{root}/connect/login", "--home", str(home)])
        shell = self.window.findChild(Shell)
        assert isinstance(shell, Shell)
        self.shell, self.qtbot = shell, qtbot
        self.window.show()
        qtbot.waitExposed(self.window)

    def wait_connected(self) -> None:
        self.qtbot.waitUntil(lambda: self.shell.session.state is State.CONNECTED, timeout=WAIT_MS)

    def close(self) -> None:
        self.window.close()
        assert not self.shell.poller.is_running()
        self.qtbot.waitUntil(lambda: self.shell.tasks.running == 0, timeout=WAIT_MS)
        # Delete the window the Qt way (children before the models they show) now, on the GUI thread; left to the
        # garbage collector, its Python reference cycle with the Shell is freed in any order, on any thread.
        shiboken6.delete(self.window)


@pytest.fixture
def start(qtbot: QtBot, tmp_path: Path, exchange: PaperExchange) -> Iterator[type[LiveApp]]:
    started: list[LiveApp] = []

    def make() -> LiveApp:
        started.append(LiveApp(qtbot, tmp_path, exchange))
        return started[-1]

    yield make  # type: ignore[misc]
    for app in started:
        app.close()
    started.clear()
    gc.collect()  # the wrappers left of the deleted window, here on the GUI thread


def store_session(keys: MemoryKeyring, exchange: PaperExchange, expires_at: datetime | None = None) -> str:
    kite = logged_in(exchange)
    token = str(kite.access_token)
    kite.reqsession.close()
    expiry = expires_at or token_expiry(datetime.now(IST))
    CredentialStore(keys).save(Credentials(API_KEY, API_SECRET, token, expiry, exchange.config.redirect_url))
    return token


def login_window(app: LiveApp) -> LoginDialog:
    dialog = app.shell.session.dialog
    assert dialog is not None
    return dialog


def stored(keys: MemoryKeyring) -> Credentials:
    credentials = CredentialStore(keys).load()
    assert credentials is not None
    return credentials


def test_a_stored_token_is_reused_without_a_browser(
    keys: MemoryKeyring, start: type[LiveApp], browser: Browser, exchange: PaperExchange
) -> None:
    token = store_session(keys, exchange)
    app = start()
    app.wait_connected()
    assert app.shell.session.profile is not None
    assert app.shell.session.profile.user_id == "PA0001"
    assert browser.opened == []
    with app.qtbot.waitSignal(app.shell.poller.snapshot_ready, timeout=WAIT_MS):
        app.shell.poller.poll_now()
    assert token not in app.window.windowTitle()
    assert API_SECRET not in app.window.windowTitle()


def test_an_expired_stored_token_starts_the_login(
    keys: MemoryKeyring, start: type[LiveApp], browser: Browser, exchange: PaperExchange
) -> None:
    old = store_session(keys, exchange, expires_at=datetime.now(IST) - timedelta(minutes=1))
    app = start()
    app.wait_connected()
    assert len(browser.opened) == 1
    assert "redirect_params=state" in browser.opened[0]
    assert stored(keys).access_token not in ("", old)
    assert not login_window(app).isVisible()


@pytest.mark.usefixtures("browser")
def test_first_run_asks_for_the_app_then_logs_in_and_keeps_secrets_out_of_logs_and_title(
    keys: MemoryKeyring,
    start: type[LiveApp],
    exchange: PaperExchange,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    asked: list[Credentials | None] = []

    def ask(_cls: type[SetupDialog], _parent: QWidget | None, current: Credentials | None, _note: str) -> Credentials:
        asked.append(current)
        return Credentials(API_KEY, API_SECRET, redirect_url=exchange.config.redirect_url)

    monkeypatch.setattr(SetupDialog, "ask", classmethod(ask))
    app = start()
    app.wait_connected()
    assert asked == [None]
    credentials = stored(keys)
    assert (credentials.api_key, credentials.api_secret) == (API_KEY, API_SECRET)
    assert credentials.token_valid_at(datetime.now(IST))
    for text in (caplog.text, app.window.windowTitle(), repr(credentials)):
        assert API_SECRET not in text
        assert credentials.access_token not in text


def test_a_wrong_secret_shows_kites_message_and_offers_to_change_the_keys(
    keys: MemoryKeyring, start: type[LiveApp], browser: Browser, exchange: PaperExchange
) -> None:
    CredentialStore(keys).save(Credentials(API_KEY, "wrong", redirect_url=exchange.config.redirect_url))
    app = start()
    dialog = login_window(app)
    app.qtbot.waitUntil(lambda: "Invalid `checksum`." in dialog.text.text(), timeout=WAIT_MS)
    assert dialog.set_up.isVisible()
    assert dialog.log_in.isVisible()
    assert app.shell.session.state is State.OFFLINE


def test_a_token_refused_mid_session_pauses_polling_and_a_new_login_resumes_it(
    keys: MemoryKeyring, start: type[LiveApp], browser: Browser, exchange: PaperExchange
) -> None:
    store_session(keys, exchange)
    app = start()
    app.wait_connected()
    shell, qtbot = app.shell, app.qtbot
    qtbot.waitUntil(lambda: shell.ticket._state.master is not None, timeout=WAIT_MS)
    shell.ticket.set_instrument("NSE", "INFY")
    shell.ticket.inputs.quantity.setValue(7)
    shell.ticket.inputs.price.setValue(1234.5)
    tomorrow = (datetime.now(IST) + timedelta(days=1)).strftime("%Y-%m-%d")
    admin(exchange, "clock", {"now": f"{tomorrow} 06:00:01"})
    shell.poller.poll_now()
    qtbot.waitUntil(lambda: shell.session.state is State.EXPIRED, timeout=WAIT_MS)
    dialog = login_window(app)
    assert dialog.isVisible()
    assert not dialog.isModal()
    assert "Your Kite session has ended" in dialog.text.text()
    qtbot.waitUntil(lambda: not shell.poller._worker.is_scheduled, timeout=WAIT_MS)
    assert "log in again" in app.window.findChild(QWidget, "connection_status").text().lower()  # type: ignore[union-attr]

    with qtbot.waitSignal(shell.poller.snapshot_ready, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.log_in, Qt.MouseButton.LeftButton)
    assert shell.session.state is State.CONNECTED
    assert len(browser.opened) == 1
    assert shell.ticket.inputs.tradingsymbol.text() == "INFY"
    assert shell.ticket.inputs.quantity.value() == 7
    assert shell.ticket.inputs.price.value() == pytest.approx(1234.5)
    assert app.window.findChild(QWidget, "connection_status").text() == ""  # type: ignore[union-attr]


def test_the_redirected_url_can_be_pasted_instead(
    keys: MemoryKeyring, start: type[LiveApp], exchange: PaperExchange, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(LoginDialog, "open_browser", classmethod(lambda _cls, url: opened.append(url)))
    CredentialStore(keys).save(Credentials(API_KEY, API_SECRET, redirect_url=exchange.config.redirect_url))
    app = start()
    app.qtbot.waitUntil(lambda: bool(opened), timeout=WAIT_MS)
    dialog = login_window(app)
    assert dialog.isVisible()
    assert dialog.link.text() == opened[0]
    dialog.paste.setText("http://127.0.0.1:5010/?request_token=x&status=success&state=not-this-one")
    app.qtbot.mouseClick(dialog.use_pasted, Qt.MouseButton.LeftButton)
    assert "state mismatch" in dialog.problem.text()
    reply = requests.get(opened[0], allow_redirects=False, timeout=10)
    dialog.paste.setText(reply.headers["Location"])
    app.qtbot.mouseClick(dialog.use_pasted, Qt.MouseButton.LeftButton)
    app.wait_connected()
    assert stored(keys).access_token


def test_cancel_ends_the_login_and_frees_the_port(
    keys: MemoryKeyring, start: type[LiveApp], exchange: PaperExchange, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(LoginDialog, "open_browser", classmethod(lambda _cls, url: opened.append(url)))
    CredentialStore(keys).save(Credentials(API_KEY, API_SECRET, redirect_url=exchange.config.redirect_url))
    app = start()
    app.qtbot.waitUntil(lambda: bool(opened), timeout=WAIT_MS)
    app.qtbot.mouseClick(login_window(app).cancel, Qt.MouseButton.LeftButton)
    app.qtbot.waitUntil(lambda: app.shell.session.state is State.OFFLINE, timeout=WAIT_MS)
    app.qtbot.waitUntil(lambda: "Not logged in" in app.window.statusBar().currentMessage(), timeout=WAIT_MS)
    with pytest.raises(requests.ConnectionError):
        requests.get(exchange.config.redirect_url, timeout=10)


def test_without_a_keyring_credentials_live_in_memory_and_the_user_is_told(
    start: type[LiveApp], browser: Browser, exchange: PaperExchange, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes: list[str] = []

    def ask(_cls: type[SetupDialog], _parent: QWidget | None, _current: Credentials | None, note: str) -> Credentials:
        notes.append(note)
        return Credentials(API_KEY, API_SECRET, redirect_url=exchange.config.redirect_url)

    monkeypatch.setattr(SetupDialog, "ask", classmethod(ask))
    with keyring_backend(fail.Keyring()):
        app = start()
        app.wait_connected()
    shown = dict(app.shell.messages.shown)
    assert "Secret Service" in shown["Credentials kept for this session only"]
    assert "for this session only" in notes[0]


def test_a_locked_keyring_falls_back_to_memory_instead_of_staying_on_connecting(
    start: type[LiveApp], browser: Browser, exchange: PaperExchange, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes: list[str] = []

    def ask(_cls: type[SetupDialog], _parent: QWidget | None, _current: Credentials | None, note: str) -> Credentials:
        notes.append(note)
        return Credentials(API_KEY, API_SECRET, redirect_url=exchange.config.redirect_url)

    monkeypatch.setattr(SetupDialog, "ask", classmethod(ask))
    with keyring_backend(LockedKeyring()):
        app = start()
        app.wait_connected()
    shown = dict(app.shell.messages.shown)
    assert "KeyringLocked" in shown["Credentials kept for this session only"]
    assert "for this session only" in notes[0]
    assert "Connecting" not in app.window.statusBar().currentMessage()


def test_the_expiry_is_announced_ahead(
    keys: MemoryKeyring, start: type[LiveApp], browser: Browser, exchange: PaperExchange
) -> None:
    store_session(keys, exchange, expires_at=datetime.now(IST) + timedelta(minutes=10))
    app = start()
    app.wait_connected()
    app.qtbot.waitUntil(lambda: "Your Kite session ends at" in app.window.statusBar().currentMessage(), timeout=WAIT_MS)


def test_forget_credentials_empties_the_keyring_and_pauses(
    keys: MemoryKeyring, start: type[LiveApp], exchange: PaperExchange, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiteticket.ui.confirm import Confirmation

    store_session(keys, exchange)
    app = start()
    app.wait_connected()
    monkeypatch.setattr(Confirmation, "ask", classmethod(lambda _cls, _parent, _title, _text: True))
    app.shell.session.forget()
    app.qtbot.waitUntil(lambda: app.shell.session.state is State.OFFLINE, timeout=WAIT_MS)
    assert not [entry for entry in keys.entries if entry[0] == SERVICE]
    assert "the old token is void" in app.window.statusBar().currentMessage()
    app.qtbot.waitUntil(lambda: not app.shell.poller._worker.is_scheduled, timeout=WAIT_MS)


def test_before_login_the_ticket_asks_for_a_login_not_for_patience(
    keys: MemoryKeyring, start: type[LiveApp], exchange: PaperExchange, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(LoginDialog, "open_browser", classmethod(lambda _cls, url: opened.append(url)))
    CredentialStore(keys).save(Credentials(API_KEY, API_SECRET, redirect_url=exchange.config.redirect_url))
    app = start()
    app.qtbot.waitUntil(lambda: bool(opened), timeout=WAIT_MS)
    app.qtbot.mouseClick(login_window(app).cancel, Qt.MouseButton.LeftButton)
    app.qtbot.waitUntil(lambda: app.shell.session.state is State.OFFLINE, timeout=WAIT_MS)
    app.shell.ticket.set_instrument("NSE", "INFY")
    assert not app.shell.ticket.submit()  # trying to send shows every problem
    assert problem_text(app.shell.ticket, Field.TRADINGSYMBOL) == (
        "Log in to load the instrument list; the symbol is checked once it is in."
    )
