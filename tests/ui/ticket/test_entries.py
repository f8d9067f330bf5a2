"""Exactly what the screen shows, or nothing: a field emptied or left half-typed never sends the value Qt keeps
behind it. Driven with real key events and the clipboard, as a user does."""

from __future__ import annotations

from enum import Enum

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractSpinBox
from pytestqt.qtbot import QtBot

from kiteticket.domain.draft import Submission
from kiteticket.domain.enums import OrderType, Validity, Variety
from kiteticket.domain.fields import Field
from kiteticket.ui.ticket import OrderTicket
from tests.ui.active_window import show_active
from tests.ui.ticket.conftest import Confirmer
from tests.ui.ticket.helpers import choose, problem_text

# The offscreen platform cannot resize, raise or grab for a popup, and says so; shown tickets do all three.
pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise", "does not support grabbing"
)

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def ready(qtbot: QtBot, ticket: OrderTicket) -> OrderTicket:
    """A valid BUY of 50 INFY at 1600, shown, as a user would have it before the mistake."""
    show_active(qtbot, ticket)  # the keys go to the field clicked into, as on a real screen
    ticket.inputs.tradingsymbol.setText("INFY")
    ticket.inputs.quantity.setValue(50)
    ticket.inputs.price.setValue(1600.0)
    assert ticket.parts.submit.isEnabled()
    return ticket


def empty(qtbot: QtBot, spin: QAbstractSpinBox) -> None:
    """Click into the field, Ctrl+A, Backspace: the box is visibly empty."""
    qtbot.mouseClick(spin, Qt.MouseButton.LeftButton)
    qtbot.keyClick(spin, Key.Key_A, CTRL)
    qtbot.keyClick(spin, Key.Key_Backspace)


def paste(qtbot: QtBot, spin: QAbstractSpinBox, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    qtbot.mouseClick(spin, Qt.MouseButton.LeftButton)
    qtbot.keyClick(spin, Key.Key_A, CTRL)
    qtbot.keyClick(spin, Key.Key_V, CTRL)


def assert_nothing_goes(qtbot: QtBot, ticket: OrderTicket, confirmer: Confirmer, spin: QAbstractSpinBox) -> None:
    assert not ticket.parts.submit.isEnabled()
    assert ticket.current_request() is None
    with qtbot.assertNotEmitted(ticket.submit_requested):
        qtbot.keyClick(spin, Key.Key_Return, CTRL)
        qtbot.mouseClick(ticket.parts.submit, Qt.MouseButton.LeftButton)
    assert confirmer.asked == []


def test_an_emptied_quantity_sends_nothing(qtbot: QtBot, ticket: OrderTicket, confirmer: Confirmer) -> None:
    ready(qtbot, ticket)
    empty(qtbot, ticket.inputs.quantity)
    assert ticket.inputs.quantity.text() == ""
    assert ticket.inputs.quantity.value() == 50  # what Qt keeps behind the empty box: never sent
    assert_nothing_goes(qtbot, ticket, confirmer, ticket.inputs.quantity)
    assert problem_text(ticket, Field.QUANTITY) == "Enter a quantity."
    assert ticket.parts.title.text() == "BUY INFY"  # the header shows no quantity either
    assert ticket.draft().request.quantity == 0


def test_an_emptied_price_sends_nothing(qtbot: QtBot, ticket: OrderTicket, confirmer: Confirmer) -> None:
    ready(qtbot, ticket)
    empty(qtbot, ticket.inputs.price)
    assert_nothing_goes(qtbot, ticket, confirmer, ticket.inputs.price)
    assert problem_text(ticket, Field.PRICE) == "Enter a price."
    assert ticket.draft().request.price is None


def test_a_half_typed_price_sends_nothing(qtbot: QtBot, ticket: OrderTicket, confirmer: Confirmer) -> None:
    ready(qtbot, ticket)
    empty(qtbot, ticket.inputs.price)
    qtbot.keyClicks(ticket.inputs.price, "1.")
    assert ticket.inputs.price.text() == "1."
    assert_nothing_goes(qtbot, ticket, confirmer, ticket.inputs.price)
    assert problem_text(ticket, Field.PRICE) == "Finish the price: “1.” is not a number yet."


def test_a_pasted_comma_decimal_is_not_read_as_thousands(
    qtbot: QtBot, ticket: OrderTicket, confirmer: Confirmer
) -> None:
    ready(qtbot, ticket)
    paste(qtbot, ticket.inputs.price, "12,50")
    assert ticket.inputs.price.text() == "12,50"
    assert ticket.inputs.price.value() == 1250.0  # Qt's reading; the screen says twelve and a half to many
    assert_nothing_goes(qtbot, ticket, confirmer, ticket.inputs.price)
    assert problem_text(ticket, Field.PRICE) == "“12,50” is not a number: enter a number such as 1601.25."


def test_pasted_letters_leave_the_quantity_shown_and_that_is_what_goes(
    qtbot: QtBot, ticket: OrderTicket, confirmer: Confirmer
) -> None:
    ready(qtbot, ticket)
    paste(qtbot, ticket.inputs.quantity, "abc")
    shown = ticket.inputs.quantity.text()
    assert shown == "50"  # Qt refuses the letters: the box still shows 50
    sent: list[Submission] = []
    ticket.submit_requested.connect(sent.append)
    qtbot.keyClick(ticket.inputs.quantity, Key.Key_Return, CTRL)
    assert [submission.request.quantity for submission in sent] == [int(shown)]
    assert ticket.parts.title.text() == "BUY INFY  ×50"


def test_typing_a_new_quantity_sends_the_new_one(qtbot: QtBot, ticket: OrderTicket, confirmer: Confirmer) -> None:
    ready(qtbot, ticket)
    empty(qtbot, ticket.inputs.quantity)
    qtbot.keyClicks(ticket.inputs.quantity, "7")
    sent: list[Submission] = []
    ticket.submit_requested.connect(sent.append)
    qtbot.keyClick(ticket.inputs.quantity, Key.Key_Return, CTRL)
    assert [submission.request.quantity for submission in sent] == [7]
    assert confirmer.asked == sent


REQUIRED = (
    (Field.TRIGGER_PRICE, (Field.ORDER_TYPE, OrderType.SL), "Enter a trigger price."),
    (Field.VALIDITY_TTL, (Field.VALIDITY, Validity.TTL), "Enter the minutes the order stays."),
    (Field.ICEBERG_LEGS, (Field.VARIETY, Variety.ICEBERG), "Enter the number of iceberg legs."),
    (
        Field.MARKET_PROTECTION,
        (Field.ORDER_TYPE, OrderType.MARKET),
        "Enter a market protection (Auto or a percentage).",
    ),
)


@pytest.mark.parametrize("case", REQUIRED, ids=[field.value for field, _, _ in REQUIRED])
def test_every_required_number_field_emptied_sends_nothing(
    qtbot: QtBot, ticket: OrderTicket, confirmer: Confirmer, case: tuple[Field, tuple[Field, Enum], str]
) -> None:
    field, (choice, value), message = case
    ready(qtbot, ticket)
    assert choose(ticket, choice, value)
    spin = ticket.inputs.widgets[field]
    assert isinstance(spin, QAbstractSpinBox)
    spin.setFocus()
    if field is Field.TRIGGER_PRICE:
        ticket.inputs.trigger_price.setValue(1599.0)
    if field is Field.VALIDITY_TTL:
        ticket.inputs.validity_ttl.setValue(30)
    assert ticket.parts.submit.isEnabled(), ticket.problems()
    empty(qtbot, spin)
    assert_nothing_goes(qtbot, ticket, confirmer, spin)
    assert problem_text(ticket, field) == message


def test_an_emptied_disclosed_quantity_is_simply_not_sent(
    qtbot: QtBot, ticket: OrderTicket, confirmer: Confirmer
) -> None:
    ready(qtbot, ticket)
    ticket.inputs.disclosed_quantity.setValue(20)
    empty(qtbot, ticket.inputs.disclosed_quantity)
    request = ticket.current_request()
    assert request is not None
    assert request.disclosed_quantity is None  # optional: empty means not sent, never the 20 behind it
