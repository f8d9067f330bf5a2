"""The paper exchange's ticker: who is connected, what each connection subscribed to in which mode, and what each
is sent on every beat of the market.

Kite's rules (kite-api-facts §9, §11): at most 3 connections per api_key and 3,000 instruments per connection; a
subscription starts in quote mode; client messages are ``{"a": "subscribe"|"unsubscribe", "v": [tokens]}`` and
``{"a": "mode", "v": [mode, [tokens]]}``; market data goes out as binary frames, order updates and errors as text
``{"type": "order"|"error", "data": …}``. Full mode ticks on every beat of the market, quote and LTP about once a
second, and a connection with nothing to say gets a 1-byte heartbeat each second.

Connections are plain objects with a ``send`` that must not block (the WebSocket session queues the frame); the
hub never holds the exchange's lock while it hands frames out.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from kiteticket.domain.tick import Tick, TickMode
from kiteticket.paper.tick_packets import HEARTBEAT, frame, packet

log = logging.getLogger(__name__)

MAX_CONNECTIONS_PER_KEY = 3
MAX_INSTRUMENTS_PER_CONNECTION = 3000
PACKETS_PER_FRAME = 500  # several frames per beat rather than one huge one: a frame's count field is 16 bits
SLOW_MODES_EVERY = 2  # beats: quote and LTP subscribers hear every other beat (the market beats twice a second)

# What the hub needs of the exchange: the ticks of some instruments, now (taken under the exchange's lock).
TickSource = Callable[[Iterable[int]], dict[int, Tick]]


class Peer(Protocol):
    def send(self, message: bytes | str) -> None: ...

    def abort(self) -> None:
        """Drop the connection at once, without a closing handshake (a reset)."""

    def set_delay(self, seconds: float) -> None:
        """Hold every later frame back this long before sending it."""


@dataclass(eq=False)
class Subscriber:
    peer: Peer
    api_key: str
    modes: dict[int, TickMode] = field(default_factory=dict)
    last_sent: dict[int, bytes] = field(default_factory=dict)  # the packet last sent per token: unchanged is skipped
    idle_beats: int = 0


class TickerHub:
    def __init__(self, ticks: TickSource) -> None:
        self._ticks = ticks
        self._lock = threading.Lock()
        self._subscribers: list[Subscriber] = []
        self._beat = 0
        self._stalled_until = 0.0  # monotonic: until then nothing is sent, not even a pong (injected fault)

    # -- connections -------------------------------------------------------------------------------------------

    def attach(self, peer: Peer, api_key: str) -> Subscriber | None:
        """A new connection, or None when the api_key already has its three."""
        with self._lock:
            if sum(1 for s in self._subscribers if s.api_key == api_key) >= MAX_CONNECTIONS_PER_KEY:
                return None
            subscriber = Subscriber(peer, api_key)
            self._subscribers.append(subscriber)
            return subscriber

    def detach(self, subscriber: Subscriber) -> None:
        with self._lock:
            if subscriber in self._subscribers:
                self._subscribers.remove(subscriber)

    @property
    def connections(self) -> int:
        with self._lock:
            return len(self._subscribers)

    # -- client messages ---------------------------------------------------------------------------------------

    def receive(self, subscriber: Subscriber, text: str) -> None:
        """One text message from the client. Anything unreadable gets an error frame; the connection stays."""
        try:
            action, tokens, mode = _parse_message(text)
        except ValueError as exc:
            subscriber.peer.send(_error(str(exc)))
            return
        if action == "unsubscribe":
            with self._lock:
                for token in tokens:
                    subscriber.modes.pop(token, None)
                    subscriber.last_sent.pop(token, None)
            return
        self._subscribe(subscriber, tokens, mode)

    def _subscribe(self, subscriber: Subscriber, tokens: list[int], mode: TickMode | None) -> None:
        with self._lock:
            new = [token for token in tokens if token not in subscriber.modes]
            if len(subscriber.modes) + len(new) > MAX_INSTRUMENTS_PER_CONNECTION:
                subscriber.peer.send(_error(f"Maximum of {MAX_INSTRUMENTS_PER_CONNECTION} instruments per connection."))
                return
            for token in tokens:
                subscriber.modes[token] = mode or subscriber.modes.get(token, TickMode.QUOTE)
                subscriber.last_sent.pop(token, None)  # a new subscription or mode: the next beat sends it
        self._send_now(subscriber, tokens)

    def _send_now(self, subscriber: Subscriber, tokens: list[int]) -> None:
        """A fresh subscription hears the instrument's state at once rather than at its next move."""
        if self.stalled:
            return
        ticks = self._ticks(tokens)
        with self._lock:
            frames = _frames(subscriber, ticks, set(tokens))
        for message in frames:
            subscriber.peer.send(message)

    # -- the exchange's side -----------------------------------------------------------------------------------

    def subscribed_tokens(self) -> set[int]:
        with self._lock:
            return {token for subscriber in self._subscribers for token in subscriber.modes}

    def beat(self) -> None:
        """One beat of the market: each connection gets what changed among its instruments."""
        if self.stalled:
            return
        self._beat += 1
        slow_beat = self._beat % SLOW_MODES_EVERY == 0
        tokens = self.subscribed_tokens()
        ticks = self._ticks(tokens) if tokens else {}
        outgoing: list[tuple[Subscriber, list[bytes]]] = []
        with self._lock:
            for subscriber in self._subscribers:
                due = {t for t, mode in subscriber.modes.items() if slow_beat or mode is TickMode.FULL}
                outgoing.append((subscriber, _frames(subscriber, ticks, due)))
        for subscriber, frames in outgoing:
            self._deliver(subscriber, frames, slow_beat)

    def _deliver(self, subscriber: Subscriber, frames: list[bytes], slow_beat: bool) -> None:
        if frames:
            subscriber.idle_beats = 0
            for message in frames:
                subscriber.peer.send(message)
            return
        subscriber.idle_beats += 1
        if slow_beat and subscriber.idle_beats >= SLOW_MODES_EVERY:
            subscriber.idle_beats = 0
            subscriber.peer.send(HEARTBEAT)

    # -- injected faults (the admin API's ws_close, ws_stall, ws_delay) ------------------------------------------

    def abort_all(self) -> int:
        """Every connection dropped without a closing handshake; returns how many."""
        with self._lock:
            peers = [subscriber.peer for subscriber in self._subscribers]
        for peer in peers:
            peer.abort()
        return len(peers)

    def stall(self, seconds: float) -> None:
        """Send nothing for `seconds` (ticks, heartbeats, order updates and pongs alike) while the connections
        stay open, as a network path that silently stops carrying data; 0 ends a stall."""
        self._stalled_until = time.monotonic() + seconds if seconds > 0 else 0.0

    @property
    def stalled(self) -> bool:
        return time.monotonic() < self._stalled_until

    def delay(self, seconds: float) -> None:
        """Every frame from now on leaves `seconds` late (0 ends it)."""
        with self._lock:
            peers = [subscriber.peer for subscriber in self._subscribers]
        for peer in peers:
            peer.set_delay(seconds)

    def order_update(self, api_key: str, payload: dict[str, Any]) -> None:
        """An order of the user changed: every connection of that api_key hears it, whichever client placed it.
        During a stall the update is lost, as it would be on a dead network path."""
        if self.stalled:
            return
        with self._lock:
            peers = [s.peer for s in self._subscribers if s.api_key == api_key]
        if not peers:
            return  # encoded for no one, it cost a placement 15 us of the exchange's lock
        text = json.dumps({"type": "order", "data": payload}, separators=(",", ":"), default=str)
        for peer in peers:
            peer.send(text)


def _frames(subscriber: Subscriber, ticks: dict[int, Tick], due: set[int]) -> list[bytes]:
    """The packets `subscriber` is owed for the `due` tokens, skipping any that did not change since last sent."""
    packets = []
    for token in due:
        tick, mode = ticks.get(token), subscriber.modes.get(token)
        if tick is None or mode is None:
            continue
        body = packet(tick, mode)
        if subscriber.last_sent.get(token) != body:
            subscriber.last_sent[token] = body
            packets.append(body)
    return [frame(packets[i : i + PACKETS_PER_FRAME]) for i in range(0, len(packets), PACKETS_PER_FRAME)]


def _error(text: str) -> str:
    return json.dumps({"type": "error", "data": text})


def _parse_message(text: str) -> tuple[str, list[int], TickMode | None]:
    """(action, tokens, mode) of a client message; ValueError with what is wrong otherwise."""
    try:
        message = json.loads(text)
    except (ValueError, RecursionError):
        raise ValueError("Invalid message: not JSON.") from None
    if not isinstance(message, dict) or message.get("a") not in ("subscribe", "unsubscribe", "mode"):
        raise ValueError("Invalid message: `a` must be subscribe, unsubscribe or mode.")
    value = message.get("v")
    if message["a"] != "mode":
        return message["a"], _tokens(value), None
    if not (isinstance(value, list) and len(value) == 2 and value[0] in TickMode.__members__.values()):
        raise ValueError('Invalid mode message: `v` must be ["ltp"|"quote"|"full", [tokens]].')
    return "mode", _tokens(value[1]), TickMode(value[0])


def _tokens(value: Any) -> list[int]:
    if not isinstance(value, list) or not all(type(t) is int and 0 < t < 2**32 for t in value):
        raise ValueError("Invalid message: `v` must be a list of instrument tokens.")
    return list(dict.fromkeys(value))
