"""Order tags: every placement carries a unique one, so an order whose reply was lost can be found in /orders."""

from __future__ import annotations

import secrets
import string
import time

from kiteticket.domain.limits import TAG_MAX_LENGTH

PREFIX_MAX_LENGTH = 8
_ALPHABET = string.digits + string.ascii_lowercase


def clean_prefix(prefix: str) -> str:
    """The user's prefix as Kite takes it: letters and digits only, at most eight."""
    return "".join(ch for ch in prefix if ch.isascii() and ch.isalnum())[:PREFIX_MAX_LENGTH]


def new_tag(prefix: str = "kt", now: float | None = None) -> str:
    """A tag no other placement of this user will carry: the prefix, then time and randomness in base 36."""
    # Six base-36 digits of hundredths of a second wrap every ~250 days; the order book holds one day, and four
    # random characters part two placements in the same hundredth.
    moment = int((time.time() if now is None else now) * 100)
    unique = _base36(moment)[-6:].rjust(6, "0") + "".join(secrets.choice(_ALPHABET) for _ in range(4))
    return (clean_prefix(prefix) + unique)[-TAG_MAX_LENGTH:]


def _base36(number: int) -> str:
    digits = []
    while number:
        number, remainder = divmod(number, 36)
        digits.append(_ALPHABET[remainder])
    return "".join(reversed(digits)) or "0"
