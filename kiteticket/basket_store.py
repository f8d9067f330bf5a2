"""The user's baskets on disk: one JSON file beside the preferences, written atomically.

A file that cannot be read is never dropped silently, and never overwritten: it is moved aside under a name of its
own (``baskets.unreadable-<time>.json``), the user is told where, and the app starts with an empty basket.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from kiteticket.domain.basket import Baskets, BasketsLoad, baskets_from, baskets_to


def load_baskets(path: Path) -> BasketsLoad:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return BasketsLoad()
    except OSError as error:
        return BasketsLoad(problem=f"Your baskets could not be read from {path} ({error.strerror or error}).")
    try:
        return BasketsLoad(baskets_from(json.loads(text)))
    except (ValueError, RecursionError) as error:
        return BasketsLoad(problem=_kept_aside(path, str(error)))


def _kept_aside(path: Path, reason: str) -> str:
    aside = path.with_name(f"{path.stem}.unreadable-{time.strftime('%Y%m%d-%H%M%S')}{path.suffix}")
    try:
        os.replace(path, aside)
    except OSError as error:
        return f"Your baskets file {path} cannot be read ({reason}) and could not be moved aside ({error})."
    return f"Your baskets file could not be read ({reason}). It was kept as {aside}; the baskets start empty."


def save_baskets(path: Path, baskets: Baskets) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(baskets_to(baskets), indent=2), encoding="utf-8")
    os.replace(temporary, path)
