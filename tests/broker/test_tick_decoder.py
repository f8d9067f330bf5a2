"""broker.tick_decoder against the official SDK's decoder: Kite's own mock packets, the paper exchange's packets in
every mode and segment, and random packets of every length Kite sends."""

from __future__ import annotations

import struct
import time
from collections.abc import Iterator
from dataclasses import FrozenInstanceError
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiteticket.broker.tick_decoder import packets, tick_from_packet, ticks_from_frame
from kiteticket.domain.quote import DepthLevel
from kiteticket.domain.tick import Tick, TickMode, depth_of
from kiteticket.paper.tick_packets import HEARTBEAT, frame, packet
from tests.broker.sdk_ticks import sdk_ticks
from tests.paper.test_tick_packets import KITE_FULL_PACKET, KITE_QUOTE_PACKET, MOCK_FULL, MOCK_QUOTE, STAMP

NIFTY = Tick(
    instrument_token=256265, last_price=Decimal("24350.55"), open=Decimal(24300), high=Decimal(24400),
    low=Decimal(24250), close=Decimal("24400.10"), exchange_timestamp=STAMP,
)  # fmt: skip
USDINR = Tick(instrument_token=412675 * 256 + 3, last_price=Decimal("83.4525"), close=Decimal("83.1"))
BCD = Tick(
    instrument_token=1000 * 256 + 6, last_price=Decimal("83.4525"), depth=depth_of([DepthLevel(Decimal("83.45"), 9, 2)])
)


@pytest.fixture(autouse=True, scope="module")
def _utc() -> Iterator[None]:
    """The SDK stamps local datetimes; in a zone with summer time an hour that happens twice would not come back
    as the same Unix time, so the comparison runs in UTC (Kite's own IST has no such hour)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "UTC")
        time.tzset()
        yield
    time.tzset()


def test_kites_own_packets_decode_to_the_mocks_ticks() -> None:
    full, quote = ticks_from_frame(frame([KITE_FULL_PACKET, KITE_QUOTE_PACKET]))
    assert full == MOCK_FULL
    assert hash(full) == hash(MOCK_FULL)
    with pytest.raises(FrozenInstanceError):
        full.last_price = Decimal(1)  # type: ignore[misc]
    with pytest.raises(AttributeError):  # a NamedTuple: immutable too
        full.bids[0].quantity = 0  # type: ignore[misc]
    assert quote == Tick(**{**_fields(MOCK_QUOTE), "mode": TickMode.QUOTE})


@pytest.mark.parametrize(
    "tick", [MOCK_FULL, MOCK_QUOTE, NIFTY, USDINR, BCD], ids=["full", "quote", "index", "cds", "bcd"]
)
@pytest.mark.parametrize("mode", list(TickMode))
def test_every_mode_and_segment_decodes_as_the_sdk_decodes(tick: Tick, mode: TickMode) -> None:
    message = frame([packet(tick, mode), packet(MOCK_FULL, TickMode.FULL)])
    ours = ticks_from_frame(message)
    assert ours == sdk_ticks(message)
    assert [str(t.last_price) for t in ours] == [str(t.last_price) for t in sdk_ticks(message)]  # same decimals
    assert ours[0].mode is mode


def test_a_heartbeat_and_an_empty_frame_have_no_ticks() -> None:
    assert ticks_from_frame(HEARTBEAT) == sdk_ticks(HEARTBEAT) == []
    assert ticks_from_frame(frame([])) == []


def test_a_packet_of_a_length_kite_does_not_send_is_skipped_as_the_sdk_skips_it() -> None:
    message = frame([b"\x00" * 12, packet(MOCK_QUOTE, TickMode.LTP)])
    assert tick_from_packet(b"\x00" * 12) is None
    assert ticks_from_frame(message) == sdk_ticks(message)
    assert len(ticks_from_frame(message)) == 1


def test_a_frame_cut_short_in_a_length_field_raises_struct_error() -> None:
    message = frame([packet(MOCK_QUOTE, TickMode.QUOTE), packet(MOCK_QUOTE, TickMode.QUOTE)])
    with pytest.raises(struct.error):
        ticks_from_frame(message[:47])


def test_packets_are_cut_as_the_frame_says() -> None:
    bodies = [packet(MOCK_FULL, TickMode.FULL), packet(NIFTY, TickMode.QUOTE), packet(USDINR, TickMode.LTP)]
    assert list(packets(frame(bodies))) == bodies


# Random packets: every field any 32-bit value (Kite's are unsigned), any segment; timestamps kept within what the
# SDK's datetime.fromtimestamp can represent on every platform, since beyond it the SDK gives None (0 for us both).
_token = st.builds(lambda number, segment: number * 256 + segment, st.integers(0, 2**24 - 1), st.integers(0, 255))
_uint = st.integers(0, 2**32 - 1)
_stamp = st.integers(0, 2**31 - 1)


@st.composite
def random_packet(draw: st.DrawFn) -> bytes:
    size = draw(st.sampled_from([8, 28, 32, 44, 184]))
    token = draw(_token)
    if size == 184:
        head = struct.pack(">11I", token, *draw(st.lists(_uint, min_size=10, max_size=10)))
        times = struct.pack(">5I", draw(_stamp), *draw(st.lists(_uint, min_size=3, max_size=3)), draw(_stamp))
        levels = b"".join(
            struct.pack(">IIH2x", draw(_uint), draw(_uint), draw(st.integers(0, 2**16 - 1))) for _ in range(10)
        )
        return head + times + levels
    rest = size // 4 - 1
    body = struct.pack(f">{rest + 1}I", token, *draw(st.lists(_uint, min_size=rest, max_size=rest)))
    if size == 32:
        body = body[:28] + struct.pack(">I", draw(_stamp))
    return body


@given(st.lists(random_packet(), min_size=1, max_size=8))
def test_random_packets_decode_as_the_sdk_decodes(bodies: list[bytes]) -> None:
    message = frame(bodies)
    ours, theirs = ticks_from_frame(message), sdk_ticks(message)
    assert ours == theirs
    assert [(str(t.last_price), str(t.close)) for t in ours] == [(str(t.last_price), str(t.close)) for t in theirs]


def _fields(tick: Tick) -> dict[str, object]:
    return {name: getattr(tick, name) for name in tick.__slots__}  # type: ignore[attr-defined]
