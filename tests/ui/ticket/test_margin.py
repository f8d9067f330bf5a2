"""Margin: asked for once a valid ticket has settled, shown with charges, and cleared when the ticket is invalid."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QEvent, Qt
from pytestqt.qtbot import QtBot

from kiteticket.domain.margin import Charges, MarginEstimate
from kiteticket.domain.money import format_inr
from kiteticket.domain.order import OrderRequest
from kiteticket.ui.ticket import OrderTicket
from kiteticket.ui.ticket.style import MUTED_COLOUR
from tests.ui.counting import EventCounter

ESTIMATE = MarginEstimate(
    required=Decimal("160125.5"),
    charges=Charges(
        brokerage=Decimal("20"), transaction_tax=Decimal("1.6"), exchange_turnover=Decimal("0.48"),
        sebi_turnover=Decimal("0.02"), stamp_duty=Decimal("0.24"), gst=Decimal("3.69"), total=Decimal("26.03"),
    ),
)  # fmt: skip


def test_margin_is_asked_once_for_the_order_as_it_ends_up(qtbot: QtBot, ticket: OrderTicket) -> None:
    ticket.set_instrument("NSE", "INFY")
    ticket.inputs.price.setValue(1600.0)
    wanted: list[OrderRequest] = []
    ticket.margin_wanted.connect(wanted.append)
    for quantity in (2, 3, 4):  # a burst of keystrokes
        ticket.inputs.quantity.setValue(quantity)
    with qtbot.waitSignal(ticket.margin_wanted, timeout=2000):
        pass
    assert [request.quantity for request in wanted] == [4]
    with qtbot.assertNotEmitted(ticket.margin_wanted, wait=400):
        pass  # nothing changed: no second request


def test_an_invalid_ticket_asks_for_no_margin(qtbot: QtBot, ticket: OrderTicket) -> None:
    ticket.set_instrument("NSE", "INFY")
    with qtbot.assertNotEmitted(ticket.margin_wanted, wait=400):
        ticket.inputs.price.setValue(1600.03)


def test_the_estimate_is_shown_with_its_charges(ticket: OrderTicket) -> None:
    ticket.set_margin(ESTIMATE)
    assert ticket.parts.margin_panel.required.text() == "₹1,60,125.50"
    assert ticket.parts.margin_panel.charges.text() == "₹26.03"
    assert "Brokerage: ₹20.00" in ticket.parts.margin_panel.charges.toolTip()


def test_a_failed_estimate_says_why(ticket: OrderTicket) -> None:
    ticket.set_margin_failed("Kite did not answer in time.")
    assert ticket.parts.margin_panel.required.text() == "unavailable"
    assert ticket.parts.margin_panel.required.toolTip() == "Kite did not answer in time."


def test_indian_grouping() -> None:
    assert format_inr(Decimal("0")) == "₹0.00"
    assert format_inr(Decimal("999.5")) == "₹999.50"
    assert format_inr(Decimal("1234567.891")) == "₹12,34,567.89"
    assert format_inr(Decimal("-100000")) == "-₹1,00,000.00"


def test_edits_mute_the_figures_once_not_on_every_keystroke(qtbot: QtBot, ticket: OrderTicket) -> None:
    ticket.set_instrument("NSE", "INFY")
    ticket.inputs.price.setValue(1600.0)
    ticket.set_margin(ESTIMATE)
    required = ticket.parts.margin_panel.required
    restyled = EventCounter(QEvent.Type.StyleChange)  # a style sheet set again re-polishes the label
    required.installEventFilter(restyled)
    ticket.inputs.quantity.setFocus()
    qtbot.keyClick(ticket.inputs.quantity, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(ticket.inputs.quantity, "125")  # three edits, each a new order to estimate
    assert MUTED_COLOUR in required.styleSheet()  # the figures are the previous order's until the estimate comes
    assert restyled.count == 1
    ticket.set_margin(ESTIMATE)
    assert required.styleSheet() == ""
    assert restyled.count == 2


def test_an_unchanged_verdict_leaves_the_send_buttons_tooltip_alone(qtbot: QtBot, ticket: OrderTicket) -> None:
    ticket.set_instrument("NSE", "INFY")
    ticket.inputs.price.setValue(1600.0)
    submit = ticket.parts.submit
    tip = submit.toolTip()
    retold = EventCounter(QEvent.Type.ToolTipChange)
    submit.installEventFilter(retold)
    ticket.inputs.quantity.setFocus()
    qtbot.keyClick(ticket.inputs.quantity, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(ticket.inputs.quantity, "12")  # still a valid order: the same verdict each time
    assert ticket.inputs.quantity.value() == 12
    assert submit.toolTip() == tip
    assert retold.count == 0
