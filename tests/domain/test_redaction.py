"""Secrets never reach the log: by parameter name, by known value, and in the SDK's header and query forms."""

from __future__ import annotations

from kiteticket.domain.redaction import REDACTED, redact_params, redact_text


def test_secret_parameters_lose_their_values_at_any_depth() -> None:
    params = {
        "api_key": "k1", "access_token": "t1", "api_secret": "s1", "request_token": "r1", "checksum": "c1",
        "tradingsymbol": "INFY", "nested": {"Authorization": "token k1:t1", "quantity": 5},
        "list": [{"checksum": "c2"}],
    }  # fmt: skip
    assert redact_params(params) == {
        "api_key": REDACTED, "access_token": REDACTED, "api_secret": REDACTED, "request_token": REDACTED,
        "checksum": REDACTED, "tradingsymbol": "INFY", "nested": {"Authorization": REDACTED, "quantity": 5},
        "list": [{"checksum": REDACTED}],
    }  # fmt: skip


def test_known_secret_values_and_token_shapes_are_scrubbed_from_text() -> None:
    text = (
        "Unknown Content-Type with response: Authorization: token abcd1234:zz99yy88 "
        "url=/session/token?api_key=abcd1234&request_token=rq777 body {'access_token': 'at-5555'} secretvalue"
    )
    scrubbed = redact_text(text, secrets=["secretvalue", "abc"])
    for secret in ("abcd1234", "zz99yy88", "rq777", "at-5555", "secretvalue"):
        assert secret not in scrubbed
    assert scrubbed.startswith("Unknown Content-Type with response: Authorization: token [redacted]")


def test_short_values_are_not_searched_for_in_text() -> None:
    assert redact_text("a paper exchange", secrets=["a"]) == "a paper exchange"
