"""How Kite's API calls leave this computer: directly, or through a proxy with a static IP (the 2026 rule).

Since 1 April 2026 Kite refuses every order write (place, modify, cancel) that does not come from an IP address
registered in the user's Kite Connect developer profile; reads, the order book and the WebSocket work from any
address (kite-api-facts.md §5). A trader at home on a dynamic IP therefore needs the order writes, at least, to
leave through a machine that has the registered address: a proxy. Which requests take the proxy is decided here,
and the paper exchange uses the same rule to decide which requests it checks.

The proxy's password is not part of ``ProxySettings``: it lives in the OS keyring, never in the preferences file.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from enum import StrEnum

# Kite lets a user register a primary IP and one backup (NSE allows one backup IP; facts §5).
MAX_REGISTERED_IPS = 2
# The write routes the static-IP rule covers: orders (place, modify, cancel) and GTT triggers.
_ORDER_WRITE_PREFIXES = ("/orders/", "/gtt/triggers")
_WRITE_METHODS = frozenset({"POST", "PUT", "DELETE"})


class ProxyScheme(StrEnum):
    HTTP = "http"  # an HTTP proxy; Kite's https calls go through it with CONNECT
    SOCKS5 = "socks5"


class ProxyScope(StrEnum):
    ORDERS = "orders"  # only order writes take the proxy; reads and prices go direct
    ALL = "all"  # every Kite API call takes the proxy


@dataclass(frozen=True, slots=True)
class ProxySettings:
    enabled: bool = False
    scheme: ProxyScheme = ProxyScheme.HTTP
    host: str = ""
    port: int = 0
    username: str = ""
    scope: ProxyScope = ProxyScope.ORDERS

    def problem(self) -> str:
        """What stops these settings from being used, in the user's words, or "" (always "" when off)."""
        if not self.enabled:
            return ""
        return host_problem(self.host) or port_problem(self.port) or username_problem(self.username)

    def applies_to(self, method: str, path: str) -> bool:
        """Whether a request with this method and path (relative to the API root) goes through the proxy."""
        if not self.enabled:
            return False
        return self.scope is ProxyScope.ALL or is_order_write(method, path)

    @property
    def address(self) -> str:
        """host:port as a person writes it ([v6]:port for an IPv6 address)."""
        shown = f"[{self.host}]" if ":" in self.host else self.host
        return f"{shown}:{self.port}"


def is_order_write(method: str, path: str) -> bool:
    """A request the static-IP rule covers: placing, modifying or cancelling an order (or a GTT trigger).

    Only these are checked against the registered IP; ``POST /margins/orders`` is a read in a POST's clothing and
    is not covered (its path does not start with /orders/)."""
    return method.upper() in _WRITE_METHODS and any(path.startswith(prefix) for prefix in _ORDER_WRITE_PREFIXES)


def host_problem(host: str) -> str:
    text = host.strip()
    if not text:
        return "Enter the proxy's host name or IP address."
    if "://" in text or "/" in text:
        return "Enter only the proxy's host name (no http:// and no path); the port goes in its own box."
    if any(character.isspace() for character in text):
        return "The proxy's host name cannot contain spaces."
    if ":" in text and not _is_ip(text):
        return "Enter the port in its own box, not after the host name."
    return ""


def port_problem(port: int) -> str:
    return "" if 1 <= port <= 65535 else "The proxy's port is a number from 1 to 65535."


def username_problem(username: str) -> str:
    return "The proxy user name cannot contain spaces." if any(c.isspace() for c in username) else ""


def registered_ip_problem(addresses: tuple[str, ...]) -> str:
    """Why these cannot be a Kite account's registered IPs (at most two addresses), or ""."""
    if len(addresses) > MAX_REGISTERED_IPS:
        return f"Kite registers at most {MAX_REGISTERED_IPS} IP addresses (a primary and a backup)."
    for address in addresses:
        if not _is_ip(address):
            return f"{address!r} is not an IP address."
    return ""


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


# What the user reads when Kite refuses an order write for the address it came from (the BrokerError's message),
# and the short notice the status bar keeps until an order goes through.
IP_REFUSAL_MESSAGE = (
    "Kite refused this order because it came from an address that is not registered for your API key. "
    "Register your static IP, or set a proxy in Settings ▸ Network."
)
IP_REFUSAL_NOTICE = "Orders refused: this address is not registered with Kite (Settings ▸ Network)"


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One line of a connection test: what was checked, whether it worked (None: not checked), and the detail."""

    what: str
    ok: bool | None
    detail: str
