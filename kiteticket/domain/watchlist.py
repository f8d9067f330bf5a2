"""Named watchlists of instruments, as Kite web and NEST keep them: pure values and the edits a user makes.

An instrument is kept by its "EXCHANGE:TRADINGSYMBOL" key (what the ticket and Kite's quote API use), not its
token, so a list survives the daily instrument dump; tokens are looked up when the list is shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

MAX_LISTS = 10
MAX_INSTRUMENTS = 250  # per list; ten full lists stay within one ticker connection's 3,000 instruments
DEFAULT_NAME = "Watchlist 1"


@dataclass(frozen=True, slots=True)
class Watchlist:
    name: str
    keys: tuple[str, ...] = ()

    def add(self, key: str) -> Watchlist:
        """`key` at the end; a key already in the list stays where it is. Raises ValueError when the list is full."""
        if key in self.keys:
            return self
        if len(self.keys) >= MAX_INSTRUMENTS:
            raise ValueError(f"{self.name} is full ({MAX_INSTRUMENTS} instruments): remove one first.")
        return replace(self, keys=(*self.keys, key))

    def remove(self, key: str) -> Watchlist:
        return replace(self, keys=tuple(k for k in self.keys if k != key))

    def move(self, key: str, offset: int) -> Watchlist:
        """`key` `offset` places up (negative) or down, stopping at either end."""
        if key not in self.keys:
            return self
        keys = list(self.keys)
        source = keys.index(key)
        target = max(0, min(len(keys) - 1, source + offset))
        keys.insert(target, keys.pop(source))
        return replace(self, keys=tuple(keys))


@dataclass(frozen=True, slots=True)
class Watchlists:
    lists: tuple[Watchlist, ...] = (Watchlist(DEFAULT_NAME),)
    current: int = 0

    @property
    def shown(self) -> Watchlist:
        return self.lists[self.current]

    def with_shown(self, watchlist: Watchlist) -> Watchlists:
        lists = list(self.lists)
        lists[self.current] = watchlist
        return replace(self, lists=tuple(lists))

    def select(self, index: int) -> Watchlists:
        return replace(self, current=max(0, min(len(self.lists) - 1, index)))

    def create(self, name: str) -> Watchlists:
        """A new, empty list, shown. Raises ValueError for a blank or taken name, or past the limit."""
        name = name.strip()
        if not name:
            raise ValueError("Give the watchlist a name.")
        if any(existing.name == name for existing in self.lists):
            raise ValueError(f"There is already a watchlist called {name}.")
        if len(self.lists) >= MAX_LISTS:
            raise ValueError(f"At most {MAX_LISTS} watchlists: delete one first.")
        return Watchlists((*self.lists, Watchlist(name)), len(self.lists))

    def delete_shown(self) -> Watchlists:
        """The shown list goes; the last one left is emptied instead, so there is always a list to add to."""
        if len(self.lists) == 1:
            return Watchlists((Watchlist(self.shown.name),), 0)
        lists = tuple(w for i, w in enumerate(self.lists) if i != self.current)
        return Watchlists(lists, min(self.current, len(lists) - 1))

    def all_keys(self) -> tuple[str, ...]:
        """Every instrument of every list once, in list order (what the stream subscribes to)."""
        return tuple(dict.fromkeys(key for watchlist in self.lists for key in watchlist.keys))


def watchlists_from(stored: object) -> Watchlists:
    """Watchlists from their stored JSON form; whatever is malformed is left out rather than failing the start."""
    if not isinstance(stored, dict) or not isinstance(stored.get("lists"), list):
        return Watchlists()
    lists = tuple(w for w in map(_watchlist, stored["lists"][:MAX_LISTS]) if w is not None)
    if not lists:
        return Watchlists()
    current = stored.get("current")
    shown = current if isinstance(current, int) and 0 <= current < len(lists) else 0
    return Watchlists(lists, shown)


def _watchlist(item: object) -> Watchlist | None:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
        return None
    keys = item.get("keys")
    return Watchlist(item["name"].strip(), _keys(keys if isinstance(keys, list) else []))


def _keys(keys: Iterable[object]) -> tuple[str, ...]:
    valid = (key for key in keys if isinstance(key, str) and ":" in key)
    return tuple(dict.fromkeys(valid))[:MAX_INSTRUMENTS]


def watchlists_to(watchlists: Watchlists) -> dict[str, object]:
    return {
        "current": watchlists.current,
        "lists": [{"name": w.name, "keys": list(w.keys)} for w in watchlists.lists],
    }
