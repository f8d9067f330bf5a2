"""Everything the paper exchange can be started with; the CLI and the app build one of these."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kiteticket.domain.credentials import DEFAULT_REDIRECT_URL as APP_REDIRECT_URL
from kiteticket.paper.addresses import postback_url_problem

MEMORY_DB = ":memory:"
# Where `kiteticket login` listens unless told otherwise, so that it logs in against a paper exchange started with
# its defaults (the app's embedded exchange reads the redirect without following it).
DEFAULT_REDIRECT_URL = APP_REDIRECT_URL

WEBSOCKET_PATH = "/ws"  # the ticker, on the REST API's own host and port


@dataclass(frozen=True, slots=True)
class PaperConfig:
    host: str = "127.0.0.1"
    port: int = 0
    db_path: str = MEMORY_DB
    reset: bool = False
    api_key: str = "paper"
    api_secret: str = "paper"
    redirect_url: str = DEFAULT_REDIRECT_URL
    seed: int | None = None
    market: str = "open"  # open | closed | real: the exchange clock's mode
    rate_limit: bool = True
    allow_remote: bool = False
    # The 2026 static-IP rule (paper/static_ip.py): order writes from any other client address are refused.
    # Empty, the default, turns the rule off.
    registered_ips: tuple[str, ...] = ()
    # How often the simulated market moves and resting orders are matched; 0 stops the background ticker
    # (prices then move only through the admin API, which tests use for determinism).
    tick_seconds: float = 0.5
    opening_cash: Decimal = Decimal("1000000")
    user_id: str = "PA0001"
    postback_url: str | None = None  # where order changes are POSTed, as Kite's postbacks (paper/postback.py)

    def __post_init__(self) -> None:
        problem = postback_url_problem(self.postback_url, self.allow_remote) if self.postback_url else None
        if problem:
            raise ValueError(f"Refusing to send postbacks: {problem}")
