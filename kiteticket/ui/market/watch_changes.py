"""The market watch's last prices flashing after a move, kept cheap for thousands of rows a second. (The changed
cells go out as runs of rows: ``KeyedTableModel.signal_changes``.)"""

from __future__ import annotations


class Flashes:
    """Rows whose last price is flashing up or down until a moment; every flash lasts as long, so they are kept
    in the order they end and expiring them reads only the ones that ended."""

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self._until: dict[str, tuple[bool, float]] = {}  # key -> (up?, until), oldest first

    def __bool__(self) -> bool:
        return bool(self._until)

    def start(self, key: str, up: bool, now: float) -> None:
        self._until.pop(key, None)  # a new flash of the row ends last: to the back
        self._until[key] = (up, now + self._seconds)

    def direction(self, key: str) -> bool | None:
        """True while flashing up, False while flashing down, None when not flashing."""
        flash = self._until.get(key)
        return None if flash is None else flash[0]

    def expire(self, now: float) -> list[str]:
        """The rows whose flash has ended by ``now``, forgotten."""
        done = []
        for key, (_up, until) in self._until.items():
            if until > now:
                break
            done.append(key)
        for key in done:
            del self._until[key]
        return done
