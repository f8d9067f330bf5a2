"""The project's own error type: what went wrong with a broker call, as data the UI can show in the user's words.

The broker layer turns every kiteconnect exception and every ``requests`` error into a ``BrokerError``; nothing
above it ever sees a kiteconnect type. ``outcome_unknown`` marks a write whose result cannot be known from the
reply (a timeout, a reset, a 5xx): the order may have been placed, so it must be looked up, never re-sent.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorKind(StrEnum):
    INPUT = "input"  # Kite refused the request as it stands: fix it and send again
    TOKEN = "token"  # the session has expired: log in again
    PERMISSION = "permission"
    MARGIN = "margin"
    ORDER = "order"
    RATE_LIMIT = "rate_limit"  # 429: too many requests; slow down
    NETWORK = "network"  # Kite could not reach the exchange (OMS) or we could not reach Kite
    TIMEOUT = "timeout"
    DATA = "data"  # a reply that could not be read
    GENERAL = "general"
    CONFIG = "config"  # no credentials, no keyring: set-up the user can do
    IP_NOT_REGISTERED = "ip_not_registered"  # an order write from an address not registered for the API key


_ADVICE = {
    ErrorKind.TOKEN: "Log in again to continue; what you typed stays in the ticket.",
    ErrorKind.RATE_LIMIT: "Kite is limiting requests; kiteticket slows down and tries again shortly.",
    ErrorKind.NETWORK: "Check your connection; kiteticket keeps trying.",
    ErrorKind.TIMEOUT: "Kite did not answer in time; kiteticket keeps trying.",
    ErrorKind.DATA: "Kite's reply could not be read; kiteticket tries again shortly.",
    ErrorKind.PERMISSION: "Your Kite app does not have permission for this; check it on developers.kite.trade.",
    ErrorKind.MARGIN: "Add funds or make the order smaller, then send it again.",
    ErrorKind.ORDER: "Kite did not take the order; check the order book before sending it again.",
    ErrorKind.GENERAL: "Check the order book before trying again; if it keeps happening, Kite may be having trouble.",
}


class BrokerError(Exception):
    """A failed broker call. Immutable once made, so it may cross threads."""

    __slots__ = ("code", "kind", "message", "outcome_unknown")

    def __init__(self, kind: ErrorKind, message: str, *, code: int | None = None, outcome_unknown: bool = False):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.code = code
        self.outcome_unknown = outcome_unknown

    @property
    def is_transient(self) -> bool:
        """Worth retrying a read after a pause (never a write: see outcome_unknown)."""
        return self.kind in (ErrorKind.RATE_LIMIT, ErrorKind.NETWORK, ErrorKind.TIMEOUT, ErrorKind.DATA)

    @property
    def user_message(self) -> str:
        """What happened and what to do next."""
        advice = _ADVICE.get(self.kind)
        return f"{self.message} {advice}" if advice and advice not in self.message else self.message

    def __repr__(self) -> str:
        return f"BrokerError({self.kind}, {self.message!r}, code={self.code}, outcome_unknown={self.outcome_unknown})"
