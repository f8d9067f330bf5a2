"""The ticker side of ``bench_stream``, in its own process: a paper exchange whose ticker streams synthetic ticks
for INSTRUMENTS tokens on a fixed schedule, each stamped with the moment its packet was built.

    python -m benchmarks.stream_server

Prints the root URL and the ws URL, waits for one connection to subscribe to every instrument in full mode, then
runs the schedule and exits. The send moment travels in the tick itself: ``oi_day_low`` carries the sender's
CLOCK_MONOTONIC in microseconds modulo 2**32 (the clock is system-wide, so the client's own reading of it gives the
latency), and ``oi`` the phase (1 sustained, 2 burst), so the client can tell the phases apart. The stamp is written
into each full packet as its frame goes to the socket ("exchange send", as the issue defines the latency): stamped
when the tick was built, it also counted this Python exchange's own encoding, queueing and collector pauses, up to
150 ms at the 99th percentile before a byte left it (a cost of the benchmark's exchange, not of the app).
"""

from __future__ import annotations

import struct
import sys
import threading
import time
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from wsproto.events import BytesMessage

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiteticket.domain.tick import Tick, depth_of
from kiteticket.paper.config import PaperConfig
from kiteticket.paper.exchange import PaperExchange
from kiteticket.paper.ticker_hub import TickerHub
from kiteticket.paper.ws_session import _Outbox

INSTRUMENTS = 3000
FIRST_TOKEN = 5_000_000 * 256 + 1  # NSE segment; far from the sample's own tokens
SUSTAIN_SECONDS = 10.0
SUSTAIN_BEATS_PER_SECOND = 10  # each beat moves a tenth of the instruments: every one ticks once a second
BURST_TICKS = 20_000
BURST_BEATS = 20  # in one second
PHASE_SNAPSHOT, PHASE_SUSTAINED, PHASE_BURST = 0, 1, 2  # the snapshot: what a new subscription hears first


def tokens() -> list[int]:
    return [FIRST_TOKEN + 256 * number for number in range(INSTRUMENTS)]


def stamp_us() -> int:
    return (time.monotonic_ns() // 1000) % 2**32


class SyntheticMarket:
    """Ticks for the tokens a beat moves. During a beat only those (and any never sent) are handed to the hub:
    handing it every subscribed token made it encode 3,000 full packets a beat only to skip the unchanged ones,
    which took this process a whole core and delayed each beat's packets by the time it took, after their send
    stamp: a cost of the benchmark's exchange, not of the app. Asked outside a beat (a new subscription or mode),
    it gives every wanted token's last tick, as before."""

    def __init__(self) -> None:
        self._last: dict[int, Tick] = {}
        self._moving: set[int] = set()
        self._in_beat = False
        # Until the schedule starts: the 3,000 ticks a new subscription (and its change to full mode) hears at once
        # are its starting state, not the sustained rate; counted in the sustained phase, that one-off burst was
        # its 99th percentile on its own.
        self._phase = PHASE_SNAPSHOT
        self._price = 0

    def move(self, moving: Iterable[int], phase: int) -> None:
        self._moving, self._phase, self._in_beat = set(moving), phase, True
        self._price += 1

    def settle(self) -> None:
        """The beat was sent."""
        self._in_beat = False

    def ticks(self, wanted: Iterable[int]) -> dict[int, Tick]:
        out = {}
        for token in wanted:
            fresh = token in self._moving or token not in self._last
            if fresh:
                self._last[token] = self._tick(token)
            if fresh or not self._in_beat:
                out[token] = self._last[token]
        return out

    def _tick(self, token: int) -> Tick:
        price = Decimal(1000 + (token // 256 + self._price) % 500) / 4
        level = ((price - Decimal("0.05"), 100, 3),) * 5
        return Tick(
            token, price, last_quantity=1, average_price=price, volume=self._price, buy_quantity=500,
            sell_quantity=500, open=price, high=price, low=price, close=price, oi=self._phase,
            oi_day_low=stamp_us(), depth=depth_of(level, level),
        )  # fmt: skip


def run_schedule(hub: TickerHub, market: SyntheticMarket) -> None:
    all_tokens = tokens()
    beat = 1 / SUSTAIN_BEATS_PER_SECOND
    share = INSTRUMENTS // SUSTAIN_BEATS_PER_SECOND
    for number in range(int(SUSTAIN_SECONDS * SUSTAIN_BEATS_PER_SECOND)):
        start = number % SUSTAIN_BEATS_PER_SECOND * share
        _timed_beat(hub, market, all_tokens[start : start + share], PHASE_SUSTAINED, beat)
    threading.Event().wait(2)
    per_beat = BURST_TICKS // BURST_BEATS
    for number in range(BURST_BEATS):
        start = number * per_beat % INSTRUMENTS
        moving = (all_tokens * 2)[start : start + per_beat]
        _timed_beat(hub, market, moving, PHASE_BURST, 1 / BURST_BEATS)
    threading.Event().wait(3)


def _timed_beat(hub: TickerHub, market: SyntheticMarket, moving: list[int], phase: int, period: float) -> None:
    started = time.monotonic()
    market.move(moving, phase)
    hub.beat()
    market.settle()
    threading.Event().wait(max(0.0, period - (time.monotonic() - started)))


FULL_PACKET = 184
STAMP_AT = 56  # oi_day_low in a full packet (big-endian, unsigned)


def restamped(frame: bytes) -> bytes:
    """The frame with every full packet's send stamp set to now."""
    if len(frame) < 2:
        return frame
    data = bytearray(frame)
    now = stamp_us()
    (count,) = struct.unpack_from(">H", data, 0)
    start = 2
    for _ in range(count):
        (length,) = struct.unpack_from(">H", data, start)
        if length == FULL_PACKET:
            struct.pack_into(">I", data, start + 2 + STAMP_AT, now)
        start += 2 + length
    return bytes(data)


def stamp_on_send() -> None:
    """Every binary frame restamped as the connection's writer hands it to the socket."""
    write = _Outbox.write

    def write_stamped(outbox: _Outbox, event: object) -> None:
        if isinstance(event, BytesMessage):
            event = BytesMessage(restamped(bytes(event.data)))
        write(outbox, event)

    _Outbox.write = write_stamped  # type: ignore[method-assign]


def main() -> None:
    stamp_on_send()
    market = SyntheticMarket()
    exchange = PaperExchange(PaperConfig(port=0, tick_seconds=0.0, rate_limit=False))
    exchange.ticker = hub = TickerHub(market.ticks)
    exchange.start()
    print(exchange.root_url, flush=True)
    wanted = set(tokens())
    while not wanted <= hub.subscribed_tokens():
        threading.Event().wait(0.05)
    threading.Event().wait(1)  # the client sets full mode right after subscribing
    run_schedule(hub, market)
    exchange.stop()


if __name__ == "__main__":
    main()
