"""Every test runs offscreen with its own folders: nothing reads or writes the developer's real config, data,
cache or QSettings."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from kiteconnect import KiteConnect

from kiteticket.paper.exchange import PaperExchange
from tests.login_support import memory_keyring
from tests.memory_keyring import MemoryKeyring
from tests.paper.conftest import config as paper_config
from tests.paper.helpers import logged_in

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    folders = (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache"))
    for variable, folder in (*folders, ("XDG_STATE_HOME", "state")):  # the log folder is under the state folder
        monkeypatch.setenv(variable, str(home / folder))
    return home


# The machine is shared and has two cores: hypothesis must judge inputs, not the speed of a busy moment.
settings.register_profile("kiteticket", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("kiteticket")


@pytest.fixture
def streaming() -> Iterator[PaperExchange]:
    """A paper exchange whose market moves every 50 ms, so its ticker streams (in memory, no rate limits)."""
    with PaperExchange(paper_config(tick_seconds=0.05)) as running:
        yield running


@pytest.fixture
def streaming_kite(streaming: PaperExchange) -> Iterator[KiteConnect]:
    """The SDK logged in to the ``streaming`` exchange."""
    client = logged_in(streaming)
    yield client
    client.reqsession.close()


@pytest.fixture
def keys() -> Iterator[MemoryKeyring]:
    """An in-memory keyring as the keyring backend for one test (the Secret Service test uses the real one)."""
    with memory_keyring() as backend:
        yield backend
