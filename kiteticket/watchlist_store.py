"""The user's watchlists on disk: one JSON file beside the preferences, written atomically.

A missing, unreadable or hand-broken file gives the default single empty list, so it never stops the app.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from kiteticket.domain.watchlist import Watchlists, watchlists_from, watchlists_to


def load_watchlists(path: Path) -> Watchlists:
    try:
        return watchlists_from(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, RecursionError):
        return Watchlists()


def save_watchlists(path: Path, watchlists: Watchlists) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(watchlists_to(watchlists), indent=2), encoding="utf-8")
    os.replace(temporary, path)
