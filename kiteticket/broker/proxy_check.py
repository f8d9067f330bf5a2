""" "Test connection": what can be known about a route before an order depends on it, each part on its own line.

1. Kite's API, reached through the proxy (any answer from Kite counts, even a refusal of the token).
2. The access token, by the profile call (a read, so the static-IP rule does not apply to it).
3. The WebSocket host: a TCP connection through the proxy (an HTTP CONNECT tunnel, or SOCKS5), then the TLS
   handshake. Kite's WebSocket is only known for Kite's own API root; for any other root it says "not checked".

Blocking: run it off the GUI thread. Every call here goes to Kite with everything routed through the proxy.
"""

from __future__ import annotations

import base64
import contextlib
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
import socks  # PySocks, a dependency for SOCKS5 proxies
from kiteconnect import KiteConnect
from kiteconnect import exceptions as kite_errors

from kiteticket.broker.proxy_route import ProxyRoute, RoutedSession
from kiteticket.domain.network import CheckResult, ProxyScheme

KITE_API_HOST = "api.kite.trade"
CHECK_TIMEOUT_SECONDS = 7  # the SDK's own timeout
API, TOKEN, WEBSOCKET = "Kite API", "Access token", "WebSocket"


@dataclass(frozen=True, slots=True)
class Endpoint:
    host: str
    port: int
    tls: bool = True


def ticker_endpoint(root: str) -> Endpoint | None:
    """Kite's WebSocket host for Kite's own API root; None for any other server (the paper exchange has none)."""
    return Endpoint("ws.kite.trade", 443) if urlsplit(root).hostname == KITE_API_HOST else None


def check_route(
    api_key: str, access_token: str, root: str, route: ProxyRoute | None, ticker: Endpoint | None
) -> tuple[CheckResult, ...]:
    everything = route.everything() if route is not None else None
    return (*_check_api(api_key, access_token, root, everything), _check_ticker(everything, ticker))


def _check_api(api_key: str, access_token: str, root: str, route: ProxyRoute | None) -> tuple[CheckResult, CheckResult]:
    via = "through the proxy" if route is not None else "directly"
    try:
        profile = _profile(api_key, access_token, root, route)
    except Exception as error:  # every failure is a line of the report, never an exception in the dialog
        return _failed(error, via, logged_in=bool(access_token))
    return CheckResult(API, True, f"reachable {via}"), CheckResult(TOKEN, True, f"valid ({profile.get('user_id')})")


def _profile(api_key: str, access_token: str, root: str, route: ProxyRoute | None) -> dict[str, Any]:
    """GET /user/profile with a client of its own, every call through ``route`` (the app's session is untouched)."""
    kite = KiteConnect(api_key=api_key, access_token=access_token or None, root=root, timeout=CHECK_TIMEOUT_SECONDS)
    kite.reqsession.close()
    kite.reqsession = RoutedSession(route, root)
    try:
        return dict(kite._get("user.profile"))
    finally:
        kite.reqsession.close()


def _failed(error: Exception, via: str, *, logged_in: bool) -> tuple[CheckResult, CheckResult]:
    reached = CheckResult(API, True, f"reachable {via}")
    if isinstance(error, kite_errors.TokenException):
        if not logged_in:
            return reached, CheckResult(TOKEN, None, "not checked: not logged in yet")
        return reached, CheckResult(TOKEN, False, "Kite refused the access token: log in again")
    if isinstance(error, kite_errors.DataException):
        # An answer the SDK cannot read (an HTML error page, say) may be the proxy's own, not Kite's.
        return CheckResult(API, False, f"the answer {via} was not Kite's"), _token_not_checked()
    if isinstance(error, kite_errors.KiteException):
        return reached, CheckResult(TOKEN, None, f"not checked: {error}")
    return CheckResult(API, False, _unreached(error, via)), _token_not_checked()


def _unreached(error: Exception, via: str) -> str:
    if isinstance(error, requests.exceptions.ProxyError):
        return _proxy_failure(error)
    if isinstance(error, requests.exceptions.RequestException):
        return f"Kite could not be reached {via} ({type(error).__name__})"
    # KeyError, TypeError: how the SDK fails on a reply without Kite's envelope
    return f"the answer {via} could not be read ({type(error).__name__})"


def _proxy_failure(error: requests.exceptions.ProxyError) -> str:
    if "407" in str(error):
        return "the proxy refused the user name or password (407)"
    return "the proxy could not be reached"


def _token_not_checked() -> CheckResult:
    return CheckResult(TOKEN, None, "not checked: Kite was not reached")


def _check_ticker(route: ProxyRoute | None, endpoint: Endpoint | None) -> CheckResult:
    if endpoint is None:
        return CheckResult(WEBSOCKET, None, "not checked: this API root has no known Kite WebSocket host")
    target = f"{endpoint.host}:{endpoint.port}"
    try:
        with _connection(route, endpoint) as connection:
            if endpoint.tls:
                context = ssl.create_default_context()
                with context.wrap_socket(connection, server_hostname=endpoint.host):
                    pass  # the handshake is the check
    except (OSError, ValueError) as error:
        return CheckResult(WEBSOCKET, False, f"{target} not reachable: {error}")
    how = "TCP and TLS" if endpoint.tls else "TCP"
    return CheckResult(WEBSOCKET, True, f"{target} reachable ({how}{' through the proxy' if route else ''})")


@contextlib.contextmanager
def _connection(route: ProxyRoute | None, endpoint: Endpoint) -> Iterator[socket.socket]:
    if route is None:
        connection = socket.create_connection((endpoint.host, endpoint.port), timeout=CHECK_TIMEOUT_SECONDS)
    elif route.settings.scheme is ProxyScheme.SOCKS5:
        connection = _socks5(route, endpoint)
    else:
        connection = _http_tunnel(route, endpoint)
    with connection:
        yield connection


def _http_tunnel(route: ProxyRoute, endpoint: Endpoint) -> socket.socket:
    """An HTTP CONNECT tunnel, as a WebSocket client through an HTTP proxy opens one."""
    settings = route.settings
    connection = socket.create_connection((settings.host, settings.port), timeout=CHECK_TIMEOUT_SECONDS)
    target = f"{endpoint.host}:{endpoint.port}"
    lines = [f"CONNECT {target} HTTP/1.1", f"Host: {target}"]
    if settings.username:
        token = base64.b64encode(f"{settings.username}:{route.password}".encode()).decode()
        lines.append(f"Proxy-Authorization: Basic {token}")
    try:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        status = _status_line(connection)
    except OSError:
        connection.close()
        raise
    if status.split(" ")[1:2] != ["200"]:
        connection.close()
        raise OSError(f"the proxy answered {status!r}")
    return connection


def _status_line(connection: socket.socket) -> str:
    reply = b""
    while b"\r\n\r\n" not in reply and len(reply) < 16_384:
        chunk = connection.recv(4096)
        if not chunk:
            break
        reply += chunk
    return reply.split(b"\r\n", 1)[0].decode("latin-1")


def _socks5(route: ProxyRoute, endpoint: Endpoint) -> socket.socket:
    settings = route.settings
    connection: socket.socket = socks.create_connection(
        (endpoint.host, endpoint.port),
        timeout=CHECK_TIMEOUT_SECONDS,
        proxy_type=socks.SOCKS5,
        proxy_addr=settings.host,
        proxy_port=settings.port,
        proxy_rdns=True,
        proxy_username=settings.username or None,
        proxy_password=route.password or None,
    )
    return connection
