"""Settings ▸ Network and the static-IP notice: the proxy dialog's answers applied in the background, and a short
notice in the status bar from the moment Kite refuses an order for its address until an order goes through.

The notice works wherever the gateway reports order writes (``route_watch``), paper mode included; the menu only
in live mode, where there is a route to set (``services``).
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu

from kiteticket.domain.network import IP_REFUSAL_NOTICE, ProxyScope, ProxySettings
from kiteticket.ui.messages import MessageCenter
from kiteticket.ui.session.network_port import NetworkServices, RouteWatch
from kiteticket.ui.session.network_settings import NetworkSettingsDialog
from kiteticket.ui.tasks import TaskRunner


class NetworkController(QObject):
    """Signals:
    applied(object): the ProxySettings now in use, after Settings ▸ Network changed them.
    """

    applied = Signal(object)
    _route_heard = Signal(bool)  # emitted from whichever thread made the order write

    def __init__(
        self,
        services: NetworkServices | None,
        route_watch: RouteWatch | None,
        *,
        tasks: TaskRunner,
        messages: MessageCenter,
        window: QMainWindow,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._services, self._tasks, self._messages, self._window = services, tasks, messages, window
        self.notice = QLabel()
        self.notice.setObjectName("ip_notice")
        self.notice.setStyleSheet("color:#c62828; font-weight:bold;")
        self.notice.setVisible(False)
        window.statusBar().addPermanentWidget(self.notice)
        self._route_heard.connect(self._on_self_route_heard, Qt.ConnectionType.QueuedConnection)
        if route_watch is not None:
            route_watch(_weakly(self._hear_route))

    def install_menu(self, menu: QMenu) -> None:
        """Settings ▸ Network… (live mode only)."""
        if self._services is None:
            return
        menu.addSeparator()
        action = QAction("Network…", self)
        action.setObjectName("network_action")
        action.triggered.connect(self._on_network_action_triggered)
        menu.addAction(action)

    @Slot()
    def _on_network_action_triggered(self) -> None:
        services = self._services
        if services is None:
            return
        answers = NetworkSettingsDialog.edit(self._window, services.current(), self._tasks, services.check)
        if answers is not None:
            self.apply(*answers)

    def apply(self, settings: ProxySettings, password: str | None) -> None:
        """Apply in the background (keyring, file, a new HTTP session), serialised with the order writes."""
        services = self._services
        if services is not None:
            done = partial(self._on_apply_done, settings)
            self._tasks.write(partial(services.apply, settings, password), done, self._on_apply_failed)

    def _on_apply_done(self, settings: ProxySettings, _result: object) -> None:
        if not settings.enabled:
            text = "Network: Kite's API calls go direct."
        else:
            which = "every Kite API call goes" if settings.scope is ProxyScope.ALL else "orders go"
            text = f"Network: {which} through the proxy at {settings.address}."
        self._messages.status(text)
        self.applied.emit(settings)

    def _on_apply_failed(self, error: BaseException) -> None:
        self._messages.broker_error(error, "Network settings not applied")

    def _hear_route(self, refused: bool) -> None:
        """Called on a broker thread after an order write: hand over to the GUI thread."""
        with contextlib.suppress(RuntimeError):  # the window and this controller are gone: nobody to tell
            self._route_heard.emit(refused)

    @Slot(bool)
    def _on_self_route_heard(self, refused: bool) -> None:
        self.notice.setText(IP_REFUSAL_NOTICE if refused else "")
        self.notice.setVisible(refused)


def _weakly(method: Callable[[bool], None]) -> Callable[[bool], None]:
    """A callback that does not keep this controller alive: the gateway outlives it, and a reference cycle through a
    QObject would let the garbage collector destroy it on whichever thread it runs (as in session.py)."""
    reference = weakref.WeakMethod(method)

    def call(refused: bool) -> None:
        target = reference()
        if target is not None:
            target(refused)

    return call
