"""A user's Kite credentials. The repr never shows a secret, so a credentials object in a log or a crash report
gives nothing away."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Credentials:
    api_key: str
    api_secret: str
    access_token: str = ""
    token_expires_at: datetime | None = None  # 06:00 IST the day after login

    def with_token(self, access_token: str, expires_at: datetime) -> Credentials:
        return replace(self, access_token=access_token, token_expires_at=expires_at)

    def token_valid_at(self, moment: datetime) -> bool:
        return bool(self.access_token) and self.token_expires_at is not None and moment < self.token_expires_at

    def __repr__(self) -> str:
        token = "set" if self.access_token else "none"
        return f"Credentials(api_key={self.api_key!r}, api_secret=<redacted>, access_token=<{token}>)"

    __str__ = __repr__
