"""Credentials in the OS keyring (Windows Credential Locker, macOS Keychain, Secret Service on Linux), service
``kiteticket``, entries ``api_key``, ``api_secret``, ``access_token`` with ``access_token_expiry`` beside it, and
``redirect_url`` (not secret, but it belongs with the Kite app's keys). Nothing secret is ever written anywhere
else. Without a usable keyring, ``SessionOnlyStore`` keeps them in memory for this run and says so."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

import keyring
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends import fail

from kiteticket.domain.credentials import DEFAULT_REDIRECT_URL, Credentials
from kiteticket.domain.errors import BrokerError, ErrorKind

SERVICE = "kiteticket"
ENTRIES = ("api_key", "api_secret", "access_token", "access_token_expiry", "redirect_url")
# One more entry: the password of the proxy set in Settings ▸ Network (its other settings are not secret and live in
# network.json); Forget credentials removes it too.
PROXY_PASSWORD = "proxy_password"

KEYRING_FIX = (
    "No usable keyring was found, so credentials cannot be stored safely. On Linux install and unlock a Secret "
    "Service (for example gnome-keyring or KeePassXC with Secret Service enabled)."
)
NO_KEYRING_HELP = f"{KEYRING_FIX} Until then kiteticket keeps credentials in memory for this session only."


class Store(Protocol):
    """Where credentials live: the OS keyring, or memory for one session."""

    @property
    def session_only(self) -> bool: ...
    def load(self) -> Credentials | None: ...
    def save(self, credentials: Credentials) -> None: ...
    def forget(self) -> None: ...
    def proxy_password(self) -> str: ...
    def save_proxy_password(self, password: str) -> None: ...


class CredentialStore:
    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend or keyring.get_keyring()

    @property
    def backend_name(self) -> str:
        return type(self._backend).__module__ + "." + type(self._backend).__name__

    @property
    def available(self) -> bool:
        return not isinstance(self._backend, fail.Keyring)

    @property
    def session_only(self) -> bool:
        return False

    def load(self) -> Credentials | None:
        values = {entry: self._get(entry) for entry in ENTRIES}
        if not values["api_key"] or not values["api_secret"]:
            return None
        return Credentials(
            api_key=values["api_key"],
            api_secret=values["api_secret"],
            access_token=values["access_token"] or "",
            token_expires_at=_parse_expiry(values["access_token_expiry"]),
            redirect_url=values["redirect_url"] or DEFAULT_REDIRECT_URL,
        )

    def save(self, credentials: Credentials) -> None:
        self._set("api_key", credentials.api_key)
        self._set("api_secret", credentials.api_secret)
        self._set("access_token", credentials.access_token)
        expiry = credentials.token_expires_at.isoformat() if credentials.token_expires_at else ""
        self._set("access_token_expiry", expiry)
        self._set("redirect_url", credentials.redirect_url)

    def forget(self) -> None:
        for entry in (*ENTRIES, PROXY_PASSWORD):
            self._delete(entry)

    def proxy_password(self) -> str:
        return self._get(PROXY_PASSWORD) or ""

    def save_proxy_password(self, password: str) -> None:
        """Store the proxy's password; an empty one removes it."""
        if password:
            self._set(PROXY_PASSWORD, password)
        else:
            self._delete(PROXY_PASSWORD)

    def _delete(self, entry: str) -> None:
        try:
            self._backend.delete_password(SERVICE, entry)
        except keyring.errors.PasswordDeleteError:
            pass  # not stored: nothing to forget
        except keyring.errors.KeyringError as error:
            raise _unusable(error) from error

    def _get(self, entry: str) -> str | None:
        try:
            return self._backend.get_password(SERVICE, entry)
        except keyring.errors.KeyringError as error:
            raise _unusable(error) from error

    def _set(self, entry: str, value: str) -> None:
        try:
            self._backend.set_password(SERVICE, entry, value)
        except keyring.errors.KeyringError as error:
            raise _unusable(error) from error


class SessionOnlyStore:
    """Credentials in memory, gone when the app quits: the fallback when no keyring can be used."""

    def __init__(self) -> None:
        self._credentials: Credentials | None = None
        self._proxy_password = ""

    @property
    def session_only(self) -> bool:
        return True

    def load(self) -> Credentials | None:
        return self._credentials

    def save(self, credentials: Credentials) -> None:
        self._credentials = credentials

    def forget(self) -> None:
        self._credentials = None
        self._proxy_password = ""

    def proxy_password(self) -> str:
        return self._proxy_password

    def save_proxy_password(self, password: str) -> None:
        self._proxy_password = password


def open_store() -> CredentialStore | SessionOnlyStore:
    """The OS keyring when there is one, else memory for this session (the caller shows NO_KEYRING_HELP)."""
    store = CredentialStore()
    return store if store.available else SessionOnlyStore()


def _unusable(error: Exception) -> BrokerError:
    return BrokerError(ErrorKind.CONFIG, f"The keyring could not be used ({type(error).__name__}). {NO_KEYRING_HELP}")


def _parse_expiry(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
