"""The Kite session: connecting off the GUI thread, logging in when needed, and the token's life.

Live mode hands in ``LoginServices`` (blocking callables from the composition root; the UI never imports the
broker). Without them (the paper exchange) ``connect`` is the whole story, and it is simply run again when the
server refuses the token (``token_watch``). A token Kite refuses while connected
ends the session: ``session_lost`` tells the shell to pause whatever polls, a non-modal prompt offers the login,
and ``connected`` then resumes everything. The ticket is never touched, so what the user typed survives.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable
from datetime import datetime
from enum import Enum

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QMenu, QWidget

from kiteticket.domain.account import Profile
from kiteticket.domain.credentials import MissingCredentialsError
from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.market_clock import IST
from kiteticket.domain.session import expiry_warning
from kiteticket.ui.confirm import Confirmation
from kiteticket.ui.messages import MessageCenter
from kiteticket.ui.session.login_dialog import LoginDialog
from kiteticket.ui.session.login_flow import LoginFlow
from kiteticket.ui.session.login_port import LoginServices
from kiteticket.ui.tasks import TaskRunner

__all__ = ["LoginServices", "SessionController", "State"]

EXPIRY_CHECK_MS = 60_000
SESSION_ENDED = (
    "Your Kite session has ended (Kite refused the access token). Orders, positions and quotes are paused until "
    "you log in again; what you typed in the ticket stays."
)


class State(Enum):
    OFFLINE = "offline"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    EXPIRED = "expired"
    STOPPED = "stopped"


def _now() -> datetime:
    return datetime.now(IST)


class SessionController(QObject):
    """Runs the blocking ``connect`` (check a stored token with profile()) in the background, then logs in if needed.

    Signals:
        connected(Profile): the session is usable (again).
        connect_failed(object): the BrokerError (or other exception) that stopped it.
        session_lost(str): the token died or the credentials were forgotten: pause what needs a session.
    """

    connected = Signal(object)
    connect_failed = Signal(object)
    session_lost = Signal(str)
    _token_rejected = Signal()  # emitted from whichever thread saw Kite refuse the token

    def __init__(
        self,
        connect: Callable[[], Profile],
        tasks: TaskRunner,
        messages: MessageCenter,
        *,
        login: LoginServices | None = None,
        token_watch: Callable[[Callable[[], None]], None] | None = None,
        window: QWidget | None = None,
        clock: Callable[[], datetime] = _now,
        parent: QObject | None = None,
    ) -> None:
        # A parent on the GUI thread owns this object: left to Python alone, a reference cycle (an exception's
        # traceback holding a task's callbacks) could let the garbage collector delete it on a pool thread.
        super().__init__(parent)
        self._connect, self._tasks, self._messages, self._login = connect, tasks, messages, login
        self._window, self._clock = window, clock
        self.state = State.OFFLINE
        self.profile: Profile | None = None
        self._expiry_timer = QTimer(self)
        self._expiry_timer.setInterval(EXPIRY_CHECK_MS)
        self._expiry_timer.timeout.connect(self.check_expiry)
        self._token_rejected.connect(self._on_self_token_rejected, Qt.ConnectionType.QueuedConnection)
        self._note_shown = False
        self.flow: LoginFlow | None = None
        if login is not None:
            self.flow = LoginFlow(login, tasks, window, parent=self)
            self.flow.succeeded.connect(self._on_flow_succeeded)
            self.flow.failed.connect(self._on_flow_failed)
            self.flow.abandoned.connect(self._on_flow_abandoned)
            login.on_token_rejected(_weakly(self._notice_token_rejected))
        elif token_watch is not None:
            # No one to ask (the paper exchange logs in by itself): a refused token is followed by a new connect.
            token_watch(_weakly(self._notice_token_rejected))

    @property
    def dialog(self) -> LoginDialog | None:
        """The login window (live mode only)."""
        return self.flow.dialog if self.flow is not None else None

    def start(self) -> None:
        self._show_storage_note()
        self.state = State.CONNECTING
        self._messages.status("Connecting…", 0)
        self._tasks.read(self._connect, self._on_connected, self._on_connect_failed)

    def stop(self) -> None:
        """The app is closing: end a login under way (its listener), stop the expiry check."""
        self.state = State.STOPPED
        self._expiry_timer.stop()
        if self.flow is not None:
            self.flow.stop()

    def install_menu(self, menu: QMenu) -> None:
        """The Session menu of live mode: log in again, change the app's keys, forget everything."""
        if self.flow is None:
            return
        for text, slot in (
            ("Log in to Kite…", self.flow.log_in),
            ("Set up Kite app…", self.flow.set_up),
            ("Forget credentials…", self.forget),
        ):
            menu.addAction(text).triggered.connect(slot)

    def _show_storage_note(self) -> None:
        """Once: no keyring at all (known at start), or one that failed when first read (a locked keyring)."""
        note = self._login.storage_note() if self._login is not None else ""
        if note and not self._note_shown:
            self._note_shown = True
            self._messages.error("Credentials kept for this session only", note)

    # --- connecting ----------------------------------------------------------------------------------------------
    def _on_connected(self, profile: Profile) -> None:
        if self.state is State.STOPPED:
            return
        self._show_storage_note()
        self.state = State.CONNECTED
        self.profile = profile
        self._messages.status(f"Connected as {profile.user_id}.")
        self._expiry_timer.start()
        self.check_expiry()
        self.connected.emit(profile)

    def _on_connect_failed(self, error: BaseException) -> None:
        if self.state is State.STOPPED:
            return
        self.state = State.OFFLINE
        self._show_storage_note()
        # Each branch replaces "Connecting…", which must not stay up while nothing is connecting.
        if self.flow is not None and isinstance(error, MissingCredentialsError):
            self._messages.status("Not connected: set up your Kite app to log in.", 0)
            self.flow.set_up()
        elif self.flow is not None and isinstance(error, BrokerError) and error.kind is ErrorKind.TOKEN:
            self._messages.status("Logging in to Kite…", 0)
            self.flow.log_in()
        else:
            self._messages.status("Not connected.", 0)
            self._messages.broker_error(error, "Could not connect")
            self.connect_failed.emit(error)

    @Slot(object)
    def _on_flow_succeeded(self, profile: Profile) -> None:
        self._on_connected(profile)

    @Slot(object)
    def _on_flow_failed(self, error: BaseException) -> None:
        self.connect_failed.emit(error)

    @Slot()
    def _on_flow_abandoned(self) -> None:
        if self.state is not State.CONNECTED:
            self._messages.status("Not logged in. Log in from the Session menu.", 0)

    # --- the token's life ----------------------------------------------------------------------------------------
    def _notice_token_rejected(self) -> None:
        """Called on a broker thread (the SDK's session-expiry hook): hand over to the GUI thread."""
        # RuntimeError: the window and this controller are gone; nobody is left to tell.
        with contextlib.suppress(RuntimeError):
            self._token_rejected.emit()

    @Slot()
    def _on_self_token_rejected(self) -> None:
        if self.state is not State.CONNECTED:
            return  # a check or a login under way already knows, or nothing was running
        if self.flow is None:
            self._connect_again()
            return
        self.state = State.EXPIRED
        self._expiry_timer.stop()
        self.session_lost.emit("Kite session ended: log in again (Session menu).")
        self._messages.status("Kite session ended: log in again to continue.", 0)
        self.flow.prompt(SESSION_ENDED)

    def _connect_again(self) -> None:
        """Without a login flow, ``connect`` logs in by itself: pause what polls, then connect as at start-up."""
        self._expiry_timer.stop()
        self.session_lost.emit("Session ended: logging in again…")
        self.start()

    @Slot()
    def check_expiry(self) -> None:
        """Warn in the status bar as the token's 06:00 IST expiry nears (re-shown every minute, so it stays)."""
        if self._login is None or self.state is not State.CONNECTED:
            return
        warning = expiry_warning(self._clock(), self._login.token_expiry())
        if warning:
            self._messages.status(warning, EXPIRY_CHECK_MS + 5_000)

    @Slot()
    def forget(self) -> None:
        if self._login is None or not Confirmation.ask(
            self._window,
            "Forget credentials?",
            "Remove the Kite app's api_key, api_secret and the access token from the keyring? "
            "You will need to set up the app again to trade.",
        ):
            return
        self._tasks.read(self._login.forget, self._on_forgotten, self._on_forget_failed)

    def _on_forgotten(self, told: str | None) -> None:
        was_connected = self.state is State.CONNECTED
        self.state = State.OFFLINE
        self.profile = None
        self._expiry_timer.stop()
        if was_connected:
            self.session_lost.emit("Not logged in: credentials forgotten.")
        self._messages.status(told or "Kite credentials removed from the keyring.", 0)

    def _on_forget_failed(self, error: BaseException) -> None:
        self._messages.broker_error(error, "Could not forget the credentials")


def _weakly(method: Callable[[], None]) -> Callable[[], None]:
    """A callback that does not keep its object alive: the broker outlives this controller, and a reference cycle
    through a QObject would let the garbage collector destroy it on whichever thread it runs (a crash)."""
    reference = weakref.WeakMethod(method)

    def call() -> None:
        target = reference()
        if target is not None:
            target()

    return call
