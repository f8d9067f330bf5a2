"""What live and paper mode share in the composition root: the services the UI is given, around the one guarded
gateway (``broker.guarded.connect_guarded``) that every SDK call goes through, login, token exchange, profile, logout
and the instrument download included, so all are rate-limited and in the audit log. ``live.py`` and ``app.py``
differ only in how they log in and what they stop."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from kiteticket.basket_store import load_baskets, save_baskets
from kiteticket.broker.guarded import GuardedGateway
from kiteticket.broker.instrument_cache import InstrumentCache
from kiteticket.broker.instrument_source import load_master
from kiteticket.domain.account import Profile
from kiteticket.domain.market_clock import MarketClock
from kiteticket.paths import AppPaths
from kiteticket.preferences import load_preferences, save_preferences
from kiteticket.ui.assembly import PaperControls, Services
from kiteticket.ui.market.stream_controller import StreamFactory
from kiteticket.ui.session.login_port import LoginServices
from kiteticket.ui.session.network_port import NetworkServices, RouteWatch
from kiteticket.watchlist_store import load_watchlists, save_watchlists


def services(
    broker: GuardedGateway,
    paths: AppPaths,
    *,
    mode: str,
    connect: Callable[[], Profile],
    clock: MarketClock,
    shutdown: Callable[[], None],
    paper: PaperControls | None = None,
    login: LoginServices | None = None,
    token_watch: Callable[[Callable[[], None]], None] | None = None,
    network: NetworkServices | None = None,
    route_watch: RouteWatch | None = None,
    stream: StreamFactory | None = None,
) -> Services:
    """``mode`` ("live", "paper") keeps each one's instrument cache apart."""
    return Services(
        broker=broker,
        connect=connect,
        load_master=partial(load_master, broker, InstrumentCache(paths.instruments_cache / mode)),
        paper=paper,
        preferences=load_preferences(paths.preferences_file),
        save_preferences=partial(save_preferences, paths.preferences_file),
        clock=clock,
        shutdown=shutdown,
        layout_file=paths.layout_file,
        journal=broker.journal,
        login=login,
        token_watch=token_watch,
        network=network,
        route_watch=route_watch,
        stream=stream,
        watchlists=load_watchlists(paths.watchlists_file),
        save_watchlists=partial(save_watchlists, paths.watchlists_file),
        baskets=load_baskets(paths.baskets_file),
        save_baskets=partial(save_baskets, paths.baskets_file),
    )
