"""What the UI needs for live mode's login. The composition root passes a LiveSession's methods; the UI never
imports the broker package, so the login window and its controller can be driven by anything with this shape."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from kiteticket.domain.account import Profile
from kiteticket.domain.credentials import Credentials


class LoginAttempt(Protocol):
    """One browser login under way: ``wait`` blocks; ``offer`` (a pasted URL) and ``cancel`` end it from any thread."""

    url: str

    def wait(self) -> str: ...
    def offer(self, url: str) -> None: ...
    def cancel(self) -> None: ...
    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class LoginServices:
    """Live mode's login, as callables. All block (run them in tasks) except the last three, which are immediate."""

    stored: Callable[[], Credentials | None]
    begin: Callable[[Credentials | None], LoginAttempt]  # binds the listener: new keys, or None for the stored
    complete: Callable[[str], Profile]  # request_token → session, stored with its expiry
    forget: Callable[[], str]  # revokes the token at Kite, empties the keyring; returns what to tell the user
    token_expiry: Callable[[], datetime | None]
    on_token_rejected: Callable[[Callable[[], None]], None]  # the callback may come from any thread
    # Why credentials are kept for this session only (no keyring, or one that failed), else "". Immediate.
    storage_note: Callable[[], str] = str
