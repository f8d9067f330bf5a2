"""Hints beside the inputs: the AMO window, market protection steps, and a master that is still loading."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from kiteticket.domain.enums import Variety
from kiteticket.domain.fields import Field
from kiteticket.domain.market_clock import MarketClock, MarketMode
from kiteticket.ui.ticket import OrderTicket
from kiteticket.ui.ticket.inputs import ProtectionSpinBox
from tests.ui.ticket.helpers import choose, problem_text


def test_amo_shows_when_amos_are_taken(make_ticket: Callable[..., OrderTicket]) -> None:
    ticket = make_ticket(clock=MarketClock(mode=MarketMode.CLOSED))
    assert choose(ticket, Field.VARIETY, Variety.AMO)
    assert ticket.parts.hint.text() == "AMO window for NSE: 16:00–08:58 IST"
    assert choose(ticket, Field.VARIETY, Variety.REGULAR)
    assert ticket.parts.hint.text().startswith("The NSE market is closed")


def test_amo_while_the_market_is_open_says_to_place_a_regular_order(ticket: OrderTicket) -> None:
    assert choose(ticket, Field.VARIETY, Variety.AMO)
    assert "While the market is open, place a regular order." in ticket.parts.hint.text()


def test_market_protection_steps_from_auto_to_one_percent(qtbot: QtBot) -> None:
    spin = ProtectionSpinBox()
    qtbot.addWidget(spin)
    assert spin.value() == -1
    assert spin.text() == "Auto"
    spin.stepBy(1)
    assert spin.value() == 1
    spin.stepBy(-1)
    assert spin.value() == -1


def test_a_symbol_before_the_master_is_loaded_is_not_called_unknown(qtbot: QtBot) -> None:
    ticket = OrderTicket(lambda _request: True, clock=MarketClock(mode=MarketMode.OPEN))
    qtbot.addWidget(ticket)
    ticket.inputs.tradingsymbol.setText("INFY")
    assert "still loading" in problem_text(ticket, Field.TRADINGSYMBOL)
    assert not ticket.parts.submit.isEnabled()


def test_escape_does_nothing_while_an_order_is_on_its_way(ticket: OrderTicket) -> None:
    ticket.set_instrument("NSE", "INFY")
    ticket.inputs.price.setValue(1600.0)
    ticket.inputs.quantity.setValue(7)
    assert ticket.submit()
    ticket.clear()
    assert ticket.inputs.quantity.value() == 7
