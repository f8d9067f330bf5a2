"""A field's problem waits until the user has touched that field or tried to send; the send button is disabled and
says why all along."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Variety
from kiteticket.domain.fields import Field
from kiteticket.domain.order import OrderRequest
from kiteticket.ui.ticket import OrderTicket
from tests.ui.ticket.helpers import choose, problem_text

PICK = "Pick an instrument to trade."
NO_PRICE = "Enter a limit price for the LIMIT order."


def shown_problems(ticket: OrderTicket) -> dict[Field, str]:
    """Every problem label of the ticket that is shown, by its field."""
    placed = [field for field, label in ticket.inputs.problems.items() if ticket.isAncestorOf(label)]
    return {field: text for field in placed if (text := problem_text(ticket, field))}


def test_a_fresh_ticket_shows_no_problem_but_says_why_it_cannot_send(ticket: OrderTicket) -> None:
    assert shown_problems(ticket) == {}
    assert ticket.parts.summary.text() == ""
    assert not ticket.parts.submit.isEnabled()
    assert PICK in ticket.parts.submit.toolTip()
    assert NO_PRICE in ticket.parts.submit.toolTip()
    assert {problem.field for problem in ticket.problems()} == {Field.TRADINGSYMBOL, Field.PRICE}


def test_touching_a_field_shows_its_problem_only(ticket: OrderTicket) -> None:
    ticket.inputs.tradingsymbol.setText("NOSUCH")
    assert list(shown_problems(ticket)) == [Field.TRADINGSYMBOL]
    ticket.inputs.tradingsymbol.setText("INFY")
    assert shown_problems(ticket) == {}  # the empty price still waits
    ticket.inputs.price.setValue(1601.23)
    assert list(shown_problems(ticket)) == [Field.PRICE]
    assert "not a multiple of the tick size" in problem_text(ticket, Field.PRICE)


def test_trying_to_send_shows_every_problem(qtbot: QtBot, ticket: OrderTicket) -> None:
    with qtbot.assertNotEmitted(ticket.submit_requested):
        assert not ticket.submit()
    assert shown_problems(ticket) == {Field.TRADINGSYMBOL: PICK, Field.PRICE: NO_PRICE}
    assert ticket.parts.summary.text().startswith(PICK)


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_ctrl_enter_in_the_ticket_shows_every_problem(qtbot: QtBot, ticket: OrderTicket) -> None:
    ticket.show()
    qtbot.waitExposed(ticket)
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    QApplication.sendEvent(ticket.inputs.quantity, event)
    assert set(shown_problems(ticket)) == {Field.TRADINGSYMBOL, Field.PRICE}


def test_a_field_the_user_has_not_touched_waits(ticket: OrderTicket) -> None:
    ticket.set_instrument(Exchange.NSE, "INFY")
    ticket.inputs.price.setValue(1600.0)
    assert choose(ticket, Field.ORDER_TYPE, OrderType.SL)
    assert problem_text(ticket, Field.TRIGGER_PRICE) == ""
    assert not ticket.parts.submit.isEnabled()
    assert "Enter a trigger price" in ticket.parts.submit.toolTip()
    ticket.inputs.trigger_price.setValue(1605.0)
    assert "at or below the limit price" in problem_text(ticket, Field.TRIGGER_PRICE)


def test_clear_starts_afresh(ticket: OrderTicket) -> None:
    ticket.set_instrument(Exchange.NSE, "INFY")
    assert not ticket.submit()
    assert problem_text(ticket, Field.PRICE) == NO_PRICE
    ticket.clear()
    assert shown_problems(ticket) == {}


def test_a_new_instrument_starts_its_prices_afresh(ticket: OrderTicket) -> None:
    ticket.set_instrument(Exchange.NSE, "INFY")
    ticket.inputs.price.setValue(1601.23)
    assert problem_text(ticket, Field.PRICE) != ""
    ticket.set_instrument(Exchange.NSE, "SBIN")  # the price is cleared for the new instrument
    assert shown_problems(ticket) == {}
    assert NO_PRICE in ticket.parts.submit.toolTip()


def test_set_instrument_after_a_try_starts_the_fields_it_sets_afresh(ticket: OrderTicket) -> None:
    assert not ticket.submit()
    ticket.set_instrument(Exchange.NSE, "INFY")
    assert shown_problems(ticket) == {}


def test_prefill_starts_afresh(ticket: OrderTicket) -> None:
    assert not ticket.submit()
    no_price = OrderRequest(
        variety=Variety.REGULAR, exchange=Exchange.NSE, tradingsymbol="INFY", transaction_type=TransactionType.SELL,
        quantity=5, product=Product.CNC, order_type=OrderType.LIMIT,
    )  # fmt: skip
    ticket.prefill(no_price)
    assert shown_problems(ticket) == {}
    assert NO_PRICE in ticket.parts.submit.toolTip()
    ticket.inputs.price.setValue(1601.23)
    assert "not a multiple" in problem_text(ticket, Field.PRICE)


def test_a_valid_prefill_has_nothing_to_hold_back(ticket: OrderTicket) -> None:
    request = OrderRequest(
        variety=Variety.REGULAR, exchange=Exchange.NSE, tradingsymbol="INFY", transaction_type=TransactionType.BUY,
        quantity=5, product=Product.CNC, order_type=OrderType.LIMIT, price=Decimal("1600.00"),
    )  # fmt: skip
    ticket.prefill(request)
    assert ticket.parts.submit.isEnabled()
    assert ticket.parts.submit.toolTip() == "Send the order (Ctrl+Enter)"
