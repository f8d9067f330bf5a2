"""Kite's binary market-data frames straight to domain ``Tick`` values, for the thousands of ticks a second a
market watch receives.

The official ``KiteTicker._parse_binary`` reads every field with its own ``struct.unpack`` call and builds nested
dicts with float prices and local ``datetime`` stamps, which the app then turned back into Decimals and Unix seconds:
about 45 µs a full-mode tick on the reactor's thread, holding the GIL the GUI thread needs. Here one precompiled
``struct`` call reads a whole packet and the Tick is built from its integers, prices through a cache, about 11 µs.
The result is the Tick the SDK's own decoding gives, field for field (tests/broker/test_tick_decoder.py compares
them on Kite's mock packets and on random ones): the SDK stays the reference, as it is for the paper's encoder.

Layout (the SDK's ``_parse_binary``): a frame is a 2-byte packet count, then each packet behind its 2-byte length;
integers big-endian, unsigned. Packets of 8 (LTP), 44 (quote) and 184 bytes (full: quote + last trade time, OI,
exchange time, five depth levels a side), or 28/32 for an index's quote/full; a packet of any other length is
skipped, as the SDK skips it.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator
from dataclasses import fields
from decimal import Decimal
from operator import itemgetter
from typing import Any, TypeVar

from kiteticket.domain.tick import NO_DEPTH, Tick, TickMode, price_divisor

_COUNT = struct.Struct(">H")
_LTP = struct.Struct(">II")
_QUOTE = struct.Struct(">11I")
_FULL = struct.Struct(">16I" + "IIH2x" * 10)
_INDEX_QUOTE = struct.Struct(">6I")  # the 4 bytes after it carry Kite's change, which the SDK computes itself
_INDEX_FULL = struct.Struct(">6I4xI")
# A full packet's ten depth levels are (quantity, price, orders) from value 16 on, five bids then five asks. A
# Tick's sides list each level as (price, quantity, orders): the getters pick them in that order, in C.
_DEPTH_PRICES = range(17, 46, 3)
_BIDS = itemgetter(*[level + offset for level in range(16, 31, 3) for offset in (1, 0, 2)])
_ASKS = itemgetter(*[level + offset for level in range(31, 46, 3) for offset in (1, 0, 2)])
_ZERO = Decimal(0)
_CACHE_LIMIT = 1 << 16


class _Prices:
    """Packet integers as the Decimals the SDK path gives (``Decimal(repr(value / divisor))``, zero as 0), cached
    per divisor: prices sit on a tick grid and repeat from tick to tick, so most become a dictionary lookup."""

    def __init__(self) -> None:
        self._by_divisor: dict[int, dict[int, Decimal]] = {}

    def table(self, divisor: int) -> dict[int, Decimal]:
        table = self._by_divisor.get(divisor)
        if table is None or len(table) > _CACHE_LIMIT:  # a bound on memory over a long day
            table = self._by_divisor[divisor] = {0: _ZERO}
        return table

    @staticmethod
    def convert(table: dict[int, Decimal], value: int, divisor: int) -> Decimal:
        price = table[value] = Decimal(repr(value / divisor))
        return price


_PRICES = _Prices()
T = TypeVar("T")


def _maker(cls: type[T]) -> Callable[..., T]:
    """A maker of a frozen, slotted dataclass from all its fields in order, giving what ``cls(*values)`` gives.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` (to get past its own
    refusal), half of what decoding a full tick cost with its Tick and (once) ten dataclass depth levels. The
    slots' own setters do the same work in half the time; the maker's code is generated from the fields, as
    dataclasses generate ``__init__``, so it follows the class. Only for classes with nothing in ``__post_init__``
    (no check is skipped)."""
    assert not hasattr(cls, "__post_init__"), cls
    names = [item.name for item in fields(cls)]  # type: ignore[arg-type]
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls}
    namespace.update({f"set_{name}": getattr(cls, name).__set__ for name in names})
    body = "".join(f"    set_{name}(made, {name})\n" for name in names)
    exec(f"def make({', '.join(names)}):\n    made = new(cls)\n{body}    return made\n", namespace)
    return namespace["make"]  # type: ignore[no-any-return]


_tick: Callable[..., Tick] = _maker(Tick)


def packets(frame: bytes) -> Iterator[bytes]:
    """The packets of one binary message, as the SDK's ``_split_packets`` cuts them (a 1-byte heartbeat has none).
    Raises ``struct.error`` on a frame cut short in a length field."""
    if len(frame) < 2:
        return
    (count,) = _COUNT.unpack_from(frame, 0)
    start = 2
    for _ in range(count):
        (length,) = _COUNT.unpack_from(frame, start)
        yield frame[start + 2 : start + 2 + length]
        start += 2 + length


def tick_from_packet(packet: bytes) -> Tick | None:
    """One packet as a Tick; None for a length Kite does not send (the SDK skips those too)."""
    size = len(packet)
    if size == 184:
        return _full(packet)
    if size == 44:
        return _quote(packet)
    if size == 8:
        token, last = _LTP.unpack(packet)
        divisor = price_divisor(token)
        table = _PRICES.table(divisor)
        return Tick(token, _price(table, last, divisor), TickMode.LTP)
    if size in (28, 32):
        return _index(packet)
    return None


def ticks_from_frame(frame: bytes) -> list[Tick]:
    """Every tick of one binary message, in the order of its packets."""
    return [tick for packet in packets(frame) if (tick := tick_from_packet(packet)) is not None]


def _price(table: dict[int, Decimal], value: int, divisor: int) -> Decimal:
    found = table.get(value)
    return found if found is not None else _Prices.convert(table, value, divisor)


def _full(packet: bytes) -> Tick:
    v = _FULL.unpack(packet)
    divisor = price_divisor(v[0])
    table = _PRICES.table(divisor)
    values = list(v)
    for index in _DEPTH_PRICES:
        values[index] = _price(table, values[index], divisor)
    return _tick(*_quote_values(v, table, divisor), *v[11:16], (_BIDS(values), _ASKS(values)))  # see Tick.depth


def _quote(packet: bytes) -> Tick:
    v = _QUOTE.unpack(packet)
    table = _PRICES.table(divisor := price_divisor(v[0]))
    return _tick(*_quote_values(v, table, divisor, TickMode.QUOTE), 0, 0, 0, 0, 0, NO_DEPTH)


def _quote_values(
    v: tuple[Any, ...], table: dict[int, Decimal], divisor: int, mode: TickMode = TickMode.FULL
) -> tuple[Any, ...]:
    """Tick's fields from instrument_token to close, from a quote or full packet's values."""
    return (
        v[0], _price(table, v[1], divisor), mode, v[2], _price(table, v[3], divisor), v[4], v[5], v[6],
        _price(table, v[7], divisor), _price(table, v[8], divisor), _price(table, v[9], divisor),
        _price(table, v[10], divisor),
    )  # fmt: skip


def _index(packet: bytes) -> Tick:
    full = len(packet) == 32
    token, last, high, low, open_, close, *stamp = (_INDEX_FULL if full else _INDEX_QUOTE).unpack_from(packet)
    table = _PRICES.table(divisor := price_divisor(token))
    return Tick(
        token, _price(table, last, divisor), TickMode.FULL if full else TickMode.QUOTE,
        open=_price(table, open_, divisor), high=_price(table, high, divisor), low=_price(table, low, divisor),
        close=_price(table, close, divisor), exchange_timestamp=stamp[0] if stamp else 0,
    )  # fmt: skip
