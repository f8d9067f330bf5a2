"""A user's Kite credentials, and the rules for the redirect URL the login comes back to.

The repr never shows a secret, so a credentials object in a log or a crash report gives nothing away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

from kiteticket.domain.errors import BrokerError, ErrorKind

# What the setup dialog suggests: a port nothing else uses by default, on this computer only.
DEFAULT_REDIRECT_URL = "http://127.0.0.1:5010/"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost")
# http://host[:port][/path][?query]: the listener serves plain HTTP on loopback, so nothing else is accepted.
_REDIRECT = re.compile(r"^http://(?P<host>[^/:?#]+)(?::(?P<port>\d{1,5}))?(?P<rest>[/?#].*)?$", re.IGNORECASE)


class MissingCredentialsError(BrokerError):
    """No api_key/api_secret is stored: the Kite app must be set up first."""

    def __init__(self, message: str = "No Kite app is set up yet: enter its api_key and api_secret.") -> None:
        super().__init__(ErrorKind.CONFIG, message)


@dataclass(frozen=True, slots=True)
class Credentials:
    api_key: str
    api_secret: str
    access_token: str = ""
    token_expires_at: datetime | None = None  # 06:00 IST the day after login
    redirect_url: str = DEFAULT_REDIRECT_URL  # registered with the Kite app; not secret

    def with_token(self, access_token: str, expires_at: datetime) -> Credentials:
        return replace(self, access_token=access_token, token_expires_at=expires_at)

    def without_token(self) -> Credentials:
        return replace(self, access_token="", token_expires_at=None)

    def token_valid_at(self, moment: datetime) -> bool:
        return bool(self.access_token) and self.token_expires_at is not None and moment < self.token_expires_at

    def __repr__(self) -> str:
        token = "set" if self.access_token else "none"
        return (
            f"Credentials(api_key={self.api_key!r}, api_secret=<redacted>, access_token=<{token}>, "
            f"redirect_url={self.redirect_url!r})"
        )

    __str__ = __repr__


def redirect_port(url: str) -> int:
    """The loopback port a redirect URL points at; raises a CONFIG BrokerError saying what is wrong with it."""
    match = _REDIRECT.match(url.strip())
    if match is None:
        raise BrokerError(ErrorKind.CONFIG, f"The redirect URL must look like {DEFAULT_REDIRECT_URL} (plain http).")
    if match["host"].lower() not in LOOPBACK_HOSTS:
        # Listening anywhere but loopback would let another machine hand the app a login.
        raise BrokerError(
            ErrorKind.CONFIG,
            f"The redirect URL must point at this computer (127.0.0.1 or localhost), like {DEFAULT_REDIRECT_URL}.",
        )
    port = int(match["port"] or 80)
    if not 0 < port < 65536:
        raise BrokerError(ErrorKind.CONFIG, f"The redirect URL's port {port} is not a valid port number.")
    return port


def redirect_url_problem(url: str) -> str:
    """What is wrong with a redirect URL, in the user's words, or "" when it will do."""
    try:
        redirect_port(url)
    except BrokerError as error:
        return error.message
    return ""
