"""``kiteticket-paper``: run the paper exchange until interrupted.

Prints the root URL, the api_key and the database path, one labelled line each ("root: http://127.0.0.1:8000"),
so that a person knows which is which and a script can read them.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any

from kiteticket.paper.addresses import is_loopback, postback_url_problem
from kiteticket.paper.config import DEFAULT_REDIRECT_URL, MEMORY_DB, PaperConfig
from kiteticket.paper.errors import KiteError
from kiteticket.paper.exchange import PaperExchange
from kiteticket.paper.static_ip import RegisteredIps
from kiteticket.paths import AppPaths


def default_db_path() -> str:
    """The app's own paper database, so the CLI and ``kiteticket --paper`` share one account."""
    return str(AppPaths.resolve().paper_db)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kiteticket-paper", description="A local paper exchange for Kite Connect.")
    parser.add_argument("--port", type=int, default=0, help="port to serve on (0 picks a free one)")
    parser.add_argument("--host", default="127.0.0.1", help="address to serve on (loopback unless --allow-remote)")
    parser.add_argument("--allow-remote", action="store_true", help="allow a non-loopback --host")
    parser.add_argument(
        "--registered-ip",
        action=_RegisteredIp,
        default=(),
        metavar="ADDR",
        help="refuse order writes from any other client address, as Kite's static-IP rule does (up to two)",
    )
    parser.add_argument(
        "--db", default=None, help=f"SQLite file (default under the user data dir; {MEMORY_DB} for a throwaway run)"
    )
    parser.add_argument("--reset", action="store_true", help="start from a fresh account")
    parser.add_argument("--api-key", default="paper")
    parser.add_argument("--api-secret", default="paper")
    parser.add_argument("--redirect-url", default=DEFAULT_REDIRECT_URL, help="where the login redirects")
    parser.add_argument("--seed", type=int, default=None, help="seed for deterministic prices")
    parser.add_argument("--market", choices=("open", "closed", "real"), default="open", help="the exchange clock")
    parser.add_argument("--no-rate-limit", action="store_true", help="turn Kite's rate limits off")
    parser.add_argument(
        "--postback-url",
        default=None,
        help="POST Kite's postback for each order change here (loopback only, unless --allow-remote)",
    )
    parser.add_argument(
        "--until-stdin-closes",
        action="store_true",
        help="also stop when standard input closes (a parent process's lifeline: it ends even if the parent dies)",
    )
    return parser.parse_args(argv)


def config_from(args: argparse.Namespace) -> PaperConfig:
    return PaperConfig(
        host=args.host,
        port=args.port,
        db_path=args.db or default_db_path(),
        reset=args.reset,
        api_key=args.api_key,
        api_secret=args.api_secret,
        redirect_url=args.redirect_url,
        seed=args.seed,
        market=args.market,
        rate_limit=not args.no_rate_limit,
        registered_ips=args.registered_ip,
        allow_remote=args.allow_remote,
        postback_url=args.postback_url,
    )


class _RegisteredIp(argparse.Action):
    """--registered-ip ADDR, repeatable: the addresses collect in a tuple, checked as Kite would register them."""

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, value: Any, _: Any = None
    ) -> None:
        addresses = (*getattr(namespace, self.dest), str(value))
        try:
            RegisteredIps(addresses)  # the exchange's own check, as the admin API applies it
        except KiteError as error:
            parser.error(f"--registered-ip: {error.message}")
        setattr(namespace, self.dest, addresses)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.allow_remote and not is_loopback(args.host):
        print(
            f"kiteticket-paper: refusing to serve on {args.host}: not a loopback address; "
            "pass --allow-remote to allow it.",
            file=sys.stderr,
        )
        return 2
    problem = postback_url_problem(args.postback_url, args.allow_remote) if args.postback_url else None
    if problem:
        print(f"kiteticket-paper: refusing to send postbacks: {problem}", file=sys.stderr)
        return 2
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    if args.until_stdin_closes:
        threading.Thread(target=_set_at_eof, args=(stop,), name="paper-lifeline", daemon=True).start()
    with PaperExchange(config_from(args)) as exchange:
        print(
            f"root: {exchange.root_url}",
            f"api_key: {exchange.api_key}",
            f"db: {exchange.db_path}",
            sep="\n",
            flush=True,
        )
        try:
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
    return 0


def _set_at_eof(stop: threading.Event) -> None:
    """Read standard input to its end (the parent closed its end of the pipe, or died), then stop."""
    with contextlib.suppress(OSError, ValueError):
        while sys.stdin.buffer.read(4096):
            pass
    stop.set()


if __name__ == "__main__":
    sys.exit(main())
