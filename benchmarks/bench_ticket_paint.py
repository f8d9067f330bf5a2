"""What each order sent from the ticket costs the GUI thread in painting, beside a baseline in the same run.

    python benchmarks/bench_ticket_paint.py [--orders 40] [--rounds 3]

The app on its paper exchange, offscreen at 1366x768, sends resting LIMIT orders from its ticket as the fault drill
does (one every 0.3 s, each answered and its row shown in the book). For each order: the pixels the ticket was asked
to repaint (the sum of its paint regions' rectangles), how many paint passes reached the ticket, and the GUI thread's
CPU time. The baseline is the same app with QWidget's own focus handlers on the ticket (as before): they repaint all
of it each time it takes or gives back the focus, twice an order. Each variant runs in a process of its own, the
two in turn for each round (baseline first in one round, last in the next); the table gives each figure's median
over the rounds and its range.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from a plain checkout
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks import drill
from benchmarks.common import print_table
from benchmarks.drill_app import AppUnderDrill, wait_until
from benchmarks.painted import PaintedAreas
from kiteticket.ui.ticket.widget import OrderTicket

ORDERS = 40
ROUNDS = 3
WARM_UP = 5  # the first orders: the first focus of the ticket, the book's first rows
PAUSE_SECONDS = 0.3  # between orders: the answer, the poll and the book's new row come meanwhile
VARIANTS = {"baseline": "QWidget's focus handlers (before)", "now": "the ticket's own (now)"}


def measure(variant: str, orders: int) -> dict[str, float]:
    """In this process: the app, ``orders`` orders sent after the warm-up; figures per order."""
    if variant == "baseline":
        del OrderTicket.focusInEvent, OrderTicket.focusOutEvent  # QWidget's own again
    app = AppUnderDrill(Path(tempfile.mkdtemp(prefix="bench-ticket-")), seed=5)
    app.window.resize(1366, 768)
    if not app.open(60):
        raise RuntimeError("the app did not log in and load its instruments in time")
    references = drill.references()
    ticket = app.shell.ticket
    ticket.inputs.tag.setText("bench")
    painted = PaintedAreas()

    def send(index: int) -> None:
        symbol = drill.SYMBOLS[index % len(drill.SYMBOLS)]
        if not app.place(drill.order(index, symbol, references[symbol]), 30):
            raise RuntimeError(f"the ticket did not send order {index}: {app.result_text()}")
        wait_until(lambda: False, PAUSE_SECONDS)

    for index in range(WARM_UP):
        send(index)
    ticket.installEventFilter(painted)
    started = time.thread_time()
    for index in range(WARM_UP, WARM_UP + orders):
        send(index)
    cpu_ms = (time.thread_time() - started) * 1000
    ticket.removeEventFilter(painted)
    app.close()
    return {"pixels": sum(painted.areas) / orders, "passes": len(painted.areas) / orders, "cpu_ms": cpu_ms / orders}


def run_variant(variant: str, orders: int) -> dict[str, float]:
    command = [sys.executable, "-m", "benchmarks.bench_ticket_paint", "--variant", variant, "--orders", str(orders)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=Path(__file__).resolve().parents[1])
    if done.returncode != 0:
        raise RuntimeError(f"{variant} failed:\n{done.stderr[-3000:]}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def rounds(count: int, orders: int) -> dict[str, list[dict[str, float]]]:
    """Each variant ``count`` times, in turn, the order flipped every round: a machine busier at one moment
    weighs on both."""
    runs: dict[str, list[dict[str, float]]] = {variant: [] for variant in VARIANTS}
    for round_number in range(count):
        order = list(VARIANTS) if round_number % 2 == 0 else list(reversed(VARIANTS))
        for variant in order:
            runs[variant].append(run_variant(variant, orders))
    return runs


def cell(runs: list[dict[str, float]], figure: str, form: str) -> str:
    values = [run[figure] for run in runs]
    median = statistics.median(values)
    return f"{median:{form}} ({min(values):{form}}-{max(values):{form}})" if len(values) > 1 else f"{median:{form}}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=ORDERS)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--variant", choices=sorted(VARIANTS), help=argparse.SUPPRESS)  # the child's part
    args = parser.parse_args()
    if args.variant:
        print(json.dumps(measure(args.variant, args.orders)))
        return
    runs = rounds(args.rounds, args.orders)
    before, now = runs["baseline"], runs["now"]
    rows = []
    for label, figure, form in (
        ("ticket pixels repainted per order", "pixels", ",.0f"),
        ("paint passes reaching the ticket per order", "passes", ".1f"),
        ("GUI thread CPU per order (ms)", "cpu_ms", ".1f"),
    ):
        ratio = statistics.median(run[figure] for run in before) / statistics.median(run[figure] for run in now)
        rows.append([label, cell(before, figure, form), cell(now, figure, form), f"{ratio:.2f}x"])
    print_table(
        f"An order sent from the ticket: {args.orders} orders after {WARM_UP}, {args.rounds} rounds, median (range)",
        ["figure", VARIANTS["baseline"], VARIANTS["now"], "baseline / now"],
        rows,
    )


if __name__ == "__main__":
    main()
