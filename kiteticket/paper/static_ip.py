"""The 2026 static-IP rule, played by the paper exchange: order writes from an unregistered address are refused.

Off unless the exchange is started with ``--registered-ip`` (or the admin API sets addresses): the app's own paper
mode never turns it on. Which requests are covered is the domain's rule (``is_order_write``), the very one the
app uses to decide which requests take the user's proxy.
"""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Iterable

from kiteticket.domain.network import is_order_write, registered_ip_problem
from kiteticket.paper.errors import KiteError, input_error

# Kite's error type, HTTP status and wording for an unregistered IP are NOT CONFIRMED (kite-api-facts.md §5, §13).
# The strictest plausible choice: 403 PermissionException, Kite's type for "not allowed for this caller", with a
# message naming the address and the IP Whitelist. Kept here, in one place, so it is easy to change.
REFUSAL_TYPE = "PermissionException"
REFUSAL_STATUS = 403


def refusal(address: str) -> KiteError:
    message = (
        f"Order requests are not allowed from IP {address}. Register your static IP in the IP Whitelist of your "
        "Kite Connect developer profile."
    )
    return KiteError(message, REFUSAL_TYPE, REFUSAL_STATUS)


class RegisteredIps:
    """The addresses order writes must come from; none registered means the rule is off. Thread-safe."""

    def __init__(self, addresses: Iterable[str] = ()) -> None:
        self._lock = threading.Lock()
        self._addresses: tuple[str, ...] = ()
        self.set(addresses)

    def set(self, addresses: Iterable[str]) -> list[str]:
        """Replace the registered addresses (an empty list turns the rule off); raises InputException if invalid."""
        chosen = tuple(dict.fromkeys(str(address).strip() for address in addresses))
        problem = registered_ip_problem(chosen)
        if problem:
            raise input_error(problem)
        with self._lock:
            self._addresses = tuple(str(ipaddress.ip_address(address)) for address in chosen)
        return self.describe()

    def describe(self) -> list[str]:
        with self._lock:
            return list(self._addresses)

    def check(self, method: str, path: str, remote: str | None) -> None:
        """Raise Kite's refusal if this is an order write from an address that is not registered."""
        with self._lock:
            addresses = self._addresses
        if addresses and is_order_write(method, path) and _normal(remote) not in addresses:
            raise refusal(remote or "unknown")


def _normal(remote: str | None) -> str:
    try:
        return str(ipaddress.ip_address(remote or ""))
    except ValueError:
        return ""
