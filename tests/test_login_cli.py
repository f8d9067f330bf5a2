"""``kiteticket login``: the terminal login end to end, against the paper exchange through the real SDK.

The test is the browser: it GETs the printed login URL and follows the paper exchange's 302 to the listener.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Iterator
from datetime import datetime

import keyring.errors
import pytest
from keyring.backends import fail
from kiteconnect import KiteConnect

from kiteticket.app import main as app_main
from kiteticket.broker.credentials import SERVICE, CredentialStore
from kiteticket.domain.credentials import Credentials
from kiteticket.domain.market_clock import IST
from kiteticket.login_cli import EXIT_FAILED, EXIT_NO_KEYRING, Terminal, main
from kiteticket.paper.exchange import PaperExchange
from tests.login_support import (
    API_KEY,
    API_SECRET,
    WAIT_SECONDS,
    Browser,
    Output,
    keyring_backend,
    paper_exchange,
)
from tests.memory_keyring import LockedKeyring, MemoryKeyring


@pytest.fixture
def exchange() -> Iterator[PaperExchange]:
    with paper_exchange() as running:
        yield running


class Run:
    """``main(argv)`` on a thread, with its terminal captured, so the test can play the browser meanwhile."""

    def __init__(self, argv: list[str], typed: str = "") -> None:
        self.out, self.err = Output(), Output()
        self.code: int | None = None
        terminal = Terminal(io.StringIO(typed), self.out, self.err)
        self._thread = threading.Thread(target=self._run, args=(argv, terminal))
        self._thread.start()

    def _run(self, argv: list[str], terminal: Terminal) -> None:
        self.code = main(argv, terminal)

    def login_url(self) -> str:
        self.out.wait_for("/connect/login?")
        return next(line for line in self.out.getvalue().splitlines() if "/connect/login?" in line)

    def finish(self) -> int:
        self._thread.join(WAIT_SECONDS)
        assert not self._thread.is_alive(), "kiteticket login did not finish"
        assert self.code is not None
        return self.code


def argv_for(exchange: PaperExchange, *more: str) -> list[str]:
    root = exchange.root_url
    return ["--root", root, "--login-url", f"{root}/connect/login", "--redirect-url", _redirect(exchange), *more]


def _redirect(exchange: PaperExchange) -> str:
    return exchange.config.redirect_url


def log_in_through_browser(run: Run) -> Browser:
    browser = Browser()
    browser.open(run.login_url())
    run.finish()
    browser.join()
    return browser


def test_no_browser_login_reads_the_keys_and_stores_the_token(
    keys: MemoryKeyring, exchange: PaperExchange, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    run = Run(argv_for(exchange, "--no-browser"), typed=f"{API_KEY}\n{API_SECRET}\n")
    browser = log_in_through_browser(run)
    assert run.code == 0, run.err.getvalue()
    assert "close this tab" in browser.pages[0].text
    stored = CredentialStore(keys).load()
    assert stored is not None
    assert (stored.api_key, stored.api_secret, stored.redirect_url) == (API_KEY, API_SECRET, _redirect(exchange))
    assert stored.token_valid_at(datetime.now(IST))
    kite = KiteConnect(API_KEY, access_token=stored.access_token, root=exchange.root_url)
    assert kite.profile()["user_id"] == "PA0001"
    kite.reqsession.close()
    assert "Logged in as PA0001" in run.out.getvalue()
    shown = run.out.getvalue() + run.err.getvalue() + caplog.text
    assert API_SECRET not in shown
    assert stored.access_token not in shown


def test_stored_keys_are_used_without_asking(keys: MemoryKeyring, exchange: PaperExchange) -> None:
    CredentialStore(keys).save(Credentials(API_KEY, API_SECRET, redirect_url=_redirect(exchange)))
    root = exchange.root_url
    run = Run(["--root", root, "--login-url", f"{root}/connect/login", "--no-browser"])  # the stored redirect URL
    log_in_through_browser(run)
    assert run.code == 0, run.err.getvalue()
    assert "api_key:" not in run.err.getvalue()
    assert keys.entries[(SERVICE, "access_token")]


def test_a_wrong_secret_fails_with_kites_message_and_stores_nothing(
    keys: MemoryKeyring, exchange: PaperExchange
) -> None:
    run = Run(argv_for(exchange, "--no-browser"), typed=f"{API_KEY}\nnot-the-secret\n")
    log_in_through_browser(run)
    assert run.code == EXIT_FAILED
    assert "Invalid `checksum`." in run.err.getvalue()
    assert keys.entries == {}


def test_no_login_within_the_timeout_fails_cleanly(keys: MemoryKeyring, exchange: PaperExchange) -> None:
    run = Run(argv_for(exchange, "--no-browser", "--timeout", "0.3"), typed=f"{API_KEY}\n{API_SECRET}\n")
    assert run.finish() == EXIT_FAILED
    assert "No login came back within 0.3 seconds" in run.err.getvalue()
    assert keys.entries == {}


def test_a_redirect_url_off_this_computer_is_refused(keys: MemoryKeyring, exchange: PaperExchange) -> None:
    root = exchange.root_url
    argv = ["--root", root, "--login-url", f"{root}/connect/login", "--redirect-url", "http://10.1.2.3:5010/"]
    run = Run([*argv, "--no-browser"], typed=f"{API_KEY}\n{API_SECRET}\n")
    assert run.finish() == EXIT_FAILED
    assert "must point at this computer" in run.err.getvalue()


def test_without_a_keyring_it_says_how_to_fix_it() -> None:
    err = Output()
    with keyring_backend(fail.Keyring()):
        code = main(["--no-browser"], Terminal(io.StringIO(), Output(), err))
    assert code == EXIT_NO_KEYRING
    assert "Secret Service" in err.getvalue()


@pytest.mark.parametrize("error", [keyring.errors.KeyringLocked, keyring.errors.InitError])
def test_a_locked_keyring_is_said_before_anything_is_asked(error: type[Exception]) -> None:
    out, err = Output(), Output()
    backend = LockedKeyring(error)
    with keyring_backend(backend):
        code = main(["--no-browser"], Terminal(io.StringIO(f"{API_KEY}\n{API_SECRET}\n"), out, err))
    assert code == EXIT_NO_KEYRING
    assert err.getvalue().startswith(f"kiteticket login: the keyring could not be used ({error.__name__})")
    assert "unlock the keyring and run this again" in err.getvalue()
    assert "api_key" not in err.getvalue(), "no key was asked for"
    assert out.getvalue() == "", "no login URL was offered"
    assert backend.calls == 1


def test_the_kiteticket_command_runs_login(keys: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []
    monkeypatch.setattr("kiteticket.login_cli.main", lambda argv: seen.append(argv) or 0)
    assert app_main(["login", "--no-browser"]) == 0
    assert seen == [["--no-browser"]]
