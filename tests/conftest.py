"""Every test runs offscreen with its own folders: nothing reads or writes the developer's real config, data,
cache or QSettings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

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
