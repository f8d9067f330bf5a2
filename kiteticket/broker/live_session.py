"""The live account's session: the Kite app's keys from the store, the browser login, and the token's life.

Every method but ``token_expiry`` and ``on_token_rejected`` blocks (keyring, network): the app calls them in
tasks, the ``kiteticket login`` command directly. The app and the command share this one code path, and every
request it makes (the token exchange, profile, logout) goes through the gateway it is given, which is the app's
GuardedGateway: rate-limited and in the audit log like every other call.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from kiteticket.broker.credentials import Store
from kiteticket.broker.login import KITE_LOGIN_URL, LoginAttempt, Session
from kiteticket.domain.account import Profile
from kiteticket.domain.credentials import Credentials, MissingCredentialsError
from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.market_clock import IST

Clock = Callable[[], datetime]
FORGOTTEN = "Kite credentials removed from the keyring; Kite ended the session, so the old token is void."
NOT_REVOKED = (
    "Kite credentials removed from the keyring, but Kite could not be asked to end the session ({reason}): the old "
    "token works until 06:00 IST. Log out on kite.zerodha.com to end it now."
)


def _now() -> datetime:
    return datetime.now(IST)


class SessionGateway(Protocol):
    """What the session needs of the gateway (GuardedGateway has it)."""

    def use_api_key(self, api_key: str) -> None: ...
    def use_token(self, access_token: str) -> None: ...
    def log_in(self, request_token: str, api_secret: str) -> Session: ...
    def profile(self) -> Profile: ...
    def logout(self) -> None: ...
    def on_token_rejected(self, watcher: Callable[[], None]) -> None: ...


class LiveSession:
    """Sets the gateway's api_key and access token as the user logs in; the gateway is shared with the app."""

    def __init__(
        self, store: Store, gateway: SessionGateway, login_base: str | None = None, clock: Clock = _now
    ) -> None:
        self._store = store
        self._gateway = gateway
        self._login_base = login_base or KITE_LOGIN_URL
        self._clock = clock
        self._lock = threading.Lock()
        self._pending: Credentials | None = None
        self._expires_at: datetime | None = None
        self._token = ""  # the token in use, to revoke on forget
        self._forgetting = False
        self._watchers: list[Callable[[], None]] = []
        # The SDK calls this on any 403 TokenException, from whichever thread made the request.
        gateway.on_token_rejected(self._on_token_rejected)

    @property
    def session_only(self) -> bool:
        return self._store.session_only

    def storage_note(self) -> str:
        """Why credentials are kept for this session only, once that is so ("" while the keyring works)."""
        return self._store.note

    def resume(self) -> Profile:
        """Reuse the stored token if it has not expired, after checking it with profile()."""
        credentials = self._store.load()
        if credentials is None:
            raise MissingCredentialsError()
        self._gateway.use_api_key(credentials.api_key)
        if not credentials.token_valid_at(self._clock()):
            raise BrokerError(ErrorKind.TOKEN, "No unexpired Kite session is stored: log in to continue.")
        self._use_token(credentials.access_token)
        profile = self._gateway.profile()
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
        self._gateway.use_api_key(pending.api_key)
        session = self._gateway.log_in(request_token, pending.api_secret)
        self._token = session.access_token
        self._store.save(pending.with_token(session.access_token, session.expires_at))
        self._expires_at = session.expires_at
        return self._gateway.profile()

    def forget(self) -> str:
        """End the session at Kite (so the token is void), then remove the keys, the token and the redirect URL
        from the store. Returns what to tell the user; the keyring is emptied even if Kite cannot be reached."""
        reason = self._revoke()
        self._store.forget()
        self._use_token("")
        self._expires_at = None
        return FORGOTTEN if reason is None else NOT_REVOKED.format(reason=reason)

    def token_expiry(self) -> datetime | None:
        """When the token in use expires (no I/O)."""
        return self._expires_at

    def on_token_rejected(self, watcher: Callable[[], None]) -> None:
        """Call ``watcher`` (from any thread) whenever Kite refuses the token with a TokenException."""
        with self._lock:
            self._watchers.append(watcher)

    def _revoke(self) -> str | None:
        """DELETE /session/token for the token in use, else the stored one. None when it is void now (or there was
        none); else why Kite could not be asked."""
        stored = self._store.load()
        token = self._token or (stored.access_token if stored and stored.token_valid_at(self._clock()) else "")
        if not token:
            return None
        if stored is not None and not self._token:
            self._gateway.use_api_key(stored.api_key)
            self._use_token(token)
        self._forgetting = True  # a token already dead answers 403: no "session ended" prompt for that
        try:
            self._gateway.logout()
        except BrokerError as error:
            return None if error.kind is ErrorKind.TOKEN else error.message
        finally:
            self._forgetting = False
        return None

    def _use_token(self, token: str) -> None:
        self._token = token
        self._gateway.use_token(token)

    def _on_token_rejected(self) -> None:
        if self._forgetting:
            return
        with self._lock:
            watchers = list(self._watchers)
        for watcher in watchers:
            watcher()
