"""Every kiteconnect exception and every ``requests`` error becomes a message that says what happened and what to
do, and a write that may have gone through anyway is flagged outcome-unknown (the SDK's own exception types are
built here as the SDK raises them; nothing is mocked)."""

from __future__ import annotations

import pytest
import requests
from kiteconnect import exceptions as kite

from kiteticket.broker.errors import translate
from kiteticket.domain.errors import ErrorKind

# What the user is told to do, by kind: each message must carry one of these words.
NEXT_STEP = ("log in", "check", "slows down", "keeps trying", "tries again", "add funds", "permission", "correct")


@pytest.mark.parametrize(
    ("error", "kind", "unknown_on_write"),
    [
        (kite.TokenException("Incorrect `api_key` or `access_token`.", code=403), ErrorKind.TOKEN, False),
        (kite.PermissionException("Insufficient permission for that call.", code=403), ErrorKind.PERMISSION, False),
        (kite.OrderException("Order could not be placed.", code=500), ErrorKind.ORDER, True),
        (kite.NetworkException("Too many requests", code=429), ErrorKind.RATE_LIMIT, False),
        (kite.NetworkException("Gateway timed out", code=504), ErrorKind.NETWORK, True),
        (kite.DataException("Couldn't parse the JSON response", code=502), ErrorKind.DATA, True),
        (kite.GeneralException("Something went wrong", code=500), ErrorKind.GENERAL, True),
        (kite.InputException("Insufficient funds. Required margin is 95.00.", code=400), ErrorKind.MARGIN, False),
        (
            kite.InputException("Order request timed out. Please check the order book and confirm.", code=400),
            ErrorKind.INPUT,
            True,
        ),
        (requests.exceptions.ConnectTimeout("connect timed out"), ErrorKind.NETWORK, False),
        (requests.exceptions.ReadTimeout("read timed out"), ErrorKind.TIMEOUT, True),
        (requests.exceptions.ConnectionError("reset by peer"), ErrorKind.NETWORK, True),
        (requests.exceptions.ChunkedEncodingError("cut off"), ErrorKind.NETWORK, True),
        (requests.exceptions.TooManyRedirects("loop"), ErrorKind.NETWORK, True),
        (KeyError("data"), ErrorKind.DATA, True),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else str(value),
)
def test_each_error_says_what_happened_and_what_to_do(
    error: Exception, kind: ErrorKind, unknown_on_write: bool
) -> None:
    read, write = translate(error), translate(error, write=True)
    assert read.kind is kind
    assert not read.outcome_unknown, "a read never has an unknown outcome: it is simply retried"
    assert write.outcome_unknown is unknown_on_write
    message = read.user_message
    assert message.strip()
    assert "Exception" not in message, "the user is not told a class name"
    assert any(step in message.lower() for step in NEXT_STEP), message


def test_kites_own_words_for_refused_input_are_kept() -> None:
    """Kite's input messages already say what to fix ("Please reduce the order quantity"): shown as they are."""
    text = "The order quantity 1820 is higher than the maximum. Please reduce the order quantity."
    assert translate(kite.InputException(text, code=400)).user_message == text


def test_a_proxy_error_after_the_request_went_through_leaves_a_write_unknown() -> None:
    """urllib3 1.x turns a reset after forwarding into a ProxyError: only a refusal, a failed tunnel or a
    connection never made prove that nothing reached Kite."""
    from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError
    from urllib3.exceptions import ProxyError as Urllib3ProxyError

    reset = requests.exceptions.ProxyError(
        MaxRetryError(None, "/orders/regular", Urllib3ProxyError("Cannot connect to proxy.",  # type: ignore[arg-type]
                      ProtocolError("Connection aborted.", ConnectionResetError(104, "reset"))))
    )  # fmt: skip
    assert translate(reset, write=True).outcome_unknown
    never = requests.exceptions.ProxyError(
        MaxRetryError(None, "/orders/regular", Urllib3ProxyError("Cannot connect to proxy.",  # type: ignore[arg-type]
                      NewConnectionError(None, "Connection refused")))  # type: ignore[arg-type]
    )  # fmt: skip
    assert not translate(never, write=True).outcome_unknown
    tunnel = requests.exceptions.ProxyError("Tunnel connection failed: 403 Forbidden")
    assert not translate(tunnel, write=True).outcome_unknown
