"""The session's stream into the market watch, end to end: the paper exchange's ticker, the official KiteTicker,
the bridge, and the watch's rows ticking; the ticket's instrument in full mode."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from kiteconnect import KiteConnect
from pytestqt.qtbot import QtBot

from kiteticket.broker.stream import MarketStream
from kiteticket.domain.instruments import InstrumentMaster
from kiteticket.domain.stream import StreamState, StreamStatus
from kiteticket.domain.tick import Tick, TickMode
from kiteticket.domain.watchlist import Watchlist, Watchlists
from kiteticket.paper.exchange import PaperExchange
from kiteticket.paper.sample_derivatives import sample_master_csv
from kiteticket.ui.market.stream_bridge import StreamBridge
from kiteticket.ui.market.stream_controller import StreamController, tokens_of
from kiteticket.ui.market.watch_model import LTP_COLUMN
from kiteticket.ui.market.watch_view import MarketWatch
from tests.paper.helpers import set_price

KEYS = ("NSE:INFY", "NSE:SBIN")


@pytest.fixture
def master() -> InstrumentMaster:
    return InstrumentMaster.from_csv(sample_master_csv(date.today()))


def _lookup(master: InstrumentMaster) -> object:
    return lambda key: master.get(*key.split(":", 1))


@pytest.fixture
def controller(
    qtbot: QtBot, streaming: PaperExchange, streaming_kite: KiteConnect, master: InstrumentMaster
) -> Iterator[tuple[StreamController, MarketWatch]]:
    kite = streaming_kite

    def factory(bridge: StreamBridge) -> MarketStream:
        return MarketStream(kite.api_key, kite.access_token, streaming.ws_url, bridge)

    watch = MarketWatch(Watchlists((Watchlist("Mine", KEYS),)))
    watch.set_master(master, _lookup(master))  # type: ignore[arg-type]
    stream = StreamController(factory, watch.model)
    yield stream, watch
    stream.stop()
    qtbot.waitUntil(lambda: streaming.ticker.connections == 0, timeout=10_000)
    qtbot.waitUntil(lambda: not watch.model._flash_timer.isActive(), timeout=3_000)
    watch.deleteLater()


def test_the_watchlist_ticks_and_the_ticket_gets_depth(
    qtbot: QtBot, streaming: PaperExchange, master: InstrumentMaster, controller: tuple[StreamController, MarketWatch]
) -> None:
    stream, watch = controller
    statuses: list[StreamStatus] = []
    stream.status_changed.connect(statuses.append)
    seen: dict[int, Tick] = {}
    stream.ticks_arrived.connect(seen.update)
    infy, sbin = tokens_of(KEYS, _lookup(master))  # type: ignore[arg-type]
    stream.set_watched([infy, sbin])
    stream.set_ticket_instrument(infy)
    assert stream.wanted() == {infy: TickMode.FULL, sbin: TickMode.FULL}
    stream.start()
    qtbot.waitUntil(lambda: stream.status.state is StreamState.LIVE, timeout=10_000)
    set_price(streaming, "SBIN", 812.35)
    qtbot.waitUntil(lambda: watch.model.index(1, LTP_COLUMN).data() == "812.35", timeout=10_000)
    qtbot.waitUntil(lambda: infy in seen and seen[infy].mode is TickMode.FULL, timeout=10_000)
    assert seen[infy].bids
    assert StreamStatus(StreamState.LIVE) in statuses
    stream.set_ticket_instrument(None)
    qtbot.waitUntil(lambda: streaming.ticker.subscribed_tokens() == {infy, sbin}, timeout=10_000)
    assert seen[sbin].last_price == Decimal("812.35")
