"""What the UI needs for Settings ▸ Network. The composition root passes a broker NetworkRoute's methods; the UI
never imports the broker package."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kiteticket.domain.network import CheckResult, ProxySettings

# ``watch(callback)``: callback(refused) after each order write, from any thread; True when Kite refused it for the
# address it came from, False when it went through.
RouteWatch = Callable[[Callable[[bool], None]], None]


@dataclass(frozen=True, slots=True)
class NetworkServices:
    """The route to Kite, as callables. ``current`` is immediate; ``apply`` and ``check`` block (run them in tasks).

    A password of None means "keep the stored one"; "" removes it."""

    current: Callable[[], ProxySettings]
    apply: Callable[[ProxySettings, str | None], None]
    check: Callable[[ProxySettings, str | None], tuple[CheckResult, ...]]
    watch: RouteWatch
