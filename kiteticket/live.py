"""Services for live trading on Kite: credentials in the OS keyring, the browser login, the real API through the SDK.

``--root`` and ``--login-url`` point the very same code path at any Kite-compatible server (the paper exchange, in
tests). Nothing is read from the keyring here: that may block (a keyring asking to be unlocked), so it happens in
the session's first task, after the window shows.
"""

from __future__ import annotations

from functools import partial

from kiteticket.broker.credentials import open_store
from kiteticket.broker.guarded import connect_guarded
from kiteticket.broker.journal import JOURNAL_FILE
from kiteticket.broker.live_session import LiveSession
from kiteticket.broker.network import NetworkRoute
from kiteticket.cli import Options
from kiteticket.domain.account import Profile
from kiteticket.domain.market_clock import MarketClock
from kiteticket.network_file import load_proxy_settings, save_proxy_settings
from kiteticket.paths import AppPaths
from kiteticket.streaming import stream_factory
from kiteticket.ui.assembly import Services
from kiteticket.ui.session.login_port import LoginServices
from kiteticket.ui.session.network_port import NetworkServices
from kiteticket.wiring import services


def live_services(options: Options, paths: AppPaths) -> Services:
    # The api_key is set once read from the keyring; every call, the login's too, goes through this one gateway.
    broker = connect_guarded("", options.root, paths.data_dir / JOURNAL_FILE)
    store = open_store()
    session = LiveSession(store, broker, login_base=options.login_url)
    network = NetworkRoute(
        broker, store, load_proxy_settings(paths.network_file), partial(save_proxy_settings, paths.network_file)
    )
    return services(
        broker,
        paths,
        mode="live",
        connect=partial(_resume_through, network, session),
        clock=MarketClock(),
        shutdown=broker.journal.close,
        login=login_services(session),
        network=NetworkServices(network.current, network.apply, network.check, network.watch),
        route_watch=network.watch,
        # Kite's own ticker; autobahn takes a proxy only for all calls through HTTP without a password.
        stream=stream_factory(broker, lambda: None, network.ticker_proxy) if options.stream else None,
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
        storage_note=session.storage_note,
    )
