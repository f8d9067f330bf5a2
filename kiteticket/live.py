"""Services for live trading on Kite: credentials in the OS keyring, the browser login, the real API through the SDK.

``--root`` and ``--login-url`` point the very same code path at any Kite-compatible server (the paper exchange, in
tests). Nothing is read from the keyring here: that may block (a keyring asking to be unlocked), so it happens in
the session's first task, after the window shows.
"""

from __future__ import annotations

from functools import partial

from kiteticket.broker.credentials import NO_KEYRING_HELP, open_store
from kiteticket.broker.guarded import guard
from kiteticket.broker.instrument_source import load_master
from kiteticket.broker.journal import JOURNAL_FILE
from kiteticket.broker.live_session import LiveSession
from kiteticket.broker.network import NetworkRoute
from kiteticket.cli import Options
from kiteticket.domain.account import Profile
from kiteticket.domain.instrument_cache import InstrumentCache
from kiteticket.domain.market_clock import MarketClock
from kiteticket.network_file import load_proxy_settings, save_proxy_settings
from kiteticket.paths import AppPaths
from kiteticket.preferences import load_preferences, save_preferences
from kiteticket.ui.assembly import Services
from kiteticket.ui.login_port import LoginServices
from kiteticket.ui.network_port import NetworkServices


def live_services(options: Options, paths: AppPaths) -> Services:
    store = open_store()
    session = LiveSession(store, root=options.root, login_base=options.login_url)
    broker = guard(session.gateway, paths.data_dir / JOURNAL_FILE)  # rate limit, audit, placement journal
    network = NetworkRoute(
        broker,
        store,
        load_proxy_settings(paths.network_file),
        partial(save_proxy_settings, paths.network_file),
    )
    preferences_file = paths.preferences_file
    return Services(
        broker=broker,
        connect=partial(_resume_through, network, session),
        load_master=partial(load_master, session.gateway, InstrumentCache(paths.instruments_cache / "live")),
        paper=None,
        preferences=load_preferences(preferences_file),
        save_preferences=partial(save_preferences, preferences_file),
        clock=MarketClock(),
        shutdown=broker.journal.close,
        layout_file=paths.layout_file,
        login=login_services(session),
        journal=broker.journal,
        network=NetworkServices(network.current, network.apply, network.check, network.watch),
        route_watch=network.watch,
    )


def _resume_through(network: NetworkRoute, session: LiveSession) -> Profile:
    """The session's first task: the stored proxy settings (its password from the keyring) before any call."""
    network.restore()
    return session.resume()


def login_services(session: LiveSession) -> LoginServices:
    return LoginServices(
        stored=session.stored,
        begin=session.begin,
        complete=session.complete,
        forget=session.forget,
        token_expiry=session.token_expiry,
        on_token_rejected=session.on_token_rejected,
        storage_note=NO_KEYRING_HELP if session.session_only else "",
    )
