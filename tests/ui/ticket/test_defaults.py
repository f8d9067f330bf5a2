"""The user's Settings for fresh tickets: market protection and tag prefix."""

from __future__ import annotations

from collections.abc import Callable

from kiteticket.domain.enums import Exchange, OrderType
from kiteticket.domain.fields import Field
from kiteticket.ui.ticket import OrderTicket
from kiteticket.ui.ticket.inputs import ProtectionSpinBox
from tests.ui.ticket.helpers import choose, named


def test_a_fresh_ticket_starts_at_the_default_protection(make_ticket: Callable[..., OrderTicket]) -> None:
    ticket = make_ticket(default_market_protection=3)
    ticket.set_instrument(Exchange.NSE, "INFY")
    assert choose(ticket, Field.ORDER_TYPE, OrderType.MARKET)
    request = ticket.current_request()
    assert request is not None
    assert request.market_protection == 3


def test_esc_goes_back_to_the_default_after_settings_change(ticket: OrderTicket) -> None:
    ticket.set_instrument(Exchange.NSE, "INFY")
    ticket.set_defaults(tag_prefix="scalp", market_protection=5)
    protection = named(ticket, Field.MARKET_PROTECTION.value, ProtectionSpinBox)
    protection.setValue(20)
    ticket.clear()
    assert protection.value() == 5
    assert named(ticket, Field.TAG.value, type(ticket.inputs.tag)).placeholderText() == "scalp"
