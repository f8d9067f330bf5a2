"""The rule table as seen on the widgets: over every variety, order type and validity on NSE and NFO, each named
input is enabled exactly when ``ticket_rules`` says, and each combo offers exactly what the rules allow."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QWidget

from kiteticket.domain.enums import Exchange, OrderType, Product, Validity, Variety
from kiteticket.domain.fields import Field
from kiteticket.domain.rules import Choice, normalise, ticket_rules, varieties_for
from kiteticket.ui.ticket import OrderTicket
from tests.ui.ticket.helpers import choose, named, offered

CASES = list(itertools.product((Exchange.NSE, Exchange.NFO), Variety, OrderType, Validity))


def _id(case: tuple[Exchange, Variety, OrderType, Validity]) -> str:
    return "-".join(part.value for part in case)


@pytest.mark.parametrize(("exchange", "variety", "order_type", "validity"), CASES, ids=map(_id, CASES))
def test_inputs_follow_the_rule_table(
    ticket: OrderTicket, exchange: Exchange, variety: Variety, order_type: OrderType, validity: Validity
) -> None:
    assert choose(ticket, Field.EXCHANGE, exchange)
    assert choose(ticket, Field.VARIETY, variety) == (variety in varieties_for(exchange))
    if variety not in varieties_for(exchange):
        return
    allowed = ticket_rules(variety, exchange, order_type, validity)
    assert choose(ticket, Field.ORDER_TYPE, order_type) == (order_type in allowed.order_types)
    if order_type not in allowed.order_types:
        return
    allowed = ticket_rules(variety, exchange, order_type, validity)
    assert choose(ticket, Field.VALIDITY, validity) == (validity in allowed.validities)
    if validity not in allowed.validities:
        return
    assert_widgets_match(ticket, variety, exchange, order_type, validity)


def assert_widgets_match(
    ticket: OrderTicket, variety: Variety, exchange: Exchange, order_type: OrderType, validity: Validity
) -> None:
    rules = ticket_rules(variety, exchange, order_type, validity)
    for field in Field:
        widget, state = named(ticket, field.value, QWidget), rules.state(field)
        assert widget.isEnabled() == state.enabled, field
        assert widget.property("required") == state.required, field
        if isinstance(widget, (QAbstractSpinBox, QLineEdit)):
            assert widget.isReadOnly() == (not state.editable), field
    assert offered(ticket, Field.VARIETY) == list(varieties_for(exchange))
    assert offered(ticket, Field.PRODUCT) == list(rules.products)
    assert offered(ticket, Field.ORDER_TYPE) == list(rules.order_types)
    assert offered(ticket, Field.VALIDITY) == list(rules.validities)
    for side, button in ticket.inputs.side.buttons.items():
        assert button.isEnabled() == (side in rules.transaction_types)
    assert ticket.inputs.side.side() in rules.transaction_types


def test_auction_turns_the_ticket_to_sell(ticket: OrderTicket) -> None:
    assert choose(ticket, Field.VARIETY, Variety.AUCTION)
    assert ticket.inputs.side.side().value == "SELL"
    assert not ticket.inputs.side.buttons[ticket.inputs.side.side().opposite].isEnabled()


CHOICES = st.sampled_from(
    [(Field.EXCHANGE, value) for value in Exchange]
    + [(Field.VARIETY, value) for value in Variety]
    + [(Field.PRODUCT, value) for value in Product]
    + [(Field.ORDER_TYPE, value) for value in OrderType]
    + [(Field.VALIDITY, value) for value in Validity]
)


# make_ticket is a factory: each example builds its own ticket.
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(CHOICES, min_size=1, max_size=12))
def test_any_sequence_of_choices_leaves_an_allowed_combination(
    make_ticket: object, steps: list[tuple[Field, Exchange | Variety | Product | OrderType | Validity]]
) -> None:
    ticket = make_ticket()  # type: ignore[operator]
    for field, value in steps:
        choose(ticket, field, value)
    shown = Choice(
        Variety(ticket.inputs.variety.currentData()), Exchange(ticket.inputs.exchange.currentData()),
        Product(ticket.inputs.product.currentData()), OrderType(ticket.inputs.order_type.currentData()),
        Validity(ticket.inputs.validity.currentData()),
    )  # fmt: skip
    assert normalise(shown) == shown
    assert_widgets_match(ticket, shown.variety, shown.exchange, shown.order_type, shown.validity)
