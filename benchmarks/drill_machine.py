"""When the machine itself stood still during the drill, measured by a process that does nothing else.

A stall of the app's GUI thread is the app's doing only while the machine runs. On a shared virtual machine the
hypervisor at times takes the CPUs away (Linux counts it as steal: one drill saw 330 ms of it in 475 ms of GUI stalls),
and then every process waits, whatever it does. The sentinel here runs at the highest CPU priority there is (nice -20,
in a scheduling group of its own) and wakes every 2 ms; a wake that comes late is a time no process could run: with
nothing above it, it would have had a CPU if the machine had one to give. The drill counts each GUI stall against the
app less the time the sentinel stood still within it.

Never in the app's favour: while one CPU is taken and the other is free, the sentinel runs on the free one and sees
nothing; and when it cannot get the highest priority (it needs root), it is not used at all, since waiting for a CPU
behind the app's own threads would then count as the machine's.

    python -m benchmarks.drill_machine    (the sentinel: runs until its standard input closes; its stops on stdout)
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

TICK_SECONDS = 0.002
LATE_MS = 1.0  # a wake this much later than asked is noted (a free CPU wakes it within a few tens of µs)
TOP_NICE = -20
READY = "watching"


@dataclass(frozen=True, slots=True)
class Stop:
    """A late wake of the sentinel: from ``ended_at - ms / 1000`` to ``ended_at`` (``time.monotonic()``, the same
    clock in every process of the machine) no process could have run."""

    ended_at: float
    ms: float


@dataclass(frozen=True, slots=True)
class Stops:
    """What the sentinel saw; ``measured`` only if it ran above everything else (else ``within`` does not use it)."""

    measured: bool
    stops: tuple[Stop, ...] = ()
    why_not: str = ""

    def within(self, start: float, end: float) -> float:
        """The ms between ``start`` and ``end`` (monotonic seconds) the machine stood still; 0 if not measured."""
        if not self.measured:
            return 0.0
        total = 0.0
        for stop in self.stops:
            overlap = min(end, stop.ended_at) - max(start, stop.ended_at - stop.ms / 1000)
            total += max(0.0, overlap) * 1000
        return total


class Sentinel:
    """The sentinel's process, started at the highest priority the system allows this one to give it."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        if sys.platform != "linux":
            return  # priorities, autogroups and a select() on a pipe, as Linux has them
        self._process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.drill_machine"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[1],
            start_new_session=True,  # a scheduling group (autogroup) of its own, weighed against the app's
        )  # no preexec_fn: this process has threads (Qt's, the app's); the sentinel raises its own priority
        assert self._process.stdout is not None
        if self._process.stdout.readline().strip() != READY:  # watching from here on
            raise RuntimeError("the machine's sentinel did not start")

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def stop(self) -> Stops:
        process, self._process = self._process, None
        if process is None:
            return Stops(False, why_not="not measured (Linux only)")
        output, _ = process.communicate(input="", timeout=30)  # closing its standard input ends it
        found = json.loads(output)
        stops = tuple(Stop(ended_at, ms) for ended_at, ms in found["stops"])
        if not found["top"]:
            why = f"the sentinel could not get the highest CPU priority ({found['priority']})"
            return Stops(False, stops, why)  # what it saw, kept for a look, but not used
        return Stops(True, stops)


def _at_top_priority() -> None:
    """The sentinel's first step (Linux, as root): its autogroup and itself at nice -20."""
    with contextlib.suppress(OSError):
        Path("/proc/self/autogroup").write_text(f"{TOP_NICE}\n", encoding="ascii")
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, 0, TOP_NICE)


def _priority() -> tuple[bool, str]:
    """Whether this process runs at the top priority (itself and its autogroup at nice -20), and what it has."""
    nice = os.getpriority(os.PRIO_PROCESS, 0)
    try:
        group = Path("/proc/self/autogroup").read_text(encoding="ascii").split("nice")[-1].strip()
    except OSError:
        group = "none"
    return nice == TOP_NICE and group == str(TOP_NICE), f"nice {nice}, autogroup nice {group}"


def watch() -> None:
    """The sentinel: wake every TICK_SECONDS until standard input closes, noting each late wake."""
    _at_top_priority()
    stops: list[tuple[float, float]] = []
    readable = [sys.stdin]
    print(READY, flush=True)
    while True:
        asked = time.monotonic()
        closed = select.select(readable, [], [], TICK_SECONDS)[0]
        now = time.monotonic()
        if (late_ms := (now - asked - TICK_SECONDS) * 1000) > LATE_MS:  # the last wake too: a stop just before
            stops.append((now, late_ms))
        if closed:
            break
    top, priority = _priority()
    print(json.dumps({"top": top, "priority": priority, "stops": stops}))


if __name__ == "__main__":
    watch()
