"""Kite's binary market-data frames, byte for byte, from ``Tick`` values.

A frame is a 2-byte count of packets, then each packet behind its 2-byte length; all integers big-endian and
unsigned. A packet is 8 bytes in LTP mode, 44 in quote mode and 184 in full mode (quote + last trade time, OI and
five levels of depth per side); an index's are 8, 28 and 32. Prices are integers: the price times the segment's
divisor. A 1-byte frame is the idle heartbeat. The official SDK's ``KiteTicker._parse_binary`` is the decoder this
is tested against, with Kite's own packets (the kiteconnect-mocks ``ticker_*.packet``) as the expected bytes.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from kiteticket.domain.quote import DepthLevel
from kiteticket.domain.tick import DEPTH_LEVELS, Tick, TickMode, price_divisor

HEARTBEAT = b"\x00"

_LTP = struct.Struct(">II")
_QUOTE = struct.Struct(">11I")
_FULL_HEAD = struct.Struct(">16I")
_LEVEL = struct.Struct(">IIH2x")
_INDEX_QUOTE = struct.Struct(">6Ii")  # the change field of an index packet may be negative
_INDEX_FULL = struct.Struct(">6IiI")
_COUNT = struct.Struct(">H")
_EMPTY_LEVEL = DepthLevel(Decimal(0), 0, 0)
_UINT_MAX = 0xFFFF_FFFF


@lru_cache(maxsize=1 << 16)
def _scaled(price: Decimal, divisor: int) -> int:
    """The packet's integer for `price`; cached, as prices on a tick grid repeat from beat to beat."""
    value = int((price * divisor).to_integral_value(ROUND_HALF_UP))
    if not 0 <= value <= _UINT_MAX:
        raise ValueError(f"price {price} does not fit a ticker packet")
    return value


def _levels(levels: Sequence[DepthLevel]) -> list[DepthLevel]:
    """Exactly five levels per side, as Kite sends them: missing ones are zeros."""
    return [*levels[:DEPTH_LEVELS], *[_EMPTY_LEVEL] * (DEPTH_LEVELS - len(levels))]


def _quote_fields(tick: Tick, divisor: int) -> tuple[int, ...]:
    return (
        tick.instrument_token, _scaled(tick.last_price, divisor), tick.last_quantity,
        _scaled(tick.average_price, divisor), tick.volume, tick.buy_quantity, tick.sell_quantity,
        _scaled(tick.open, divisor), _scaled(tick.high, divisor), _scaled(tick.low, divisor),
        _scaled(tick.close, divisor),
    )  # fmt: skip


def _index_packet(tick: Tick, mode: TickMode, divisor: int) -> bytes:
    head = (
        tick.instrument_token, _scaled(tick.last_price, divisor), _scaled(tick.high, divisor),
        _scaled(tick.low, divisor), _scaled(tick.open, divisor), _scaled(tick.close, divisor),
        int(((tick.last_price - tick.close) * divisor).to_integral_value(ROUND_HALF_UP)),
    )  # fmt: skip
    if mode is TickMode.QUOTE:
        return _INDEX_QUOTE.pack(*head)
    return _INDEX_FULL.pack(*head, tick.exchange_timestamp)


def packet(tick: Tick, mode: TickMode) -> bytes:
    """One instrument's packet in `mode`."""
    divisor = price_divisor(tick.instrument_token)
    if mode is TickMode.LTP:
        return _LTP.pack(tick.instrument_token, _scaled(tick.last_price, divisor))
    if tick.is_index:
        return _index_packet(tick, mode, divisor)
    quote = _quote_fields(tick, divisor)
    if mode is TickMode.QUOTE:
        return _QUOTE.pack(*quote)
    head = _FULL_HEAD.pack(
        *quote, tick.last_trade_time, tick.oi, tick.oi_day_high, tick.oi_day_low, tick.exchange_timestamp
    )
    depth = b"".join(
        _LEVEL.pack(level.quantity, _scaled(level.price, divisor), level.orders)
        for level in (*_levels(tick.bids), *_levels(tick.asks))
    )
    return head + depth


def frame(packets: Iterable[bytes]) -> bytes:
    """Packets into one binary WebSocket message."""
    parts = [_COUNT.pack(len(body)) + body for body in packets]
    return _COUNT.pack(len(parts)) + b"".join(parts)
