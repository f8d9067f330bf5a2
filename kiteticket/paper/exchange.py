"""PaperExchange: start the paper exchange in background threads and stop it cleanly.

    with PaperExchange(PaperConfig(port=0)) as exchange:
        kite = KiteConnect(exchange.api_key, root=exchange.root_url)

The app uses this to run the exchange in-process; the CLI uses it too.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterable
from functools import partial
from io import BufferedIOBase
from types import TracebackType

from kiteticket.domain.tick import Tick
from kiteticket.paper.addresses import is_loopback
from kiteticket.paper.config import WEBSOCKET_PATH, PaperConfig
from kiteticket.paper.core import Core
from kiteticket.paper.errors import KiteError
from kiteticket.paper.faults import Fault
from kiteticket.paper.httpd import PaperHTTPServer, make_server
from kiteticket.paper.market_ticks import market_tick
from kiteticket.paper.server import create_app
from kiteticket.paper.ticker_hub import TickerHub
from kiteticket.paper.ws_session import serve as serve_websocket

log = logging.getLogger(__name__)


class PaperExchange:
    def __init__(self, config: PaperConfig | None = None) -> None:
        self.config = config or PaperConfig()
        if not self.config.allow_remote and not is_loopback(self.config.host):
            raise ValueError(f"Refusing to serve on {self.config.host}: not a loopback address (use allow_remote).")
        self._core: Core | None = None
        self._server: PaperHTTPServer | None = None
        self.ticker = TickerHub(self._ticks)
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()

    @property
    def core(self) -> Core:
        if self._core is None:
            raise RuntimeError("The paper exchange is not running.")
        return self._core

    @property
    def api_key(self) -> str:
        return self.config.api_key

    @property
    def api_secret(self) -> str:
        return self.config.api_secret

    @property
    def db_path(self) -> str:
        return self.config.db_path

    @property
    def root_url(self) -> str:
        if self._server is None:
            raise RuntimeError("The paper exchange is not running.")
        host, port = self._server.server_address[:2]
        text = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{text}]" if ":" in text else text
        return f"http://{shown}:{port}"

    def start(self) -> str:
        if self._server is not None:
            return self.root_url
        self._stopping.clear()
        self._core = Core(self.config)
        # The user's order updates go to every ticker connection of the api_key, whichever client placed them.
        self._core.services.orders.listeners.append(partial(self.ticker.order_update, self.config.api_key))
        self._core.ticker_fault = self._ticker_fault
        app = create_app(self._core)
        self._server = server = make_server(self.config.host, self.config.port, app, self._serve_websocket)
        self._spawn("paper-http", lambda: server.serve_forever(poll_interval=0.05))
        if self.config.tick_seconds > 0:
            self._spawn("paper-market", self._run_market)
        return self.root_url

    def _spawn(self, name: str, target: object) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)  # type: ignore[arg-type]
        thread.start()
        self._threads.append(thread)

    @property
    def ws_url(self) -> str:
        """The ticker's root for ``KiteTicker(api_key, access_token, root=...)``."""
        return self.root_url.replace("http://", "ws://", 1) + WEBSOCKET_PATH

    def _run_market(self) -> None:
        while not self._stopping.wait(self.config.tick_seconds):
            try:
                self.core.tick()
                self.ticker.beat()
            except Exception:  # one bad beat must not stop the market for the rest of the session
                log.exception("paper exchange: market tick failed")

    def _ticks(self, tokens: Iterable[int]) -> dict[int, Tick]:
        """The ticks of the subscribed instruments; subscribing brings an instrument's market to life."""
        core = self.core
        with core.lock:
            now = int(core.clock.now().timestamp())
            found = (core.master.by_token(token) for token in tokens)
            return {i.instrument_token: market_tick(core.market.state(i), now) for i in found if i is not None}

    def _ticker_fault(self, fault: Fault) -> None:
        if fault.kind == "ws_close":
            self.ticker.abort_all()
        elif fault.kind == "ws_stall":
            self.ticker.stall(fault.latency_ms / 1000)
        elif fault.kind == "ws_delay":
            self.ticker.delay(fault.latency_ms / 1000)

    def _serve_websocket(self, sock: socket.socket, reader: BufferedIOBase, request: bytes) -> None:
        serve_websocket(sock, reader, request, self.ticker, self._authenticate)

    def _authenticate(self, api_key: str, access_token: str) -> bool:
        core = self.core
        with core.lock:
            try:
                core.sessions.authenticate(f"token {api_key}:{access_token}")
            except KiteError:
                return False
        return True

    def stop(self) -> None:
        if self._server is None:
            return
        self._stopping.set()
        self._server.shutdown()
        self._server.close_connections()
        self._server.server_close()
        for thread in self._threads:
            thread.join()
        self._threads.clear()
        self._server = None
        if self._core is not None:
            self._core.close()
            self._core = None

    def __enter__(self) -> PaperExchange:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()
