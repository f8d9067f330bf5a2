"""The composition root: builds the objects and wires them with constructor arguments.

``build(argv)`` returns the QApplication and the main window, fully wired (with ``--paper``, its exchange's process
starting), without entering the event loop; ``main()`` calls it and runs. Nothing here imports Qt: the window is
assembled by ``kiteticket.ui.assembly`` from the services made here.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

import requests

from kiteticket import __version__, login_cli
from kiteticket.broker.guarded import GuardedGateway, connect_guarded
from kiteticket.broker.journal import PAPER_JOURNAL_FILE
from kiteticket.broker.login import login_url, request_token_by_redirect
from kiteticket.cli import Options, parse_options
from kiteticket.domain.account import Profile
from kiteticket.domain.market_clock import MarketClock, MarketMode
from kiteticket.live import live_services
from kiteticket.logs import LogSecrets, install, uninstall
from kiteticket.paper.config import MEMORY_DB, WEBSOCKET_PATH, PaperConfig
from kiteticket.paper_process import PaperProcess
from kiteticket.paths import AppPaths
from kiteticket.profile_lock import ProfileInUseError, ProfileLock
from kiteticket.streaming import stream_factory
from kiteticket.ui.assembly import PaperControls, Services, assemble, run
from kiteticket.ui.session.refusal import show_refusal
from kiteticket.wiring import services

ADMIN_TIMEOUT_SECONDS = 10
PAPER_LOG_FILE = "paper-exchange.log"  # the exchange process's standard error, beside the app's own log
EXIT_PROFILE_IN_USE = 3

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from kiteticket.ui.main_window import MainWindow


def build(argv: list[str], log_secrets: LogSecrets | None = None) -> tuple[QApplication, MainWindow]:
    """Raises ProfileInUseError, before anything is started, when another process runs on the same profile.
    ``log_secrets`` learns where the secrets to keep out of the log file come from."""
    options = parse_options(argv)
    paths = AppPaths.resolve(options.home).ensure()
    # Before the exchange or the journal opens: a second instance must not touch the first one's placements.
    lock = ProfileLock.acquire(paths.data_dir)
    try:
        services = live_services(options, paths) if not options.paper else _paper_services(options, paths)
    except BaseException:
        lock.release()
        raise
    if log_secrets is not None and isinstance(services.broker, GuardedGateway):
        log_secrets.add(services.broker.known_secrets)
    return assemble(argv, replace(services, shutdown=partial(_shut_down, services.shutdown, lock)))


def _shut_down(shutdown: Callable[[], None], lock: ProfileLock) -> None:
    try:
        shutdown()
    finally:
        lock.release()


def _paper_services(options: Options, paths: AppPaths) -> Services:
    config = PaperConfig()  # the paper exchange's api_key and secret
    db_path = options.paper_db or str(paths.paper_db)
    exchange = PaperProcess(_paper_arguments(options, db_path, config), paths.log_dir / PAPER_LOG_FILE)
    root = exchange.start(reset=options.paper_reset)
    # A paper exchange in memory is gone at exit, and so are its orders: its journal has nothing to keep either.
    in_memory = db_path == MEMORY_DB
    broker = connect_guarded(config.api_key, root, MEMORY_DB if in_memory else paths.data_dir / PAPER_JOURNAL_FILE)
    return services(
        broker,
        paths,
        mode="paper",
        connect=partial(_paper_login, exchange, broker, root, config.api_secret),
        clock=MarketClock(mode=MarketMode(options.paper_market)),
        shutdown=partial(_stop_paper, exchange, broker),
        paper=PaperControls(
            set_market=partial(_paper_admin, root, "clock"),
            reset=partial(_paper_admin, root, "reset"),
            root=root,
            restart=None if in_memory else exchange.restart,
        ),
        token_watch=broker.on_token_rejected,
        route_watch=broker.watch_route,
        stream=stream_factory(broker, lambda: root.replace("http://", "ws://", 1) + WEBSOCKET_PATH)
        if options.stream
        else None,
    )


def _paper_arguments(options: Options, db_path: str, config: PaperConfig) -> list[str]:
    """kiteticket-paper's arguments for the app's options (the port is the process host's choice)."""
    arguments = ["--db", db_path, "--market", options.paper_market]
    arguments += ["--api-key", config.api_key, "--api-secret", config.api_secret]
    return arguments + (["--seed", str(options.seed)] if options.seed is not None else [])


def _stop_paper(exchange: PaperProcess, broker: GuardedGateway) -> None:
    exchange.stop()
    broker.journal.close()


def _paper_admin(root: str, action: str, market: str | None = None) -> None:
    """The paper exchange's loopback admin API: the same door its tests and scripts use, so its locking holds."""
    body = {"market": market} if market else {}
    reply = requests.post(f"{root}/_paper/{action}", json=body, timeout=ADMIN_TIMEOUT_SECONDS)
    reply.raise_for_status()


def _paper_login(exchange: PaperProcess, gateway: GuardedGateway, root: str, api_secret: str) -> Profile:
    """The paper exchange logs in like Kite, through the same SDK calls, but redirects without asking; the first
    login waits for its process to answer (the window was built meanwhile)."""
    exchange.wait_ready()
    request_token = request_token_by_redirect(login_url(gateway.api_key, base=f"{root}/connect/login"))
    gateway.log_in(request_token, api_secret)
    return gateway.profile()


NO_DISPLAY = "kiteticket: no display: set DISPLAY or QT_QPA_PLATFORM=offscreen"
EXIT_NO_DISPLAY = 2


def display_problem(environ: Mapping[str, str], platform: str) -> str | None:
    """Why no window can open, or None. On Linux with neither X11 nor Wayland and no Qt platform chosen, Qt's xcb
    plugin aborts the process with a page about a missing libxcb-cursor; one line says what to do instead."""
    if not platform.startswith("linux"):
        return None
    if any(environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        return None
    return NO_DISPLAY


def main(argv: list[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["login"]:  # `kiteticket login …`: the terminal login, no window
        return login_cli.main(arguments[1:])
    options = parse_options(arguments)  # --help, --version and bad options answer with or without a display
    problem = display_problem(os.environ, sys.platform)  # before QApplication exists: Qt would abort
    if problem is not None:
        print(problem, file=sys.stderr)
        return EXIT_NO_DISPLAY
    secrets = LogSecrets()
    log_file = install(AppPaths.resolve(options.home).log_dir, secrets)
    log.info("kiteticket %s starting (%s)", __version__, "paper" if "--paper" in arguments else "live")
    try:
        return _run(arguments, secrets)
    finally:
        log.info("kiteticket stopped")
        uninstall(log_file)


def _run(arguments: list[str], secrets: LogSecrets) -> int:
    try:
        app, window = build(arguments, secrets)
    except ProfileInUseError as error:
        log.warning("not started: %s", error)
        sys.stderr.write(f"kiteticket: {error}\n")
        show_refusal("kiteticket is already running", str(error))
        return EXIT_PROFILE_IN_USE
    return run(app, window)
