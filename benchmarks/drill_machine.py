"""When the whole machine stood still during the drill, measured by sentinels that do nothing else.

A stall of the app's GUI thread is the app's doing only while the machine runs. On a shared virtual machine the
hypervisor at times takes the CPUs away (Linux counts it as steal: one drill saw 330 ms of it, over both CPUs, in
475 ms of GUI stalls), and then every process waits, whatever it does. Here one sentinel process runs on each CPU,
pinned to it, as a real-time task (SCHED_FIFO, which any ordinary task gives way to at once), its memory locked, and
wakes every 2 ms; a wake that comes late means no task could have its CPU: the hypervisor held it, or the kernel
did (interrupts, code that cannot be preempted, which the app's own system calls may take part in too, for about a
millisecond at a time). A time when every CPU's sentinel was late at once is a time the whole machine stood still,
and the drill counts a GUI stall less such times within it, on the assumption that the stall would have been that
much shorter without them.

Never in the app's favour by design: a CPU taken while another ran is not counted (the times must overlap on every
CPU); the first millisecond of each late wake is taken as the sentinel's own wake-up and not counted; and sentinels
that could not become real-time tasks pinned to their CPUs (that needs root) are not used at all, since then waiting
behind the app's own threads would count as the machine's; nor when the CPUs the drill may use changed meanwhile.

    python -m benchmarks.drill_machine --cpu N   (a sentinel: runs until its standard input closes)
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

TICK_SECONDS = 0.002
ALLOWANCE_MS = 1.0  # of each late wake, the sentinel's own wake-up: not counted as the machine's
RT_PRIORITY = 50  # SCHED_FIFO, above every ordinary (SCHED_OTHER) task whatever its nice
READY = "watching"
MCL_CURRENT, MCL_FUTURE = 1, 2  # mlockall's flags (Linux)
START_SECONDS = 10.0
STOP_SECONDS = 10.0

Interval = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Stop:
    """A late wake of one sentinel: from ``ended_at - ms / 1000`` to ``ended_at`` (``time.monotonic()``, the same
    clock in every process of the machine) its CPU ran nothing."""

    ended_at: float
    ms: float

    def counted(self) -> Interval:
        """The part that counts: all but the first ALLOWANCE_MS."""
        return self.ended_at - max(0.0, self.ms - ALLOWANCE_MS) / 1000, self.ended_at


@dataclass(frozen=True, slots=True)
class Stops:
    """What the sentinels saw, one tuple of stops a CPU; ``measured`` only if every one of them ran as a real-time
    task pinned to its CPU (otherwise ``within`` counts nothing)."""

    measured: bool
    per_cpu: tuple[tuple[Stop, ...], ...] = ()
    why_not: str = ""

    def within(self, start: float, end: float) -> float:
        """The ms between ``start`` and ``end`` (monotonic seconds) when every CPU's sentinel was stopped at once."""
        if not self.measured or not self.per_cpu:
            return 0.0
        common: list[Interval] = [(start, end)]
        for stops in self.per_cpu:
            common = _intersection(common, [stop.counted() for stop in stops])
        return sum(last - first for first, last in common) * 1000


def _intersection(ours: Sequence[Interval], theirs: Sequence[Interval]) -> list[Interval]:
    """Where two lists of intervals (each sorted, none overlapping another of its list) overlap."""
    found: list[Interval] = []
    mine, other = 0, 0
    while mine < len(ours) and other < len(theirs):
        first = max(ours[mine][0], theirs[other][0])
        last = min(ours[mine][1], theirs[other][1])
        if last > first:
            found.append((first, last))
        if ours[mine][1] < theirs[other][1]:
            mine += 1
        else:
            other += 1
    return found


class Sentinels:
    """One sentinel process a CPU this process may run on; ``stop`` says what they saw (never raises)."""

    def __init__(self) -> None:
        self._processes: list[subprocess.Popen[str]] = []
        self._failure = ""
        self._cpus: set[int] = set()

    @property
    def pids(self) -> list[int]:
        return [process.pid for process in self._processes]

    def start(self) -> None:
        if sys.platform != "linux":
            self._failure = "not measured (Linux only)"
            return
        self._cpus = os.sched_getaffinity(0)
        for cpu in sorted(self._cpus):
            self._processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "benchmarks.drill_machine", "--cpu", str(cpu)],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                    cwd=Path(__file__).resolve().parents[1],
                )  # no preexec_fn: this process has threads (Qt's, the app's); each sentinel sets itself up
            )
        for process in self._processes:
            assert process.stdout is not None
            ready, _, _ = select.select([process.stdout], [], [], START_SECONDS)
            if not ready or process.stdout.readline().strip() != READY:
                self._failure = "a sentinel did not start"

    def stop(self) -> Stops:
        processes, self._processes = self._processes, []
        if not processes:
            return Stops(False, why_not=self._failure or "not started")
        found, why = [], self._failure
        for process in processes:
            try:
                output, _ = process.communicate(input="", timeout=STOP_SECONDS)  # its standard input closes: it ends
                found.append(json.loads(output.strip().splitlines()[-1]))
            except (subprocess.TimeoutExpired, ValueError, IndexError) as error:
                process.kill()
                process.wait()
                why = why or f"a sentinel failed: {type(error).__name__}"
        if not why and os.sched_getaffinity(0) != self._cpus:
            why = "the CPUs the drill may use changed while the sentinels watched"
        if why:
            return Stops(False, why_not=why)
        per_cpu = tuple(tuple(Stop(ended_at, ms) for ended_at, ms in each["stops"]) for each in found)
        refused = [each["how"] for each in found if not each["real_time"]]
        if refused:
            return Stops(False, per_cpu, f"the sentinels could not run as real-time tasks ({refused[0]})")
        return Stops(True, per_cpu)


def _as_real_time(cpu: int) -> str:
    """Pin this process to ``cpu``, lock its memory (a page fault of its own is no stop of the machine) and make it
    a SCHED_FIFO task (Linux, as root); "" or what failed."""
    try:
        os.sched_setaffinity(0, {cpu})
        if ctypes.CDLL(None, use_errno=True).mlockall(MCL_CURRENT | MCL_FUTURE) != 0:
            return f"mlockall: {os.strerror(ctypes.get_errno())}"
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(RT_PRIORITY))
    except OSError as error:
        return f"{type(error).__name__}: {error.strerror}"
    return ""


def watch(cpu: int) -> None:
    """A sentinel: on ``cpu``, wake every TICK_SECONDS until standard input closes, noting each late wake."""
    failure = _as_real_time(cpu)
    real_time = not failure
    with contextlib.suppress(OSError):
        real_time = real_time and os.sched_getscheduler(0) == os.SCHED_FIFO and os.sched_getaffinity(0) == {cpu}
    stops: list[tuple[float, float]] = []
    readable = [sys.stdin]
    print(READY, flush=True)
    while True:
        asked = time.monotonic()
        closed = select.select(readable, [], [], TICK_SECONDS)[0]
        now = time.monotonic()
        if (late_ms := (now - asked - TICK_SECONDS) * 1000) > ALLOWANCE_MS:  # the last wake too: a stop before it
            stops.append((now, late_ms))
        if closed:
            break
    print(json.dumps({"real_time": real_time, "how": failure or "SCHED_FIFO", "stops": stops}))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="a sentinel of the drill: runs until its standard input closes")
    parser.add_argument("--cpu", type=int, required=True)
    watch(parser.parse_args().cpu)
