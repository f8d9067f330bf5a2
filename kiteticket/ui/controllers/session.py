"""Logging in off the GUI thread, then starting what needs a session."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from kiteticket.domain.account import Profile
from kiteticket.ui.messages import MessageCenter
from kiteticket.ui.tasks import TaskRunner


class SessionController(QObject):
    """Runs the blocking ``connect`` (log in, check the token with profile()) in the background.

    Signals:
        connected(Profile): the session is usable.
        connect_failed(object): the BrokerError (or other exception) that stopped it.
    """

    connected = Signal(object)
    connect_failed = Signal(object)

    def __init__(self, connect: Callable[[], Profile], tasks: TaskRunner, messages: MessageCenter) -> None:
        super().__init__()
        self._connect = connect
        self._tasks = tasks
        self._messages = messages
        self.profile: Profile | None = None

    def start(self) -> None:
        self._messages.status("Connecting…", 0)
        self._tasks.read(self._connect, self._on_connect_succeeded, self._on_connect_failed)

    def _on_connect_succeeded(self, profile: object) -> None:
        assert isinstance(profile, Profile)
        self.profile = profile
        self._messages.status(f"Connected as {profile.user_id}.")
        self.connected.emit(profile)

    def _on_connect_failed(self, error: BaseException) -> None:
        self._messages.broker_error(error, "Could not connect")
        self.connect_failed.emit(error)
