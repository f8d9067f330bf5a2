"""The baskets file: saved atomically, read back as it was, and when damaged reported and kept aside, never lost."""

from __future__ import annotations

import json
from pathlib import Path

from kiteticket.basket_store import load_baskets, save_baskets
from kiteticket.domain.basket import Basket, Baskets
from tests.factories import limit_buy


def test_saved_baskets_come_back(tmp_path: Path) -> None:
    path = tmp_path / "config" / "baskets.json"
    baskets = Baskets((Basket("A").add(limit_buy()), Basket("B")), current=1)

    save_baskets(path, baskets)

    assert load_baskets(path).baskets == baskets
    assert load_baskets(path).problem == ""
    assert [p.name for p in path.parent.iterdir()] == ["baskets.json"]  # the temporary file is gone


def test_no_file_is_one_empty_basket_and_no_problem(tmp_path: Path) -> None:
    loaded = load_baskets(tmp_path / "baskets.json")

    assert loaded.baskets == Baskets()
    assert loaded.problem == ""


def test_a_damaged_file_is_kept_aside_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "baskets.json"
    damaged = '{"baskets": [{"name": "A", "orders": [{"tradingsymbol": "INFY"'
    path.write_text(damaged, encoding="utf-8")

    loaded = load_baskets(path)

    assert loaded.baskets == Baskets()
    [aside] = tmp_path.glob("baskets.unreadable-*.json")
    assert aside.read_text(encoding="utf-8") == damaged  # every byte kept
    assert not path.exists()  # the next save cannot overwrite it
    assert loaded.problem.startswith("Your baskets file could not be read (")
    assert str(aside) in loaded.problem


def test_a_file_of_the_wrong_shape_is_kept_aside_too(tmp_path: Path) -> None:
    path = tmp_path / "baskets.json"
    path.write_text(json.dumps({"baskets": [{"name": "A", "orders": [{"quantity": 1}]}]}), encoding="utf-8")

    loaded = load_baskets(path)

    assert "an order that cannot be read" in loaded.problem
    assert len(list(tmp_path.glob("baskets.unreadable-*.json"))) == 1
