"""An instrument switch never carries a quantity to an instrument of another kind or lot size."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiteticket.domain.fields import Field
from kiteticket.ui.ticket import OrderTicket


def test_650_infy_then_a_nifty_future_starts_at_one_lot(ticket: OrderTicket) -> None:
    ticket.set_instrument("NSE", "INFY")
    ticket.inputs.quantity.setValue(650)
    ticket.set_instrument("NFO", "NIFTY26DECFUT")
    assert ticket.inputs.quantity.value() == 1
    assert ticket.inputs.captions[Field.QUANTITY].text() == "Lots"
    assert ticket.inputs.hints[Field.QUANTITY].text() == "= 65 qty"
    assert ticket.parts.title.text() == "BUY NIFTY26DECFUT  ×1 lot (65 qty)"
    assert ticket.draft().request.quantity == 65


def test_a_future_of_another_lot_size_starts_at_its_own_lot(ticket: OrderTicket) -> None:
    ticket.set_instrument("NFO", "NIFTY26DECFUT")
    ticket.inputs.quantity.setValue(4)  # 260 NIFTY
    ticket.set_instrument("NFO", "INFY26DECFUT")
    assert ticket.inputs.quantity.value() == 1
    assert ticket.draft().request.quantity == 400


def test_the_quantity_last_sent_for_an_instrument_comes_back_to_it_only(qtbot: QtBot, ticket: OrderTicket) -> None:
    ticket.set_instrument("NSE", "INFY")
    ticket.inputs.quantity.setValue(650)
    ticket.inputs.price.setValue(1600.0)
    with qtbot.waitSignal(ticket.submit_requested, timeout=1000):
        assert ticket.submit()
    ticket.show_placed("1")
    ticket.set_instrument("NSE", "SBIN")
    assert ticket.inputs.quantity.value() == 1
    ticket.set_instrument("NSE", "INFY")
    assert ticket.inputs.quantity.value() == 650


def test_a_prefilled_derivative_order_shows_its_lots(ticket: OrderTicket) -> None:
    ticket.set_instrument("NFO", "NIFTY26DECFUT")
    ticket.inputs.quantity.setValue(3)
    ticket.inputs.price.setValue(26000.0)
    request = ticket.current_request()
    assert request is not None
    assert request.quantity == 195
    ticket.clear()
    ticket.prefill(request)
    assert ticket.inputs.quantity.value() == 3
    assert ticket.current_request() == request
