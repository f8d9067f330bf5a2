from __future__ import annotations

from pathlib import Path

import pytest

from kiteticket.domain.watchlist import MAX_INSTRUMENTS, MAX_LISTS, Watchlist, Watchlists, watchlists_from
from kiteticket.watchlist_store import load_watchlists, save_watchlists


def test_add_remove_and_move() -> None:
    watchlist = Watchlist("Mine").add("NSE:INFY").add("NSE:SBIN").add("NSE:INFY").add("NFO:NIFTY26DECFUT")
    assert watchlist.keys == ("NSE:INFY", "NSE:SBIN", "NFO:NIFTY26DECFUT")
    assert watchlist.move("NFO:NIFTY26DECFUT", -1).keys == ("NSE:INFY", "NFO:NIFTY26DECFUT", "NSE:SBIN")
    assert watchlist.move("NSE:INFY", -5).keys == watchlist.keys  # stops at the top
    assert watchlist.move("NSE:INFY", 9).keys == ("NSE:SBIN", "NFO:NIFTY26DECFUT", "NSE:INFY")
    assert watchlist.remove("NSE:SBIN").keys == ("NSE:INFY", "NFO:NIFTY26DECFUT")


def test_a_full_list_says_so() -> None:
    full = Watchlist("Full", tuple(f"NSE:S{i}" for i in range(MAX_INSTRUMENTS)))
    with pytest.raises(ValueError, match="is full"):
        full.add("NSE:INFY")


def test_lists_are_created_selected_and_deleted() -> None:
    lists = Watchlists().create("F&O")
    assert [w.name for w in lists.lists] == ["Watchlist 1", "F&O"]
    assert lists.shown.name == "F&O"
    with pytest.raises(ValueError, match="already"):
        lists.create("F&O")
    with pytest.raises(ValueError, match="name"):
        lists.create("  ")
    lists = lists.with_shown(lists.shown.add("NFO:NIFTY26DECFUT")).select(0)
    lists = lists.with_shown(lists.shown.add("NSE:INFY"))
    assert lists.all_keys() == ("NSE:INFY", "NFO:NIFTY26DECFUT")
    remaining = lists.delete_shown()
    assert [w.name for w in remaining.lists] == ["F&O"]
    assert remaining.delete_shown().lists == (Watchlist("F&O"),)  # the last list is emptied, not removed


def test_at_most_ten_lists() -> None:
    lists = Watchlists()
    for number in range(2, MAX_LISTS + 1):
        lists = lists.create(f"List {number}")
    with pytest.raises(ValueError, match="At most"):
        lists.create("One more")


@pytest.mark.parametrize("stored", [None, [], {"lists": "x"}, {"lists": [{"name": ""}, 3]}, {"lists": []}])
def test_malformed_storage_gives_the_default(stored: object) -> None:
    assert watchlists_from(stored) == Watchlists()


def test_bad_entries_are_dropped_and_the_rest_kept() -> None:
    stored = {"current": 7, "lists": [{"name": "A", "keys": ["NSE:INFY", 5, "junk", "NSE:INFY"]}, {"name": 3}]}
    assert watchlists_from(stored) == Watchlists((Watchlist("A", ("NSE:INFY",)),), 0)


def test_saved_and_loaded_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "config" / "watchlists.json"
    lists = Watchlists().create("Options").with_shown(Watchlist("Options", ("NFO:BANKNIFTY26DEC52000CE",)))
    save_watchlists(path, lists)
    assert load_watchlists(path) == lists
    path.write_text("{not json", encoding="utf-8")
    assert load_watchlists(path) == Watchlists()
    assert load_watchlists(tmp_path / "missing.json") == Watchlists()
