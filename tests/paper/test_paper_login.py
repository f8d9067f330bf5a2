"""Login, sessions and tokens, through the real SDK."""

from __future__ import annotations

import pytest
from kiteconnect import KiteConnect
from kiteconnect.exceptions import TokenException

from kiteticket.paper.exchange import PaperExchange
from tests.paper.helpers import admin, login_redirect, request_token


def test_login_redirects_with_token_and_echoes_redirect_params(exchange: PaperExchange) -> None:
    query = login_redirect(exchange, redirect_params="some=X&more=Y")
    assert query["action"] == ["login"]
    assert query["status"] == ["success"]
    assert query["some"] == ["X"]
    assert query["more"] == ["Y"]
    assert len(query["request_token"][0]) >= 16


def test_generate_session_gives_a_working_access_token(exchange: PaperExchange) -> None:
    kite = KiteConnect(exchange.api_key, root=exchange.root_url)
    session = kite.generate_session(request_token(exchange), api_secret=exchange.api_secret)
    assert session["api_key"] == exchange.api_key
    assert kite.access_token == session["access_token"]
    assert kite.profile()["user_id"] == session["user_id"]
    kite.reqsession.close()


def test_bad_checksum_is_a_token_exception(exchange: PaperExchange) -> None:
    kite = KiteConnect(exchange.api_key, root=exchange.root_url)
    with pytest.raises(TokenException) as caught:
        kite.generate_session(request_token(exchange), api_secret="wrong")
    assert caught.value.code == 403
    kite.reqsession.close()


def test_request_token_is_single_use(exchange: PaperExchange) -> None:
    token = request_token(exchange)
    kite = KiteConnect(exchange.api_key, root=exchange.root_url)
    kite.generate_session(token, api_secret=exchange.api_secret)
    with pytest.raises(TokenException, match="invalid or has expired"):
        kite.generate_session(token, api_secret=exchange.api_secret)
    kite.reqsession.close()


def test_request_token_expires_in_minutes(exchange: PaperExchange) -> None:
    admin(exchange, "clock", {"now": "2026-11-25 10:00:00"})
    token = request_token(exchange)
    admin(exchange, "clock", {"now": "2026-11-25 10:05:00"})
    kite = KiteConnect(exchange.api_key, root=exchange.root_url)
    with pytest.raises(TokenException):
        kite.generate_session(token, api_secret=exchange.api_secret)
    kite.reqsession.close()


def test_every_route_needs_a_live_session(exchange: PaperExchange) -> None:
    kite = KiteConnect(exchange.api_key, access_token="not-a-token", root=exchange.root_url)
    expired: list[bool] = []
    kite.set_session_expiry_hook(lambda: expired.append(True))
    with pytest.raises(TokenException, match=r"Incorrect `api_key` or `access_token`\.") as caught:
        kite.orders()
    assert caught.value.code == 403
    assert expired == [True]
    kite.reqsession.close()


def test_logout_kills_the_token(exchange: PaperExchange, kite: KiteConnect) -> None:
    assert kite.invalidate_access_token() is True
    with pytest.raises(TokenException):
        kite.profile()


def test_access_token_dies_at_six_the_next_morning(exchange: PaperExchange) -> None:
    admin(exchange, "clock", {"now": "2026-11-25 10:00:00"})
    kite = KiteConnect(exchange.api_key, root=exchange.root_url)
    kite.generate_session(request_token(exchange), api_secret=exchange.api_secret)
    admin(exchange, "clock", {"now": "2026-11-26 05:59:00"})
    assert kite.profile()
    admin(exchange, "clock", {"now": "2026-11-26 06:00:01"})
    with pytest.raises(TokenException):
        kite.profile()
    kite.reqsession.close()


def test_wrong_api_key_at_login_is_refused(exchange: PaperExchange) -> None:
    import requests

    response = requests.get(
        f"{exchange.root_url}/connect/login", params={"api_key": "nope", "v": "3"}, allow_redirects=False, timeout=5
    )
    assert response.status_code == 400
    assert response.json()["error_type"] == "InputException"
