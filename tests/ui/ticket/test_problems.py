"""Problems from the validator appear under their field as the user types, and keep the ticket from sending."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QDoubleSpinBox, QPushButton

from kiteticket.domain.enums import OrderType
from kiteticket.domain.fields import Field
from kiteticket.ui.ticket import OrderTicket
from tests.ui.ticket.conftest import infy_quote
from tests.ui.ticket.helpers import choose, named, problem_text


def infy_limit(ticket: OrderTicket, price: float = 1600.0) -> None:
    ticket.inputs.tradingsymbol.setText("INFY")
    ticket.inputs.quantity.setValue(10)
    ticket.inputs.price.setValue(price)


def test_an_off_tick_price_shows_the_message_beside_price_and_disables_submit(ticket: OrderTicket) -> None:
    infy_limit(ticket)
    assert named(ticket, "submit", QPushButton).isEnabled()
    named(ticket, "price", QDoubleSpinBox).setValue(1601.23)
    message = "Price 1601.23 is not a multiple of the tick size 0.05: use 1601.20 or 1601.25."
    assert problem_text(ticket, Field.PRICE) == message
    assert not named(ticket, "submit", QPushButton).isEnabled()
    assert message in named(ticket, "submit", QPushButton).toolTip()
    assert ticket.parts.summary.text() == message
    assert ticket.current_request() is not None  # complete, but not valid
    assert [problem.field for problem in ticket.problems()] == [Field.PRICE]


def test_fixing_the_price_clears_the_message(ticket: OrderTicket) -> None:
    infy_limit(ticket, 1601.23)
    ticket.inputs.price.setValue(1601.25)
    assert problem_text(ticket, Field.PRICE) == ""
    assert ticket.parts.summary.text() == ""
    assert named(ticket, "submit", QPushButton).isEnabled()


def test_a_ticket_without_an_instrument_says_so(ticket: OrderTicket) -> None:
    assert ticket.current_request() is None
    assert "Pick an instrument to trade." in ticket.parts.submit.toolTip()
    assert not ticket.submit()  # trying to send shows the problems held back on a fresh ticket
    assert problem_text(ticket, Field.TRADINGSYMBOL) == "Pick an instrument to trade."
    assert not ticket.parts.submit.isEnabled()


def test_an_unknown_symbol_is_reported(ticket: OrderTicket) -> None:
    ticket.inputs.tradingsymbol.setText("NOSUCH")
    assert "NSE:NOSUCH was not found" in problem_text(ticket, Field.TRADINGSYMBOL)


def test_derivatives_are_entered_in_lots_with_the_units_beside_them(ticket: OrderTicket) -> None:
    ticket.inputs.tradingsymbol.setText("NFO:NIFTY26DECFUT")
    assert ticket.instrument() is not None
    assert ticket.inputs.quantity.value() == 1  # one lot
    assert ticket.inputs.quantity.singleStep() == 1
    assert ticket.inputs.captions[Field.QUANTITY].text() == "Lots"
    assert ticket.inputs.hints[Field.QUANTITY].text() == "= 65 qty"
    ticket.inputs.quantity.setValue(2)
    assert ticket.inputs.hints[Field.QUANTITY].text() == "= 130 qty"
    ticket.inputs.price.setValue(26000.0)
    request = ticket.current_request()
    assert request is not None
    assert request.quantity == 130  # Kite's quantity is units
    ticket.inputs.tradingsymbol.setText("INFY")
    assert ticket.inputs.captions[Field.QUANTITY].text() == "Quantity"
    assert ticket.inputs.hints[Field.QUANTITY].text() == ""


def test_prices_follow_the_tick_size_of_the_instrument(ticket: OrderTicket) -> None:
    ticket.set_instrument("CDS", "USDINR26DECFUT")
    assert ticket.inputs.price.decimals() == 4
    assert ticket.inputs.price.singleStep() == 0.0025
    ticket.inputs.price.setValue(88.1225)
    request = ticket.current_request()
    assert request is not None
    assert request.price == Decimal("88.1225")
    assert problem_text(ticket, Field.PRICE) == ""


def test_a_stop_loss_needs_its_trigger_on_the_right_side(ticket: OrderTicket) -> None:
    infy_limit(ticket, 1600.0)
    ticket.set_quote(infy_quote("1601.25"))
    assert choose(ticket, Field.ORDER_TYPE, OrderType.SL)
    assert problem_text(ticket, Field.TRIGGER_PRICE) == ""  # not touched yet
    assert not ticket.submit()
    assert problem_text(ticket, Field.TRIGGER_PRICE) == "Enter a trigger price for the SL order."
    assert ticket.current_request() is None  # a required input is empty
    ticket.inputs.trigger_price.setValue(1605.0)
    assert "at or below the limit price" in problem_text(ticket, Field.TRIGGER_PRICE)


def test_a_price_outside_the_circuit_is_refused(ticket: OrderTicket) -> None:
    infy_limit(ticket)
    ticket.set_quote(infy_quote())
    ticket.inputs.price.setValue(1800.0)
    assert "above the upper circuit 1727.65" in problem_text(ticket, Field.PRICE)


def test_the_iceberg_leg_quantity_is_derived_and_read_only(ticket: OrderTicket) -> None:
    from kiteticket.domain.enums import Variety

    infy_limit(ticket)
    ticket.inputs.quantity.setValue(31)
    assert choose(ticket, Field.VARIETY, Variety.ICEBERG)
    ticket.inputs.iceberg_legs.setValue(2)
    assert ticket.inputs.iceberg_quantity.isReadOnly()
    assert ticket.inputs.iceberg_quantity.value() == 16
    request = ticket.current_request()
    assert request is not None
    assert (request.iceberg_legs, request.iceberg_quantity) == (2, 16)
    assert ticket.problems() == ()


def test_a_bad_tag_prefix_is_reported(ticket: OrderTicket) -> None:
    infy_limit(ticket)
    ticket.inputs.tag.setText("my-tag")
    assert problem_text(ticket, Field.TAG) == "Tag may contain only letters and digits."
    assert not ticket.parts.submit.isEnabled()
