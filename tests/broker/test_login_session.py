"""LiveSession against the paper exchange through the real SDK: reuse a stored token, log in, watch for refusals."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import keyring.errors
import kiteconnect
import pytest

from kiteticket.broker.credentials import CredentialStore, KeyringOrMemory, SessionOnlyStore, Store
from kiteticket.broker.gateway import KiteGateway
from kiteticket.broker.guarded import GuardedGateway
from kiteticket.broker.journal import Journal
from kiteticket.broker.live_session import LiveSession
from kiteticket.broker.login import LoginAttempt
from kiteticket.domain.credentials import Credentials, MissingCredentialsError
from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.market_clock import IST
from kiteticket.domain.session import token_expiry
from kiteticket.paper.exchange import PaperExchange
from tests.login_support import API_KEY, API_SECRET, Browser, paper_exchange
from tests.memory_keyring import LockedKeyring, MemoryKeyring
from tests.paper.helpers import logged_in


@pytest.fixture
def exchange() -> Iterator[PaperExchange]:
    with paper_exchange() as running:
        yield running


def session_for(exchange: PaperExchange, store: Store, journal: Journal | None = None) -> LiveSession:
    """The session on a gateway of its own, guarded as the app's is (an audit log in memory unless given one)."""
    root = exchange.root_url
    gateway = GuardedGateway(KiteGateway.connect("", "", root=root), journal or Journal(":memory:"))
    return LiveSession(store, gateway, login_base=f"{root}/connect/login")


def browser_login(exchange: PaperExchange, session: LiveSession) -> str:
    """Log in through the stand-in browser; the access token it stored."""
    attempt = session.begin(keys(exchange))
    browser = Browser()
    browser.open(attempt.url)
    session.complete(attempt.wait(10))
    browser.join()
    return session._token


def keys(exchange: PaperExchange, token: str = "", expires: datetime | None = None) -> Credentials:
    return Credentials(API_KEY, API_SECRET, token, expires, exchange.config.redirect_url)


def test_no_stored_keys_means_setup(exchange: PaperExchange) -> None:
    with pytest.raises(MissingCredentialsError):
        session_for(exchange, CredentialStore(MemoryKeyring())).resume()


def test_an_expired_stored_token_is_not_even_tried(exchange: PaperExchange) -> None:
    store = CredentialStore(MemoryKeyring())
    store.save(keys(exchange, "old", datetime.now(IST) - timedelta(seconds=1)))
    with pytest.raises(BrokerError) as caught:
        session_for(exchange, store).resume()
    assert caught.value.kind is ErrorKind.TOKEN


def test_a_stored_token_is_checked_with_profile(exchange: PaperExchange) -> None:
    kite = logged_in(exchange)
    store = CredentialStore(MemoryKeyring())
    expiry = token_expiry(datetime.now(IST))
    store.save(keys(exchange, str(kite.access_token), expiry))
    kite.reqsession.close()
    session = session_for(exchange, store)
    assert session.resume().user_id == "PA0001"
    assert session.token_expiry() == expiry


def test_a_token_kite_refuses_is_reported_to_watchers(exchange: PaperExchange) -> None:
    store = CredentialStore(MemoryKeyring())
    store.save(keys(exchange, "revoked", datetime.now(IST) + timedelta(hours=1)))
    session = session_for(exchange, store)
    refused: list[bool] = []
    session.on_token_rejected(lambda: refused.append(True))
    with pytest.raises(BrokerError) as caught:
        session.resume()
    assert caught.value.kind is ErrorKind.TOKEN
    assert refused == [True]


def test_a_browser_login_stores_keys_and_token_even_in_session_only_mode(exchange: PaperExchange) -> None:
    store = SessionOnlyStore()
    session = session_for(exchange, store)
    assert session.session_only
    attempt = session.begin(keys(exchange))
    assert session.stored() == keys(exchange)  # offered again by the setup dialog if this login fails
    assert store.load() is None  # stored only once the login works
    browser = Browser()
    browser.open(attempt.url)
    profile = session.complete(attempt.wait(10))
    browser.join()
    assert profile.user_id == "PA0001"
    stored = store.load()
    assert stored is not None
    assert stored.token_valid_at(datetime.now(IST))
    assert session.token_expiry() == stored.token_expires_at
    session.forget()
    assert store.load() is None
    assert session.token_expiry() is None


def test_the_login_url_carries_a_fresh_state_each_time(exchange: PaperExchange) -> None:
    states = []
    for _ in range(2):
        attempt = LoginAttempt(API_KEY, exchange.config.redirect_url, f"{exchange.root_url}/connect/login")
        query = parse_qs(urlsplit(attempt.url).query)
        assert query["api_key"] == [API_KEY]
        assert query["v"] == ["3"]
        states.append(parse_qs(query["redirect_params"][0])["state"][0])
        attempt.close()
    assert states[0] != states[1]
    assert len(states[0]) >= 16


def test_forget_ends_the_session_at_kite_before_emptying_the_keyring(exchange: PaperExchange) -> None:
    backend = MemoryKeyring()
    journal = Journal(":memory:")
    session = session_for(exchange, CredentialStore(backend), journal)
    token = browser_login(exchange, session)
    told = session.forget()
    assert "the old token is void" in told
    assert backend.entries == {}
    old = kiteconnect.KiteConnect(API_KEY, access_token=token, root=exchange.root_url)
    with pytest.raises(kiteconnect.exceptions.TokenException):
        old.profile()
    old.reqsession.close()
    calls = [record.call for record in journal.audit_records()]
    assert calls == ["logout", "profile", "log_in"], "every request of the login went through the guarded gateway"
    journal.close()


def test_forget_empties_the_keyring_even_when_kite_cannot_be_told(exchange: PaperExchange) -> None:
    backend = MemoryKeyring()
    session = session_for(exchange, CredentialStore(backend))
    browser_login(exchange, session)
    exchange.stop()  # Kite out of reach
    told = session.forget()
    assert "could not be asked to end the session" in told
    assert "works until 06:00 IST" in told
    assert backend.entries == {}


def test_forget_with_a_dead_token_raises_no_session_ended_alarm(exchange: PaperExchange) -> None:
    store = CredentialStore(MemoryKeyring())
    store.save(keys(exchange, "long-dead", datetime.now(IST) + timedelta(hours=1)))
    session = session_for(exchange, store)
    refused: list[bool] = []
    session.on_token_rejected(lambda: refused.append(True))
    assert "the old token is void" in session.forget()
    assert refused == []
    assert store.load() is None


@pytest.mark.parametrize("error", [keyring.errors.KeyringLocked, keyring.errors.InitError])
def test_a_keyring_that_refuses_falls_back_to_memory_for_the_session(
    exchange: PaperExchange, error: type[Exception]
) -> None:
    backend = LockedKeyring(error)
    store = KeyringOrMemory(CredentialStore(backend))
    session = session_for(exchange, store)
    assert session.storage_note() == ""
    with pytest.raises(MissingCredentialsError):
        session.resume()  # nothing can be read: the setup comes next, not a stuck "Connecting…"
    assert session.session_only
    assert error.__name__ in session.storage_note()
    assert "for this session only" in session.storage_note()
    browser_login(exchange, session)
    assert store.load() == session.stored()
    stored = store.load()
    assert stored is not None
    assert stored.token_valid_at(datetime.now(IST))
    assert backend.calls == 1, "once it failed, the keyring is left alone"
