"""Sending: validate, ask the injected confirmer, emit once with a fresh tag, and lock until the outcome is known."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from PySide6.QtWidgets import QDoubleSpinBox, QLineEdit, QPushButton, QSpinBox
from pytestqt.qtbot import QtBot

from kiteticket.domain.draft import Submission
from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Validity, Variety
from kiteticket.domain.fields import Field
from kiteticket.domain.instruments import InstrumentMaster
from kiteticket.domain.market_clock import MarketClock, MarketMode
from kiteticket.domain.order import AUTO_MARKET_PROTECTION, OrderRequest
from kiteticket.ui.ticket import OrderTicket
from tests.ui.ticket.conftest import Confirmer
from tests.ui.ticket.helpers import choose, named

EXPECTED = OrderRequest(
    variety=Variety.REGULAR, exchange=Exchange.NSE, tradingsymbol="INFY", transaction_type=TransactionType.SELL,
    quantity=25, product=Product.MIS, order_type=OrderType.LIMIT, price=Decimal("1601.25"), validity=Validity.TTL,
    validity_ttl=30, disclosed_quantity=5, tag="desk",
)  # fmt: skip


def fill_expected(ticket: OrderTicket) -> None:
    """Every input through the ordinary Qt API, as a test or script would."""
    named(ticket, "sell", QPushButton).setChecked(True)
    named(ticket, "tradingsymbol", QLineEdit).setText("INFY")
    assert choose(ticket, Field.PRODUCT, Product.MIS)
    assert choose(ticket, Field.VALIDITY, Validity.TTL)
    named(ticket, "quantity", QSpinBox).setValue(25)
    named(ticket, "price", QDoubleSpinBox).setValue(1601.25)
    named(ticket, "validity_ttl", QSpinBox).setValue(30)
    named(ticket, "disclosed_quantity", QSpinBox).setValue(5)
    named(ticket, "tag", QLineEdit).setText("desk")


def test_a_valid_ticket_sends_exactly_the_order_entered(
    qtbot: QtBot, ticket: OrderTicket, confirmer: Confirmer
) -> None:
    fill_expected(ticket)
    assert ticket.current_request() == EXPECTED
    with qtbot.waitSignal(ticket.submit_requested, timeout=1000) as blocker:
        named(ticket, "submit", QPushButton).click()
    submission = blocker.args[0]
    assert isinstance(submission, Submission)
    sent = submission.request
    assert sent.tag is not None
    assert sent.tag.startswith("desk")
    assert len(sent.tag) == 14
    assert replace(sent, tag="desk") == EXPECTED
    assert confirmer.asked == [submission]  # the user confirmed the very order that was sent
    assert ticket.is_busy()
    assert not ticket.parts.submit.isEnabled()


def test_each_order_gets_a_fresh_tag(qtbot: QtBot, ticket: OrderTicket) -> None:
    fill_expected(ticket)
    tags = []
    for _ in range(2):
        with qtbot.waitSignal(ticket.submit_requested, timeout=1000) as blocker:
            ticket.submit()
        tags.append(blocker.args[0].request.tag)
        ticket.show_placed("251125000000001")
    assert tags[0] != tags[1]


def test_nothing_is_sent_when_the_user_declines(qtbot: QtBot, ticket: OrderTicket, confirmer: Confirmer) -> None:
    fill_expected(ticket)
    confirmer.answer = False
    with qtbot.assertNotEmitted(ticket.submit_requested):
        ticket.parts.submit.click()
    assert len(confirmer.asked) == 1
    assert not ticket.is_busy()
    assert ticket.parts.submit.isEnabled()


def test_an_invalid_ticket_neither_asks_nor_sends(qtbot: QtBot, ticket: OrderTicket, confirmer: Confirmer) -> None:
    fill_expected(ticket)
    ticket.inputs.price.setValue(1601.23)
    with qtbot.assertNotEmitted(ticket.submit_requested):
        assert not ticket.submit()
    assert confirmer.asked == []


def test_a_busy_ticket_sends_once_however_often_submit_comes(
    qtbot: QtBot, ticket: OrderTicket, confirmer: Confirmer
) -> None:
    fill_expected(ticket)
    sent: list[Submission] = []
    ticket.submit_requested.connect(sent.append)
    ticket.submit()
    ticket.submit()
    ticket.parts.submit.click()
    assert len(sent) == 1
    assert len(confirmer.asked) == 1
    assert ticket.is_busy()  # inputs locked while the order is on its way: test_busy_lock.py


def test_placed_unlocks_and_reports_the_order_id(ticket: OrderTicket) -> None:
    fill_expected(ticket)
    ticket.submit()
    ticket.show_placed("251125000123456")
    assert not ticket.is_busy()
    assert ticket.parts.submit.isEnabled()
    assert ticket.parts.result.text() == "Order 251125000123456 placed"


def test_a_rejection_unlocks_and_shows_kites_message(ticket: OrderTicket) -> None:
    fill_expected(ticket)
    ticket.submit()
    ticket.show_rejected("Insufficient funds. Required margin is 40032.50 but available margin is 100.00.")
    assert not ticket.is_busy()
    assert ticket.parts.result.text().startswith("Rejected: Insufficient funds.")


def test_an_unknown_outcome_names_the_tag_to_look_for(qtbot: QtBot, ticket: OrderTicket) -> None:
    fill_expected(ticket)
    with qtbot.waitSignal(ticket.submit_requested, timeout=1000) as blocker:
        ticket.submit()
    ticket.show_outcome_unknown("Kite did not answer in time.")
    assert blocker.args[0].request.tag in ticket.parts.result.text()
    assert not ticket.is_busy()


def test_a_confirmer_that_submits_again_cannot_send_twice(qtbot: QtBot, master: InstrumentMaster) -> None:
    """A second Ctrl+Enter or click can arrive while the confirmation is open: it must do nothing."""
    tickets: list[OrderTicket] = []

    def confirm_and_submit_again(_submission: Submission) -> bool:
        assert not tickets[0].submit()
        return True

    ticket = OrderTicket(confirm_and_submit_again, master, clock=MarketClock(mode=MarketMode.OPEN))
    qtbot.addWidget(ticket)
    tickets.append(ticket)
    fill_expected(ticket)
    sent: list[Submission] = []
    ticket.submit_requested.connect(sent.append)
    assert ticket.submit()
    assert len(sent) == 1


def test_market_orders_carry_auto_protection(ticket: OrderTicket) -> None:
    fill_expected(ticket)
    assert choose(ticket, Field.VALIDITY, Validity.DAY)
    assert choose(ticket, Field.ORDER_TYPE, OrderType.MARKET)
    request = ticket.current_request()
    assert request is not None
    assert request.market_protection == AUTO_MARKET_PROTECTION
    assert request.price is None
    ticket.inputs.market_protection.setValue(3)
    request = ticket.current_request()
    assert request is not None
    assert request.market_protection == 3


def test_an_order_of_unknown_outcome_is_not_sent_again_blindly(qtbot: QtBot, ticket: OrderTicket) -> None:
    fill_expected(ticket)
    sent: list[Submission] = []
    ticket.submit_requested.connect(sent.append)
    assert ticket.submit()
    ticket.show_outcome_unknown("Kite did not answer in time.")
    assert not ticket.submit()  # the very same order: look it up by tag first
    assert "Look for tag" in ticket.parts.result.text()
    assert len(sent) == 1
    ticket.inputs.quantity.setValue(26)
    assert not ticket.submit()  # nor another quantity of it: same instrument, same side
    assert "still being checked" in ticket.parts.summary.text()
    ticket.inputs.side.set_side(TransactionType.BUY)
    assert ticket.submit()  # the other side may go
    assert len(sent) == 2


def test_the_app_resolving_the_outcome_allows_the_order_again(ticket: OrderTicket) -> None:
    fill_expected(ticket)
    assert ticket.submit()
    ticket.show_outcome_unknown("Kite did not answer in time.")
    ticket.show_rejected("No order with this tag in the order book.")
    assert ticket.submit()
