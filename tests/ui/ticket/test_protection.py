"""Market protection is a decimal percentage (1.5 means 1.5 %), typed as a person types it; Auto stays -1."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiteticket.domain.enums import Exchange, OrderType, Validity
from kiteticket.domain.fields import Field
from kiteticket.domain.order import AUTO_MARKET_PROTECTION
from kiteticket.ui.ticket import OrderTicket
from kiteticket.ui.ticket.inputs import ProtectionSpinBox
from tests.ui.ticket.helpers import choose, named, problem_text


def market_ticket(ticket: OrderTicket) -> ProtectionSpinBox:
    ticket.set_instrument(Exchange.NSE, "INFY")
    assert choose(ticket, Field.VALIDITY, Validity.DAY)
    assert choose(ticket, Field.ORDER_TYPE, OrderType.MARKET)
    return named(ticket, Field.MARKET_PROTECTION.value, ProtectionSpinBox)


def type_into(qtbot: QtBot, spin: ProtectionSpinBox, text: str) -> None:
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(spin, Qt.Key.Key_Backspace)
    qtbot.keyClicks(spin, text)


def test_a_typed_decimal_percentage_is_sent_as_written(qtbot: QtBot, ticket: OrderTicket) -> None:
    spin = market_ticket(ticket)
    type_into(qtbot, spin, "1.5")
    request = ticket.current_request()
    assert request is not None
    assert request.market_protection == Decimal("1.5")
    assert request.to_kite_params()["market_protection"] == Decimal("1.5")
    assert str(request.to_kite_params()["market_protection"]) == "1.5"


def test_whole_percentages_go_out_without_a_decimal_point(qtbot: QtBot, ticket: OrderTicket) -> None:
    spin = market_ticket(ticket)
    type_into(qtbot, spin, "10")
    request = ticket.current_request()
    assert request is not None
    assert str(request.market_protection) == "10"


def test_zero_is_refused_and_auto_is_still_the_special_value(qtbot: QtBot, ticket: OrderTicket) -> None:
    spin = market_ticket(ticket)
    type_into(qtbot, spin, "0")
    assert "need market protection" in problem_text(ticket, Field.MARKET_PROTECTION)
    spin.setValue(AUTO_MARKET_PROTECTION)
    assert spin.text() == "Auto"
    request = ticket.current_request()
    assert request is not None
    assert request.market_protection == AUTO_MARKET_PROTECTION


def test_stepping_down_from_a_fraction_goes_to_auto_not_to_zero(qtbot: QtBot) -> None:
    spin = ProtectionSpinBox()
    qtbot.addWidget(spin)
    spin.setValue(Decimal("0.5"))
    assert spin.protection() == Decimal("0.5")
    spin.stepBy(-1)
    assert spin.protection() == AUTO_MARKET_PROTECTION
    spin.stepBy(1)
    assert spin.protection() == 1
