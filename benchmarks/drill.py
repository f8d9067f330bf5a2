"""The fault drill: the real app, offscreen, places orders through its ticket while the paper exchange misbehaves.

    python benchmarks/drill.py [--placements 200] [--seed 11] [--readme]

Before the placements, a seeded plan (drill_plan.py) injects faults through the exchange's admin API: 30% of the
placements have their reply dropped after the order was accepted; bursts of 503s, malformed JSON, HTML 502 pages
and 429s hit placements and polls; a second session on the account uses up the rate-limit windows so the
exchange's own limiter answers 429; the exchange is stopped and started again (same port, same database) while a
poll is on its way; the exchange clock is moved past 06:00 IST, so the access token dies and the app must log
in again by itself; and the ticker's socket (the app streams) is closed, stalled and delayed, so order updates
are lost while it is down. Then it counts, against the exchange's own order book: duplicates, orders lost from
the app's book, unknown outcomes and how each was settled, order updates the app never heard, unhandled
exceptions and the longest GUI-thread stall.
``--readme`` writes the table into the README's Reliability section. The run ends by itself: every wait has a
deadline. The exchange is on loopback, in a process of its own, as ``kiteticket --paper`` runs it.

The app runs in a child process with faulthandler on (every thread's Python stack goes to a file on a fatal signal)
and core dumps allowed, so a crash (one drill in five once ended in SIGSEGV) is reported as a failed drill, with
where to find its stacks, rather than as a missing table.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

if sys.platform != "win32":
    import resource

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from a plain checkout

from benchmarks import drill_report
from benchmarks.drill_app import AppUnderDrill, StallMeter, Uncaught, app_stall, stall_summary, wait_until
from benchmarks.drill_exchange import Exchange
from benchmarks.drill_machine import Sentinels, Stops
from benchmarks.drill_plan import GET_BURSTS, Step, injected, plan
from benchmarks.readme_section import markdown_table, rewrite
from kiteticket.domain.enums import Exchange as Market
from kiteticket.domain.enums import OrderType, Product, TransactionType, Validity, Variety
from kiteticket.domain.instruments import InstrumentMaster
from kiteticket.domain.market_clock import IST
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.prices import round_to_tick
from kiteticket.paper.sample_derivatives import sample_master_csv
from kiteticket.ui.book.poller import PollSchedule
from kiteticket.ui.ticket import placement

PREFIX = "drill"  # the ticket's tag prefix: every tag the drill sends starts with it
# After an unknown outcome the ticket holds back orders for that instrument and side until it is settled; the drill
# turns to the next instrument meanwhile, as a trader would.
SYMBOLS = ("INFY", "SBIN", "HDFCBANK", "ITC", "NTPC", "COALINDIA", "BEL", "ONGC", "POWERGRID", "ETERNAL", "HDFCLIFE",
           "HINDALCO", "AXISBANK", "JSWSTEEL", "BAJFINANCE", "DRREDDY")  # fmt: skip
TICK = Decimal("0.05")
START_SECONDS = 60
STEP_SECONDS = 20
# An unknown placement is settled by the first successful poll after its window. A round of GET bursts makes every
# poll fail until its faults are used up (ten, and a 429 drawn by the second session), and the poller backs off up
# to PollSchedule.max_backoff_ms after each: minutes without a successful poll, by design. The drill waits that
# long before it calls an instrument held for good (seed 23 gave up after 140 s, then 170 s, with 0 polls between).
FAILING_POLLS = sum(count for _, _, count in GET_BURSTS) + 1
SETTLE_MARGIN_SECONDS = 20 + FAILING_POLLS * PollSchedule().max_backoff_ms / 1000
RESTART_LATENCY_MS = 1_500  # the poll the restart cuts off is held this long at the exchange
RESULT_FILE = "result.json"  # the child's table, for the supervising process
STACKS_FILE = "faulthandler.txt"


@dataclass(frozen=True, slots=True)
class DrillConfig:
    placements: int = 200
    seed: int = 11
    # How long an unknown placement is looked for before it is settled "not placed": the app's own window unless
    # a short drill (CI) cuts it down; the paper exchange shows an order at once, Kite may take 1.5 minutes.
    reconcile_seconds: float = placement.RECONCILE_SECONDS


def order(index: int, symbol: str, reference: Decimal) -> OrderRequest:
    """A resting BUY about 6% below the market, each with its own price and quantity (so the repeat guard stays
    quiet)."""
    base = round_to_tick(reference * Decimal("0.94"), TICK)
    return OrderRequest(
        variety=Variety.REGULAR, exchange=Market.NSE, tradingsymbol=symbol, transaction_type=TransactionType.BUY,
        quantity=1 + index % 3, product=Product.CNC, order_type=OrderType.LIMIT, validity=Validity.DAY,
        price=base - TICK * (index // len(SYMBOLS) % 500),
    )  # fmt: skip


def references() -> dict[str, Decimal]:
    """The paper exchange's reference price of each instrument the drill trades (its master follows today)."""
    master = InstrumentMaster.from_csv(sample_master_csv(datetime.now(IST).date()))
    found = {symbol: master.get(Market.NSE, symbol) for symbol in SYMBOLS}
    return {symbol: Decimal(str(instrument.last_price)) for symbol, instrument in found.items() if instrument}


def _pause(seconds: float) -> None:
    wait_until(lambda: False, seconds, step_ms=50)


class Drill:
    def __init__(self, config: DrillConfig, home: Path) -> None:
        self.config = config
        self.uncaught = Uncaught()
        self.uncaught.install()
        self.app = AppUnderDrill(home, config.seed)
        self.exchange = Exchange(self.app.root, _pause)
        self.meter = StallMeter()
        self.sentinels = Sentinels()  # when the whole machine stood still (drill_machine.py)
        self.machine = Stops(False, why_not="not started")
        self.logins = 0
        self.crowded = 0
        self.restarted = False
        self.book_mismatch = -1  # orders in one book and not the other, or in both with another status, at the end
        self.refused: list[str] = []  # placements the ticket would not send, even after Esc
        self.overridden: list[str] = []  # ...sent only after Esc, held back although nothing was unsettled
        self.references = references()
        self.app.shell.session.connected.connect(self._on_session_connected)

    def _on_session_connected(self, _profile: object) -> None:
        self.logins += 1

    def run(self) -> drill_report.Observed:
        started = time.monotonic()
        if not self.app.open(START_SECONDS):
            raise RuntimeError("the app did not log in and load its instruments in time")
        with self.meter.paused():  # pinned: the random walk must not reach the resting orders
            for symbol, price in self.references.items():
                self.exchange.admin("price", {"exchange": "NSE", "tradingsymbol": symbol, "last_price": str(price)})
        self.app.shell.ticket.inputs.tag.setText(PREFIX)
        steps = plan(self.config.placements, self.config.seed)
        self.sentinels.start()
        self.meter.start()
        for step in steps:
            self.meter.phase = f"placement {step.index + 1}"
            self._before(step)
            self._place(step.index)
        self._settle()
        self.meter.stop()
        self.machine = self.sentinels.stop()
        return self._observed(steps, time.monotonic() - started)

    def _place(self, index: int) -> None:
        polls = self.app.polls
        symbol = self._free_symbol(index)
        if symbol is None:
            self._refused(
                index, f"no instrument free of unsettled placements ({self.app.polls - polls} polls meanwhile)"
            )
            return
        request = order(index, symbol, self.references[symbol])
        if self.app.place(request, STEP_SECONDS):
            return
        # Held back although nothing of this instrument is unsettled: what a user does then is settle everything
        # and press Esc ("send anyway"). Counted: a stale hold is a finding, even if this gets the order out.
        why = self.app.result_text()
        if self._override_when_settled() and self.app.place(request, STEP_SECONDS):
            self.overridden.append(f"#{index + 1} {symbol}: {why}")
        else:
            self._refused(index, f"{symbol}: {self.app.result_text()}")

    def _override_when_settled(self) -> bool:
        settled = wait_until(lambda: not self.app.held(), self.config.reconcile_seconds + SETTLE_MARGIN_SECONDS)
        if settled:
            self.app.shell.ticket.clear()  # Esc: forgets the ticket's holds, all of them settled by now
        return settled

    def _refused(self, index: int, why: str) -> None:
        self.refused.append(f"#{index + 1} {why}")
        with self.meter.paused():
            self.exchange.clear_faults()  # a fault meant for this placement must not hit the next

    def _free_symbol(self, index: int) -> str | None:
        """The next instrument in turn with no placement of unknown outcome (waiting for one if none is free)."""
        turn = [SYMBOLS[(index + offset) % len(SYMBOLS)] for offset in range(len(SYMBOLS))]
        wait_until(lambda: bool(set(turn) - self.app.held()), self.config.reconcile_seconds + SETTLE_MARGIN_SECONDS)
        return next((symbol for symbol in turn if symbol not in self.app.held()), None)

    def _before(self, step: Step) -> None:
        if step.expiry:
            self._expire_token()
        if step.restart:
            self._restart_mid_poll()
        with self.meter.paused():
            faults = [*step.get_faults, *([step.post_fault] if step.post_fault else [])]
            if faults:
                self.exchange.admin("faults", faults)
            if step.socket_fault:
                self.exchange.admin("faults", step.socket_fault)
            if step.crowd_reads:
                self.crowded += self.exchange.crowd_reads()
            if step.crowd_orders:
                self.crowded += self.exchange.crowd_order_writes()
        if step.crowd_reads:
            self.app.shell.poller.poll_now()  # inside the crowded second

    def _restart_mid_poll(self) -> None:
        self.meter.phase = "the exchange's restart"
        with self.meter.paused():
            self.exchange.fault(kind="latency", path="/orders", method="GET", latency_ms=RESTART_LATENCY_MS)
        self.app.shell.poller.poll_now()
        wait_until(self._latency_taken, 5, step_ms=20)  # the poll is now held at the exchange
        self.restarted = self.app.restart_exchange(30)

    def _latency_taken(self) -> bool:
        with self.meter.paused():
            return not any(fault["kind"] == "latency" for fault in self.exchange.admin("faults", [])["faults"])

    def _expire_token(self) -> None:
        """Kite's book holds one day: settle every unknown placement, and note the day's orders, before it ends."""
        self.meter.phase = "the wait before the token expiry"
        self._wait_for_unresolved()
        self._wait_for_polls(2)  # the day's last orders into the app's book: tomorrow's book will not have them
        with self.meter.paused():
            self.exchange.record_orders(PREFIX)
            self.exchange.next_day_after_expiry()
        self.meter.phase = "the token expiry"

    def _wait_for_unresolved(self) -> None:
        wait_until(
            lambda: not self.app.shell.placement.unresolved, self.config.reconcile_seconds + SETTLE_MARGIN_SECONDS
        )

    def _wait_for_polls(self, count: int) -> None:
        polls = self.app.polls
        wait_until(lambda: self.app.polls >= polls + count, STEP_SECONDS)

    def _settle(self) -> None:
        self.meter.phase = "the final settling"
        with self.meter.paused():
            self.exchange.clear_faults()
        self._wait_for_unresolved()
        wait_until(self.app.connected, START_SECONDS)
        with self.meter.paused():
            today = self.exchange.record_orders(PREFIX)
        self._wait_for_polls(2)  # a poll that began after that read
        # Each order with its status: an update lost while the socket was down must not leave a stale row behind.
        book = self.app.book()
        self.book_mismatch = sum(
            1 for order_id in today.keys() | book.keys() if today.get(order_id) != book.get(order_id)
        )

    def _observed(self, steps: list[Step], seconds: float) -> drill_report.Observed:
        journal = self.app.shell.journal
        records = {record.tag: record for record in journal.placements()} if journal is not None else {}
        return drill_report.Observed(
            planned=len(steps), sent=tuple(self.app.sent), journal=records, unknown=frozenset(self.app.unknown),
            resolved=dict(self.app.resolved), exchange=dict(self.exchange.orders_by_tag),
            shown=frozenset(self.app.shown), uncaught=tuple(self.uncaught.records), boxes=tuple(self.app.boxes()),
            logins=self.logins, stall_ms=self.meter.worst_ms, stall_phase=self.meter.worst_phase, seconds=seconds,
            stall_stack=self.meter.worst_stack + _gc_note(self.meter.longest_gc),
            stall_summary=stall_summary(self.meter.stalls, self.machine), priority=drill_report.cpu_priority(),
            app_stall=app_stall(self.meter.stalls, self.meter.short, self.machine), machine_note=self.machine.why_not,
            faults=injected(steps), crowded_429=self.crowded, restarted=self.restarted,
            book_mismatch=self.book_mismatch, refused=tuple(self.refused), overridden=tuple(self.overridden),
            told=dict(self.exchange.told), heard={order_id: frozenset(s) for order_id, s in self.app.heard.items()},
        )  # fmt: skip

    def close(self) -> None:
        self.exchange.close()
        self.app.close()
        self.uncaught.uninstall()
        self.sentinels.stop()  # stopped already unless the run failed; never raises


def _gc_note(longest: tuple[float, int]) -> str:
    took, generation = longest
    return f"\nthe longest cycle collection of the run: {took:.0f} ms (generation {generation})" if took else ""


def run_drill(config: DrillConfig) -> drill_report.Observed:
    saved = placement.RECONCILE_SECONDS
    placement.RECONCILE_SECONDS = config.reconcile_seconds  # read when the app builds its placement controller
    try:
        with tempfile.TemporaryDirectory(prefix="kiteticket-drill-") as folder:
            drill = Drill(config, Path(folder))
            try:
                return drill.run()
            finally:
                drill.close()
    finally:
        placement.RECONCILE_SECONDS = saved


def print_rows(rows: list[tuple[str, str, str]]) -> None:
    widths = [max(len(row[column]) for row in [("figure", "value", "target"), *rows]) for column in range(3)]
    for row in [("figure", "value", "target"), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


Table = list[tuple[str, str, str]]


def readme_body(config: DrillConfig, runs: list[tuple[int, Table]], nice: int | None = None) -> str:
    """The README section: every run in one line each, then the first run's whole table."""
    seeds = ",".join(str(seed) for seed, _ in runs)
    command = "python benchmarks/drill.py " + (f"--seeds {seeds} --readme" if len(runs) > 1 else "--readme")
    command += f" --nice {nice}" if nice is not None else ""
    intro = (
        f"`{command}` drives the real app (offscreen, in a child process with faulthandler on) through its ticket "
        f"against the paper exchange (a process of its own) while injecting faults: {config.placements} placements a "
        f"run, seed "
        f"{seeds}, unknown outcomes looked up for {config.reconcile_seconds:.0f} s. Counted against the exchange's "
        f"own order book; regenerated by the script ({time.strftime('%Y-%m-%d')}, "
        f"{drill_report.machine()}), not typed. A run fails as soon as any figure misses its target (a crash of "
        "the app's process is a failure too). `tests/test_drill.py` runs a short drill in CI and "
        "fails on any duplicate, loss, unhandled exception or unsettled outcome. After an unknown outcome the "
        "ticket holds back orders for that instrument and side until it is settled, so the drill turns to the next "
        "of 16 instruments; when the ticket holds one back with nothing unsettled, the drill waits until "
        "everything is settled and presses Esc, as a user would, and counts it."
    )
    first_seed, first = runs[0]
    priority = {figure: value for figure, value, _ in first}.get(drill_report.PRIORITY, "not known")
    if nice is not None and nice < 0:
        intro += (
            " The machine is shared with other agents' builds and test runs, so the drill ran the app at a raised "
            f"CPU priority (`--nice {nice}`: {priority}), so that their load would starve its GUI thread less. The "
            "stall figure still counts any time the GUI thread waited for a core or for the GIL; the drill's output "
            "splits each stall over 30 ms into time on a CPU, waiting for one and blocked (Linux schedstat)."
        )
    else:
        intro += f" The app ran at {priority}."
    if any(target == drill_report.STALL_LESS_MACHINE for _, table in runs for _, _, target in table):
        intro += (
            " The machine is a virtual one, and its hypervisor at times takes its CPUs away (steal): every process "
            "stands still then, whatever it does. One sentinel process a CPU, pinned to it as a real-time task "
            "(SCHED_FIFO, as root; `benchmarks/drill_machine.py`), wakes every 2 ms through the run; a late wake means "
            "no task could have its CPU (the hypervisor held it, or the kernel: interrupts, code that cannot be "
            "preempted). Each GUI stall over 30 ms counts less the time within it when every CPU's sentinel was late "
            "at once (less the first millisecond of each late wake), on the assumption that the stall would have "
            "been that much shorter without it; the longest of those must stay under 50 ms, and the tables give it "
            "beside the stall it comes from. A CPU taken while another ran is not taken out."
        )
    header, summary = drill_report.summary(runs)
    return (
        f"{textwrap.fill(intro, 120)}\n\n{markdown_table(header, summary)}\n\n"
        f"The run with seed {first_seed}:\n\n{markdown_table(['figure', 'value', 'target'], [list(r) for r in first])}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    defaults = DrillConfig()
    parser.add_argument("--placements", type=int, default=defaults.placements)
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--seeds", metavar="N,N,…", help="several runs, one after the other, one seed each")
    parser.add_argument("--reconcile-seconds", type=float, default=defaults.reconcile_seconds)
    parser.add_argument("--readme", action="store_true", help="write the table into the README's Reliability section")
    parser.add_argument(
        "--nice", type=int, metavar="N", help="run the app at this CPU priority (negative: higher; needs root)"
    )
    parser.add_argument("--child", metavar="DIR", help=argparse.SUPPRESS)  # the process that runs the app
    args = parser.parse_args()
    config = DrillConfig(args.placements, args.seed, args.reconcile_seconds)
    if args.child:
        return run_child(config, Path(args.child))
    seeds = [int(seed) for seed in args.seeds.split(",")] if args.seeds else [args.seed]
    runs: list[tuple[int, Table]] = []
    failed = False
    for seed in seeds:
        print(f"--- seed {seed} ({time.strftime('%H:%M:%S')})", flush=True)
        rows, passed = run_supervised(replace(config, seed=seed), args.nice)
        print_rows(rows)
        runs.append((seed, rows))
        failed = failed or not passed
    if args.readme:
        rewrite("reliability", readme_body(config, runs, args.nice))
    return 1 if failed else 0


def run_supervised(config: DrillConfig, nice: int | None = None) -> tuple[list[tuple[str, str, str]], bool]:
    """Run the drill in a child process (at CPU priority ``nice`` if given); its table, or a failed one if the
    process died."""
    folder = Path(tempfile.mkdtemp(prefix="kiteticket-drill-run-"))
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(folder)]
    command += ["--placements", f"{config.placements}", "--seed", f"{config.seed}"]
    command += ["--reconcile-seconds", f"{config.reconcile_seconds}"]
    return supervise(command, folder, config.placements, nice)


def supervise(
    command: list[str], folder: Path, planned: int, nice: int | None = None
) -> tuple[list[tuple[str, str, str]], bool]:
    """Run ``command``, which leaves its table in ``folder``; a process that dies without one failed."""
    started = time.monotonic()
    prioritised = nice is not None and sys.platform == "linux"
    code = subprocess.call(
        command, start_new_session=prioritised, preexec_fn=_at_priority(nice) if prioritised else None
    )
    result = folder / RESULT_FILE
    if result.exists():
        found = json.loads(result.read_text(encoding="utf-8"))
        shutil.rmtree(folder, ignore_errors=True)
        return [(str(figure), str(value), str(target)) for figure, value, target in found["rows"]], bool(
            found["passed"]
        )
    how = f"killed by {signal.Signals(-code).name}" if code < 0 else f"ended with exit code {code}"
    stacks = folder / STACKS_FILE
    sys.stderr.write(stacks.read_text(encoding="utf-8", errors="replace") if stacks.exists() else "")
    return drill_report.crash_rows(planned, how, time.monotonic() - started, str(stacks)), False


def _at_priority(nice: int | None) -> Callable[[], None]:
    """Runs in the child before the drill starts, in a session of its own (so in a scheduling autogroup of its own:
    with autogroups on, Linux weighs a plain nice only against processes of the same session, and other sessions'
    test runs on a shared machine would still take the CPU from the app's GUI thread): the group and the process
    at ``nice``."""

    def apply() -> None:
        if nice is not None:
            with contextlib.suppress(OSError):
                Path("/proc/self/autogroup").write_text(f"{nice}\n", encoding="ascii")
            os.setpriority(os.PRIO_PROCESS, 0, nice)

    return apply


def allow_core_dumps() -> None:
    """``ulimit -c`` as high as this process may raise it (unlimited when the hard limit allows), so a native
    crash leaves a core with its C++ stack; where it goes is the system's choice (``kernel.core_pattern``)."""
    if sys.platform != "win32":
        _soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
        resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))


def run_child(config: DrillConfig, folder: Path) -> int:
    """In the child: stacks of every thread to a file on a fatal signal, a core dump allowed, then the drill."""
    with open(folder / STACKS_FILE, "w", encoding="utf-8") as stacks:
        faulthandler.enable(stacks, all_threads=True)
        allow_core_dumps()
        seen = run_drill(config)
        faulthandler.disable()
    for refusal in seen.refused[:5]:
        print(f"refused: {refusal}")
    for stale in seen.overridden[:5]:
        print(f"held back with nothing unsettled (sent after Esc): {stale}")
    if seen.stall_stack:
        print(f"the GUI thread during the longest stall ({seen.stall_ms:.0f} ms):\n{seen.stall_stack}")
    print(seen.stall_summary)
    passed = drill_report.verdict(seen).passed
    found = {"rows": drill_report.rows(seen), "passed": passed}
    (folder / RESULT_FILE).write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
