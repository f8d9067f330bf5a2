"""An exit above the exchange's freeze quantity, sent again for Kite to slice (autoslice).

There is no API for the freeze quantity (facts §1.4): Kite refuses the order with a 400 that names it ("The order
quantity 2000 (40 lots) is higher than the maximum quantity of 1800 (36 lots) allowed by the exchanges …"), and
nothing was placed. Autoslice on an order at or below the freeze is refused too, so it cannot be sent on every exit
"just in case": the exit goes as it is, and only this refusal sends it again with ``autoslice``, the same quantity
(never more than the position), which Kite splits into freeze-sized orders, each with its own order id or its own
refusal. Kite slices into at most 10 orders (facts §1.4, from April 2026); an exit that would need more is not sent
again, and the user is told to exit it in parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kiteticket.domain.account import PlaceResult
from kiteticket.domain.bulk_run import ItemResult, Outcome
from kiteticket.domain.limits import AUTOSLICE_MAX_SLICES
from kiteticket.domain.order import OrderRequest

# Kite's words for the refusal (facts §1.4, F13, F15); the limit in units, with or without digit grouping.
_FREEZE_REFUSAL = re.compile(r"higher than the maximum quantity of ([\d,]+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FreezeResend:
    """What to do after a freeze refusal: the autoslice order to send instead, or why it is not sent again."""

    request: OrderRequest | None
    freeze: int
    why_not: str = ""


def freeze_limit(refusal: str) -> int | None:
    """The freeze quantity Kite's refusal names, in units; None if the refusal is about something else."""
    found = _FREEZE_REFUSAL.search(refusal)
    return int(found.group(1).replace(",", "")) if found else None


def autoslice_resend(request: OrderRequest, refusal: str) -> FreezeResend | None:
    """For ``request`` refused with ``refusal``: None unless it is a freeze refusal of an order not yet sliced."""
    freeze = freeze_limit(refusal)
    if freeze is None or freeze <= 0 or request.autoslice or request.quantity <= freeze:
        return None
    slices = -(-request.quantity // freeze)
    if slices > AUTOSLICE_MAX_SLICES:
        why = (
            f"{request.quantity:,} needs {slices} orders of up to the freeze quantity {freeze:,}, and Kite slices an "
            f"order into at most {AUTOSLICE_MAX_SLICES}: exit it in parts of up to {freeze * AUTOSLICE_MAX_SLICES:,}."
        )
        return FreezeResend(None, freeze, why)
    return FreezeResend(replace(request, autoslice=True), freeze)


def sliced_result(result: PlaceResult, freeze: int) -> ItemResult:
    """Each slice's fate in one line: Done when Kite placed them all, Partly done when it refused some."""
    placed, refused = result.child_order_ids, result.child_errors
    total = len(placed) + len(refused)
    text = f"above the freeze quantity {freeze:,}, sliced by Kite into {total} order{'' if total == 1 else 's'}: "
    parts = [f"{len(placed)} placed ({', '.join(placed)})"] if placed else []
    parts.extend(f"1 refused: {reason}" for reason in refused)
    outcome = Outcome.DONE if placed and not refused else Outcome.PARTLY if placed else Outcome.FAILED
    return ItemResult(outcome, text + "; ".join(parts or ["none placed"]))


def is_same_order(sent: OrderRequest, offered: OrderRequest) -> bool:
    """Whether the ticket sent the order it was offered: the same instrument, side, quantity, product and variety
    (the tag is given at sending, and the ticket may fill in defaults the offer left out)."""
    return _essentials(sent) == _essentials(offered)


def _essentials(request: OrderRequest) -> tuple[object, ...]:
    return (request.variety, request.exchange, request.tradingsymbol, request.transaction_type, request.quantity,
            request.product, request.autoslice)  # fmt: skip


def ticket_resend_note(refused: OrderRequest, resend: FreezeResend) -> str:
    """What the ticket says when it is given the exit again to slice (or why it is not)."""
    what = f"{refused.transaction_type} {refused.quantity:,} {refused.tradingsymbol}"
    said = f"Kite refused {what} as above the freeze quantity {resend.freeze:,}"
    if resend.request is None:
        return f"{said}; nothing was placed. {resend.why_not}"
    slices = -(-refused.quantity // resend.freeze)
    return (
        f"{said}; nothing was placed. The ticket has it again with Above freeze qty ticked, for Kite to slice into "
        f"{slices} orders of up to {resend.freeze:,}: send it to exit."
    )
