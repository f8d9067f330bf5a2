"""The real app under the drill: built as ``kiteticket --paper`` builds it, driven through its ticket, watched.

Nothing is mocked: every order goes from the ticket through the placement controller, the guarded gateway and the
SDK to the paper exchange, and comes back through the order-book poller. Waits run the Qt event loop
until a condition holds or a deadline passes (no sleeps), so the drill always ends.
"""

from __future__ import annotations

import faulthandler
import gc
import os
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import (
    QElapsedTimer,
    QEventLoop,
    QMessageLogContext,
    QObject,
    QTimer,
    QtMsgType,
    Slot,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from benchmarks.drill_machine import Stops
from benchmarks.drill_report import AppStall
from kiteticket.app import build
from kiteticket.domain.draft import Submission
from kiteticket.domain.enums import Exchange
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.orderbook import OrderBookSnapshot
from kiteticket.ui.assembly import Shell
from kiteticket.ui.confirm import Confirmation
from kiteticket.ui.session.controller import State

HEARTBEAT_MS = 5
WATCH_MS = 10
SAMPLE_AFTER_MS = 15
LOG_STALL_MS = 30  # every stall longer than this is kept with where the GUI thread was, for the summary
STACK_DEPTH = 14
WATCHDOG = "drill-stall-watchdog"
# The offscreen platform cannot pass a shown window's size hints to a window system; said once per window shown.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"


def _on_qt_message(_kind: QtMsgType, _context: QMessageLogContext, text: str) -> None:
    if text != OFFSCREEN_NOISE:
        sys.stderr.write(f"Qt: {text}\n")


def wait_until(condition: Callable[[], bool], seconds: float, step_ms: int = 5) -> bool:
    """Run the event loop until ``condition()`` or the deadline; returns the condition's last value."""
    if condition():
        return True
    deadline = time.monotonic() + seconds
    loop = QEventLoop()

    def check() -> None:
        if condition() or time.monotonic() > deadline:
            loop.quit()

    timer = QTimer()
    timer.setInterval(step_ms)
    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    return condition()


class StallMeter(QObject):
    """The longest gap between 5 ms heartbeats on the GUI thread, less the beat itself. The drill's own blocking
    calls (admin requests, the second session) run inside ``paused()`` and are not counted: only the app's are.

    A watchdog thread looks at the GUI thread whenever a beat is SAMPLE_AFTER_MS late and keeps its stack, so the
    worst stall comes with where the GUI thread was (``worst_stack``): waiting on a lock shows there; a long call
    that holds the GIL shows as the line it was on when it let go."""

    def __init__(self) -> None:
        super().__init__()
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setInterval(HEARTBEAT_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._last = 0
        self.worst_ms = 0.0
        self.phase = ""  # what the drill is doing, set by the drill: the worst stall is reported with it
        self.worst_phase = ""
        self.worst_stack = ""
        self._beat = time.monotonic()  # the last beat, for the watchdog
        self._samples: list[str] = []  # the GUI thread's stacks in the stall under way, one a watch
        self._gui = threading.get_ident()
        self._gui_task = Path(f"/proc/self/task/{threading.get_native_id()}/schedstat")  # Linux: its CPU time
        self._sched_at_start: Sched | None = None  # the GUI thread's times when the stall under way was seen
        self._others_at_start: dict[int, float] = {}  # every other thread's CPU ms at that moment, by native id
        self._machine_at_start: Machine | None = None  # the machine's CPU times at that moment
        self.longest_gc = (0.0, -1)  # (ms, generation) of the longest cycle collection, on whichever thread
        self.stalls: list[Stall] = []  # every stall over LOG_STALL_MS
        self.short = Stall(0.0, "", None, ())  # the longest stall up to LOG_STALL_MS (not sampled)
        self._gc_started = 0.0
        self._stopped = threading.Event()
        self._watchdog = threading.Thread(target=self._watch, name=WATCHDOG, daemon=True)

    def start(self) -> None:
        gc.callbacks.append(self._on_gc)
        self._clock.start()
        self._last = self._clock.nsecsElapsed()
        self._timer.start()
        self._watchdog.start()

    def stop(self) -> None:
        self._timer.stop()
        self._stopped.set()
        if self._on_gc in gc.callbacks:
            gc.callbacks.remove(self._on_gc)

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
        elif (took := (time.perf_counter() - self._gc_started) * 1000) > self.longest_gc[0]:
            self.longest_gc = (took, info["generation"])

    @contextmanager
    def paused(self) -> Iterator[None]:
        try:
            yield
        finally:
            self._last = self._clock.nsecsElapsed()
            self._reset_watch()

    @Slot()
    def _on_timer_timeout(self) -> None:
        now, ended_at = self._clock.nsecsElapsed(), time.monotonic()  # before reading /proc for a stall
        stall = (now - self._last) / 1e6 - HEARTBEAT_MS
        spent = None
        if stall > LOG_STALL_MS and self._sched_at_start is not None and (now_sched := _sched(self._gui_task)):
            spent = now_sched - self._sched_at_start
        if stall > LOG_STALL_MS:
            others = _busiest(self._others_at_start, _threads_cpu()) if self._others_at_start else ()
            machine = None
            if self._machine_at_start is not None and (now_machine := _machine()) is not None:
                machine = now_machine - self._machine_at_start
            where = tuple(innermost(s) for s in self._samples)
            self.stalls.append(Stall(stall, self.phase, spent, where, others, ended_at, machine))
        elif stall > self.short.ms:
            self.short = Stall(stall, self.phase, None, (), ended_at=ended_at)
        if stall > self.worst_ms:
            profile = _profile(self._samples)
            if spent is not None:
                profile += f"\nthe GUI thread from the first sample ({SAMPLE_AFTER_MS} ms in) on: {spent}"
                profile += f"\nother threads on a CPU meanwhile: {_threads_line(self.stalls[-1].others)}"
            self.worst_ms, self.worst_phase, self.worst_stack = stall, self.phase, profile
        self._last = now
        self._reset_watch()

    def _reset_watch(self) -> None:
        """A beat came: the watchdog starts afresh. One statement, so that a thread switch half way cannot leave it
        a stall's samples without their start (the watchdog writes these on its own thread)."""
        self._beat, self._samples, self._sched_at_start, self._others_at_start, self._machine_at_start = (
            time.monotonic(),
            [],
            None,
            {},
            None,
        )

    def _watch(self) -> None:
        while not self._stopped.wait(WATCH_MS / 1000):
            late_ms = (time.monotonic() - self._beat) * 1000
            if late_ms > SAMPLE_AFTER_MS:
                if not self._samples:
                    self._sched_at_start = _sched(self._gui_task)
                    self._others_at_start = _threads_cpu()
                    self._machine_at_start = _machine()
                self._samples.append(_sample(self._gui))


def _sample(gui: int) -> str:
    """Where the GUI thread is (most recent call first), and where every other thread is: the GIL may be with one
    of them. Read by faulthandler, which takes no reference to any frame: a frame object held here would keep the
    locals of a function the GUI thread has since left alive (a QPainter of a paint event), to be destroyed on
    this thread. ``sys._current_frames()`` did that: Qt then warned "endPaint() called with active painter"."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as dump:
        faulthandler.dump_traceback(dump, all_threads=True)
        dump.seek(0)
        blocks = dump.read().split("\n\n")
    mine, others = f"Thread 0x{gui:016x}", []
    gui_stack = ""
    for block in blocks:
        lines = block.strip().splitlines()
        if not lines or lines[0].startswith("Current thread"):
            continue  # this watchdog
        if lines[0].startswith(mine):
            gui_stack = "\n".join(lines[: STACK_DEPTH + 1])
        else:
            others.append(f"  {lines[0]} {lines[1].strip() if len(lines) > 1 else ''}")
    return gui_stack + "\nother threads:\n" + "\n".join(sorted(others))


@dataclass(frozen=True, slots=True)
class Sched:
    """A thread's times from Linux's schedstat, in ms: wall clock, on a CPU, runnable but waiting for a CPU. Between
    two readings, what is neither was spent blocked: on the GIL, a lock, I/O."""

    wall_ms: float
    cpu_ms: float
    queued_ms: float

    def __sub__(self, other: Sched) -> Sched:
        return Sched(self.wall_ms - other.wall_ms, self.cpu_ms - other.cpu_ms, self.queued_ms - other.queued_ms)

    @property
    def blocked_ms(self) -> float:
        return max(0.0, self.wall_ms - self.cpu_ms - self.queued_ms)

    def __str__(self) -> str:
        return (
            f"{self.wall_ms:.0f} ms: {self.cpu_ms:.0f} on a CPU, {self.queued_ms:.0f} waiting for a CPU, "
            f"{self.blocked_ms:.0f} blocked (the GIL, a lock, I/O)"
        )


def _sched(task: Path) -> Sched | None:
    """The thread's schedstat now (Linux; None elsewhere): CPU time, run-queue wait."""
    try:
        cpu, queued, _slices = task.read_text().split()
    except (OSError, ValueError):
        return None
    return Sched(time.monotonic() * 1000, int(cpu) / 1e6, int(queued) / 1e6)


def _threads_cpu() -> dict[int, float]:
    """Every thread of this process but the GUI thread and the drill's watchdog, and of its child processes: CPU ms
    so far, by native id (Linux)."""
    own = {thread.native_id for thread in threading.enumerate() if thread.name == WATCHDOG}
    own.add(threading.main_thread().native_id)
    found = {}
    for task in [*Path("/proc/self/task").glob("*"), *_child_tasks()]:
        try:
            if (tid := int(task.name)) not in own:
                found[tid] = int((task / "schedstat").read_text().split()[0]) / 1e6
        except (OSError, ValueError, IndexError):
            continue  # the thread ended meanwhile
    return found


def _child_tasks() -> list[Path]:
    """The threads of the app's child processes (the paper exchange): they share the app's two cores (and its
    scheduling group), as Kite's servers would not."""
    return [task for pid in _child_pids() for task in Path(f"/proc/{pid}/task").glob("*")]


def _child_pids() -> list[str]:
    pids = []
    for children in Path("/proc/self/task").glob("*/children"):
        try:
            pids += children.read_text().split()
        except OSError:
            continue
    return pids


def _busiest(before: dict[int, float], after: dict[int, float]) -> tuple[tuple[str, float], ...]:
    """The threads that ran between two readings, by name, most CPU first (ms): those the GIL and the two cores
    went to while the GUI thread waited."""
    names = {thread.native_id: thread.name for thread in threading.enumerate()}
    ran: dict[str, float] = {}
    for tid, cpu in after.items():
        if (took := cpu - before.get(tid, 0.0)) >= 0.5:
            name = names.get(tid, "")
            if not name or name.startswith("Dummy-"):  # a Qt thread that ran Python: its own (Qt's) name is better
                name = _comm(tid)
            ran[name] = ran.get(name, 0.0) + took
    return _most(ran)


def _most(ran: dict[str, float], count: int = 4) -> tuple[tuple[str, float], ...]:
    return tuple(sorted(ran.items(), key=lambda item: -item[1])[:count])


def _comm(tid: int) -> str:
    try:
        return Path(f"/proc/self/task/{tid}/comm").read_text().strip()
    except OSError:
        pass
    try:  # a thread of a child process
        return "child process: " + Path(f"/proc/{tid}/comm").read_text().strip()
    except OSError:
        return f"thread {tid}"


def _threads_line(ran: tuple[tuple[str, float], ...]) -> str:
    return ", ".join(f"{name} {ms:.0f} ms" for name, ms in ran) or "none over 0.5 ms"


@dataclass(frozen=True, slots=True)
class Machine:
    """The machine's CPU times in ms (Linux's /proc/stat, in clock ticks of 10 ms, summed over its CPUs): taken from
    it by the hypervisor (steal), and run by processes other than the app and its children."""

    steal_ms: float
    outside_ms: float

    def __sub__(self, other: Machine) -> Machine:
        return Machine(self.steal_ms - other.steal_ms, self.outside_ms - other.outside_ms)


def _machine() -> Machine | None:
    try:
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
        user, nice, system, _idle, _iowait, irq, softirq, steal = fields
        own = _process_ticks("self") + sum(_process_ticks(pid) for pid in _child_pids())
    except (OSError, ValueError):
        return None
    tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
    return Machine(steal * tick_ms, (user + nice + system + irq + softirq - own) * tick_ms)


def _process_ticks(pid: str) -> int:
    """A process's user + system CPU in clock ticks (fields 14 and 15 of its stat, after the command's name)."""
    after_name = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return int(after_name[11]) + int(after_name[12])


@dataclass(frozen=True, slots=True)
class Stall:
    """One stall over LOG_STALL_MS: how long, during what, how the GUI thread spent it from the first sample on
    (None: not sampled in time, or not Linux), where each sample found the GUI thread (innermost frames), and which
    other threads of the app ran meanwhile (name, CPU ms), and when it ended (``time.monotonic()``, the clock
    ``perf record -k mono`` stamps its samples with: a profile of the GUI thread can be cut to the stalls)."""

    ms: float
    phase: str
    spent: Sched | None
    where: tuple[str, ...]
    others: tuple[tuple[str, float], ...] = ()
    ended_at: float = 0.0
    machine: Machine | None = None  # the machine's CPU times over the same part as ``spent``

    @property
    def began_at(self) -> float:
        """When the beat it ended was due (``time.monotonic()``): a stop of the machine before that, while the GUI
        thread waited for its timer anyway, is no part of the stall."""
        return self.ended_at - self.ms / 1000


# The drill's own wait: a GUI thread whose innermost Python frame is this is inside Qt's event loop, in C++.
IN_QT = "in Qt's event loop, no Python frame (painting, layout, a queued call's C++ side, or waiting for the GIL)"


def innermost(sample: str, frames: int = 2) -> str:
    """The GUI thread's innermost ``frames`` frames of a sample, as "file:line in function" joined by " < "."""
    lines = [line.strip() for line in sample.splitlines()[1:] if line.strip().startswith("File ")]
    if lines and lines[0].startswith(f'File "{__file__}"') and "wait_until" in lines[0]:
        return IN_QT
    found = []
    for line in lines[:frames]:
        path, _, rest = line.removeprefix('File "').partition('", line ')
        number, _, function = rest.partition(" in ")
        found.append(f"{Path(path).name}:{number} {function}")
    return " < ".join(found)


def stall_summary(stalls: list[Stall], machine: Stops | None = None) -> str:
    """The stalls over LOG_STALL_MS, grouped by where the GUI thread was in most of each one's samples; then each,
    with the time the whole machine stood still within it (``machine``, when measured)."""
    if not stalls:
        return f"no GUI-thread stall over {LOG_STALL_MS} ms"
    places: dict[str, list[Stall]] = {}
    for stall in stalls:
        place = Counter(stall.where).most_common(1)[0][0] if stall.where else "not sampled (shorter than a watch)"
        places.setdefault(place, []).append(stall)
    lines = [f"{len(stalls)} GUI-thread stalls over {LOG_STALL_MS} ms, by where the GUI thread mostly was:"]
    for place, found in sorted(places.items(), key=lambda item: -sum(stall.ms for stall in item[1])):
        spent = [stall.spent for stall in found if stall.spent is not None]
        share = ""
        if spent and (watched := sum(part.wall_ms for part in spent)) > 0:
            cpu, queued = (
                100 * sum(getattr(each, kind) for each in spent) / watched for kind in ("cpu_ms", "queued_ms")
            )
            share = f"; of the sampled part, {cpu:.0f}% on a CPU, {queued:.0f}% waiting for one, the rest blocked"
        worst = max(found, key=lambda stall: stall.ms)
        machines = [stall.machine for stall in found if stall.machine is not None]
        if machines:
            stolen, outside = (sum(getattr(each, kind) for each in machines) for kind in ("steal_ms", "outside_ms"))
            share += (
                f"; the machine meanwhile: {stolen:.0f} ms of CPU taken by the hypervisor (steal), {outside:.0f} ms "
                "run by other processes"
            )
        ran: dict[str, float] = {}
        for stall in found:
            for name, ms in stall.others:
                ran[name] = ran.get(name, 0.0) + ms
        lines.append(
            f"  {len(found)} stalls, {sum(stall.ms for stall in found):.0f} ms in all, longest {worst.ms:.0f} ms "
            f"({worst.phase}){share}:\n    {place}\n    other threads on a CPU meanwhile: "
            f"{_threads_line(_most(ran))}"
        )
    lines.append("each, with when it ended (time.monotonic(), as perf record -k mono stamps samples):")
    lines += [f"  {stall.ms:.0f} ms ({stall.phase}) ended at {stall.ended_at:.3f}{_stood_still(stall, machine)}"
              for stall in stalls]  # fmt: skip
    if machine is not None and not machine.measured:
        lines.append(f"when the whole machine stood still: {machine.why_not}")
    return "\n".join(lines)


def app_stall(stalls: list[Stall], short: Stall, machine: Stops) -> AppStall | None:
    """The longest stall once the time the whole machine stood still within it is taken out; None when that was
    not measured. ``stalls`` are those over LOG_STALL_MS; the ones up to it are not kept one by one, and the longest
    of them (``short``) counts whole."""
    if not machine.measured:
        return None
    found = [AppStall(short.ms, short.ms, 0.0, short.phase)]
    for stall in stalls:
        stood_still = min(machine.within(stall.began_at, stall.ended_at), stall.ms)
        found.append(AppStall(stall.ms - stood_still, stall.ms, stood_still, stall.phase))
    return max(found, key=lambda each: each.ms)


def _stood_still(stall: Stall, machine: Stops | None) -> str:
    if machine is None or not machine.measured:
        return ""
    return f"; the whole machine stood still {machine.within(stall.began_at, stall.ended_at):.0f} ms of it"


def _profile(samples: list[str]) -> str:
    """The stacks sampled in one stall, most frequent first, each with how many samples (of WATCH_MS) showed it."""
    counted = Counter(samples).most_common(3)
    return "\n".join(f"[{count} of {len(samples)} samples]\n{stack}" for stack, count in counted)


class Uncaught:
    """Records every exception that reaches ``sys.excepthook`` (the GUI thread, Qt slots) or
    ``threading.excepthook`` (any other Python thread) while installed."""

    def __init__(self) -> None:
        self.records: list[str] = []
        self._saved: tuple[object, object] | None = None
        self._qt_handler: Callable[[QtMsgType, QMessageLogContext, str], object] | None = None

    def install(self) -> None:
        self._qt_handler = qInstallMessageHandler(_on_qt_message)
        self._saved = (sys.excepthook, threading.excepthook)
        sys.excepthook = self._on_uncaught
        threading.excepthook = self._on_thread_uncaught

    def uninstall(self) -> None:
        qInstallMessageHandler(self._qt_handler)  # pytest-qt's, under pytest
        if self._saved is not None:
            sys.excepthook, threading.excepthook = self._saved  # type: ignore[assignment]
            self._saved = None

    def _on_uncaught(self, kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        self.records.append("".join(traceback.format_exception(kind, error, trace)))
        sys.stderr.write(self.records[-1])

    def _on_thread_uncaught(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self._on_uncaught(args.exc_type, args.exc_value, args.exc_traceback)


def _always_yes(_cls: type[Confirmation], _parent: QWidget | None, _title: str, _text: str) -> bool:
    return True


class AppUnderDrill(QObject):
    """The running app and what the drill saw of it: tags sent, unknown outcomes and their resolutions, and every
    (order id, tag) the order-book model has shown."""

    def __init__(self, home: Path, seed: int) -> None:
        super().__init__()
        # A paper database in a file: the exchange keeps the account (orders, sessions) across its restart.
        argv = ["--paper", "--paper-db", str(home / "paper.sqlite3"), "--home", str(home), "--seed", str(seed)]
        self.app, self.window = build(argv)
        shell = self.window.findChild(Shell)
        assert isinstance(shell, Shell)
        self.shell = shell
        paper = shell.paper
        assert paper is not None, "the drill needs the app on its paper exchange"
        assert paper.restart is not None, "the paper exchange must be in a file to be restarted"
        self.root, self._restart = paper.root, paper.restart
        self.sent: list[str] = []
        self.unknown: list[str] = []
        self.resolved: dict[str, str] = {}  # tag -> order id ("" when not placed)
        self.shown: dict[str, str] = {}  # order id -> tag, for every row the book model has held
        self.polls = 0  # successful polls applied to the book
        self.requests: dict[str, OrderRequest] = {}  # by tag
        self.heard: dict[str, set[str]] = {}  # order id -> every status the stream pushed for it
        shell.ticket.submit_requested.connect(self._on_ticket_submit_requested)
        shell.placement.outcome_unknown.connect(self._on_placement_outcome_unknown)
        shell.placement.outcome_resolved.connect(self._on_placement_outcome_resolved)
        shell.poller.snapshot_ready.connect(self._on_poller_snapshot_ready)  # after the shell's own slot
        shell.market.order_updated.connect(self._on_market_order_updated)
        self._saved_ask = Confirmation.__dict__["ask"]
        Confirmation.ask = classmethod(_always_yes)  # type: ignore[method-assign, assignment]

    # --- lifecycle ---------------------------------------------------------------------------------------------
    def open(self, seconds: float) -> bool:
        """Show the window; wait until logged in and the instrument master is in the ticket."""
        self.window.show()
        ticket = self.shell.ticket

        def ready() -> bool:
            if self.shell.session.profile is None:
                return False
            ticket.set_instrument(Exchange.NSE, "INFY")
            return ticket.instrument() is not None

        return wait_until(ready, seconds, step_ms=50)

    def close(self) -> None:
        self.window.close()
        self.shell.tasks.shutdown()
        Confirmation.ask = self._saved_ask  # type: ignore[method-assign]
        # Delete the window here, on the GUI thread: left to Python's garbage collector, its reference cycles could
        # be collected on a pool thread, and Qt widgets destroyed off the GUI thread crash the process.
        gone: list[bool] = []
        self.window.destroyed.connect(lambda: gone.append(True))
        self.window.deleteLater()
        wait_until(lambda: bool(gone), 10)
        gc.collect()

    # --- driving -----------------------------------------------------------------------------------------------
    def place(self, request: OrderRequest, seconds: float) -> bool:
        """Fill the ticket and send; waits until the ticket is free again. False if it would not send."""
        ticket = self.shell.ticket
        if not wait_until(lambda: not ticket.is_busy(), seconds):
            return False
        ticket.prefill(request)
        if not ticket.submit():
            return False
        return wait_until(lambda: not ticket.is_busy(), seconds)

    def restart_exchange(self, seconds: float) -> bool:
        """Stop and start the exchange's process on a plain thread (it waits for the old process to end and the
        new one to answer: that must not block the GUI thread), running the event loop meanwhile."""
        worker = threading.Thread(target=self._restart, name="drill-restart")
        worker.start()
        wait_until(lambda: not worker.is_alive(), seconds)
        return not worker.is_alive()

    def connected(self) -> bool:
        return self.shell.session.state is State.CONNECTED

    # --- watching ----------------------------------------------------------------------------------------------
    @Slot(object)
    def _on_ticket_submit_requested(self, submission: Submission) -> None:
        request = submission.request
        self.sent.append(request.tag or "")
        self.requests[request.tag or ""] = request

    @Slot(str)
    def _on_placement_outcome_unknown(self, tag: str) -> None:
        self.unknown.append(tag)

    @Slot(str, str)
    def _on_placement_outcome_resolved(self, tag: str, order_id: str) -> None:
        self.resolved[tag] = order_id

    @Slot(object)
    def _on_poller_snapshot_ready(self, snapshot: OrderBookSnapshot) -> None:
        self.polls += 1
        model = self.shell.book_model
        for row in snapshot.rows:
            if row.order_id not in self.shown and model.row_for_order(row.order_id) is not None:
                self.shown[row.order_id] = row.tag or ""

    @Slot(object)
    def _on_market_order_updated(self, payload: object) -> None:
        if isinstance(payload, dict):
            self.heard.setdefault(str(payload.get("order_id")), set()).add(str(payload.get("status")))

    def held(self) -> set[str]:
        """Symbols with a placement whose outcome is still being looked up: the ticket holds them back."""
        return {self.requests[tag].tradingsymbol for tag in self.unknown if tag not in self.resolved}

    def result_text(self) -> str:
        """The ticket's result line and the problems it lists: why it would not send."""
        label = self.shell.ticket.findChild(QLabel, "result")
        problems = "; ".join(str(problem) for problem in self.shell.ticket.problems())
        busy = " (still busy)" if self.shell.ticket.is_busy() else ""
        return (label.text() if label is not None else "") + busy + (f" [problems: {problems}]" if problems else "")

    def book(self) -> dict[str, str]:
        """The app's order-book model now: order id -> status."""
        model = self.shell.book_model
        rows = (model.row_at(row) for row in range(model.rowCount()))
        return {row.order_id: row.status for row in rows}

    def boxes(self) -> list[tuple[str, str]]:
        """Every message box the app has shown (title, text)."""
        return list(self.shell.messages.shown)

    @property
    def qapp(self) -> QApplication:
        return self.app
