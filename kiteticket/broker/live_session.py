"""The live account's session: the Kite app's keys from the store, the browser login, and the token's life.

Every method but ``token_expiry`` and ``on_token_rejected`` blocks (keyring, network): the app calls them in
tasks, the ``kiteticket login`` command directly. The app and the command share this one code path.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime

from kiteconnect import KiteConnect

from kiteticket.broker.credentials import Store
from kiteticket.broker.gateway import KiteGateway
from kiteticket.broker.login import KITE_LOGIN_URL, LoginAttempt, create_session
from kiteticket.domain.account import Profile
from kiteticket.domain.credentials import Credentials, MissingCredentialsError
from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.market_clock import IST

Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(IST)


class LiveSession:
    """Owns the SDK client behind ``gateway``; its api_key and access token change as the user logs in."""

    def __init__(
        self, store: Store, root: str | None = None, login_base: str | None = None, clock: Clock = _now
    ) -> None:
        self._store = store
        self._login_base = login_base or KITE_LOGIN_URL
        self._clock = clock
        self._kite = KiteConnect(api_key="", root=root)
        # The SDK calls this on any 403 TokenException, from whichever thread made the request.
        self._kite.set_session_expiry_hook(self._on_token_rejected)
        self.gateway = KiteGateway(self._kite)
        self._lock = threading.Lock()
        self._pending: Credentials | None = None
        self._expires_at: datetime | None = None
        self._watchers: list[Callable[[], None]] = []

    @property
    def session_only(self) -> bool:
        return self._store.session_only

    def resume(self) -> Profile:
        """Reuse the stored token if it has not expired, after checking it with profile()."""
        credentials = self._store.load()
        if credentials is None:
            raise MissingCredentialsError()
        self._kite.api_key = credentials.api_key
        if not credentials.token_valid_at(self._clock()):
            raise BrokerError(ErrorKind.TOKEN, "No unexpired Kite session is stored: log in to continue.")
        self._kite.set_access_token(credentials.access_token)
        profile = self.gateway.profile()
        self._expires_at = credentials.token_expires_at
        return profile

    def stored(self) -> Credentials | None:
        """The stored keys, else those of the last login tried (kept only in memory until a login works)."""
        with self._lock:
            pending = self._pending
        return self._store.load() or pending

    def begin(self, credentials: Credentials | None = None) -> LoginAttempt:
        """Start a browser login with these keys (new ones are stored only once the login works) or the stored."""
        chosen = credentials or self._store.load()
        if chosen is None:
            raise MissingCredentialsError()
        attempt = LoginAttempt(chosen.api_key, chosen.redirect_url, self._login_base)
        with self._lock:
            self._pending = chosen
        return attempt

    def complete(self, request_token: str) -> Profile:
        """Exchange the request_token for a session, store its token and expiry, and check it with profile()."""
        with self._lock:
            pending = self._pending
        if pending is None:
            raise MissingCredentialsError()
        self._kite.api_key = pending.api_key
        session = create_session(self._kite, request_token, pending.api_secret)
        self._store.save(pending.with_token(session.access_token, session.expires_at))
        self._expires_at = session.expires_at
        return self.gateway.profile()

    def forget(self) -> None:
        """Remove the keys, the token and the redirect URL from the store, and drop the token in use."""
        self._store.forget()
        self._kite.set_access_token("")
        self._expires_at = None

    def token_expiry(self) -> datetime | None:
        """When the token in use expires (no I/O)."""
        return self._expires_at

    def on_token_rejected(self, watcher: Callable[[], None]) -> None:
        """Call ``watcher`` (from any thread) whenever Kite refuses the token with a TokenException."""
        with self._lock:
            self._watchers.append(watcher)

    def _on_token_rejected(self) -> None:
        with self._lock:
            watchers = list(self._watchers)
        for watcher in watchers:
            watcher()
