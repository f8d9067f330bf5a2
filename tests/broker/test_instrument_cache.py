"""The daily instrument cache: round trip, another day's file, damaged files, atomic replacement."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiteticket.broker.instrument_cache import InstrumentCache
from kiteticket.domain.enums import Exchange
from kiteticket.paper.sample_derivatives import sample_master_csv

TODAY = date(2026, 12, 1)
SMALL_DUMP = (
    "instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size,"
    "instrument_type,segment,exchange\n"
    "408065,1594,INFY,INFOSYS,1688.25,,0.0,0.05,1,EQ,NSE,NSE\n"
    "9000002,35156,NIFTY26DECFUT,NIFTY,26343.35,2026-12-29,0.0,0.05,65,FUT,NFO-FUT,NFO\n"
)


@pytest.fixture
def cache(tmp_path: Path) -> InstrumentCache:
    return InstrumentCache(tmp_path / "cache")


def test_nothing_stored_loads_nothing(cache: InstrumentCache) -> None:
    assert cache.load(TODAY) is None


def test_stored_master_loads_back_the_same_day(cache: InstrumentCache) -> None:
    stored = cache.store(sample_master_csv(TODAY), TODAY)
    loaded = cache.load(TODAY)
    assert loaded is not None
    assert list(loaded) == list(stored)
    assert loaded.search("NIFTY") == stored.search("NIFTY")
    assert loaded.get(Exchange.NSE, "RELIANCE") == stored.get(Exchange.NSE, "RELIANCE") is not None


@pytest.mark.parametrize("day", [date(2026, 11, 30), date(2026, 12, 2), date(2025, 12, 1)])
def test_a_cache_from_another_day_is_stale(cache: InstrumentCache, day: date) -> None:
    cache.store(SMALL_DUMP, TODAY)
    assert cache.load(day) is None


def test_store_replaces_the_previous_day_and_leaves_no_temporary_file(cache: InstrumentCache) -> None:
    cache.store(SMALL_DUMP, date(2026, 11, 30))
    cache.store(SMALL_DUMP.replace("1688.25", "1700.0"), TODAY)
    loaded = cache.load(TODAY)
    infy = loaded.get(Exchange.NSE, "INFY") if loaded else None
    assert infy is not None
    assert infy.last_price == 1700.0
    assert [path.name for path in cache.path.parent.iterdir()] == [cache.path.name]


def test_a_text_that_is_not_a_dump_leaves_the_cache_alone(cache: InstrumentCache) -> None:
    cache.store(SMALL_DUMP, TODAY)
    before = cache.path.read_bytes()
    with pytest.raises(ValueError, match="columns"):
        cache.store("<html>Service unavailable</html>", TODAY)
    assert cache.path.read_bytes() == before
    assert len(list(cache.path.parent.iterdir())) == 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],  # truncated write from an older, non-atomic tool
        lambda data: data[:11],  # only the day
        lambda data: data + b"\0",
        lambda data: data[:11] + b"garbage" * 100,
        lambda data: data[:15] + bytes(len(data) - 15),  # the right magic, then zeros
        lambda data: data.replace(b"KTIM\x01\x00", b"KTIM\x02\x00", 1),  # another format version
    ],
)
def test_a_damaged_file_is_never_trusted(cache: InstrumentCache, damage: Callable[[bytes], bytes]) -> None:
    cache.store(SMALL_DUMP, TODAY)
    cache.path.write_bytes(damage(cache.path.read_bytes()))
    assert cache.load(TODAY) is None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(min_value=0), bit=st.integers(0, 7))
def test_any_flipped_bit_is_caught(cache: InstrumentCache, position: int, bit: int) -> None:
    cache.store(SMALL_DUMP, TODAY)
    data = bytearray(cache.path.read_bytes())
    data[position % len(data)] ^= 1 << bit
    cache.path.write_bytes(bytes(data))
    assert cache.load(TODAY) is None


def test_an_unreadable_path_loads_nothing(tmp_path: Path) -> None:
    (tmp_path / "instruments.bin").mkdir()  # a directory where the file should be
    assert InstrumentCache(tmp_path).load(TODAY) is None
