"""Credentials in the OS keyring (Windows Credential Locker, macOS Keychain, Secret Service on Linux), service
``kiteticket``, entries ``api_key``, ``api_secret``, ``access_token`` and ``access_token_expiry``. Nothing secret
is ever written anywhere else."""

from __future__ import annotations

from datetime import datetime

import keyring
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends import fail

from kiteticket.domain.credentials import Credentials
from kiteticket.domain.errors import BrokerError, ErrorKind

SERVICE = "kiteticket"
ENTRIES = ("api_key", "api_secret", "access_token", "access_token_expiry")

NO_KEYRING_HELP = (
    "No usable keyring was found, so credentials cannot be stored safely. On Linux install and unlock a Secret "
    "Service (for example gnome-keyring or KeePassXC with Secret Service enabled). Until then kiteticket keeps "
    "credentials in memory for this session only."
)


class CredentialStore:
    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend or keyring.get_keyring()

    @property
    def backend_name(self) -> str:
        return type(self._backend).__module__ + "." + type(self._backend).__name__

    @property
    def available(self) -> bool:
        return not isinstance(self._backend, fail.Keyring)

    def load(self) -> Credentials | None:
        values = {entry: self._get(entry) for entry in ENTRIES}
        if not values["api_key"] or not values["api_secret"]:
            return None
        return Credentials(
            api_key=values["api_key"],
            api_secret=values["api_secret"],
            access_token=values["access_token"] or "",
            token_expires_at=_parse_expiry(values["access_token_expiry"]),
        )

    def save(self, credentials: Credentials) -> None:
        self._set("api_key", credentials.api_key)
        self._set("api_secret", credentials.api_secret)
        self._set("access_token", credentials.access_token)
        expiry = credentials.token_expires_at.isoformat() if credentials.token_expires_at else ""
        self._set("access_token_expiry", expiry)

    def forget(self) -> None:
        for entry in ENTRIES:
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


def _unusable(error: Exception) -> BrokerError:
    return BrokerError(ErrorKind.CONFIG, f"The keyring could not be used ({type(error).__name__}). {NO_KEYRING_HELP}")


def _parse_expiry(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
