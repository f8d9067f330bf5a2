"""The session controller on its own, with stand-in services: when a refused token counts, and the expiry warning."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from kiteticket.domain.account import Profile
from kiteticket.domain.credentials import Credentials
from kiteticket.domain.market_clock import IST
from kiteticket.ui.messages import MessageCenter
from kiteticket.ui.session.controller import SessionController, State
from kiteticket.ui.session.login_port import LoginAttempt, LoginServices
from kiteticket.ui.tasks import TaskRunner

PROFILE = Profile("AB1234", "A Trader", "ZERODHA", ("NSE",))
NOW = datetime(2026, 11, 26, 5, 40, tzinfo=IST)
WAIT_MS = 5_000
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise")


class Services:
    def __init__(self) -> None:
        self.watchers: list[Callable[[], None]] = []

    def login(self) -> LoginServices:
        return LoginServices(
            stored=lambda: None,
            begin=self._begin,
            complete=lambda _token: PROFILE,
            forget=lambda: None,
            token_expiry=lambda: NOW + timedelta(minutes=20),
            on_token_rejected=self.watchers.append,
        )

    def _begin(self, _credentials: Credentials | None) -> LoginAttempt:
        raise AssertionError("no login expected")

    def reject_from_a_thread(self) -> None:
        threads = [threading.Thread(target=watcher) for watcher in self.watchers for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(5)


@pytest.fixture
def window(qtbot: QtBot) -> QMainWindow:
    main = QMainWindow()
    qtbot.addWidget(main)
    return main


def controller(window: QMainWindow, services: Services) -> tuple[SessionController, TaskRunner]:
    messages = MessageCenter(window)
    messages.attach(window, window.statusBar())
    tasks = TaskRunner(window)
    session = SessionController(
        lambda: PROFILE, tasks, messages, login=services.login(), window=window, clock=lambda: NOW, parent=window
    )
    return session, tasks


def test_connected_with_the_expiry_near_it_warns(qtbot: QtBot, window: QMainWindow) -> None:
    session, tasks = controller(window, Services())
    with qtbot.waitSignal(session.connected, timeout=WAIT_MS):
        session.start()
    assert "ends at 06:00 IST (in 20 min)" in window.statusBar().currentMessage()
    session.stop()
    assert tasks.shutdown()


def test_refusals_from_many_threads_end_the_session_once(qtbot: QtBot, window: QMainWindow) -> None:
    services = Services()
    session, tasks = controller(window, services)
    with qtbot.waitSignal(session.connected, timeout=WAIT_MS):
        session.start()
    lost: list[str] = []
    session.session_lost.connect(lost.append)
    services.reject_from_a_thread()
    qtbot.waitUntil(lambda: session.state is State.EXPIRED, timeout=WAIT_MS)
    QCoreApplication.processEvents()  # every refusal is posted (the threads are joined): none may add anything
    assert len(lost) == 1
    assert session.dialog is not None
    assert session.dialog.isVisible()
    session.stop()
    assert tasks.shutdown()


def test_a_refusal_before_the_session_is_up_is_ignored(qtbot: QtBot, window: QMainWindow) -> None:
    services = Services()
    session, tasks = controller(window, services)
    lost: list[str] = []
    session.session_lost.connect(lost.append)
    services.reject_from_a_thread()
    QCoreApplication.processEvents()
    assert lost == []
    assert session.state is State.OFFLINE
    assert tasks.shutdown()


def test_without_a_login_flow_a_refused_token_connects_again_by_itself(qtbot: QtBot, window: QMainWindow) -> None:
    """The paper exchange: no one to ask, so the session pauses, runs ``connect`` again, and is up once more."""
    services = Services()
    messages = MessageCenter(window)
    messages.attach(window, window.statusBar())
    tasks = TaskRunner(window)
    connects: list[int] = []

    def connect() -> Profile:
        connects.append(1)
        return PROFILE

    session = SessionController(connect, tasks, messages, token_watch=services.watchers.append, parent=window)
    with qtbot.waitSignal(session.connected, timeout=WAIT_MS):
        session.start()
    lost: list[str] = []
    session.session_lost.connect(lost.append)
    with qtbot.waitSignal(session.connected, timeout=WAIT_MS):
        services.reject_from_a_thread()  # three refusals, from three threads
    QCoreApplication.processEvents()
    assert len(lost) == 1
    assert len(connects) == 2
    assert session.state is State.CONNECTED
    assert session.dialog is None
    session.stop()
    assert tasks.shutdown()
