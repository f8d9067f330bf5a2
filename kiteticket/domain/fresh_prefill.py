"""Exit and Add checked against a fresh read of the account before they fill the ticket.

The positions and holdings tables are read every few seconds, so the row under the cursor can be up to a refresh
old: a position closed from Kite web, or partly exited by a script, would be offered at its old quantity, and an
exit of 10 on a position of 4 opens a short of 6. So Exit and Add read the account again, and the ticket gets the
request made from the row as it is now; when that differs from what the table showed (another quantity or side,
or nothing left to act on), the note says so in words. The last price always moves and is not reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from kiteticket.domain.holding import Holding
from kiteticket.domain.holding_actions import add_to_holding, exit_holding
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.portfolio_rows import Position
from kiteticket.domain.position_actions import add_to_position, exit_position

NOTHING_FILLED = "nothing was put in the ticket."


class RowAction(Enum):
    EXIT = "exit"
    ADD = "add"


@dataclass(frozen=True, slots=True)
class Prefill:
    """What goes into the ticket now (None: nothing), and why it is not what the table showed ("" when it is)."""

    request: OrderRequest | None
    note: str = ""


def recheck_position(
    shown: OrderRequest, action: RowAction, positions: Iterable[Position], tick: Decimal | None = None
) -> Prefill:
    """``shown`` (Exit or Add from a positions row as the table showed it) against ``positions``, read just now."""
    now = next((p for p in positions if _position_key(p) == _request_key(shown)), None)
    build: Callable[[Position], OrderRequest | None] = exit_position if action is RowAction.EXIT else _add(tick)
    request = build(now) if now is not None else None
    what = f"{shown.tradingsymbol} ({shown.product})"
    if request is None:
        return Prefill(None, f"{what} is no longer open: it was closed since the table was last read; {NOTHING_FILLED}")
    return Prefill(request, _changed(what, shown, request))


def recheck_holding(
    shown: OrderRequest, action: RowAction, holdings: Iterable[Holding], tick: Decimal | None = None
) -> Prefill:
    """``shown`` (Exit or Add from a holdings row as the table showed it) against ``holdings``, read just now."""
    key = (shown.exchange.value, shown.tradingsymbol)
    now = next((h for h in holdings if (h.exchange, h.tradingsymbol) == key), None)
    if now is None:
        return Prefill(None, f"{shown.tradingsymbol} is no longer in your holdings; {NOTHING_FILLED}")
    request = exit_holding(now) if action is RowAction.EXIT else add_to_holding(now, tick)
    if request is None:
        return Prefill(None, f"{shown.tradingsymbol}: nothing in your holdings is left to sell; {NOTHING_FILLED}")
    return Prefill(request, _changed(shown.tradingsymbol, shown, request))


def _add(tick: Decimal | None) -> Callable[[Position], OrderRequest | None]:
    def build(position: Position) -> OrderRequest | None:
        return add_to_position(position, tick)

    return build


def _position_key(position: Position) -> tuple[str, str, str]:
    return (position.exchange, position.tradingsymbol, position.product)


def _request_key(request: OrderRequest) -> tuple[str, str, str]:
    return (request.exchange.value, request.tradingsymbol, request.product.value)


def _changed(what: str, shown: OrderRequest, now: OrderRequest) -> str:
    before, after = _side_and_quantity(shown), _side_and_quantity(now)
    if before == after:
        return ""
    return f"{what} changed since the table was last read: the ticket has {after} (what it is now), not {before}."


def _side_and_quantity(request: OrderRequest) -> str:
    return f"{request.transaction_type.value} {request.quantity:,}"
