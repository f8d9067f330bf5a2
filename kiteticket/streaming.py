"""The session's stream, as the composition root hands it to the UI: a factory that makes the official
``KiteTicker`` (``broker.stream.MarketStream``) for the token of the moment, since the ticker's address carries the
access token and a new login needs a new connection."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from kiteticket.broker.stream import MarketStream, StreamSink


class Session(Protocol):
    """The gateway's session as the ticker needs it (GuardedGateway and KiteGateway have it)."""

    @property
    def api_key(self) -> str: ...
    @property
    def access_token(self) -> str: ...


def stream_factory(
    gateway: Session,
    ws_root: Callable[[], str | None],
    proxy: Callable[[], Mapping[str, Any] | None] = lambda: None,
) -> Callable[[StreamSink], MarketStream]:
    """`ws_root` gives the ticker's root when the stream is made: the paper exchange's /ws (its port survives a
    restart), or None for Kite's own; `proxy` the ticker's proxy of the moment (Settings ▸ Network), if any."""

    def make(sink: StreamSink) -> MarketStream:
        return MarketStream(gateway.api_key, gateway.access_token, ws_root(), sink, proxy=proxy())

    return make
