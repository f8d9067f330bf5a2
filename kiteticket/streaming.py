"""The session's stream, as the composition root hands it to the UI: a factory that makes the official
``KiteTicker`` (``broker.stream.MarketStream``) for the token of the moment, since the ticker's address carries the
access token and a new login needs a new connection."""

from __future__ import annotations

from collections.abc import Callable

from kiteticket.broker.gateway import KiteGateway
from kiteticket.broker.stream import MarketStream, StreamSink


def stream_factory(gateway: KiteGateway, ws_root: Callable[[], str | None]) -> Callable[[StreamSink], MarketStream]:
    """`ws_root` gives the ticker's root when the stream is made: the paper exchange's /ws (its port survives a
    restart), or None for Kite's own."""

    def make(sink: StreamSink) -> MarketStream:
        return MarketStream(gateway.api_key, gateway.access_token, ws_root(), sink)

    return make
