"""One browser login at a time: the setup dialog when the Kite app's keys are wanted, the listener started in a
task, the system browser opened on the GUI thread, the login window (waiting, or a paste), then the session.

Signals:
    succeeded(Profile): logged in; the token is stored.
    failed(object): the BrokerError (or other exception) that ended the login; the window offers to try again.
    abandoned(): the user cancelled, or closed the setup without answers.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from kiteticket.domain.account import Profile
from kiteticket.domain.credentials import Credentials, MissingCredentialsError
from kiteticket.domain.errors import BrokerError
from kiteticket.domain.session import LoginCancelledError
from kiteticket.ui.session.login_dialog import LoginDialog
from kiteticket.ui.session.login_port import LoginAttempt, LoginServices
from kiteticket.ui.session.setup_dialog import SetupDialog
from kiteticket.ui.tasks import TaskRunner


class LoginFlow(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    abandoned = Signal()

    def __init__(
        self, login: LoginServices, tasks: TaskRunner, window: QWidget | None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._login, self._tasks, self._window = login, tasks, window
        self._attempt: LoginAttempt | None = None
        self._stopped = False
        self.busy = False  # from the first step of a login to its end
        self.dialog = LoginDialog(window)
        self.dialog.login_requested.connect(self.log_in)
        self.dialog.setup_requested.connect(self.set_up)
        self.dialog.url_pasted.connect(self._on_dialog_url_pasted)
        self.dialog.cancelled.connect(self._on_dialog_cancelled)

    @Slot()
    def log_in(self) -> None:
        """Log in with the stored keys (the setup dialog comes first if there are none)."""
        self._begin(None)

    @Slot()
    def set_up(self) -> None:
        """Ask for the Kite app's keys and redirect URL (prefilled from the store), then log in with them."""
        if not self.busy and not self._stopped:
            self.busy = True
            self._tasks.read(self._login.stored, self._on_stored_read, self._on_failed)

    def prompt(self, text: str) -> None:
        """Offer a login, saying why (the session ended)."""
        self.dialog.show_prompt(text)

    def stop(self) -> None:
        """The app is closing: end a login under way, so its listener closes and its task returns."""
        self._stopped = True
        self._drop_attempt()
        self.dialog.hide()

    def _on_stored_read(self, current: Credentials | None) -> None:
        self.busy = False
        answers = SetupDialog.ask(
            self._window, current if isinstance(current, Credentials) else None, self._login.storage_note()
        )
        if answers is None:
            self.abandoned.emit()
        else:
            self._begin(answers)

    def _begin(self, credentials: Credentials | None) -> None:
        if self._attempt is not None:  # already waiting for the browser: bring that login back into view
            self.dialog.show_waiting(self._attempt.url)
            return
        if self.busy or self._stopped:
            return
        self.busy = True
        self._tasks.read(partial(self._login.begin, credentials), self._on_attempt_ready, self._on_failed)

    def _on_attempt_ready(self, attempt: LoginAttempt) -> None:
        if self._stopped:
            attempt.close()
            return
        self._attempt = attempt
        self.dialog.show_waiting(attempt.url)
        LoginDialog.open_browser(attempt.url)
        finish = partial(_wait_then_complete, attempt, self._login.complete)
        self._tasks.read(finish, self._on_logged_in, self._on_failed)

    def _on_logged_in(self, profile: object) -> None:
        self._attempt, self.busy = None, False
        if not self._stopped:
            self.dialog.hide()
            self.succeeded.emit(profile)

    def _on_failed(self, error: BaseException) -> None:
        self._attempt, self.busy = None, False
        if self._stopped:
            return
        if isinstance(error, LoginCancelledError):
            self.dialog.hide()
            self.abandoned.emit()
        elif isinstance(error, MissingCredentialsError):
            self.set_up()
        else:
            text = error.user_message if isinstance(error, BrokerError) else f"{type(error).__name__}: {error}"
            self.dialog.show_prompt(f"<b>The login did not work.</b><br>{text}")
            self.failed.emit(error)

    @Slot(str)
    def _on_dialog_url_pasted(self, url: str) -> None:
        if self._attempt is None:
            return
        try:
            self._attempt.offer(url)
        except BrokerError as error:
            self.dialog.show_problem(f"{error.message} Paste the whole address from the browser's address bar.")

    @Slot()
    def _on_dialog_cancelled(self) -> None:
        self._drop_attempt()

    def _drop_attempt(self) -> None:
        attempt, self._attempt = self._attempt, None
        if attempt is not None:
            attempt.cancel()  # the waiting task then ends with LoginCancelledError


def _wait_then_complete(attempt: LoginAttempt, complete: Callable[[str], Profile]) -> Profile:
    """Off the GUI thread: wait for the redirect (or a paste, or a cancel), then make and store the session."""
    try:
        request_token = attempt.wait()
    finally:
        attempt.close()
    return complete(request_token)
