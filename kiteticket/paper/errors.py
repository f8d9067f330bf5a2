"""Kite's error envelope as an exception: whatever goes wrong in a handler becomes one of these, never a traceback."""

from __future__ import annotations

# Kite answers repeated modifications with NetworkException (F18); the HTTP code is NOT CONFIRMED, so the
# strictest plausible one, 400 "bad request", is used and kept here.
MAX_MODIFICATIONS_STATUS = 400


class KiteError(Exception):
    """An error Kite would answer with: its HTTP status, error_type and message."""

    def __init__(self, message: str, error_type: str = "InputException", status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.error_type = error_type
        self.status = status


def input_error(message: str) -> KiteError:
    return KiteError(message, "InputException", 400)


def token_error(message: str = "Incorrect `api_key` or `access_token`.") -> KiteError:
    return KiteError(message, "TokenException", 403)


def general_error(message: str, status: int = 500) -> KiteError:
    return KiteError(message, "GeneralException", status)


def too_many_requests() -> KiteError:
    return KiteError("Too many requests", "NetworkException", 429)


def order_requests_exceeded() -> KiteError:
    """The daily order cap (facts §5, F19/F49). Kite's text; its HTTP code and error_type are NOT CONFIRMED, so
    the rate limits' 429 NetworkException is used: the SDK then raises what it raises for any other limit."""
    return KiteError("Maximum allowed order requests exceeded.", "NetworkException", 429)


def not_actionable(action: str) -> KiteError:
    return input_error(f"Order cannot be {action} as it is being processed. Try later.")


def too_many_modifications() -> KiteError:
    return KiteError("Maximum allowed order modifications exceeded.", "NetworkException", MAX_MODIFICATIONS_STATUS)
