"""Shared by the login tests: a paper exchange that redirects to a free loopback port, an in-memory keyring put in
place of the OS one, and a stand-in browser that follows the login URL's redirect, as a real one would."""

from __future__ import annotations

import io
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import keyring
import requests
from keyring.backend import KeyringBackend

from kiteticket.paper.config import PaperConfig
from kiteticket.paper.exchange import PaperExchange
from tests.memory_keyring import MemoryKeyring

API_KEY = "kt-key-4711"
API_SECRET = "kt-secret-0815"
WAIT_SECONDS = 10.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def paper_exchange(redirect_url: str | None = None) -> Iterator[PaperExchange]:
    """A quiet paper exchange (no ticker, no rate limits) whose Kite app redirects to ``redirect_url``."""
    config = PaperConfig(
        port=0,
        db_path=":memory:",
        rate_limit=False,
        tick_seconds=0.0,
        seed=7,
        api_key=API_KEY,
        api_secret=API_SECRET,
        redirect_url=redirect_url or f"http://127.0.0.1:{free_port()}/",
    )
    with PaperExchange(config) as exchange:
        yield exchange


@contextmanager
def keyring_backend(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    """Make ``backend`` the keyring the app finds (keyring.get_keyring()), then put the old one back."""
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@contextmanager
def memory_keyring() -> Iterator[MemoryKeyring]:
    with keyring_backend(MemoryKeyring()) as backend:
        assert isinstance(backend, MemoryKeyring)
        yield backend


class Browser:
    """Opens URLs on threads (the app waits on its listener meanwhile), following redirects like a browser."""

    def __init__(self) -> None:
        self.opened: list[str] = []
        self.pages: list[requests.Response] = []
        self._threads: list[threading.Thread] = []

    def open(self, url: str) -> None:
        self.opened.append(url)
        thread = threading.Thread(target=self._get, args=(url,), daemon=True)
        self._threads.append(thread)
        thread.start()

    def _get(self, url: str) -> None:
        self.pages.append(requests.get(url, timeout=WAIT_SECONDS))

    def join(self) -> None:
        for thread in self._threads:
            thread.join(WAIT_SECONDS)
            assert not thread.is_alive(), "the browser's request never finished"


class Output(io.StringIO):
    """A stream another thread writes to, with a bounded wait for some text."""

    def wait_for(self, text: str, timeout: float = WAIT_SECONDS) -> str:
        deadline = time.monotonic() + timeout
        pause = threading.Event()
        while text not in self.getvalue():
            assert time.monotonic() < deadline, f"{text!r} never appeared in {self.getvalue()!r}"
            pause.wait(0.02)
        return self.getvalue()

    def isatty(self) -> bool:
        return False
