"""Keeping secrets out of the audit log: parameters and texts are scrubbed before anything is written down.

Kite's secrets are the api_key, the api_secret, the access_token, the request_token and the checksum made from
them. None of them is ever stored, not even in part: a key with one of those names loses its value, and any text
(an error message, a URL) has every secret value the caller knows of, and every ``Authorization: token …`` header,
replaced by a marker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

REDACTED = "[redacted]"
SECRET_KEYS = frozenset({"api_key", "api_secret", "access_token", "request_token", "checksum", "authorization"})
# The SDK's header form, "token api_key:access_token", and the same pair in a query string or URL.
_TOKEN_HEADER = re.compile(r"(token\s+)[^\s:]+:[^\s\"',;]+", re.IGNORECASE)
_SECRET_ASSIGNMENT = re.compile(
    r"((?:api_key|api_secret|access_token|request_token|checksum)[\"']?\s*[=:]\s*[\"']?)[^\s&\"',;}]+", re.IGNORECASE
)
# A secret shorter than this is not searched for in free text: it would blank out ordinary words (the paper
# exchange's api_key is "paper"). Kite's api_key is 16 characters, its secrets and tokens 32; names and the token
# header pattern above catch them anywhere regardless.
MIN_SECRET_LENGTH = 8


def is_secret_key(name: str) -> bool:
    return name.lower() in SECRET_KEYS


def redact_text(text: str, secrets: Iterable[str] = ()) -> str:
    """The text with every known secret value and every token-shaped credential replaced by ``[redacted]``."""
    scrubbed = _TOKEN_HEADER.sub(lambda match: match.group(1) + REDACTED, text)
    scrubbed = _SECRET_ASSIGNMENT.sub(lambda match: match.group(1) + REDACTED, scrubbed)
    # Longest first, so that a secret containing another is replaced whole.
    for secret in sorted({s for s in secrets if len(s) >= MIN_SECRET_LENGTH}, key=len, reverse=True):
        scrubbed = scrubbed.replace(secret, REDACTED)
    return scrubbed


def redact_params(params: Mapping[str, object], secrets: Iterable[str] = ()) -> dict[str, object]:
    """A copy of request parameters fit for the log: secret names lose their values, texts are scrubbed."""
    known = tuple(secrets)
    return {key: _redact_value(key, value, known) for key, value in params.items()}


def _redact_value(key: str, value: object, secrets: tuple[str, ...]) -> object:
    if is_secret_key(key):
        return REDACTED
    if isinstance(value, Mapping):
        return redact_params({str(name): item for name, item in value.items()}, secrets)
    if isinstance(value, (list, tuple)):
        return [_redact_value("", item, secrets) for item in value]
    if isinstance(value, str):
        return redact_text(value, secrets)
    return value
