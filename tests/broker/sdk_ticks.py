"""The reference for broker.tick_decoder: the official SDK's own decoding (``KiteTicker._parse_binary``) with its
dicts turned into domain Ticks field by field, as the app did before it decoded frames itself."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from kiteconnect import KiteTicker

from kiteticket.domain.quote import DepthLevel
from kiteticket.domain.tick import Tick, TickMode, depth_of


def sdk_decode(frame: bytes) -> list[dict[str, Any]]:
    """The official SDK's decoder, unchanged (it needs no connection to parse)."""
    return KiteTicker("k", "t")._parse_binary(frame)  # type: ignore[no-any-return]


def _price(value: float | None) -> Decimal:
    """A float price from the SDK, back to the decimal it was on the wire (at most 7 places, CDS)."""
    return Decimal(repr(value)) if value else Decimal(0)


def _epoch(value: datetime | None) -> int:
    return int(value.timestamp()) if value else 0


def _depth(levels: Iterable[Mapping[str, Any]]) -> tuple[DepthLevel, ...]:
    return tuple(DepthLevel(_price(level["price"]), level["quantity"], level["orders"]) for level in levels)


def tick_from_sdk(raw: Mapping[str, Any]) -> Tick:
    """The SDK's decoded tick (its own key names) as a domain Tick."""
    ohlc = raw.get("ohlc") or {}
    depth = raw.get("depth") or {}
    return Tick(
        instrument_token=raw["instrument_token"],
        last_price=_price(raw["last_price"]),
        mode=TickMode(raw.get("mode", TickMode.LTP)),
        last_quantity=raw.get("last_traded_quantity", 0),
        average_price=_price(raw.get("average_traded_price")),
        volume=raw.get("volume_traded", 0),
        buy_quantity=raw.get("total_buy_quantity", 0),
        sell_quantity=raw.get("total_sell_quantity", 0),
        open=_price(ohlc.get("open")),
        high=_price(ohlc.get("high")),
        low=_price(ohlc.get("low")),
        close=_price(ohlc.get("close")),
        last_trade_time=_epoch(raw.get("last_trade_time")),
        oi=raw.get("oi", 0),
        oi_day_high=raw.get("oi_day_high", 0),
        oi_day_low=raw.get("oi_day_low", 0),
        exchange_timestamp=_epoch(raw.get("exchange_timestamp")),
        depth=depth_of(_depth(depth.get("buy", ())), _depth(depth.get("sell", ()))),
    )


def sdk_ticks(frame: bytes) -> list[Tick]:
    return [tick_from_sdk(raw) for raw in sdk_decode(frame)]
