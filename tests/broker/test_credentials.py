"""Credentials in the keyring: the real OS backend (Secret Service in CI) and an in-memory one."""

from __future__ import annotations

import os
from datetime import datetime

import keyring
import pytest

from kiteticket.broker.credentials import PROXY_PASSWORD, SERVICE, CredentialStore, SessionOnlyStore
from kiteticket.domain.credentials import Credentials
from kiteticket.domain.market_clock import IST
from tests.memory_keyring import MemoryKeyring

CREDENTIALS = Credentials("key123", "secret456", "token789", datetime(2026, 11, 26, 6, 0, tzinfo=IST))


def test_round_trip_and_forget_in_memory() -> None:
    backend = MemoryKeyring()
    store = CredentialStore(backend)
    assert store.load() is None
    store.save(CREDENTIALS)
    assert store.load() == CREDENTIALS
    assert backend.entries[(SERVICE, "api_secret")] == "secret456"
    store.forget()
    assert store.load() is None
    assert backend.entries == {}


def test_secrets_never_show_in_repr() -> None:
    text = repr(CREDENTIALS) + str(CREDENTIALS)
    assert "secret456" not in text
    assert "token789" not in text


def test_token_validity_follows_its_expiry() -> None:
    assert CREDENTIALS.token_valid_at(datetime(2026, 11, 26, 5, 59, tzinfo=IST))
    assert not CREDENTIALS.token_valid_at(datetime(2026, 11, 26, 6, 0, tzinfo=IST))


@pytest.fixture
def system_store() -> CredentialStore:
    """The OS keyring as the app would use it. CI runs the tests inside a D-Bus session with an unlocked
    gnome-keyring, so this is the real Secret Service there; a developer machine without one skips."""
    store = CredentialStore()
    if os.environ.get("CI"):
        assert "SecretService" in store.backend_name, f"CI must test the real Secret Service, not {store.backend_name}"
    elif not store.available:
        pytest.skip("no OS keyring on this machine")
    return store


def test_round_trip_through_the_os_keyring(system_store: CredentialStore) -> None:
    try:
        system_store.save(CREDENTIALS)
        assert system_store.load() == CREDENTIALS
        assert keyring.get_password(SERVICE, "access_token") == "token789"
    finally:
        system_store.forget()
    assert system_store.load() is None


def test_the_proxy_password_is_a_keyring_entry_of_its_own(system_store: CredentialStore) -> None:
    try:
        system_store.save_proxy_password("pr0xy:pw")
        assert system_store.proxy_password() == "pr0xy:pw"
        assert keyring.get_password(SERVICE, PROXY_PASSWORD) == "pr0xy:pw"
        system_store.save_proxy_password("")
        assert system_store.proxy_password() == "", "an empty password removes the entry"
        system_store.save_proxy_password("again")
    finally:
        system_store.forget()
    assert system_store.proxy_password() == "", "Forget credentials takes the proxy's password too"


def test_without_a_keyring_the_proxy_password_lives_in_memory() -> None:
    store = SessionOnlyStore()
    store.save_proxy_password("pw")
    assert store.proxy_password() == "pw"
    store.forget()
    assert store.proxy_password() == ""
