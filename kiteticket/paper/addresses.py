"""Which addresses count as this machine's own: the exchange serves, and sends postbacks, only on those unless remote
ones are allowed."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def postback_url_problem(url: str, allow_remote: bool) -> str | None:
    """Why ``url`` cannot take postbacks, or None when it can."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{url} is not an http(s) URL."
    if not allow_remote and not is_loopback(parts.hostname):
        return f"{url} is not a loopback address; pass --allow-remote to send postbacks elsewhere."
    return None
