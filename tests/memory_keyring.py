"""An in-memory keyring backend for tests that are not about the keyring itself."""

from __future__ import annotations

from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    # keyring registers every backend class it sees; priority 0 keeps this one out of the system's own choice.
    priority = 0  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        import keyring.errors

        if (service, username) not in self.entries:
            raise keyring.errors.PasswordDeleteError(username)
        del self.entries[(service, username)]


class LockedKeyring(KeyringBackend):
    """A keyring that is there but refuses every call, as a locked Secret Service collection does once its unlock
    prompt is dismissed (``KeyringLocked``), or one whose service cannot be reached (``InitError``)."""

    # Below every other backend, fail.Keyring's 0 included: keyring must never pick this one by itself.
    priority = -1  # type: ignore[assignment]

    def __init__(self, error: type[Exception] | None = None) -> None:
        super().__init__()
        import keyring.errors

        self.error = error or keyring.errors.KeyringLocked
        self.calls = 0

    def _refuse(self) -> None:
        self.calls += 1
        raise self.error("Failed to unlock the collection!")

    def get_password(self, service: str, username: str) -> str | None:
        self._refuse()
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self._refuse()

    def delete_password(self, service: str, username: str) -> None:
        self._refuse()
