"""The drill's verdict: FAIL as soon as any row of its table misses its target, and a crashed app process is a
FAIL row, not a missing table."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks.drill import STACKS_FILE, supervise
from benchmarks.drill_app import Sched, Stall, app_stall, innermost, stall_summary
from benchmarks.drill_machine import Sentinels, Stop, Stops
from benchmarks.drill_plan import injected, plan
from benchmarks.drill_report import STALL, AppStall, Observed, rows, updates_lost, verdict
from kiteticket.domain.audit import PlacementRecord, PlacementState

TAG = "drill1"
CLEAN = Observed(
    planned=1,
    sent=(TAG,),
    journal={TAG: PlacementRecord(TAG, PlacementState.PLACED, 0.0, 0.0, "BUY 1 NSE:INFY", "{}", "1001", "")},
    unknown=frozenset(),
    resolved={},
    exchange={TAG: {"1001"}},
    shown=frozenset({"1001"}),
    uncaught=(),
    boxes=(),
    logins=2,
    stall_ms=12.0,
    stall_phase="placement 1",
    seconds=3.0,
    restarted=True,
)


def final(seen: Observed) -> str:
    [(_, value, _)] = [row for row in rows(seen) if row[0] == "verdict"]
    return value


def test_a_clean_run_passes() -> None:
    assert verdict(CLEAN).passed
    assert final(CLEAN) == "PASS"


@pytest.mark.parametrize(
    ("seen", "row"),
    [
        (replace(CLEAN, refused=("#1 INFY: held back",)), "not sent at all"),
        (replace(CLEAN, overridden=("#1 INFY",)), "held back with nothing unsettled (sent after Esc)"),
        (replace(CLEAN, stall_ms=58.0), "longest GUI-thread stall (5 ms heartbeat)"),
        (replace(CLEAN, logins=1), "logins (first, then after the token died)"),
        (replace(CLEAN, restarted=False), "exchange restarted mid-poll"),
        (replace(CLEAN, sent=()), "sent by the ticket"),
    ],
)
def test_any_row_that_misses_its_target_fails_the_drill(seen: Observed, row: str) -> None:
    found = verdict(seen)
    assert not found.passed
    assert found.missed == (row,)
    assert final(seen) == f"FAIL (missed: {row})"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_crashed_app_process_is_a_failed_verdict(tmp_path: Path) -> None:
    crash = "import os, signal; open(os.path.join(r'%s', 'faulthandler.txt'), 'w').write('Fatal Python error: x'); "
    crash += "os.kill(os.getpid(), signal.SIGSEGV)"
    table, passed = supervise([sys.executable, "-c", crash % tmp_path], tmp_path, 300)
    assert not passed
    cells = {figure: value for figure, value, _ in table}
    assert cells["verdict"].startswith("FAIL")
    assert cells["the app's process"].startswith("killed by SIGSEGV after")
    assert str(tmp_path / STACKS_FILE) in cells["the app's process"]


def test_order_updates_the_app_never_heard_are_counted_in_the_fault_row() -> None:
    told = {"1001": "OPEN", "1002": "OPEN", "1003": "REJECTED"}
    heard = {"1001": frozenset({"OPEN"}), "1003": frozenset({"OPEN"})}  # 1002 not at all; 1003 not its rejection
    seen = replace(CLEAN, told=told, heard=heard, faults={"ws_close": 1})
    cells = {figure: value for figure, value, _ in rows(seen)}
    assert updates_lost(seen) == 2
    assert cells["faults injected (as planned)"] == "ws_close ×1; order updates lost while the socket was down: 2 of 3"
    assert verdict(seen).passed  # lost updates are the fault itself: the verdict asks for the book to catch up


def test_the_plan_closes_stalls_and_delays_the_socket_mid_run() -> None:
    steps = plan(300, 23)
    faults = [step.socket_fault for step in steps if step.socket_fault]
    assert [fault["kind"] for fault in faults] == [
        "ws_close",
        "ws_stall",
        "ws_delay",
        "ws_delay",
        "ws_close",
        "ws_stall",
    ]
    assert faults[3]["latency_ms"] == 0  # ends the delay
    at = [index for index, step in enumerate(steps) if step.socket_fault]
    assert at[0] > 0  # mid-run: placements before and after each
    assert at[-1] < len(steps) - 1
    assert injected(steps)["ws_stall 12 s"] == 2
    assert injected(steps)["ws_delay 1.5 s"] == 1
    assert "ws_delay" not in injected(steps)


@pytest.mark.skipif(sys.platform != "linux", reason="the priority is set with Linux's scheduler")
def test_the_app_process_runs_at_the_priority_asked_for(tmp_path: Path) -> None:
    lower = min(19, os.getpriority(os.PRIO_PROCESS, 0) + 3)  # a lower priority needs no privilege
    child = (
        "import json, os, sys; from pathlib import Path; "
        "rows = [['nice', str(os.getpriority(os.PRIO_PROCESS, 0)), ''], "
        "['session', str(os.getsid(0) == os.getpid()), '']]; "
        "Path(sys.argv[1], 'result.json').write_text(json.dumps({'rows': rows, 'passed': True}))"
    )
    table, passed = supervise([sys.executable, "-c", child, str(tmp_path)], tmp_path, 1, nice=lower)
    assert passed
    assert {figure: value for figure, value, _ in table} == {"nice": str(lower), "session": "True"}


def test_stalls_are_grouped_by_where_the_gui_thread_was_with_how_it_spent_them() -> None:
    in_slot = (
        'Thread 0x1 (most recent call first):\n  File "/x/kiteticket/ui/a.py", line 5 in slot\n'
        '  File "/x/b.py", line 9 in f'
    )
    where = innermost(in_slot)
    assert where == "a.py:5 slot < b.py:9 f"
    stalls = [
        Stall(60.0, "placement 3", Sched(40.0, 20.0, 10.0), (where, where)),
        Stall(40.0, "placement 9", Sched(20.0, 10.0, 10.0), (where,)),
        Stall(35.0, "placement 12", None, ()),
    ]
    text = stall_summary(stalls)
    assert text.splitlines()[0] == "3 GUI-thread stalls over 30 ms, by where the GUI thread mostly was:"
    assert (
        "2 stalls, 100 ms in all, longest 60 ms (placement 3); of the sampled part, 50% on a CPU, 33% waiting" in text
    )
    assert f"\n    {where}\n" in text
    assert "not sampled (shorter than a watch)" in text


def test_a_stall_counts_less_the_time_every_cpu_stood_still_at_once_within_it() -> None:
    cpu0 = (Stop(ended_at=10.050, ms=41.0), Stop(ended_at=20.0, ms=5.0))  # counted: 10.010-10.050 (1 ms allowed)
    cpu1 = (Stop(ended_at=10.060, ms=31.0),)  # counted: 10.030-10.060
    machine = Stops(True, (cpu0, cpu1))
    assert machine.within(10.0, 10.070) == pytest.approx(20.0)  # 10.030-10.050: both CPUs at once
    assert machine.within(10.040, 10.070) == pytest.approx(10.0)  # only the part inside the stall
    assert Stops(True, (cpu0, ())).within(10.0, 10.070) == 0.0  # one CPU taken, the other free: not the machine
    assert Stops(True, (cpu0,)).within(10.0, 10.070) == pytest.approx(40.0)  # a machine of one CPU
    assert Stops(False, (cpu0, cpu1), "not root").within(10.0, 10.070) == 0.0  # not measured: nothing taken out

    stall = Stall(70.0, "placement 7", None, (), ended_at=10.070)  # its beat was due at 10.000
    assert stall.began_at == pytest.approx(10.0)
    assert "the whole machine stood still 20 ms of it" in stall_summary([stall], machine)


def test_the_stall_that_counts_is_the_longest_less_the_machine_and_short_ones_count_whole() -> None:
    cpu = (Stop(ended_at=10.050, ms=41.0),)
    machine = Stops(True, (cpu,))
    mostly_machine = Stall(60.0, "placement 7", None, (), ended_at=10.060)  # 40 ms of it the machine's
    plain = Stall(35.0, "placement 9", None, (), ended_at=30.0)
    short = Stall(28.0, "placement 2", None, ())
    assert app_stall([mostly_machine, plain], short, machine) == AppStall(35.0, 35.0, 0.0, "placement 9")
    assert app_stall([mostly_machine], short, machine) == AppStall(28.0, 28.0, 0.0, "placement 2")
    only = app_stall([mostly_machine], Stall(0.0, "", None, ()), machine)
    assert only is not None
    assert (only.ms, only.whole_ms, only.machine_ms, only.phase) == pytest.approx((20.0, 60.0, 40.0, "placement 7"))
    assert app_stall([mostly_machine], short, Stops(False, why_not="not root")) is None


@pytest.mark.parametrize(
    ("app_stall", "passed", "shown"),
    [
        (AppStall(30.0, 70.0, 40.0, "placement 7"), True, "30 ms, during placement 7 (70 ms, of which the whole "
         "machine stood still 40 ms)"),
        (AppStall(45.0, 45.0, 0.0, "placement 2"), True, "45 ms, during placement 2; the longest as measured: 70 ms"),
        (AppStall(55.0, 60.0, 5.0, "placement 3"), False, "55 ms, during placement 3 (60 ms, of which"),
        (None, False, "70 ms, during placement 7 (the machine's own stops not measured: not root)"),
    ],
)  # fmt: skip
def test_the_stall_verdict_takes_out_only_a_measured_stop_of_the_machine(
    app_stall: AppStall | None, passed: bool, shown: str
) -> None:
    seen = replace(CLEAN, stall_ms=70.0, stall_phase="placement 7", app_stall=app_stall, machine_note="not root")
    assert verdict(seen).passed is passed
    [value] = [value for figure, value, _ in rows(seen) if figure == STALL]
    assert value.startswith(shown)


def _stopped(pid: int) -> bool:
    """The process is stopped (state T in /proc): a SIGSTOP has taken effect."""
    return Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rpartition(")")[2].split()[0] == "T"


def _pause(pids: list[int], seconds: float) -> tuple[float, float]:
    """Stop the processes for ``seconds``, as the hypervisor taking their CPUs would; when, in monotonic time.
    The length of the stop is what the sentinels must measure, so it is a length of time: no event ends it."""
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    while not all(_stopped(pid) for pid in pids):  # delivered: the stop has begun
        os.sched_yield()
    stopped = time.monotonic()
    time.sleep(seconds)  # the stimulus, not a wait for something to happen
    for pid in pids:
        os.kill(pid, signal.SIGCONT)
    return stopped, time.monotonic()


@pytest.mark.skipif(sys.platform != "linux", reason="the sentinels run on Linux")
def test_the_sentinels_see_when_every_cpu_stood_still_and_only_then() -> None:
    sentinels = Sentinels()
    sentinels.start()
    try:
        pids = sentinels.pids
        assert len(pids) == len(os.sched_getaffinity(0))
        every_cpu = _pause(pids, 0.2)
        one_cpu = _pause(pids[:1], 0.2)  # the others' late wakes after the first stop may reach into it: allowed below
    finally:
        found = sentinels.stop()
    assert found.measured or "real-time" in found.why_not, found.why_not  # used only as real-time tasks (root)
    assert all(max((stop.ms for stop in stops), default=0.0) >= 150 for stops in found.per_cpu)
    if found.measured:
        assert found.within(*every_cpu) >= 150
        # The one stopped counts only where the others were stopped too (a real stop of the machine meanwhile).
        assert found.within(*one_cpu) <= Stops(True, found.per_cpu[1:]).within(*one_cpu)


def _least_steal_ms() -> float:
    """The least steal of any one CPU so far (Linux's /proc/stat, in clock ticks)."""
    lines = Path("/proc/stat").read_text(encoding="ascii").splitlines()
    steals = [int(line.split()[8]) for line in lines if line.startswith("cpu") and line[3].isdigit()]
    return min(steals) * 1000 / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(sys.platform != "linux", reason="the sentinels run on Linux")
def test_the_sentinels_do_not_count_busy_cpus_as_the_machine() -> None:
    """Every CPU busy with ordinary work: a real-time sentinel still runs on time, so none of it is taken out (but
    what the hypervisor took from every CPU meanwhile, which Linux counts as steal to the clock tick)."""
    sentinels = Sentinels()
    sentinels.start()
    spin = "import time\nend = time.monotonic() + 0.5\nwhile time.monotonic() < end: pass"
    try:
        steal_before, started = _least_steal_ms(), time.monotonic()
        busy = [subprocess.Popen([sys.executable, "-c", spin]) for _ in os.sched_getaffinity(0)]
        for process in busy:
            process.wait()
        ended, steal_after = time.monotonic(), _least_steal_ms()
    finally:
        found = sentinels.stop()
    if not found.measured:
        pytest.skip(f"the sentinels are not used here: {found.why_not}")
    tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
    assert found.within(started, ended) < 5.0 + (steal_after - steal_before) + tick_ms
