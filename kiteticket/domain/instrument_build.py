"""Builds the instrument master's table and search indexes from Kite's instruments CSV.

This is the slow path, run once a day when the dump is fetched; the cache then stores everything built here, so
starting the app only copies arrays back.
"""

from __future__ import annotations

import csv
import io
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from datetime import date
from operator import itemgetter
from typing import Any

from kiteticket.domain.enums import Exchange
from kiteticket.domain.instrument_index import build_sparse, derivative_root, name_words
from kiteticket.domain.instrument_table import InstrumentTable

COLUMNS = ("instrument_token", "exchange_token", "tradingsymbol", "name", "last_price", "expiry", "strike",
           "tick_size", "lot_size", "instrument_type", "segment", "exchange")  # fmt: skip
_EXCHANGES = {exchange.value: code for code, exchange in enumerate(Exchange)}
_OPTION_TYPES = frozenset({"CE", "PE"})

Row = tuple[str, ...]
Columns = list[tuple[str, ...]]
RankKey = tuple[int, int, int, int, int, str, int]


def build_table(text: str) -> InstrumentTable:
    """The table for a dump; ValueError when the text is not Kite's instruments CSV."""
    rows = _known_exchange_rows(_read_rows(text))
    rows.sort(key=lambda row: (_EXCHANGES[row[11]], row[2].upper()))
    cols: Columns = list(zip(*rows, strict=True)) if rows else [() for _ in COLUMNS]
    try:
        table = _columns_table(cols)
    except (TypeError, OverflowError) as exc:
        raise ValueError(f"instrument dump has a bad value: {exc}") from exc
    _add_indexes(table)
    return table


def _read_rows(text: str) -> list[Row]:
    if "\0" in text:  # the cache separates strings with NUL, and no real dump has one
        raise ValueError("instrument dump contains a NUL character")
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in next(reader, [])]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise ValueError(f"instrument dump lacks the columns {', '.join(missing)}")
    pick = itemgetter(*(header.index(name) for name in COLUMNS))
    try:
        return [pick(row) for row in reader if row]
    except (IndexError, csv.Error) as exc:
        raise ValueError(f"instrument dump is malformed near line {reader.line_num}: {exc}") from exc


def _known_exchange_rows(rows: list[Row]) -> list[Row]:
    # Mutual funds (MF), NCDEX (NCO) and the like cannot be traded through this ticket: drop them at load.
    return [row for row in rows if row[11] in _EXCHANGES]


def _columns_table(cols: Columns) -> InstrumentTable:
    names, name_ids = _codes(cols[3], "i")
    types, type_ids = _codes(cols[9], "H")
    segments, segment_ids = _codes(cols[10], "H")
    symbols = list(cols[2])
    keys = [symbol.upper() for symbol in symbols]
    n = len(symbols)
    return InstrumentTable(
        exchanges=[exchange.value for exchange in Exchange], bounds=_bounds(cols[11]),
        symbols=symbols, keys=symbols if keys == symbols else keys, names=names, name_ids=name_ids,
        types=types, type_ids=type_ids, segments=segments, segment_ids=segment_ids,
        tokens=array("q", map(int, cols[0])), exchange_tokens=_numbers("q", cols[1]),
        last_prices=_numbers("d", cols[4]), expiries=_expiries(cols[5]), strikes=_numbers("d", cols[6]),
        tick_sizes=_numbers("d", cols[7]), lot_sizes=_numbers("q", cols[8]), ranks=array("i", bytes(4 * n)),
        by_rank=array("i"), sparse=array("i"), token_order=array("i"), words=[], word_rows=array("i"),
    )  # fmt: skip


def _numbers(typecode: str, values: Sequence[str]) -> array[Any]:
    convert = float if typecode == "d" else int
    try:
        return array(typecode, map(convert, values))
    except ValueError:
        # Kite writes 0.0 for an empty strike, but its own docs show blank cells: read those as zero.
        return array(typecode, (convert(value) if value else 0 for value in values))


def _codes(values: Sequence[str], typecode: str) -> tuple[list[str], array[int]]:
    """Each distinct value once, and per row the index of its value: shares one string among many rows."""
    table: dict[str, int] = {}
    ids = array(typecode, [table.setdefault(value, len(table)) for value in values])
    return list(table), ids


def _bounds(exchanges: Sequence[str]) -> array[int]:
    codes = [_EXCHANGES[value] for value in exchanges]
    return array("q", [bisect_left(codes, code) for code in range(len(Exchange) + 1)])


def _expiries(values: Sequence[str]) -> array[int]:
    # A dump has a few hundred distinct expiry dates: parse each once.
    ordinals = {text: date.fromisoformat(text).toordinal() if text else 0 for text in set(values)}
    return array("i", map(ordinals.__getitem__, values))


def _add_indexes(table: InstrumentTable) -> None:
    n = len(table.symbols)
    keys = [_rank_key(table, row) for row in range(n)]
    table.by_rank = array("i", sorted(range(n), key=keys.__getitem__))
    for rank, row in enumerate(table.by_rank):
        table.ranks[row] = rank
    table.sparse = build_sparse(table.ranks)
    table.token_order = array("i", sorted(range(n), key=table.tokens.__getitem__))
    table.words, table.word_rows = _word_index(table)


def _rank_key(table: InstrumentTable, row: int) -> RankKey:
    """Search order: everything but options first, by length of the underlying (an exact name before longer
    ones), equities and indices before futures, nearest expiry first; options last, nearest expiry first.

    Options go last because a prefix such as NIFTY matches thousands of strikes that would hide the index, the
    futures and the stocks; the chain is reached by typing on (NIFTY26DEC26).
    """
    symbol, ordinal = table.keys[row], table.expiries[row]
    instrument_type = table.types[table.type_ids[row]]
    root = derivative_root(symbol, date.fromordinal(ordinal)) if ordinal else symbol
    exchange = bisect_left(table.bounds, row + 1) - 1
    if instrument_type in _OPTION_TYPES:
        return (1, ordinal, len(root), 0, len(symbol), symbol, exchange)
    kind = 1 if instrument_type == "FUT" else 0
    return (0, len(root), kind, ordinal, len(symbol), symbol, exchange)


def _word_index(table: InstrumentTable) -> tuple[list[str], array[int]]:
    """Name words of the equity and index rows, sorted by (word, rank).

    Derivatives are left out: their name is the underlying, which their symbol already starts with, and
    indexing it would add a hundred thousand entries that the symbol search finds anyway.
    """
    entries: list[tuple[str, int, int]] = []
    equity = table.types.index("EQ") if "EQ" in table.types else -1
    for row, type_id in enumerate(table.type_ids):
        if type_id == equity:
            name = table.names[table.name_ids[row]]
            entries.extend((word, table.ranks[row], row) for word in set(name_words(name)))
    entries.sort()
    return [word for word, _, _ in entries], array("i", [row for _, _, row in entries])
