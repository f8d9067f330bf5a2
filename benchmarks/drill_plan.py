"""What the fault drill does before each placement: a fixed, seeded plan, so two runs with one seed are alike.

Every injected fault on ``POST /orders`` has a count of one and is meant for the very next placement; bursts are
runs of consecutive placements with the same fault. Faults on ``GET /orders`` hit the next polls. Faults on the
ticker's socket (closed, stalled, delayed) act at once, at fixed points of the run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

Fault = dict[str, Any]

# (kind, HTTP status, how many placements or polls in a row)
POST_BURSTS = (("http_5xx", 503, 3), ("malformed_json", 0, 2), ("http_5xx", 429, 2), ("html_error", 0, 1))
GET_BURSTS = (("http_5xx", 503, 3), ("malformed_json", 0, 3), ("html_error", 0, 2), ("http_5xx", 429, 2))
DROP_SHARE = 0.30
RESTART_AT, EXPIRY_AT = 0.40, 0.70  # fractions of the run
BURSTS_FROM, BURSTS_UNTIL = 0.04, 0.60  # the bursts end early: a 5xx placement is settled only after the window
# One round of every burst per this many placements. A placement answered 5xx stays unknown for the whole
# reconciliation window (two minutes) and holds its instrument back in the ticket meanwhile: rounds are rare.
PLACEMENTS_PER_ROUND = 100
# The ticker's socket, at these fractions of the run: (fraction, kind, latency_ms). Order updates the exchange tells
# while a socket is closed or stalled are lost, as on a dead network path; the app must still settle every
# placement and end with the exchange's book, through its polls. A stall outlasts KiteTicker's pong timeout (two
# 2.5 s pings unanswered), so the ticker notices and reconnects; a delay of 0 ends the one before it.
SOCKET_FAULTS = (
    (0.12, "ws_close", 0), (0.25, "ws_stall", 12_000), (0.50, "ws_delay", 1_500), (0.56, "ws_delay", 0),
    (0.82, "ws_close", 0), (0.90, "ws_stall", 12_000),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Step:
    """Before placement number ``index``: the faults to inject and the events to cause."""

    index: int
    post_fault: Fault | None = None  # for this placement's POST
    get_faults: tuple[Fault, ...] = ()  # bursts on the order-book polls
    crowd_orders: bool = False  # a second session uses up the order-write window, so this placement draws a 429
    crowd_reads: bool = False  # ...and the read window, so the next poll draws one
    restart: bool = False  # stop and start the exchange while a poll is on its way
    expiry: bool = False  # move the exchange clock past 06:00 IST: the access token dies
    socket_fault: Fault | None = None  # on the ticker's connections, at once


def _fault(kind: str, status: int, method: str, count: int = 1) -> Fault:
    fault: Fault = {"kind": kind, "path": "/orders", "method": method, "count": count}
    if status:
        fault["status"] = status
    return fault


def _burst_rounds(placements: int) -> list[int]:
    """The first placement of each round of bursts, spread over the early part of the run."""
    rounds = max(1, placements // PLACEMENTS_PER_ROUND)
    start, stop = int(placements * BURSTS_FROM) + 1, int(placements * BURSTS_UNTIL)
    return [start + (stop - start) * number // rounds for number in range(rounds)]


def plan(placements: int, seed: int) -> list[Step]:
    post: dict[int, Fault] = {}
    gets: dict[int, tuple[Fault, ...]] = {}
    crowd: set[int] = set()
    for base in _burst_rounds(placements):
        index = base
        for kind, status, count in POST_BURSTS:
            for _ in range(count):
                post[index] = _fault(kind, status, "POST")
                index += 1
        crowd.add(index)  # a real 429 from the exchange's own limiter, right after the injected ones
        gets[base] = tuple(_fault(kind, status, "GET", count) for kind, status, count in GET_BURSTS)
    restart, expiry = int(placements * RESTART_AT), int(placements * EXPIRY_AT)
    free = [index for index in range(placements) if index not in post and index not in crowd]
    rng = random.Random(seed)
    for index in rng.sample(free, min(len(free), round(placements * DROP_SHARE))):
        post[index] = {"kind": "drop_response", "path": "/orders", "method": "POST", "count": 1}
    sockets = {int(placements * at): {"kind": kind, "latency_ms": latency} for at, kind, latency in SOCKET_FAULTS}
    return [
        _step(index, post=post, gets=gets, crowd=crowd, restart=restart, expiry=expiry, sockets=sockets)
        for index in range(placements)
    ]


def _step(
    index: int,
    *,
    post: dict[int, Fault],
    gets: dict[int, tuple[Fault, ...]],
    crowd: set[int],
    restart: int,
    expiry: int,
    sockets: dict[int, Fault],
) -> Step:
    return Step(
        index, post.get(index), gets.get(index, ()), crowd_orders=index in crowd, crowd_reads=index in gets,
        restart=index == restart, expiry=index == expiry, socket_fault=sockets.get(index),
    )  # fmt: skip


def injected(steps: list[Step]) -> dict[str, int]:
    """How many of each fault the plan injects, for the report."""
    counts: dict[str, int] = {}
    for step in steps:
        faults = ([step.post_fault] if step.post_fault else []) + list(step.get_faults)
        for fault in faults:
            name = f"{fault['kind']}{' ' + str(fault['status']) if 'status' in fault else ''} {fault['method']}"
            counts[name] = counts.get(name, 0) + fault["count"]
        socket = step.socket_fault
        if socket and (socket["kind"] != "ws_delay" or socket["latency_ms"]):  # a delay of 0 only ends one
            name = socket["kind"] + (f" {socket['latency_ms'] / 1000:g} s" if socket["latency_ms"] else "")
            counts[name] = counts.get(name, 0) + 1
    return counts
