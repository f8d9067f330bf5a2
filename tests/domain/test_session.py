from __future__ import annotations

from datetime import datetime

import pytest

from kiteticket.domain.credentials import Credentials, redirect_port, redirect_url_problem
from kiteticket.domain.market_clock import IST
from kiteticket.domain.session import expiry_warning, token_expiry


@pytest.mark.parametrize(
    ("login", "expiry"),
    [
        ("2026-11-25 09:00", "2026-11-26 06:00"),
        ("2026-11-25 23:59", "2026-11-26 06:00"),
        ("2026-11-26 05:30", "2026-11-26 06:00"),
        ("2026-11-26 06:00", "2026-11-27 06:00"),
    ],
)
def test_tokens_expire_at_six_the_next_morning(login: str, expiry: str) -> None:
    def at(text: str) -> datetime:
        return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=IST)

    assert token_expiry(at(login)) == at(expiry)


def _at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=IST)


def test_no_warning_while_the_expiry_is_far() -> None:
    assert expiry_warning(_at("2026-11-26 05:29"), _at("2026-11-26 06:00")) == ""
    assert expiry_warning(_at("2026-11-26 05:29"), None) == ""


def test_a_warning_ahead_of_the_expiry() -> None:
    text = expiry_warning(_at("2026-11-26 05:45"), _at("2026-11-26 06:00"))
    assert "ends at 06:00 IST (in 15 min)" in text
    assert "what you typed stays" in text


def test_after_the_expiry_it_says_so() -> None:
    assert "ended at 06:00 IST" in expiry_warning(_at("2026-11-26 06:01"), _at("2026-11-26 06:00"))


@pytest.mark.parametrize(
    ("url", "port"),
    [("http://127.0.0.1:5010/", 5010), ("http://localhost:7000/kite?x=1", 7000), ("http://127.0.0.1/", 80)],
)
def test_loopback_redirect_urls_name_their_port(url: str, port: int) -> None:
    assert redirect_port(url) == port
    assert redirect_url_problem(url) == ""


@pytest.mark.parametrize(
    "url", ["https://127.0.0.1:5010/", "http://0.0.0.0:5010/", "http://10.0.0.2:5010/", "", "http://127.0.0.1:0/"]
)
def test_other_redirect_urls_are_refused_with_a_reason(url: str) -> None:
    assert redirect_url_problem(url)


def test_credentials_never_show_their_secrets() -> None:
    credentials = Credentials("key", "the-secret", "the-token", _at("2026-11-26 06:00"))
    assert "the-secret" not in repr(credentials)
    assert "the-token" not in str(credentials)
    assert credentials.without_token().access_token == ""
