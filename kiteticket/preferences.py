"""The user's preferences: one typed object, stored as JSON under the platform's config folder.

Secrets never live here (they are in the OS keyring). Unknown or malformed entries fall back to their defaults,
so an old or hand-edited file never stops the app from starting.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Preferences:
    confirm_place: bool = True
    confirm_modify: bool = True
    confirm_cancel: bool = True
    tag_prefix: str = "kt"
    default_market_protection: int = -1  # -1: Kite chooses the band (Auto)

    def changed(self, **changes: Any) -> Preferences:
        return replace(self, **changes)


def load_preferences(path: Path) -> Preferences:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Preferences()
    if not isinstance(stored, dict):
        return Preferences()
    defaults = Preferences()
    known = {field.name: field for field in fields(Preferences)}
    values = {
        name: value
        for name, value in stored.items()
        if name in known and isinstance(value, type(getattr(defaults, name)))
    }
    return replace(defaults, **values)


def save_preferences(path: Path, preferences: Preferences) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(asdict(preferences), indent=2), encoding="utf-8")
    os.replace(temporary, path)
