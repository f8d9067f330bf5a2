"""kiteconnect exceptions and ``requests`` errors, translated into the project's BrokerError.

For a write (place, modify, cancel) the question that matters is whether the order could have gone through anyway:
Kite's staff say any non-400 reply to a placement means "check the order book, then retry" (kite-api-facts.md §12),
and even a 400 "Order request timed out" has been followed by the order appearing. Those are outcome-unknown.
"""

from __future__ import annotations

from collections.abc import Iterator

import requests
from kiteconnect import exceptions as kite_errors
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from kiteticket.broker.ip_refusal import is_ip_refusal
from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.network import IP_REFUSAL_MESSAGE

_KIND_BY_TYPE: tuple[tuple[type[Exception], ErrorKind], ...] = (
    (kite_errors.TokenException, ErrorKind.TOKEN),
    (kite_errors.PermissionException, ErrorKind.PERMISSION),
    (kite_errors.InputException, ErrorKind.INPUT),
    (kite_errors.OrderException, ErrorKind.ORDER),
    (kite_errors.NetworkException, ErrorKind.NETWORK),
    (kite_errors.DataException, ErrorKind.DATA),
    (kite_errors.GeneralException, ErrorKind.GENERAL),
)

# Replies that settle a write for certain even though they are not 4xx input errors.
_DEFINITE_MESSAGES = ("maximum allowed order modifications exceeded", "too many requests")
# A 400 that does not settle anything (F37): the order was placed about 8 s later.
_UNSETTLED_MESSAGES = ("order request timed out",)
# Causes that prove a connection was never made, so no request went anywhere.
NEVER_CONNECTED = (NewConnectionError, ConnectTimeoutError)
# A proxy that could not be reached, or refused its credentials, never passed the request on.
PROXY_UNREACHABLE = (
    "Could not reach Kite through the proxy set in Settings ▸ Network; nothing was sent. Check the proxy's address "
    "and that it is running."
)
PROXY_REFUSED = (
    "The proxy set in Settings ▸ Network refused its user name or password; nothing was sent. Check them there."
)


def translate(error: Exception, *, write: bool = False) -> BrokerError:
    if isinstance(error, BrokerError):
        return error
    if isinstance(error, kite_errors.KiteException):
        return _from_kite(error, write)
    if isinstance(error, requests.exceptions.RequestException):
        return _from_requests(error, write)
    # The SDK itself fails on replies it cannot read (KeyError on a body without "data", TypeError without
    # "error_type"): nothing is known of what the server did.
    return BrokerError(
        ErrorKind.DATA, f"Kite's reply could not be read ({type(error).__name__}).", outcome_unknown=write
    )


def _from_kite(error: kite_errors.KiteException, write: bool) -> BrokerError:
    message = str(error.message if hasattr(error, "message") else error)
    code = int(getattr(error, "code", 500) or 500)
    if is_ip_refusal(error):
        # A refusal before anything was done: definite, and sending it again from the same address cannot help.
        return BrokerError(ErrorKind.IP_NOT_REGISTERED, IP_REFUSAL_MESSAGE, code=code)
    kind = next(kind for cls, kind in _KIND_BY_TYPE if isinstance(error, cls)) if _known(error) else ErrorKind.GENERAL
    if code == 429:
        kind = ErrorKind.RATE_LIMIT
    elif "insufficient funds" in message.lower():
        kind = ErrorKind.MARGIN
    return BrokerError(kind, message, code=code, outcome_unknown=write and _unsettled(code, message))


def _known(error: Exception) -> bool:
    return any(isinstance(error, cls) for cls, _ in _KIND_BY_TYPE)


def _unsettled(code: int, message: str) -> bool:
    lowered = message.lower()
    if any(text in lowered for text in _UNSETTLED_MESSAGES):
        return True
    if any(text in lowered for text in _DEFINITE_MESSAGES):
        return False
    return code >= 500


def _from_requests(error: requests.exceptions.RequestException, write: bool) -> BrokerError:
    if isinstance(error, requests.exceptions.ConnectTimeout):
        # No connection was made, so nothing was sent.
        return BrokerError(ErrorKind.NETWORK, "Could not connect to Kite (connection timed out).")
    if isinstance(error, requests.exceptions.ProxyError) and _proxy_never_forwarded(error):
        return BrokerError(ErrorKind.NETWORK, PROXY_REFUSED if "407" in str(error) else PROXY_UNREACHABLE)
    if isinstance(error, requests.exceptions.Timeout):
        return BrokerError(ErrorKind.TIMEOUT, "Kite did not answer in time.", outcome_unknown=write)
    if isinstance(error, requests.exceptions.ConnectionError):
        # A refused connection sent nothing, but a reset after sending looks the same from here: assume the worst.
        return BrokerError(ErrorKind.NETWORK, "The connection to Kite failed.", outcome_unknown=write)
    return BrokerError(
        ErrorKind.NETWORK, f"The request to Kite failed ({type(error).__name__}).", outcome_unknown=write
    )


def _proxy_never_forwarded(error: BaseException) -> bool:
    """A proxy error that proves nothing reached Kite: the proxy refused us (407, RoutedSession's own), its CONNECT
    tunnel failed, or the connection to it was never made. Any other ProxyError (urllib3 1.x raises one for a
    connection reset after the request went through the proxy) leaves a write's outcome unknown."""
    text = str(error)
    if "407" in text or "Tunnel connection failed" in text:
        return True
    return any(isinstance(cause, NEVER_CONNECTED) for cause in _causes(error))


def _causes(error: BaseException) -> Iterator[BaseException]:
    """The error, what it wraps (urllib3 keeps its cause in ``reason`` and ``args``), and their causes."""
    seen: set[int] = set()
    pending: list[object] = [error]
    while pending:
        item = pending.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        pending += [item.__cause__, item.__context__, getattr(item, "reason", None), *item.args]
