"""broker.stream: the official KiteTicker against the paper exchange's /ws, with domain values coming out."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from kiteconnect import KiteConnect, KiteTicker

from kiteticket.broker.stream import SESSION_REFUSED, MarketStream
from kiteticket.domain.stream import StreamState, StreamStatus
from kiteticket.domain.tick import Tick, TickMode
from kiteticket.paper.exchange import PaperExchange
from kiteticket.paper.tick_packets import frame, packet
from tests.broker.sdk_ticks import tick_from_sdk
from tests.paper.helpers import set_price, wait_until
from tests.paper.test_tick_packets import MOCK_FULL, MOCK_QUOTE

INFY, SBIN = 408065, 779521


class Sink:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latest: dict[int, Tick] = {}
        self.statuses: list[StreamStatus] = []
        self.orders: list[Mapping[str, Any]] = []

    def ticks(self, ticks: list[Tick]) -> None:
        with self.lock:
            self.latest.update((tick.instrument_token, tick) for tick in ticks)

    def order_update(self, payload: Mapping[str, Any]) -> None:
        self.orders.append(payload)

    def status(self, status: StreamStatus) -> None:
        self.statuses.append(status)

    def mode_of(self, token: int) -> TickMode | None:
        with self.lock:
            tick = self.latest.get(token)
        return tick.mode if tick else None


@pytest.fixture
def stream(streaming: PaperExchange, streaming_kite: KiteConnect) -> Iterator[tuple[MarketStream, Sink]]:
    sink = Sink()
    market = MarketStream(streaming_kite.api_key, streaming_kite.access_token, streaming.ws_url, sink)
    market.start()
    wait_until(lambda: StreamStatus(StreamState.LIVE) in sink.statuses, timeout=10)
    yield market, sink
    market.stop()
    wait_until(lambda: streaming.ticker.connections == 0, timeout=10)


def test_wanted_modes_are_what_the_exchange_streams(stream: tuple[MarketStream, Sink]) -> None:
    market, sink = stream
    market.want({INFY: TickMode.FULL, SBIN: TickMode.LTP})
    wait_until(lambda: sink.mode_of(INFY) is TickMode.FULL and sink.mode_of(SBIN) is TickMode.LTP)
    assert len(sink.latest[INFY].bids) == 5
    market.want({INFY: TickMode.QUOTE})
    wait_until(lambda: sink.mode_of(INFY) is TickMode.QUOTE)


def test_prices_arrive_as_exact_decimals(streaming: PaperExchange, stream: tuple[MarketStream, Sink]) -> None:
    market, sink = stream
    market.want({INFY: TickMode.FULL})
    set_price(streaming, "INFY", 1712.35)
    wait_until(lambda: INFY in sink.latest and str(sink.latest[INFY].last_price) == "1712.35")


def test_dropping_an_instrument_unsubscribes_it(streaming: PaperExchange, stream: tuple[MarketStream, Sink]) -> None:
    market, _sink = stream
    market.want({INFY: TickMode.QUOTE, SBIN: TickMode.QUOTE})
    wait_until(lambda: streaming.ticker.subscribed_tokens() == {INFY, SBIN})
    market.want({SBIN: TickMode.QUOTE})
    wait_until(lambda: streaming.ticker.subscribed_tokens() == {SBIN})


def test_a_refused_token_stops_the_stream_instead_of_retrying(
    streaming: PaperExchange, streaming_kite: KiteConnect
) -> None:
    sink = Sink()
    market = MarketStream(streaming_kite.api_key, "expired-token", streaming.ws_url, sink)
    market.start()
    wait_until(lambda: any(s.state is StreamState.DOWN for s in sink.statuses), timeout=10)
    assert sink.statuses[-1] == StreamStatus(StreamState.DOWN, detail=SESSION_REFUSED)
    assert StreamStatus(StreamState.LIVE) not in sink.statuses
    market.stop()


@pytest.mark.parametrize(("tick", "mode"), [(MOCK_FULL, TickMode.FULL), (MOCK_QUOTE, TickMode.QUOTE)])
def test_the_sdks_tick_becomes_the_same_domain_tick(tick: Tick, mode: TickMode) -> None:
    (decoded,) = KiteTicker("k", "t")._parse_binary(frame([packet(tick, mode)]))
    converted = tick_from_sdk(decoded)
    assert converted.mode is mode
    assert converted == tick.__class__(**{**_fields(tick), "mode": mode})


def _fields(tick: Tick) -> dict[str, Any]:
    return {name: getattr(tick, name) for name in tick.__slots__}  # type: ignore[attr-defined]


def test_after_stop_nothing_reaches_the_sink(streaming: PaperExchange, streaming_kite: KiteConnect) -> None:
    """The sink is a Qt object its owner may delete right after stop(): no late tick may call into it."""
    sink = Sink()
    market = MarketStream(streaming_kite.api_key, streaming_kite.access_token, streaming.ws_url, sink)
    market.start()
    wait_until(lambda: StreamStatus(StreamState.LIVE) in sink.statuses, timeout=10)
    market.want({INFY: TickMode.FULL})
    wait_until(lambda: INFY in sink.latest)
    market.stop()
    with sink.lock:
        sink.latest.clear()
    statuses = len(sink.statuses)
    for _ in range(5):
        streaming.ticker.beat()  # frames on their way to a stream being closed
    wait_until(lambda: streaming.ticker.connections == 0, timeout=10)
    assert not sink.latest
    assert len(sink.statuses) == statuses
