"""A bulk action under way: which item goes next, what became of each, and what Stop means.

One write is out at a time. Stop lets the one out finish (a write is never cut off half-sent) and sends no more;
whatever was not sent is reported as such. A placement whose reply was lost stays "checking" until the order book
settles it by its tag; it is never sent again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from kiteticket.domain.bulk import BulkItem, BulkPlan


class Outcome(StrEnum):
    WAITING = "Waiting"
    SENDING = "Sending"
    DONE = "Done"  # Kite accepted the write (a cancel or a placement)
    PARTLY = "Partly done"  # Kite sliced a placement (autoslice) and refused some of the slices
    FAILED = "Failed"  # Kite refused it, or it never left
    CHECKING = "Checking"  # the reply was lost: looked up in the order book by tag
    NOT_SENT = "Not sent"  # stopped before its turn

    @property
    def final(self) -> bool:
        return self not in (Outcome.WAITING, Outcome.SENDING, Outcome.CHECKING)


@dataclass(frozen=True, slots=True)
class ItemResult:
    outcome: Outcome
    detail: str = ""  # the order id, or Kite's words for a refusal


WAITING = ItemResult(Outcome.WAITING)


class BulkRun:
    """The state of one plan being carried out (no Qt, no I/O: the runner sends, this decides)."""

    def __init__(self, plan: BulkPlan) -> None:
        self.plan = plan
        self._results = [WAITING] * len(plan.items)
        self._next = 0
        self._out: int | None = None
        self._stopped = False

    @property
    def results(self) -> tuple[ItemResult, ...]:
        return tuple(self._results)

    @property
    def total(self) -> int:
        return len(self._results)

    @property
    def answered(self) -> int:
        """Items whose write has an answer (or was never sent): what the progress bar shows."""
        return sum(1 for result in self._results if result.outcome not in (Outcome.WAITING, Outcome.SENDING))

    @property
    def stopped(self) -> bool:
        return self._stopped

    @property
    def sending(self) -> bool:
        """A write is out: its answer is awaited before anything else happens."""
        return self._out is not None

    @property
    def finished(self) -> bool:
        """Nothing is out and nothing more will be sent (results may still be checking by tag)."""
        return self._out is None and (self._stopped or self._next >= len(self._results))

    def take(self) -> tuple[int, BulkItem] | None:
        """The next item to send, marked as sending; None while one is out, after Stop, or at the end."""
        if self._out is not None or self._stopped or self._next >= len(self._results):
            return None
        index = self._next
        self._next += 1
        self._out = index
        self._results[index] = ItemResult(Outcome.SENDING)
        return index, self.plan.items[index]

    def answer(self, index: int, result: ItemResult) -> None:
        """The answer to item ``index``'s write (or, for one being checked, what the order book said)."""
        if index == self._out:
            self._out = None
        self._results[index] = result

    def stop(self) -> None:
        """Send nothing more; the write already out (if any) finishes and is reported."""
        self._stopped = True
        for index in range(self._next, len(self._results)):
            self._results[index] = ItemResult(Outcome.NOT_SENT, "stopped before it was sent")
        self._next = len(self._results)

    def summary(self) -> str:
        """ "28 done, 1 failed, 1 not sent": the outcomes that occurred, in a fixed order."""
        counts = Counter(result.outcome for result in self._results)
        parts = [f"{counts[outcome]} {outcome.value.lower()}" for outcome in Outcome if counts[outcome]]
        return ", ".join(parts) or "nothing to do"
