"""Placements of unknown outcome, and what each order-book snapshot says about them (no Qt, no I/O: the
placement controller acts on the resolutions)."""

from __future__ import annotations

from dataclasses import dataclass

from kiteticket.domain.orderbook import OrderBookSnapshot


@dataclass(frozen=True, slots=True)
class Pending:
    tag: str
    summary: str  # the order in words, for the message that settles it
    deadline: float
    recovered: bool  # left open by an earlier run, not sent from this ticket


@dataclass(frozen=True, slots=True)
class Resolution:
    tag: str
    order_id: str  # "" when the order was not placed
    text: str
    recovered: bool


class Reconciler:
    """Looks each pending tag up in the order book until it shows up or ``window`` seconds have passed."""

    def __init__(self, window: float) -> None:
        self._window = window
        self._pending: dict[str, Pending] = {}

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(self._pending)

    def track(self, tag: str, summary: str, now: float, *, recovered: bool = False) -> None:
        self._pending[tag] = Pending(tag, summary, now + self._window, recovered)

    def reconcile(self, snapshot: OrderBookSnapshot, now: float) -> list[Resolution]:
        if not self._pending:
            return []
        found = _tagged(snapshot, set(self._pending))
        resolutions = []
        for tag, pending in list(self._pending.items()):
            if tag in found:
                text = f"Order {found[tag]} was placed (found by its tag {tag}): {pending.summary}."
                resolutions.append(Resolution(tag, found[tag], text, pending.recovered))
            elif now >= pending.deadline:
                text = f"The order tagged {tag} was not placed: it never reached the order book ({pending.summary})."
                resolutions.append(Resolution(tag, "", text, pending.recovered))
            else:
                continue
            del self._pending[tag]
        return resolutions


def _tagged(snapshot: OrderBookSnapshot, tags: set[str]) -> dict[str, str]:
    """The order id for each tag; autoslice children carry the parent's tag too (facts §12.6), so the first row
    with a tag (the parent, placed first) is the one reported. Rows come newest first, so they are read backwards."""
    found: dict[str, str] = {}
    for row in reversed(snapshot.rows):
        for tag in (row.tag, *row.tags):
            if tag in tags and tag not in found:
                found[tag] = row.order_id
    return found
