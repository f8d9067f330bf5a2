"""network.json: the proxy settings round-trip, and a missing, broken or hand-edited file falls back to "no proxy"
for whatever it cannot read, never stopping the app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiteticket.domain.network import ProxyScheme, ProxyScope, ProxySettings
from kiteticket.network_file import load_proxy_settings, save_proxy_settings

CHOSEN = ProxySettings(
    enabled=True, scheme=ProxyScheme.SOCKS5, host="10.0.0.5", port=1080, username="desk", scope=ProxyScope.ALL
)


def test_settings_round_trip_without_any_secret(tmp_path: Path) -> None:
    path = tmp_path / "config" / "network.json"
    save_proxy_settings(path, CHOSEN)
    assert load_proxy_settings(path) == CHOSEN
    assert set(json.loads(path.read_text(encoding="utf-8"))) == {
        "enabled",
        "scheme",
        "host",
        "port",
        "username",
        "scope",
    }


@pytest.mark.parametrize("text", ["", "not json", "[1, 2]", "null"])
def test_an_unreadable_file_means_no_proxy(tmp_path: Path, text: str) -> None:
    path = tmp_path / "network.json"
    path.write_text(text, encoding="utf-8")
    assert load_proxy_settings(path) == ProxySettings()
    assert load_proxy_settings(tmp_path / "missing.json") == ProxySettings()


def test_each_bad_entry_falls_back_alone(tmp_path: Path) -> None:
    path = tmp_path / "network.json"
    stored = {"enabled": True, "scheme": "ftp", "host": "10.0.0.5", "port": True, "scope": "everything", "extra": 1}
    path.write_text(json.dumps(stored), encoding="utf-8")
    assert load_proxy_settings(path) == ProxySettings(enabled=True, host="10.0.0.5")
