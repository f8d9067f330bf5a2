"""A modification as the modify dialog shows it, worked out once: what each input may do, the request it makes,
its problems, and what blocks it. Qt-free, so the dialog only renders it (napari keeps such state in a model that
its widget draws; the dialog used to work these out itself, several times per poll).

Rules held here: only changed fields are sent (each of Kite's 25 modifications per order counts); minutes (TTL)
are offered only to an order that already has them (modify_order cannot send validity_ttl); after 25
modifications nothing more is sent; a field left empty or half-typed blocks the modification rather than sending
nothing or the value before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from kiteticket.domain.entry import FRACTIONAL_FIELDS, Entry, entry_problem, protection_of
from kiteticket.domain.enums import OrderType, Validity
from kiteticket.domain.fields import Field
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.market import MarketSnapshot
from kiteticket.domain.order import ModifyRequest, OrderRequest
from kiteticket.domain.order_conversion import (
    MODIFY_FIELDS,
    ConversionError,
    actions_for,
    has_changes,
    locked_fields,
    modifications_note,
    modify_baseline,
    modify_from_changes,
    modify_problems,
)
from kiteticket.domain.order_row import OrderRow
from kiteticket.domain.rules import ticket_rules
from kiteticket.domain.validation import Problem, problems_by_field, validate

NUMBER_FIELDS = (Field.QUANTITY, Field.PRICE, Field.TRIGGER_PRICE, Field.DISCLOSED_QUANTITY, Field.MARKET_PROTECTION)
UNREADABLE_ORDER = "kiteticket cannot read this order; modify it on Kite web."
NO_MORE_MODIFICATIONS = "Kite allows 25 modifications per order; cancel it and place a new order instead."


@dataclass(frozen=True, slots=True)
class ModifyEdits:
    """What the inputs show: each number field's text, read (``entry.read_entry``), and the chosen order type and
    validity (None while the combo holds none)."""

    entries: Mapping[Field, Entry]
    order_type: OrderType | None = None
    validity: Validity | None = None
    places: int = 2  # the price inputs' decimals


def read_baseline(row: OrderRow) -> OrderRequest | None:
    try:
        return modify_baseline(row)
    except ConversionError:
        return None


def offered_validities(baseline: OrderRequest, order_type: OrderType) -> tuple[Validity, ...]:
    """The validities the rules allow for `order_type`; minutes only to an order that already has them."""
    rules = ticket_rules(baseline.variety, baseline.exchange, order_type, baseline.validity)
    return tuple(v for v in rules.validities if v is not Validity.TTL or baseline.validity is Validity.TTL)


def offered_order_types(baseline: OrderRequest, current: OrderType | None) -> tuple[OrderType, ...]:
    """The order types the rules allow, and the order's own one even if they no longer do."""
    rules = ticket_rules(baseline.variety, baseline.exchange, baseline.order_type, baseline.validity)
    return tuple(dict.fromkeys((*rules.order_types, *([current] if current else []))))


@dataclass(frozen=True, slots=True)
class ModifyDraft:
    """The modification the dialog shows, for the order as the latest poll has it."""

    row: OrderRow
    baseline: OrderRequest | None
    enabled: Mapping[Field, bool]
    request: ModifyRequest | None  # None when the order cannot be read or a field cannot be read
    problems: Mapping[Field, str] = field(default_factory=dict)  # under the enabled inputs
    notes: tuple[str, ...] = ()  # why nothing can be sent, and problems of fields the user cannot edit
    blocked: bool = True

    @property
    def changed(self) -> bool:
        return self.request is not None and has_changes(self.request)

    @property
    def sendable(self) -> bool:
        return self.changed and not self.blocked


@dataclass(frozen=True, slots=True)
class ModifyContext:
    """What is known beside the order: its instrument, its market, and how many modifications it has had."""

    instrument: Instrument | None = None
    market: MarketSnapshot | None = None
    modifications_used: int | None = None


def modify_draft(opened: OrderRow, latest: OrderRow, edits: ModifyEdits, context: ModifyContext) -> ModifyDraft:
    """The draft for `latest` (the order as the last poll has it); `opened` is the row the dialog last read a
    baseline from, used when the latest one cannot be read."""
    baseline = read_baseline(latest) or read_baseline(opened)
    if baseline is None:
        return ModifyDraft(latest, None, dict.fromkeys(MODIFY_FIELDS, False), None, notes=(UNREADABLE_ORDER,))
    enabled = _enabled(latest, baseline, edits)
    unreadable = _unreadable(edits, enabled)
    request = None if unreadable else _request(latest, edits, enabled)
    blockers = _blockers(latest, context.modifications_used)
    problems, notes, field_blocked = _problems(latest, baseline, request, enabled, context)
    unread = {problem.field for problem in unreadable}
    shown = {**problems_by_field(unreadable), **{f: m for f, m in problems.items() if f not in unread}}
    return ModifyDraft(
        latest,
        baseline,
        enabled,
        request,
        {f: m for f, m in shown.items() if enabled.get(f, False)},
        (*blockers, *notes),
        bool(blockers) or bool(unreadable) or field_blocked,
    )


def _enabled(row: OrderRow, baseline: OrderRequest, edits: ModifyEdits) -> dict[Field, bool]:
    order_type = edits.order_type or baseline.order_type
    validity = edits.validity or baseline.validity
    rules = ticket_rules(baseline.variety, baseline.exchange, order_type, validity)
    locked = locked_fields(row)
    return {f: rules.enabled(f) and f not in locked for f in MODIFY_FIELDS}


def _unreadable(edits: ModifyEdits, enabled: Mapping[Field, bool]) -> tuple[Problem, ...]:
    found = (
        entry_problem(f, edits.entries[f], required=True, whole=f not in FRACTIONAL_FIELDS)
        for f in NUMBER_FIELDS
        if enabled.get(f, False) and f in edits.entries
    )
    return tuple(problem for problem in found if problem is not None)


def _price(entry: Entry, places: int) -> Decimal | None:
    return None if entry.number is None else entry.number.quantize(Decimal(1).scaleb(-places))


def _request(row: OrderRow, edits: ModifyEdits, on: Mapping[Field, bool]) -> ModifyRequest:
    entries = edits.entries

    def whole(f: Field) -> int | None:
        return entries[f].whole if on[f] and f in entries else None

    return modify_from_changes(
        row,
        quantity=whole(Field.QUANTITY),
        price=_price(entries[Field.PRICE], edits.places) if on[Field.PRICE] else None,
        trigger_price=_price(entries[Field.TRIGGER_PRICE], edits.places) if on[Field.TRIGGER_PRICE] else None,
        order_type=edits.order_type if on[Field.ORDER_TYPE] else None,
        validity=edits.validity if on[Field.VALIDITY] else None,
        disclosed_quantity=whole(Field.DISCLOSED_QUANTITY),
        market_protection=protection_of(entries[Field.MARKET_PROTECTION]) if on[Field.MARKET_PROTECTION] else None,
    )


def _blockers(row: OrderRow, modifications_used: int | None) -> tuple[str, ...]:
    """Why no modification can be sent at all, whatever the values."""
    action = actions_for(row).modify
    if not action.allowed:
        return (action.reason,)
    if modifications_used is not None and not modifications_note(modifications_used)[1]:
        return (NO_MORE_MODIFICATIONS,)
    return ()


def _problems(
    row: OrderRow, baseline: OrderRequest, request: ModifyRequest | None, enabled: Mapping[Field, bool],
    context: ModifyContext,
) -> tuple[dict[Field, str], tuple[str, ...], bool]:  # fmt: skip
    """Each field's problem after the change. One the order already had (Kite took it as it is) on a field the user
    cannot edit is only noted; one the change introduced, or on an editable field, blocks."""
    if request is None:
        return {}, (), True
    instrument, market = context.instrument, context.market
    after = validate(request.apply_to(baseline), instrument, market)
    before = {problem.message for problem in validate(baseline, instrument, market)}
    problems = modify_problems(row, request) + after
    others = [p for p in problems if not enabled.get(p.field, False)]
    blocked = len(others) < len(problems) or any(p.message not in before for p in others)
    return problems_by_field(problems), tuple(f"{p.field.label}: {p.message}" for p in others), blocked
