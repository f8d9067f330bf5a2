"""What the fault drill found, counted against the exchange's own order book: the figures, the verdict, the table."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from kiteticket.domain.audit import PlacementRecord, PlacementState


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
    book_mismatch: int = 0  # at the end: orders in the exchange's book or the app's, not both
    refused: tuple[str, ...] = ()  # placements the ticket would not send, even after Esc, with what it said
    overridden: tuple[str, ...] = ()  # placements held back with nothing unsettled, sent after Esc


@dataclass(frozen=True, slots=True)
class Verdict:
    duplicates: int
    lost: int
    unhandled: int
    unresolved: int
    wrong: int  # tags whose outcome the app settled differently from what the exchange holds
    mismatch: int  # orders in the exchange's book or the app's at the end, not both

    @property
    def passed(self) -> bool:
        return not (self.duplicates or self.lost or self.unhandled or self.unresolved or self.wrong or self.mismatch)


def verdict(seen: Observed) -> Verdict:
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
    """(figure, value, target) for the table."""
    found = verdict(seen)
    placed_found = sum(1 for tag in seen.unknown if seen.resolved.get(tag))
    not_placed = sum(1 for tag in seen.unknown if tag in seen.resolved and not seen.resolved[tag])
    states = ", ".join(f"{state} {count}" for state, count in sorted(outcomes(seen).items()))
    faults = ", ".join(f"{name} ×{count}" for name, count in sorted(seen.faults.items()))
    other_boxes = Counter(title for title, _ in seen.boxes if title != "Unexpected error")
    return [
        ("placements attempted", f"{seen.planned}", ""),
        ("sent by the ticket", f"{len(seen.sent)}", ""),
        ("held back with nothing unsettled (sent after Esc)", f"{len(seen.overridden)}", "0"),
        ("not sent at all", f"{len(seen.refused)}", "0"),
        ("outcomes in the app's journal", states, "none open"),
        ("orders on the exchange (drill tags)", f"{sum(len(ids) for ids in seen.exchange.values())}", ""),
        ("duplicates (more than one order per tag)", f"{found.duplicates}", "0"),
        ("lost (on the exchange, never in the app's book)", f"{found.lost}", "0"),
        ("unknown outcomes", f"{len(seen.unknown)}", ""),
        ("unknown → placed (found by its tag)", f"{placed_found}", ""),
        ("unknown → not placed (never in the book for the window)", f"{not_placed}", ""),
        ("unknown → still unresolved", f"{found.unresolved}", "0"),
        ("outcomes the exchange contradicts", f"{found.wrong}", "0"),
        ("app's book vs the exchange's at the end (differing)", f"{found.mismatch}", "0"),
        ("unhandled exceptions", f"{found.unhandled}", "0"),
        ("longest GUI-thread stall (5 ms heartbeat)", f"{seen.stall_ms:.0f} ms, during {seen.stall_phase}", ""),
        ("faults injected (as planned)", faults or "none", ""),
        ("429s drawn by a second session", f"{seen.crowded_429}", ""),
        ("exchange restarted mid-poll", "yes" if seen.restarted else "NO", "yes"),
        ("logins (first, then after the token died)", f"{seen.logins}", ">= 2"),
        ("other message boxes", ", ".join(f"{t} ×{n}" for t, n in sorted(other_boxes.items())) or "none", ""),
        ("drill duration", f"{seen.seconds:.0f} s", ""),
        ("verdict", "PASS" if found.passed else "FAIL", "PASS"),
    ]
