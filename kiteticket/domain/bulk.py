"""Bulk actions as plans: which writes "cancel all open orders" and "exit all positions" make, in what order, and
what each is in words, decided before anything is sent so the confirmation lists exactly what will happen.

A plan holds one write per item; the items that cannot be done (an order Kite no longer lets anyone cancel, a cover
order's stop leg, a position with a product kiteticket does not know) are listed as skipped with the reason, never
sent. Exits are MARKET orders with Auto market protection (Kite refuses MARKET orders without protection since
April 2026, facts §1.3); the runner tags each as it sends it, so that a lost reply is looked up, never re-sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kiteticket.domain.book_confirmation import cancel_line
from kiteticket.domain.enums import Variety
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.order_conversion import (
    COVER_PRODUCT,
    actions_for,
    exit_leg,
    is_cover_stop_leg,
    modify_variety,
)
from kiteticket.domain.order_row import OrderRow
from kiteticket.domain.portfolio_rows import Position
from kiteticket.domain.position_actions import exit_position, is_sale_from_holdings, position_actions

SLICE_NOTE = (
    " An exit Kite refuses as above the exchange's freeze quantity is sent again for Kite to slice into"
    " freeze-sized orders (autoslice): the same quantity, never more than the position."
)


@dataclass(frozen=True, slots=True)
class CancelWrite:
    """Kite's cancel_order; with a parent id it exits a cover order through its stop leg (facts §3, F28)."""

    variety: Variety
    order_id: str
    parent_order_id: str | None = None


@dataclass(frozen=True, slots=True)
class PlaceWrite:
    request: OrderRequest  # untagged: each sending gets a fresh tag, by which a lost reply is looked up


Write = CancelWrite | PlaceWrite


@dataclass(frozen=True, slots=True)
class BulkItem:
    line: str  # what this write does, in the trader's words
    write: Write


@dataclass(frozen=True, slots=True)
class Skipped:
    line: str
    reason: str


@dataclass(frozen=True, slots=True)
class BulkPlan:
    title: str  # "Cancel open orders", "Exit positions"
    items: tuple[BulkItem, ...]
    skipped: tuple[Skipped, ...] = ()
    still_open: tuple[str, ...] = ()  # orders the plan leaves working that the user should know of (exit all)
    # Exits only: one Kite refuses as above the freeze quantity goes again with autoslice (domain.freeze_exit).
    slice_above_freeze: bool = False

    @property
    def is_cancel(self) -> bool:
        return all(isinstance(item.write, CancelWrite) for item in self.items)

    def confirmation(self) -> str:
        """The question above the list: how many writes, and how long Kite's 10 orders a second make them take."""
        count = len(self.items)
        seconds = -(-count // 10)  # one write slot of ten per second (facts §5)
        took = f" They go one at a time, about {seconds} s in all; you can stop them." if count > 10 else ""
        skipped = f" {len(self.skipped)} cannot be done and are left alone." if self.skipped else ""
        still = (
            f" {len(self.still_open)} open order(s) on these instruments stay open and may trade after the exit, "
            "opening a new position: cancel them first if they are not meant to."
            if self.still_open
            else ""
        )
        sliced = SLICE_NOTE if self.slice_above_freeze and self._has_derivative_exit() else ""
        return f"{self.title}: {count} write{'' if count == 1 else 's'} to Kite.{took}{skipped}{still}{sliced}"

    def _has_derivative_exit(self) -> bool:
        writes = (item.write for item in self.items)
        return any(isinstance(write, PlaceWrite) and write.request.exchange.is_derivative for write in writes)

    def lines(self) -> tuple[str, ...]:
        """Every item, numbered in the order it will be sent, then the skipped ones with the reason."""
        sent = tuple(f"{number}. {item.line}" for number, item in enumerate(self.items, 1))
        skipped = tuple(f"Skipped: {skip.line} ({skip.reason})" for skip in self.skipped)
        return sent + skipped + tuple(f"Still open: {line}" for line in self.still_open)


def cancel_plan(rows: Iterable[OrderRow], title: str = "Cancel open orders") -> BulkPlan:
    """A cancel for each open order in ``rows`` that Kite lets be cancelled, oldest first (the book lists newest
    first). A cover order's stop leg is skipped: cancelling it exits the position at market, which is an exit."""
    items: list[BulkItem] = []
    skipped: list[Skipped] = []
    for row in reversed(tuple(rows)):
        if not row.status_info.is_open:
            continue
        cancel = actions_for(row).cancel
        if cancel.allowed:
            items.append(BulkItem(cancel_line(row), CancelWrite(modify_variety(row), row.order_id)))
        else:
            skipped.append(Skipped(cancel_line(row), cancel.reason))
    return BulkPlan(title, tuple(items), tuple(skipped))


def exit_plan(positions: Iterable[Position], rows: Sequence[OrderRow], title: str = "Exit positions") -> BulkPlan:
    """A square-off for each open position (the "net" rows of /portfolio/positions): a MARKET order with Auto
    protection on the other side, or for a cover order the exit of its open stop leg found in ``rows``."""
    book, held = tuple(rows), tuple(positions)
    stop_legs = [row for row in book if is_cover_stop_leg(row) and actions_for(row).exit.allowed]
    items: list[BulkItem] = []
    skipped: list[Skipped] = []
    for position in held:
        quantity = position.quantity
        if quantity == 0:
            continue
        if position.product == COVER_PRODUCT:
            found = _cover_exits(position, stop_legs)
            items.extend(found)
            if not found:
                skipped.append(Skipped(position_line(position), "its stop-loss leg is not open in the order book"))
            continue
        request = exit_position(position)
        if request is None:
            skipped.append(Skipped(position_line(position), position_actions(position).exit.reason))
            continue
        items.append(BulkItem(exit_line(request, quantity), PlaceWrite(request)))
    exited = {position.instrument_key for position in held if position.quantity}
    return BulkPlan(title, tuple(items), tuple(skipped), _still_open(book, exited), slice_above_freeze=True)


def _still_open(rows: tuple[OrderRow, ...], exited: set[str]) -> tuple[str, ...]:
    """Working orders on the instruments being exited (a leftover stop-loss, a resting limit): once the position
    is flat, one that trades opens a new one. Cover orders' stop legs are the exits themselves."""
    return tuple(
        cancel_line(row)
        for row in rows
        if row.status_info.is_open and row.instrument_key in exited and not is_cover_stop_leg(row)
    )


def _cover_exits(position: Position, stop_legs: list[OrderRow]) -> list[BulkItem]:
    key = position.instrument_key
    items = []
    for row in stop_legs:
        leg = exit_leg(row)
        if row.instrument_key == key and leg is not None:
            line = f"Exit cover order: {row.transaction_type} {row.pending_quantity:,} {row.tradingsymbol} " + (
                f"({row.exchange}) at market · stop leg {row.order_id}"
            )
            items.append(BulkItem(line, CancelWrite(*leg)))
    return items


def position_line(position: Position) -> str:
    quantity = position.quantity
    held = "sold from holdings" if is_sale_from_holdings(position) else "long" if quantity > 0 else "short"
    return f"{position.tradingsymbol} ({position.exchange}) {position.product}, {held} {abs(quantity):,}"


def exit_line(request: OrderRequest, held: int) -> str:
    """ "SELL 5 INFY (NSE) MIS at market, Auto protection · closes long 5": the order and the position it closes."""
    return (
        f"{request.transaction_type} {request.quantity:,} {request.tradingsymbol} ({request.exchange}) "
        f"{request.product} at market, Auto protection · closes {'long' if held > 0 else 'short'} {abs(held):,}"
    )
