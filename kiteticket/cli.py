"""The command line of ``kiteticket``: parsed into a frozen Options object, nothing started here."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from kiteticket import __version__

DESCRIPTION = """\
kiteticket: a desktop order ticket for Zerodha's Kite Connect API.

With --paper it runs against a local paper exchange that speaks the Kite Connect API: no account, no real money.
Without it, it trades on your Kite account with the credentials kept in your OS keyring; on the first run it asks
for your Kite app's api_key, api_secret and redirect URL, then logs in through your browser.

`kiteticket login [--root URL] [--login-url URL] [--redirect-url URL] [--no-browser]` logs in from a terminal and
stores the day's access token (see `kiteticket login --help`).
"""


@dataclass(frozen=True, slots=True)
class Options:
    paper: bool
    root: str | None
    login_url: str | None
    home: Path | None
    paper_db: str | None
    paper_market: str
    paper_reset: bool
    seed: int | None
    stream: bool = True


def parser() -> argparse.ArgumentParser:
    parse = argparse.ArgumentParser(
        prog="kiteticket", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parse.add_argument("--version", action="version", version=f"kiteticket {__version__}")
    parse.add_argument(
        "--paper", action="store_true", help="trade on the paper exchange, in a process of its own (no Kite account)"
    )
    parse.add_argument("--root", metavar="URL", help="Kite API root to use instead of https://api.kite.trade")
    parse.add_argument("--login-url", metavar="URL", help="Kite login page to use instead of kite.zerodha.com")
    parse.add_argument(
        "--home",
        metavar="DIR",
        type=Path,
        help="keep config, data and cache under DIR instead of the platform's folders",
    )
    parse.add_argument(
        "--no-stream",
        dest="stream",
        action="store_false",
        help="no WebSocket: quotes and the order book by polling only (for networks that block WebSockets)",
    )
    paper = parse.add_argument_group("paper exchange (with --paper)")
    paper.add_argument(
        "--paper-db", metavar="PATH", help="the paper account's SQLite file (default: in the data folder; ':memory:')"
    )
    paper.add_argument(
        "--paper-market",
        choices=("open", "closed", "real"),
        default="open",
        help="the paper exchange's clock: always open, always after hours (AMOs), or real IST hours (default: open)",
    )
    paper.add_argument("--paper-reset", action="store_true", help="start the paper account afresh")
    paper.add_argument("--seed", type=int, help="seed the paper market's prices, for repeatable sessions")
    return parse


def parse_options(argv: list[str]) -> Options:
    args = parser().parse_args(argv)
    return Options(
        paper=args.paper,
        root=args.root,
        login_url=args.login_url,
        home=args.home,
        paper_db=args.paper_db,
        paper_market=args.paper_market,
        paper_reset=args.paper_reset,
        seed=args.seed,
        stream=args.stream,
    )
