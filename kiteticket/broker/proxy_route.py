"""The route Kite's API calls take: a ``requests`` session that sends the calls the user chose through a proxy.

The SDK passes its one ``proxies`` setting to every request; kiteticket needs more than that, since with "orders
only" the order writes must leave through the proxy (the static-IP rule checks them) while the 1-a-second reads go
direct. ``RoutedSession`` is the SDK's own ``reqsession`` with the proxy chosen per request, by the domain's rule.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote, urlsplit

import requests

from kiteticket.domain.network import ProxyScheme, ProxyScope, ProxySettings


@dataclass(frozen=True, slots=True)
class ProxyRoute:
    """Proxy settings with their password (from the keyring): everything a request needs to take the proxy."""

    settings: ProxySettings
    password: str = ""

    def __repr__(self) -> str:  # never the password, in a log or a traceback
        return f"ProxyRoute({self.settings!r}, password={'<set>' if self.password else '<none>'})"

    @property
    def url(self) -> str:
        """The proxy as ``requests`` takes it. socks5h: the proxy resolves Kite's host name, so DNS follows too."""
        scheme = "socks5h" if self.settings.scheme is ProxyScheme.SOCKS5 else "http"
        user = self.settings.username
        credentials = f"{quote(user, safe='')}:{quote(self.password, safe='')}@" if user else ""
        return f"{scheme}://{credentials}{self.settings.address}"

    def proxies_for(self, method: str, path: str) -> dict[str, str]:
        if not self.settings.applies_to(method, path):
            return {}
        return {"http": self.url, "https": self.url}

    def ticker_proxy(self) -> dict[str, Any] | None:
        """KiteTicker.connect(proxy=...) for the WebSocket, or None: direct.

        The WebSocket works from any address (only order writes are checked against the static IP), so it takes
        the proxy only when the user sends every call through it. KiteTicker hands the proxy to autobahn, which
        speaks HTTP CONNECT without authentication: a SOCKS5 proxy, or one that needs a password, cannot carry it,
        and the WebSocket then goes direct (which Kite allows)."""
        settings = self.settings
        usable = settings.scheme is ProxyScheme.HTTP and not settings.username
        if settings.scope is not ProxyScope.ALL or not settings.enabled or not usable:
            return None
        return {"host": settings.host, "port": settings.port}

    def everything(self) -> ProxyRoute:
        """The same proxy for every call (to test it)."""
        return ProxyRoute(replace(self.settings, scope=ProxyScope.ALL), self.password)


class RoutedSession(requests.Session):
    """A requests.Session whose requests take ``route``'s proxy when the route says so, else go direct.

    ``root`` is the API root the SDK joins paths to; the rule is applied to the path below it (/orders/regular)."""

    def __init__(self, route: ProxyRoute | None, root: str) -> None:
        super().__init__()
        self.route = route
        self._root_path = urlsplit(root).path.rstrip("/")
        self.hooks["response"].append(_refuse_proxy_authentication)

    def request(self, method: str, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        path = urlsplit(url.decode() if isinstance(url, bytes) else url).path
        relative = path[len(self._root_path) :] if path.startswith(self._root_path) else path
        kwargs["proxies"] = self.route.proxies_for(method, relative) if self.route else {}
        return super().request(method, url, *args, **kwargs)


def _refuse_proxy_authentication(response: requests.Response, *args: Any, **kwargs: Any) -> requests.Response:
    """A 407 comes from the proxy, never from Kite: the request went no further. urllib3 says so with a ProxyError
    for an https tunnel; a plain-http forward (the paper exchange) gets the same, instead of a reply the SDK
    cannot read."""
    if response.status_code == 407:
        response.close()
        raise requests.exceptions.ProxyError(PROXY_AUTHENTICATION, response=response)
    return response


PROXY_AUTHENTICATION = "407 Proxy Authentication Required"
