"""The proxy settings of Settings ▸ Network, as JSON beside the preferences (``network.json``).

Only what is not secret: the proxy's password lives in the OS keyring (broker/credentials.py). A missing, old or
hand-edited file gives the defaults (no proxy) for whatever it cannot read, so it never stops the app.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, fields, replace
from pathlib import Path
from typing import Any

from kiteticket.domain.network import ProxyScheme, ProxyScope, ProxySettings

_ENUMS = ("scheme", "scope")


def load_proxy_settings(path: Path) -> ProxySettings:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ProxySettings()
    if not isinstance(stored, dict):
        return ProxySettings()
    defaults = ProxySettings()
    values: dict[str, Any] = {}
    for field in fields(ProxySettings):
        value = _read(field.name, stored.get(field.name), getattr(defaults, field.name))
        if value is not None:
            values[field.name] = value
    return replace(defaults, **values)


def _read(name: str, value: object, default: object) -> object | None:
    if name in _ENUMS:
        try:
            return ProxyScheme(str(value)) if name == "scheme" else ProxyScope(str(value))
        except ValueError:
            return None
    if isinstance(value, type(default)) and isinstance(value, bool) == isinstance(default, bool):
        return value
    return None


def save_proxy_settings(path: Path, settings: ProxySettings) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    os.replace(temporary, path)
