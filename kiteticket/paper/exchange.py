"""PaperExchange: start the paper exchange in background threads and stop it cleanly.

    with PaperExchange(PaperConfig(port=0)) as exchange:
        kite = KiteConnect(exchange.api_key, root=exchange.root_url)

The app uses this to run the exchange in-process; the CLI uses it too.
"""

from __future__ import annotations

import ipaddress
import logging
import threading
from types import TracebackType

from kiteticket.paper.config import PaperConfig
from kiteticket.paper.core import Core
from kiteticket.paper.httpd import PaperHTTPServer, make_server
from kiteticket.paper.server import create_app

log = logging.getLogger(__name__)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class PaperExchange:
    def __init__(self, config: PaperConfig | None = None) -> None:
        self.config = config or PaperConfig()
        if not self.config.allow_remote and not is_loopback(self.config.host):
            raise ValueError(f"Refusing to serve on {self.config.host}: not a loopback address (use allow_remote).")
        self._core: Core | None = None
        self._server: PaperHTTPServer | None = None
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
        self._server = server = make_server(self.config.host, self.config.port, create_app(self._core))
        self._spawn("paper-http", lambda: server.serve_forever(poll_interval=0.05))
        if self.config.tick_seconds > 0:
            self._spawn("paper-market", self._run_market)
        return self.root_url

    def _spawn(self, name: str, target: object) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)  # type: ignore[arg-type]
        thread.start()
        self._threads.append(thread)

    def _run_market(self) -> None:
        while not self._stopping.wait(self.config.tick_seconds):
            try:
                self.core.tick()
            except Exception:  # one bad beat must not stop the market for the rest of the session
                log.exception("paper exchange: market tick failed")

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
