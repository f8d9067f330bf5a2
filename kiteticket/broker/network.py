"""The user's route to Kite, kept and applied: proxy settings from a file, its password from the keyring, and the
gateway's HTTP session rebuilt to follow them.

Every method but ``current`` blocks (keyring, file, network): the app calls them in tasks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Protocol

from kiteticket.broker.gateway import RouteWatcher
from kiteticket.broker.proxy_check import Endpoint
from kiteticket.broker.proxy_route import ProxyRoute
from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.network import CheckResult, ProxySettings


class PasswordStore(Protocol):
    """Where the proxy's password lives (broker.credentials' CredentialStore and SessionOnlyStore)."""

    def proxy_password(self) -> str: ...
    def save_proxy_password(self, password: str) -> None: ...


class RoutedGateway(Protocol):
    """What a route is applied to: KiteGateway, or the GuardedGateway around it (which audits the test)."""

    def use_route(self, route: ProxyRoute | None) -> None: ...
    def watch_route(self, watcher: RouteWatcher) -> None: ...
    def check_route(self, route: ProxyRoute | None, ticker: Endpoint | None = None) -> tuple[CheckResult, ...]: ...


class NetworkRoute:
    def __init__(
        self,
        gateway: RoutedGateway,
        passwords: PasswordStore,
        settings: ProxySettings,
        save: Callable[[ProxySettings], None],
        ticker: Endpoint | None = None,
    ) -> None:
        self._gateway = gateway
        self._passwords = passwords
        self._save = save
        self._ticker = ticker
        self._lock = threading.Lock()
        self._settings = settings
        self._restored = False

    def current(self) -> ProxySettings:
        """The settings in use (no I/O)."""
        with self._lock:
            return self._settings

    def restore(self) -> None:
        """At start: follow the stored settings, with the stored password (once; later connects keep the route)."""
        with self._lock:
            if self._restored:
                return
            self._restored = True
            settings = self._settings
        if settings.enabled and not settings.problem():
            self._gateway.use_route(self._route(settings, None))

    def apply(self, settings: ProxySettings, password: str | None) -> None:
        """Store the settings (and the password, unless None: keep the stored one) and rebuild the gateway's
        session to follow them. Nothing else changes: the session's token, the journal, the order book."""
        _require_usable(settings)
        route = self._route(settings, password)
        if password is not None:
            self._passwords.save_proxy_password(password)
        self._save(settings)
        with self._lock:
            self._settings, self._restored = settings, True
        self._gateway.use_route(route)

    def check(self, settings: ProxySettings, password: str | None) -> tuple[CheckResult, ...]:
        """Test these settings (not yet applied) with the session's keys; see proxy_check."""
        _require_usable(settings)
        return self._gateway.check_route(self._route(settings, password), self._ticker)

    def ticker_proxy(self) -> dict[str, Any] | None:
        """What KiteTicker.connect(proxy=...) should get for the settings in use (see ProxyRoute.ticker_proxy)."""
        settings = self.current()
        return ProxyRoute(settings).ticker_proxy() if settings.enabled else None

    def watch(self, watcher: RouteWatcher) -> None:
        """``watcher(refused)`` after each order write, from the thread that made it (see KiteGateway)."""
        self._gateway.watch_route(watcher)

    def _route(self, settings: ProxySettings, password: str | None) -> ProxyRoute | None:
        if not settings.enabled:
            return None
        if password is None:
            password = self._passwords.proxy_password() if settings.username else ""
        return ProxyRoute(settings, password)


def _require_usable(settings: ProxySettings) -> None:
    problem = settings.problem()
    if problem:
        raise BrokerError(ErrorKind.CONFIG, problem)
