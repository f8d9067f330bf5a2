"""The instrument master's columnar storage, and its binary form for the daily cache.

One array per numeric column and small integer codes for repeated strings keep 150,000 rows in a few tens of
megabytes. The binary form is the same arrays' raw bytes plus NUL-joined string lists behind a CRC-32: loading is
memcpy and one str.split per list, and nothing in the file is ever executed or unpickled.
"""

from __future__ import annotations

import struct
import sys
import zlib
from array import array
from dataclasses import dataclass
from typing import Any

from kiteticket.domain.enums import Exchange
from kiteticket.domain.instrument_index import sparse_offsets


@dataclass(slots=True)
class InstrumentTable:
    """Rows sorted by (exchange, upper-case symbol); `bounds[i]:bounds[i + 1]` are the rows of `exchanges[i]`."""

    exchanges: list[str]
    bounds: array[int]
    symbols: list[str]
    keys: list[str]  # upper-case symbols, the search and lookup keys; the same list as `symbols` when equal
    names: list[str]  # each distinct name once; rows refer to it through name_ids
    name_ids: array[int]
    types: list[str]
    type_ids: array[int]
    segments: list[str]
    segment_ids: array[int]
    tokens: array[int]
    exchange_tokens: array[int]
    last_prices: array[float]
    expiries: array[int]  # date.toordinal(), 0 for none
    strikes: array[float]
    tick_sizes: array[float]
    lot_sizes: array[int]
    ranks: array[int]  # global search rank of each row
    by_rank: array[int]  # row of each rank
    sparse: array[int]  # range-minimum table over ranks (see instrument_index)
    token_order: array[int]  # rows in instrument_token order, for bisect
    words: list[str]  # sorted name words of the equity and index rows
    word_rows: array[int]


# Field order in the file, with the array typecode or "s" for a list of strings.
_FIELDS = (
    ("exchanges", "s"), ("bounds", "q"), ("symbols", "s"), ("keys", "s"), ("names", "s"), ("name_ids", "i"),
    ("types", "s"), ("type_ids", "H"), ("segments", "s"), ("segment_ids", "H"), ("tokens", "q"),
    ("exchange_tokens", "q"), ("last_prices", "d"), ("expiries", "i"), ("strikes", "d"), ("tick_sizes", "d"),
    ("lot_sizes", "q"), ("ranks", "i"), ("by_rank", "i"), ("sparse", "i"), ("token_order", "i"), ("words", "s"),
    ("word_rows", "i"),
)  # fmt: skip
_ROW_COLUMNS = (
    "symbols", "keys", "name_ids", "type_ids", "segment_ids", "tokens", "exchange_tokens", "last_prices",
    "expiries", "strikes", "tick_sizes", "lot_sizes", "ranks", "by_rank", "token_order",
)  # fmt: skip
_MAGIC = b"KTIM"
# Bump when the layout or the ranking changes: an old cache then fails to load and the dump is fetched again.
_VERSION = 1
# Raw array bytes are only readable by a machine of the same byte order and C int size.
_PLATFORM = f"{sys.byteorder}-{array('i').itemsize}".encode()
_HEADER = struct.Struct("<4sHHI")


def encode(table: InstrumentTable) -> bytes:
    blobs = [_PLATFORM]
    for name, kind in _FIELDS:
        value = getattr(table, name)
        if name == "keys" and value is table.symbols:
            value = []  # rebuilt as `symbols` on load: most dumps are upper-case already
        blobs.append(_encode_strings(value) if kind == "s" else value.tobytes())
    lengths = array("Q", map(len, blobs)).tobytes()
    crc = zlib.crc32(lengths)
    for blob in blobs:
        crc = zlib.crc32(blob, crc)
    return b"".join([_HEADER.pack(_MAGIC, _VERSION, len(blobs), crc), lengths, *blobs])


def decode(data: bytes | memoryview) -> InstrumentTable:
    """The table in `data`; ValueError when it is damaged, truncated or written by another version."""
    blobs = _split(memoryview(data))
    if bytes(blobs[0]) != _PLATFORM:
        raise ValueError("instrument cache written on another platform")
    values: dict[str, Any] = {}
    for (name, kind), blob in zip(_FIELDS, blobs[1:], strict=True):
        values[name] = _decode_strings(blob) if kind == "s" else _decode_array(kind, blob)
    if not values["keys"]:
        values["keys"] = values["symbols"]
    table = InstrumentTable(**values)
    _validate(table)
    return table


def _split(view: memoryview) -> list[memoryview]:
    if len(view) < _HEADER.size:
        raise ValueError("instrument cache is truncated")
    magic, version, count, crc = _HEADER.unpack_from(view)
    if magic != _MAGIC or version != _VERSION or count != len(_FIELDS) + 1:
        raise ValueError("not an instrument cache of this version")
    body = view[_HEADER.size :]
    # Checked before anything is parsed, so a damaged file is refused as a whole.
    if len(body) < 8 * count or zlib.crc32(body) != crc:
        raise ValueError("instrument cache checksum mismatch")
    lengths = _decode_array("Q", body[: 8 * count])
    if sum(lengths) != len(body) - 8 * count:
        raise ValueError("instrument cache sections do not add up")
    blobs, at = [], 8 * count
    for length in lengths:
        blobs.append(body[at : at + length])
        at += length
    return blobs


def _encode_strings(items: list[str]) -> bytes:
    # NUL cannot occur in a value: instrument_build refuses a dump containing one.
    return "".join(item + "\0" for item in items).encode()


def _decode_strings(blob: memoryview) -> list[str]:
    items = str(blob, "utf-8").split("\0")
    if items.pop() != "":
        raise ValueError("instrument cache string list is not terminated")
    return items


def _decode_array(kind: str, blob: memoryview) -> array[Any]:
    values = array(kind)
    values.frombytes(blob)  # ValueError when the length is not a whole number of items
    return values


def _validate(table: InstrumentTable) -> None:
    n = len(table.symbols)
    if table.exchanges != [exchange.value for exchange in Exchange]:
        raise ValueError("instrument cache lists other exchanges")
    if any(len(getattr(table, name)) != n for name in _ROW_COLUMNS):
        raise ValueError("instrument cache columns differ in length")
    bounds = list(table.bounds)
    if len(bounds) != len(Exchange) + 1 or bounds[0] != 0 or bounds[-1] != n or bounds != sorted(bounds):
        raise ValueError("instrument cache exchange bounds are wrong")
    if len(table.sparse) != sparse_offsets(n)[-1] or len(table.word_rows) != len(table.words):
        raise ValueError("instrument cache index sizes are wrong")
    for ids, size in ((table.name_ids, len(table.names)), (table.type_ids, len(table.types)),
                      (table.segment_ids, len(table.segments)), (table.by_rank, n), (table.ranks, n),
                      (table.token_order, n), (table.word_rows, n)):  # fmt: skip
        if ids and (min(ids) < 0 or max(ids) >= size):
            raise ValueError("instrument cache refers past its tables")
