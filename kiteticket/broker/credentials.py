"""Credentials in the OS keyring (Windows Credential Locker, macOS Keychain, Secret Service on Linux), service
``kiteticket``, entries ``api_key``, ``api_secret``, ``access_token`` with ``access_token_expiry`` beside it, and
``redirect_url`` (not secret, but it belongs with the Kite app's keys). Nothing secret is ever written anywhere
else. Without a usable keyring, ``SessionOnlyStore`` keeps them in memory for this run and says so; a keyring that
is there but cannot be used (locked, its service not answering) makes ``KeyringOrMemory`` do the same from the
moment it fails, rather than leave the app stuck on every read of it."""

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
UNUSABLE_HELP = (
    "The OS keyring could not be used ({reason}): it may be locked, or its service did not answer. Until it can "
    "be, kiteticket keeps credentials in memory for this session only; unlock it and restart kiteticket to keep "
    "them."
)


class KeyringUnusableError(BrokerError):
    """The keyring refused a read or a write (locked, no backend reachable)."""

    __slots__ = ()


class Store(Protocol):
    """Where credentials live: the OS keyring, or memory for one session."""

    @property
    def session_only(self) -> bool: ...
    @property
    def note(self) -> str: ...  # why credentials are kept for this session only ("" when they are not)
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

    @property
    def note(self) -> str:
        return ""

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

    @property
    def note(self) -> str:
        return NO_KEYRING_HELP

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


class KeyringOrMemory:
    """The OS keyring until it fails (``KeyringLocked`` when its unlock prompt is dismissed, ``InitError``, a
    Secret Service that does not answer), then memory for the rest of the run, as ``note`` then says. Thread-safe
    enough for its use: one task at a time reads or writes credentials."""

    def __init__(self, keyring_store: CredentialStore) -> None:
        self._keyring = keyring_store
        self._memory = SessionOnlyStore()
        self._reason = ""  # set once the keyring has failed

    @property
    def session_only(self) -> bool:
        return bool(self._reason)

    @property
    def note(self) -> str:
        return UNUSABLE_HELP.format(reason=self._reason) if self._reason else ""

    def load(self) -> Credentials | None:
        if not self._reason:
            try:
                return self._keyring.load()
            except KeyringUnusableError as error:
                self._fall_back(error)
        return self._memory.load()

    def save(self, credentials: Credentials) -> None:
        if not self._reason:
            try:
                self._keyring.save(credentials)
                return
            except KeyringUnusableError as error:
                self._fall_back(error)
        self._memory.save(credentials)

    def forget(self) -> None:
        self._memory.forget()
        if not self._reason:
            try:
                self._keyring.forget()
            except KeyringUnusableError as error:
                self._fall_back(error)

    def proxy_password(self) -> str:
        if not self._reason:
            try:
                return self._keyring.proxy_password()
            except KeyringUnusableError as error:
                self._fall_back(error)
        return self._memory.proxy_password()

    def save_proxy_password(self, password: str) -> None:
        if not self._reason:
            try:
                self._keyring.save_proxy_password(password)
                return
            except KeyringUnusableError as error:
                self._fall_back(error)
        self._memory.save_proxy_password(password)

    def _fall_back(self, error: KeyringUnusableError) -> None:
        cause = error.__cause__
        self._reason = f"{type(cause).__name__}: {cause}" if cause is not None else error.message


def open_store() -> KeyringOrMemory | SessionOnlyStore:
    """The OS keyring when there is one (memory once it fails), else memory for this session."""
    store = CredentialStore()
    return KeyringOrMemory(store) if store.available else SessionOnlyStore()


def _unusable(error: Exception) -> KeyringUnusableError:
    return KeyringUnusableError(
        ErrorKind.CONFIG, f"The keyring could not be used ({type(error).__name__}). {NO_KEYRING_HELP}"
    )


def _parse_expiry(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
