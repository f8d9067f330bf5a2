"""ModifyDraft: the modify dialog's rules without Qt. Baseline row, latest row and the inputs' text in; the
request, problems and blockers out."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kiteticket.domain.entry import read_entry
from kiteticket.domain.enums import OrderType, Validity, Variety
from kiteticket.domain.fields import Field
from kiteticket.domain.modify_draft import (
    NO_MORE_MODIFICATIONS,
    UNREADABLE_ORDER,
    ModifyContext,
    ModifyEdits,
    modify_draft,
    offered_validities,
    read_baseline,
)
from kiteticket.domain.order import ModifyRequest
from kiteticket.domain.order_row import OrderRow, parse_order
from tests.domain.test_orderbook import raw_order
from tests.factories import equity

CONTEXT = ModifyContext(equity())


def row(**overrides: Any) -> OrderRow:
    fields: dict[str, Any] = {"price": 1500.5, "quantity": 10, "pending_quantity": 10}
    fields.update(overrides)
    return parse_order(raw_order("1001", **fields))


def edits(order_type: OrderType = OrderType.LIMIT, validity: Validity = Validity.DAY, **texts: str) -> ModifyEdits:
    """The inputs' text (market protection "-1" is what the dialog reads off its "Auto")."""
    shown = {"quantity": "10", "price": "1500.50", "trigger_price": "0.00", "disclosed_quantity": "0",
             "market_protection": "-1"} | texts  # fmt: skip
    return ModifyEdits({Field(name): read_entry(text) for name, text in shown.items()}, order_type, validity)


def test_nothing_changed_is_nothing_to_send() -> None:
    draft = modify_draft(row(), row(), edits(), CONTEXT)
    assert not draft.changed
    assert not draft.sendable
    assert draft.problems == {}


def test_only_the_changed_fields_are_sent() -> None:
    draft = modify_draft(row(), row(), edits(quantity="8", price="1495.00"), CONTEXT)
    assert draft.request == ModifyRequest("1001", Variety.REGULAR, quantity=8, price=Decimal("1495.00"))
    assert draft.sendable


def test_an_emptied_or_half_typed_field_blocks_and_sends_nothing() -> None:
    emptied = modify_draft(row(), row(), edits(quantity="", price="1495.00"), CONTEXT)
    assert emptied.request is None
    assert emptied.blocked
    assert emptied.problems[Field.QUANTITY] == "Enter a quantity."
    half = modify_draft(row(), row(), edits(price="1."), CONTEXT)
    assert half.problems[Field.PRICE] == "Finish the price: “1.” is not a number yet."
    assert not half.sendable


def test_minutes_are_offered_only_to_an_order_that_has_them() -> None:
    day = read_baseline(row())
    ttl = read_baseline(row(validity="TTL", validity_ttl=30))
    assert day is not None
    assert ttl is not None
    assert Validity.TTL not in offered_validities(day, OrderType.LIMIT)
    assert Validity.TTL in offered_validities(ttl, OrderType.LIMIT)


def test_after_25_modifications_nothing_is_sent() -> None:
    change = edits(quantity="8")
    assert modify_draft(row(), row(), change, ModifyContext(equity(), modifications_used=24)).sendable
    used_up = modify_draft(row(), row(), change, ModifyContext(equity(), modifications_used=25))
    assert used_up.blocked
    assert used_up.notes == (NO_MORE_MODIFICATIONS,)


def test_a_filled_order_cannot_be_modified() -> None:
    filled = row(status="COMPLETE", filled_quantity=10, pending_quantity=0)
    draft = modify_draft(filled, filled, edits(quantity="12"), CONTEXT)
    assert draft.blocked
    assert draft.notes == ("COMPLETE orders cannot be modified",)


def test_a_problem_the_change_introduces_blocks_it() -> None:
    draft = modify_draft(row(), row(), edits(price="1495.03"), CONTEXT)
    assert draft.blocked
    assert draft.problems[Field.PRICE].startswith("Price 1495.03 is not a multiple of the tick size")


def test_the_latest_row_is_what_changes_are_measured_from() -> None:
    moved = row(quantity=12, pending_quantity=12)  # changed on Kite meanwhile
    draft = modify_draft(row(), moved, edits(quantity="12"), CONTEXT)
    assert not draft.changed  # 12 is what the order now has: nothing to send


def test_an_unreadable_order_says_so() -> None:
    odd = row(product="NEWPRODUCT")
    draft = modify_draft(odd, odd, edits(), CONTEXT)
    assert draft.notes == (UNREADABLE_ORDER,)
    assert not any(draft.enabled.values())
    assert draft.request is None
