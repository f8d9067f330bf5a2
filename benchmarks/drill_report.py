"""What the fault drill found, counted against the exchange's own order book: the figures, the verdict, the table."""

from __future__ import annotations

import os
import platform
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from kiteticket.domain.audit import PlacementRecord, PlacementState

STALL_TARGET_MS = 50.0  # a person notices a frozen window from about 50-100 ms on


@dataclass(frozen=True, slots=True)
class AppStall:
    """A GUI stall less the time the whole machine stood still within it (drill_machine.py): the app's part."""

    ms: float
    whole_ms: float
    machine_ms: float
    phase: str


@dataclass(frozen=True, slots=True)
class Observed:
    """The raw material: what the drill sent, what the app believed and showed, what the exchange holds."""

    planned: int
    sent: tuple[str, ...]  # tags the ticket sent, in order
    journal: dict[str, PlacementRecord]  # the app's journal row for each tag
    unknown: frozenset[str]  # tags whose reply could not be trusted
    resolved: dict[str, str]  # tag -> order id the app settled on ("" = not placed)
    exchange: dict[str, set[str]]  # tag -> order ids on the exchange (every day of the run)
    shown: frozenset[str]  # order ids the app's order-book model has held
    uncaught: tuple[str, ...]  # tracebacks from sys.excepthook / threading.excepthook
    boxes: tuple[tuple[str, str], ...]  # message boxes the app showed
    logins: int
    stall_ms: float
    stall_phase: str  # what the drill was doing then
    seconds: float
    faults: dict[str, int] = field(default_factory=dict)
    crowded_429: int = 0
    restarted: bool = False
    book_mismatch: int = 0  # at the end: orders (id and status) in the exchange's book or the app's, not both
    refused: tuple[str, ...] = ()  # placements the ticket would not send, even after Esc, with what it said
    overridden: tuple[str, ...] = ()  # placements held back with nothing unsettled, sent after Esc
    stall_stack: str = ""  # where the GUI thread was during the longest stall, if the watchdog caught it
    stall_summary: str = ""  # every stall over 30 ms, grouped by where the GUI thread was
    priority: str = ""  # the CPU priority the app ran at (cpu_priority)
    told: dict[str, str] = field(default_factory=dict)  # order id -> the status the ticker told (drill tags)
    heard: dict[str, frozenset[str]] = field(default_factory=dict)  # order id -> statuses the app's stream pushed
    app_stall: AppStall | None = None  # the stall longest without the machine's stops; None: those not measured
    machine_note: str = ""  # why the machine's stops were not measured


def updates_lost(seen: Observed) -> int:
    """Order updates the exchange told that the app never heard: told while its socket was closed or stalled."""
    return sum(1 for order_id, status in seen.told.items() if status not in seen.heard.get(order_id, ()))


@dataclass(frozen=True, slots=True)
class Verdict:
    duplicates: int
    lost: int
    unhandled: int
    unresolved: int
    wrong: int  # tags whose outcome the app settled differently from what the exchange holds
    mismatch: int  # orders (with their status) in the exchange's book or the app's at the end, not both
    missed: tuple[str, ...] = ()  # every row of the table that missed its target

    @property
    def passed(self) -> bool:
        return not self.missed


@dataclass(frozen=True, slots=True)
class Row:
    figure: str
    value: str
    target: str = ""
    met: bool | None = None  # None: a figure without a target

    def cells(self) -> tuple[str, str, str]:
        return self.figure, self.value, self.target


def verdict(seen: Observed) -> Verdict:
    counts = _counts(seen)
    missed = tuple(row.figure for row in _rows(seen, counts) if row.met is False)
    return replace(counts, missed=missed)


def _counts(seen: Observed) -> Verdict:
    on_exchange = {order_id for ids in seen.exchange.values() for order_id in ids}
    unexpected = [title for title, _ in seen.boxes if title == "Unexpected error"]
    return Verdict(
        duplicates=sum(len(ids) - 1 for ids in seen.exchange.values() if len(ids) > 1),
        lost=len(on_exchange - seen.shown),
        unhandled=len(seen.uncaught) + len(unexpected),
        unresolved=len((seen.unknown - seen.resolved.keys()) | {tag for tag in seen.sent if _open(seen, tag)}),
        wrong=sum(1 for tag in seen.sent if _wrong(seen, tag)),
        mismatch=seen.book_mismatch,
    )


def _open(seen: Observed, tag: str) -> bool:
    record = seen.journal.get(tag)
    return record is None or record.state.is_open


def _wrong(seen: Observed, tag: str) -> bool:
    """The app believes placed (with this id) or not placed; the exchange must agree."""
    record = seen.journal.get(tag)
    held = seen.exchange.get(tag, set())
    if record is None or record.state.is_open:
        return False  # counted as unresolved
    if record.state is PlacementState.PLACED:
        return record.order_id not in held
    return bool(held)


def outcomes(seen: Observed) -> Counter[str]:
    return Counter(seen.journal[tag].state.value if tag in seen.journal else "no journal row" for tag in seen.sent)


def rows(seen: Observed) -> list[tuple[str, str, str]]:
    """(figure, value, target) for the table; the verdict is FAIL as soon as any row misses its target."""
    found = verdict(seen)
    table = [row.cells() for row in _rows(seen, found)]
    missed = f" (missed: {'; '.join(found.missed)})" if found.missed else ""
    return [*table, ("verdict", ("PASS" if found.passed else "FAIL") + missed, "PASS")]


def crash_rows(planned: int, how: str, seconds: float, where: str) -> list[tuple[str, str, str]]:
    """The table of a drill whose process died (a segfault): nothing was counted, and that is a failure."""
    return [
        ("placements attempted", f"{planned}", ""),
        (
            "the app's process",
            f"{how} after {seconds:.0f} s; Python stacks (faulthandler) in {where}",
            "ran to the end",
        ),
        ("verdict", "FAIL (missed: the app's process)", "PASS"),
    ]


STALL = "longest GUI-thread stall (5 ms heartbeat)"
STALL_LESS_MACHINE = f"< {STALL_TARGET_MS:.0f} ms, less the machine's stops"


def _stall_row(seen: Observed) -> Row:
    """The longest stall less the time the whole machine stood still within it, and the longest as measured."""
    whole = f"{seen.stall_ms:.0f} ms, during {seen.stall_phase}"
    app = seen.app_stall
    if app is None:
        note = f" (the machine's own stops not measured: {seen.machine_note})" if seen.machine_note else ""
        return Row(STALL, whole + note, f"< {STALL_TARGET_MS:.0f} ms", seen.stall_ms < STALL_TARGET_MS)
    value = f"{app.ms:.0f} ms, during {app.phase}"
    if app.machine_ms >= 0.5:
        value += f" ({app.whole_ms:.0f} ms, of which the whole machine stood still {app.machine_ms:.0f} ms)"
    if (app.whole_ms, app.phase) != (seen.stall_ms, seen.stall_phase):
        value += f"; the longest as measured: {whole}"
    return Row(STALL, value, STALL_LESS_MACHINE, app.ms < STALL_TARGET_MS)


def _zero(figure: str, count: int) -> Row:
    return Row(figure, f"{count}", "0", count == 0)


def _rows(seen: Observed, found: Verdict) -> list[Row]:
    placed_found = sum(1 for tag in seen.unknown if seen.resolved.get(tag))
    not_placed = sum(1 for tag in seen.unknown if tag in seen.resolved and not seen.resolved[tag])
    states = ", ".join(f"{state} {count}" for state, count in sorted(outcomes(seen).items()))
    faults = ", ".join(f"{name} ×{count}" for name, count in sorted(seen.faults.items()))
    if seen.told:
        faults += f"; order updates lost while the socket was down: {updates_lost(seen)} of {len(seen.told)}"
    other_boxes = Counter(title for title, _ in seen.boxes if title != "Unexpected error")
    open_outcomes = sum(1 for tag in seen.sent if _open(seen, tag))
    return [
        Row("placements attempted", f"{seen.planned}"),
        Row("sent by the ticket", f"{len(seen.sent)}", f"{seen.planned}", len(seen.sent) == seen.planned),
        _zero("held back with nothing unsettled (sent after Esc)", len(seen.overridden)),
        _zero("not sent at all", len(seen.refused)),
        Row("outcomes in the app's journal", states, "none open", open_outcomes == 0),
        Row("orders on the exchange (drill tags)", f"{sum(len(ids) for ids in seen.exchange.values())}"),
        _zero("duplicates (more than one order per tag)", found.duplicates),
        _zero("lost (on the exchange, never in the app's book)", found.lost),
        Row("unknown outcomes", f"{len(seen.unknown)}"),
        Row("unknown → placed (found by its tag)", f"{placed_found}"),
        Row("unknown → not placed (never in the book for the window)", f"{not_placed}"),
        _zero("unknown → still unresolved", found.unresolved),
        _zero("outcomes the exchange contradicts", found.wrong),
        _zero("app's book vs the exchange's at the end (differing)", found.mismatch),
        _zero("unhandled exceptions", found.unhandled),
        _stall_row(seen),
        Row("faults injected (as planned)", faults or "none"),
        Row("429s drawn by a second session", f"{seen.crowded_429}"),
        Row("exchange restarted mid-poll", "yes" if seen.restarted else "NO", "yes", seen.restarted),
        Row("logins (first, then after the token died)", f"{seen.logins}", ">= 2", seen.logins >= 2),
        Row("other message boxes", ", ".join(f"{t} ×{n}" for t, n in sorted(other_boxes.items())) or "none"),
        Row("drill duration", f"{seen.seconds:.0f} s"),
        Row(PRIORITY, seen.priority or "not known"),
    ]


# One line per run in the README: (column, the figure of the run's table it shows).
SUMMARY = (
    ("verdict", "verdict"),
    ("sent", "sent by the ticket"),
    ("not sent", "not sent at all"),
    ("duplicates", "duplicates (more than one order per tag)"),
    ("lost", "lost (on the exchange, never in the app's book)"),
    ("unresolved", "unknown → still unresolved"),
    ("contradicted", "outcomes the exchange contradicts"),
    ("unhandled", "unhandled exceptions"),
    ("longest GUI stall", STALL),
    ("the app's process", "the app's process"),
    ("duration", "drill duration"),
)


def summary(runs: list[tuple[int, list[tuple[str, str, str]]]]) -> tuple[list[str], list[list[str]]]:
    """The README's one line per run, from each run's own table ("ran to the end" unless it crashed)."""
    header = ["seed", *(column for column, _ in SUMMARY)]
    lines = []
    for seed, table in runs:
        values = {figure: value for figure, value, _ in table}
        values.setdefault("the app's process", "ran to the end")
        lines.append([str(seed), *(values.get(figure, "–") for _, figure in SUMMARY)])
    return header, lines


PRIORITY = "the app's CPU priority"


def cpu_priority() -> str:
    """This process's nice value, and its scheduling autogroup's where Linux has them (the group's weighs against
    other sessions' processes; the process's only within its session)."""
    nice = os.getpriority(os.PRIO_PROCESS, 0) if hasattr(os, "getpriority") else 0
    try:
        group = Path("/proc/self/autogroup").read_text(encoding="ascii").split("nice", 1)[1].strip()
    except (OSError, IndexError):
        return f"nice {nice}"
    return f"nice {nice}, its scheduling group (autogroup) at nice {group}"


def machine() -> str:
    """The machine the figures come from: cores and Python, as the performance table says them."""
    return f"{os.cpu_count()} cores, Python {platform.python_version()}"
