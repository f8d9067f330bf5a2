"""Services for live trading on Kite: credentials from the OS keyring, the real API through the SDK."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from kiteticket.broker.credentials import CredentialStore
from kiteticket.broker.gateway import KiteGateway
from kiteticket.broker.instrument_source import load_master
from kiteticket.cli import Options
from kiteticket.domain.account import Profile
from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.instrument_cache import InstrumentCache
from kiteticket.domain.market_clock import IST, MarketClock
from kiteticket.paths import AppPaths
from kiteticket.preferences import load_preferences, save_preferences
from kiteticket.ui.assembly import Services


def live_services(options: Options, paths: AppPaths) -> Services:
    store = CredentialStore()
    credentials = store.load() if store.available else None
    gateway = KiteGateway.connect(credentials.api_key if credentials else "", "", root=options.root)
    preferences_file = paths.preferences_file
    return Services(
        broker=gateway,
        connect=partial(_connect_with_stored_token, gateway, store),
        load_master=partial(load_master, gateway, InstrumentCache(paths.instruments_cache / "live")),
        paper=None,
        preferences=load_preferences(preferences_file),
        save_preferences=partial(save_preferences, preferences_file),
        clock=MarketClock(),
        shutdown=_nothing,
        layout_file=paths.layout_file,
    )


def _connect_with_stored_token(gateway: KiteGateway, store: CredentialStore) -> Profile:
    """Reuse a stored, unexpired token after checking it with profile(); otherwise say how to log in."""
    credentials = store.load()
    if credentials is None or not credentials.token_valid_at(datetime.now(IST)):
        raise BrokerError(
            ErrorKind.TOKEN,
            "No valid Kite session is stored. Live login is not built yet: use kiteticket --paper for now.",
        )
    gateway.use_token(credentials.access_token)
    return gateway.profile()


def _nothing() -> None:
    """Live mode owns no server to stop."""
