"""Fixtures: a paper exchange on a free loopback port (in-memory SQLite, no rate limits, no market ticker so
prices move only when a test sets them), and a logged-in SDK client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from kiteconnect import KiteConnect

from kiteticket.paper.config import PaperConfig
from kiteticket.paper.exchange import PaperExchange
from tests.paper.helpers import logged_in
from tests.paper.postback_receiver import Receiver


def config(**changes: object) -> PaperConfig:
    base = {"port": 0, "db_path": ":memory:", "rate_limit": False, "tick_seconds": 0.0, "seed": 7}
    base.update(changes)
    return PaperConfig(**base)  # type: ignore[arg-type]


@pytest.fixture
def exchange() -> Iterator[PaperExchange]:
    with PaperExchange(config()) as running:
        yield running


@pytest.fixture
def kite(exchange: PaperExchange) -> Iterator[KiteConnect]:
    client = logged_in(exchange)
    yield client
    client.reqsession.close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A postback receiver on loopback, running for the test."""
    receiver = Receiver()
    receiver.thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()
    receiver.thread.join()
