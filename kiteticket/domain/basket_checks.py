"""A basket's orders checked again at placement, as the ticket checks an order it sends.

An order was checked when it entered the basket, but the basket may have waited a day in baskets.json (which anyone
can edit), the instrument may have expired, the market moved. So at placement each order meets the ticket's rules
again (``validation.validate``: listed instrument, lot, tick, prices against the circuit) and the user's
precautions (``precautions.check``: maximum quantity and value, far from the market). An order that breaks a rule is
never sent; one that trips a precaution is sent only after the same explicit override the ticket asks for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from kiteticket.domain.bulk import BulkItem, BulkPlan, PlaceWrite, Skipped
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.precautions import Precaution, PrecautionLimits, check
from kiteticket.domain.quote import Quote
from kiteticket.domain.validation import validate

InstrumentOf = Callable[[OrderRequest], Instrument | None]


@dataclass(frozen=True, slots=True)
class OrderCheck:
    """One basket order at placement: what the ticket would refuse, and which precautions it trips."""

    row: int  # its place in the basket
    order: OrderRequest
    problems: tuple[str, ...] = ()
    precautions: tuple[Precaution, ...] = ()


def check_orders(
    orders: Iterable[OrderRequest], instrument_of: InstrumentOf, quotes: Mapping[str, Quote], limits: PrecautionLimits
) -> tuple[OrderCheck, ...]:
    """Each order against the ticket's rules and the precautions, with the newest quote of its instrument (an
    instrument without one is checked as the ticket checks before its first quote: quantity and value only)."""
    checks = []
    for row, order in enumerate(orders):
        instrument, quote = instrument_of(order), quotes.get(order.instrument_key)
        problems = validate(order, instrument, quote.snapshot() if quote is not None else None)
        precautions = check(order, instrument, quote, limits)
        checks.append(OrderCheck(row, order, tuple(problem.message for problem in problems), precautions))
    return tuple(checks)


def tripped(checks: Iterable[OrderCheck]) -> tuple[OrderCheck, ...]:
    """The orders the ticket's rules allow but a precaution questions: what the override question lists."""
    return tuple(found for found in checks if found.precautions and not found.problems)


def override_text(checks: Iterable[OrderCheck], line: Callable[[OrderRequest], str]) -> str:
    """The override question: every order that trips a precaution, with each precaution it trips."""
    parts = []
    for found in checks:
        listed = "\n".join(f"   • {precaution.message}" for precaution in found.precautions)
        parts.append(f"#{found.row + 1} {line(found.order)}\n{listed}")
    return (
        "These orders trip your precautions:\n\n"
        + "\n\n".join(parts)
        + ("\n\nPlace them anyway? No places the others and skips these.")
    )


@dataclass(frozen=True, slots=True)
class Placement:
    """The plan the runner sends; for each of its items the basket row it came from (its result is shown on that
    row); and the rows left out, with why."""

    plan: BulkPlan
    rows: tuple[int, ...]
    skipped_rows: tuple[tuple[int, str], ...]


def placement_plan(
    title: str, checks: Iterable[OrderCheck], line: Callable[[OrderRequest], str], *, override: bool
) -> Placement:
    """An order the rules refuse is skipped with the reason; one that trips a precaution is skipped unless
    ``override``."""
    items: list[BulkItem] = []
    rows: list[int] = []
    skipped: list[tuple[int, Skipped]] = []
    for found in checks:
        where = f"#{found.row + 1} {line(found.order)}"
        if found.problems:
            skipped.append((found.row, Skipped(where, "; ".join(found.problems))))
        elif found.precautions and not override:
            reason = "your precautions: " + " ".join(precaution.message for precaution in found.precautions)
            skipped.append((found.row, Skipped(where, reason)))
        else:
            items.append(BulkItem(line(found.order), PlaceWrite(found.order)))
            rows.append(found.row)
    plan = BulkPlan(title, tuple(items), tuple(skip for _, skip in skipped))
    return Placement(plan, tuple(rows), tuple((row, skip.reason) for row, skip in skipped))
