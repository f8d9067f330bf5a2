"""``kiteticket login``: log in to Kite from a terminal and store the access token in the OS keyring.

The same code path as the app (``LiveSession``): the login URL with a random state, the one-shot listener on the
redirect URL, ``generate_session``, the keyring. Keys typed here are stored only once the login has worked.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import webbrowser
from dataclasses import replace
from typing import TextIO

from kiteticket.broker.credentials import KEYRING_FIX, CredentialStore, KeyringUnusableError
from kiteticket.broker.guarded import connect_guarded
from kiteticket.broker.journal import JOURNAL_FILE
from kiteticket.broker.live_session import LiveSession
from kiteticket.broker.redirect_listener import WAIT_SECONDS
from kiteticket.domain.credentials import DEFAULT_REDIRECT_URL, Credentials, MissingCredentialsError
from kiteticket.domain.errors import BrokerError
from kiteticket.domain.market_clock import IST
from kiteticket.paths import AppPaths

EXIT_FAILED = 1
EXIT_NO_KEYRING = 2
EXIT_INTERRUPTED = 130


def parser() -> argparse.ArgumentParser:
    parse = argparse.ArgumentParser(
        prog="kiteticket login",
        description="Log in to Kite in a browser and keep the day's access token in the OS keyring.",
    )
    parse.add_argument("--root", metavar="URL", help="Kite API root to use instead of https://api.kite.trade")
    parse.add_argument("--login-url", metavar="URL", help="Kite login page to use instead of kite.zerodha.com")
    parse.add_argument(
        "--redirect-url",
        metavar="URL",
        help=f"the redirect URL registered with your Kite app (default: the stored one, else {DEFAULT_REDIRECT_URL})",
    )
    parse.add_argument("--no-browser", action="store_true", help="print the login URL instead of opening a browser")
    parse.add_argument(
        "--timeout", metavar="SECONDS", type=float, default=WAIT_SECONDS, help="how long to wait for the login"
    )
    return parse


class Terminal:
    """Standard input and output, replaceable in tests; the secret is read without echo from a real terminal."""

    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None):
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr

    def ask(self, prompt: str, secret: bool = False) -> str:
        if secret and self.stdin.isatty():
            return getpass.getpass(prompt, stream=self.stderr).strip()
        # Not a terminal (a pipe, a test): nothing is echoed anyway, and getpass would warn and go to /dev/tty.
        self.stderr.write(prompt)
        self.stderr.flush()
        return self.stdin.readline().strip()

    def say(self, text: str) -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()


def main(argv: list[str] | None = None, terminal: Terminal | None = None) -> int:
    args = parser().parse_args(sys.argv[1:] if argv is None else argv)
    term = terminal or Terminal()
    store = CredentialStore()
    if not store.available:
        term.stderr.write(
            f"kiteticket login: {KEYRING_FIX} The token could not be kept, so nothing was done "
            "(the app itself can still log in for one session).\n"
        )
        return EXIT_NO_KEYRING
    try:
        store.load()  # a locked keyring shows here, before any key is asked for or a browser opened
    except KeyringUnusableError as error:
        term.stderr.write(
            f"kiteticket login: the keyring could not be used ({type(error.__cause__).__name__}): it may be locked. "
            "The token could not be kept, so nothing was done; unlock the keyring and run this again.\n"
        )
        return EXIT_NO_KEYRING
    # The app's own gateway and journal: the login, the token exchange and profile() are in its audit log.
    broker = connect_guarded("", args.root, AppPaths.resolve().ensure().data_dir / JOURNAL_FILE)
    try:
        return _log_in(args, LiveSession(store, broker, login_base=args.login_url), term)
    except BrokerError as error:
        term.stderr.write(f"kiteticket login: {error.message}\n")
        return EXIT_FAILED
    except KeyboardInterrupt:
        term.stderr.write("kiteticket login: interrupted; nothing was stored.\n")
        return EXIT_INTERRUPTED
    finally:
        broker.journal.close()


def _log_in(args: argparse.Namespace, session: LiveSession, term: Terminal) -> int:
    credentials = session.stored() or _ask_keys(term)
    if args.redirect_url:
        credentials = replace(credentials, redirect_url=args.redirect_url)
    attempt = session.begin(credentials)
    try:
        term.say(f"Log in to Kite at:\n{attempt.url}")
        if not args.no_browser:
            webbrowser.open(attempt.url)
        term.say(f"Waiting for the login to come back to {credentials.redirect_url} …")
        profile = session.complete(attempt.wait(args.timeout))
    finally:
        attempt.close()
    expiry = session.token_expiry()
    until = f" until {expiry.astimezone(IST):%Y-%m-%d %H:%M} IST" if expiry else ""
    term.say(f"Logged in as {profile.user_id}. The access token is stored in the keyring{until}.")
    return 0


def _ask_keys(term: Terminal) -> Credentials:
    term.stderr.write("No Kite app keys are stored yet (developers.kite.trade → My apps shows them).\n")
    api_key = term.ask("api_key: ")
    api_secret = term.ask("api_secret (not shown): ", secret=True)
    if not api_key or not api_secret:
        raise MissingCredentialsError("Both the api_key and the api_secret are needed.")
    return Credentials(api_key, api_secret)
