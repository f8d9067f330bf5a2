"""Services for live trading on Kite: credentials in the OS keyring, the browser login, the real API through the SDK.

``--root`` and ``--login-url`` point the very same code path at any Kite-compatible server (the paper exchange, in
tests). Nothing is read from the keyring here: that may block (a keyring asking to be unlocked), so it happens in
the session's first task, after the window shows.
"""

from __future__ import annotations

from kiteticket.broker.credentials import open_store
from kiteticket.broker.guarded import connect_guarded
from kiteticket.broker.journal import JOURNAL_FILE
from kiteticket.broker.live_session import LiveSession
from kiteticket.cli import Options
from kiteticket.domain.market_clock import MarketClock
from kiteticket.paths import AppPaths
from kiteticket.ui.assembly import Services
from kiteticket.ui.login_port import LoginServices
from kiteticket.wiring import services


def live_services(options: Options, paths: AppPaths) -> Services:
    # The api_key is set once read from the keyring; every call, the login's too, goes through this one gateway.
    broker = connect_guarded("", options.root, paths.data_dir / JOURNAL_FILE)
    session = LiveSession(open_store(), broker, login_base=options.login_url)
    return services(
        broker,
        paths,
        mode="live",
        connect=session.resume,
        clock=MarketClock(),
        shutdown=broker.journal.close,
        login=login_services(session),
    )


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
