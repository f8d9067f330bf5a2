"""The quote panel: last price, depth and circuits of the ticket's instrument; a depth click fills the price."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from kiteticket.domain.enums import OrderType
from kiteticket.domain.fields import Field
from kiteticket.ui.ticket import OrderTicket
from tests.ui.ticket.conftest import infy_quote
from tests.ui.ticket.helpers import choose, named


def test_quote_wanted_names_the_new_instrument_once(qtbot: QtBot, ticket: OrderTicket) -> None:
    with qtbot.waitSignal(ticket.quote_wanted, timeout=1000) as blocker:
        ticket.set_instrument("NSE", "INFY")
    assert blocker.args == ["NSE:INFY"]
    with qtbot.assertNotEmitted(ticket.quote_wanted, wait=300):
        ticket.inputs.quantity.setValue(5)  # same instrument: no new quote wanted


def test_changing_the_exchange_asks_for_the_other_listing(qtbot: QtBot, ticket: OrderTicket) -> None:
    ticket.set_instrument("NSE", "INFY")
    with qtbot.waitSignal(ticket.quote_wanted, timeout=1000) as blocker:
        ticket.set_instrument("BSE", "INFY")
    assert blocker.args == ["BSE:INFY"]


def test_the_quote_is_shown(ticket: OrderTicket) -> None:
    ticket.set_instrument("NSE", "INFY")
    ticket.set_quote(infy_quote("1601.25"))
    assert named(ticket, "last_price", QLabel).text() == "1601.25"
    assert ticket.parts.change.text() == "+12.40 (+0.78%)"
    assert named(ticket, "bid_0", QPushButton).text() == "1601.20"
    assert named(ticket, "ask_4", QPushButton).text() == "1601.45"
    assert named(ticket, "upper_circuit", QLabel).text() == "1727.65"
    assert named(ticket, "lower_circuit", QLabel).text() == "1413.55"


def test_the_first_quote_starts_the_price_at_the_last_price(ticket: OrderTicket) -> None:
    ticket.set_instrument("NSE", "INFY")
    ticket.set_quote(infy_quote("1601.25"))
    assert ticket.inputs.price.value() == 1601.25
    ticket.inputs.price.setValue(0)  # the user clears it to type: later quotes leave it alone
    ticket.set_quote(infy_quote("1602.00"))
    assert ticket.inputs.price.value() == 0


def test_a_quote_of_another_instrument_is_ignored(ticket: OrderTicket) -> None:
    ticket.set_instrument("NSE", "INFY")
    ticket.set_quote(replace(infy_quote(), key="NSE:SBIN"))
    assert named(ticket, "last_price", QLabel).text() == ""


def test_clicking_a_depth_price_fills_the_price(ticket: OrderTicket) -> None:
    ticket.set_instrument("NSE", "INFY")
    ticket.set_quote(infy_quote("1601.25"))
    named(ticket, "bid_2", QPushButton).click()
    request = ticket.current_request()
    assert request is not None
    assert request.price == Decimal("1601.10")


def test_a_depth_click_on_a_market_order_makes_it_a_limit_order(ticket: OrderTicket) -> None:
    ticket.set_instrument("NSE", "INFY")
    ticket.set_quote(infy_quote("1601.25"))
    assert choose(ticket, Field.ORDER_TYPE, OrderType.MARKET)
    named(ticket, "ask_1", QPushButton).click()
    request = ticket.current_request()
    assert request is not None
    assert (request.order_type, request.price) == (OrderType.LIMIT, Decimal("1601.30"))


def test_a_new_instrument_clears_the_old_quote_and_prices(ticket: OrderTicket) -> None:
    ticket.set_instrument("NSE", "INFY")
    ticket.set_quote(infy_quote())
    ticket.inputs.trigger_price.setValue(1590.0)
    ticket.set_instrument("NSE", "SBIN")
    assert ticket.inputs.price.value() == 0
    assert ticket.inputs.trigger_price.value() == 0
    assert named(ticket, "last_price", QLabel).text() == ""
    assert named(ticket, "bid_0", QPushButton).text() == "–"


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_the_first_quote_leaves_a_price_being_typed_alone(qtbot: QtBot, ticket: OrderTicket) -> None:
    """An option premium is typed as "0.": to Qt that is still 0, but the user is typing, not leaving it empty."""
    ticket.show()
    qtbot.waitExposed(ticket)
    ticket.set_instrument("NSE", "INFY")
    price = ticket.inputs.price
    price.setFocus()
    qtbot.keyClick(price, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(price, "0.")
    ticket.set_quote(infy_quote("1601.25"))
    assert price.text() == "0."
    qtbot.keyClicks(price, "5")
    assert price.text() == "0.5"
