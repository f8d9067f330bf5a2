"""The paper exchange's ticker packets against Kite's own bytes and the official SDK's decoder.

The expected bytes are Kite's packets from the kiteconnect-mocks repository (``ticker_full.packet`` and
``ticker_quote.packet``, base64 there), written out here so that the test needs nothing beside the repository; the
tick values are those of the matching ``ticker_*.json``.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from kiteconnect import KiteTicker

from kiteticket.domain.quote import DepthLevel
from kiteticket.domain.tick import Tick, TickMode, depth_of
from kiteticket.paper.tick_packets import HEARTBEAT, frame, packet

KITE_FULL_PACKET = bytes.fromhex(
    "00063a01000266ba000000070002656d001232170003e9bb00058a01000264f30002673c000261c90002646c60e2947f"
    "00000000000000000000000060e2947f000000050002669c000100000000008c0002667400020000000000020002666f"
    "00010000000000db0002666a00070000000000320002666500010000000000ac000266ba000300000000002c000266bf"
    "000300000000012e000266c9000300000000008d000266ce00020000000002d4000266d300050000"
)
KITE_QUOTE_PACKET = bytes.fromhex(
    "00063a010002668300000001000265690011f1b20003e9ff00058037000264f30002673c000261c90002646c"
)
STAMP = 1625461887  # 2021-07-05T10:41:27+05:30, the mock's last_trade_time and timestamp


def _levels(*rows: tuple[str, int, int]) -> tuple[DepthLevel, ...]:
    return tuple(DepthLevel(Decimal(price), quantity, orders) for price, quantity, orders in rows)


MOCK_FULL = Tick(
    instrument_token=408065, last_price=Decimal("1573.7"), last_quantity=7, average_price=Decimal("1570.37"),
    volume=1192471, buy_quantity=256443, sell_quantity=363009, open=Decimal("1569.15"), high=Decimal(1575),
    low=Decimal("1561.05"), close=Decimal("1567.8"), last_trade_time=STAMP, exchange_timestamp=STAMP,
    depth=depth_of(_levels(("1573.4", 5, 1), ("1573", 140, 2), ("1572.95", 2, 1), ("1572.9", 219, 7),
                           ("1572.85", 50, 1)),
                   _levels(("1573.7", 172, 3), ("1573.75", 44, 3), ("1573.85", 302, 3), ("1573.9", 141, 2),
                           ("1573.95", 724, 5))),
)  # fmt: skip
MOCK_QUOTE = Tick(
    instrument_token=408065, last_price=Decimal("1573.15"), last_quantity=1, average_price=Decimal("1570.33"),
    volume=1175986, buy_quantity=256511, sell_quantity=360503, open=Decimal("1569.15"), high=Decimal(1575),
    low=Decimal("1561.05"), close=Decimal("1567.8"),
)  # fmt: skip


def _decode(message: bytes) -> list[dict[str, object]]:
    """The official SDK's decoder, unchanged (it needs no connection to parse)."""
    return KiteTicker("paper", "token")._parse_binary(message)  # type: ignore[no-any-return]


def test_full_packet_is_kites_own_bytes() -> None:
    assert packet(MOCK_FULL, TickMode.FULL) == KITE_FULL_PACKET


def test_quote_packet_is_kites_own_bytes() -> None:
    assert packet(MOCK_QUOTE, TickMode.QUOTE) == KITE_QUOTE_PACKET


def test_the_sdk_decodes_a_frame_of_every_mode_as_the_mocks_show() -> None:
    ltp, quote, full = _decode(
        frame([packet(MOCK_QUOTE, TickMode.LTP), packet(MOCK_QUOTE, TickMode.QUOTE), packet(MOCK_FULL, TickMode.FULL)])
    )
    assert ltp == {"tradable": True, "mode": "ltp", "instrument_token": 408065, "last_price": 1573.15}
    assert quote["mode"] == "quote"
    assert quote["ohlc"] == {"open": 1569.15, "high": 1575.0, "low": 1561.05, "close": 1567.8}
    assert (quote["volume_traded"], quote["last_traded_quantity"], quote["average_traded_price"]) == (
        1175986, 1, 1570.33,
    )  # fmt: skip
    assert full["mode"] == "full"
    assert full["last_trade_time"] == datetime.fromtimestamp(STAMP)
    assert full["depth"]["buy"][0] == {"quantity": 5, "price": 1573.4, "orders": 1}  # type: ignore[index]
    assert full["depth"]["sell"][4] == {"quantity": 724, "price": 1573.95, "orders": 5}  # type: ignore[index]


def test_a_short_depth_is_padded_with_empty_levels() -> None:
    thin = Tick(instrument_token=408065, last_price=Decimal(100), depth=depth_of(_levels(("99.95", 10, 1))))
    (decoded,) = _decode(frame([packet(thin, TickMode.FULL)]))
    assert decoded["depth"]["buy"][1:] == [{"quantity": 0, "price": 0.0, "orders": 0}] * 4  # type: ignore[index]
    assert len(decoded["depth"]["sell"]) == 5  # type: ignore[index]


@pytest.mark.parametrize(
    ("token", "price", "decoded"),
    [
        (412675 * 256 + 3, Decimal("83.4525"), 83.4525),  # CDS: seven decimals
        (1000 * 256 + 6, Decimal("83.4525"), 83.4525),  # BCD: four
        (256265, Decimal("24350.55"), 24350.55),  # an NSE index (segment 9)
    ],
)
def test_prices_use_the_segments_divisor(token: int, price: Decimal, decoded: float) -> None:
    (tick,) = _decode(frame([packet(Tick(instrument_token=token, last_price=price), TickMode.LTP)]))
    assert tick["last_price"] == pytest.approx(decoded)


def test_index_packets_are_28_and_32_bytes_and_not_tradable() -> None:
    nifty = Tick(
        instrument_token=256265, last_price=Decimal("24350.55"), open=Decimal(24300), high=Decimal(24400),
        low=Decimal(24250), close=Decimal("24400.10"), exchange_timestamp=STAMP,
    )  # fmt: skip
    quote, full = packet(nifty, TickMode.QUOTE), packet(nifty, TickMode.FULL)
    assert (len(quote), len(full)) == (28, 32)
    decoded_quote, decoded_full = _decode(frame([quote, full]))
    assert decoded_quote["tradable"] is False
    assert decoded_quote["ohlc"] == {"high": 24400.0, "low": 24250.0, "open": 24300.0, "close": 24400.1}
    assert decoded_full["exchange_timestamp"] == datetime.fromtimestamp(STAMP)


def test_heartbeat_decodes_to_no_ticks() -> None:
    assert _decode(HEARTBEAT) == []


def test_a_price_outside_the_packet_is_refused() -> None:
    with pytest.raises(ValueError, match="does not fit"):
        packet(Tick(instrument_token=408065, last_price=Decimal(-1)), TickMode.LTP)
