"""Nothing changes what a locked ticket shows, and while an order's outcome is unknown no order for the same
instrument and side goes out until its answer comes or the user presses Esc."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kiteticket.domain.draft import Submission
from kiteticket.domain.enums import OrderType, TransactionType
from kiteticket.domain.instruments import InstrumentMaster
from kiteticket.domain.market_clock import MarketClock, MarketMode
from kiteticket.domain.order import OrderRequest
from kiteticket.ui.ticket import OrderTicket
from tests.ui.ticket.conftest import infy_quote
from tests.ui.ticket.helpers import named


def infy(ticket: OrderTicket, price: float = 1600.0, quantity: int = 10) -> OrderTicket:
    ticket.set_instrument("NSE", "INFY")
    ticket.set_quote(infy_quote("1601.25"))
    ticket.inputs.price.setValue(price)
    ticket.inputs.quantity.setValue(quantity)
    return ticket


def sent_one(qtbot: QtBot, ticket: OrderTicket) -> OrderRequest:
    with qtbot.waitSignal(ticket.submit_requested, timeout=1000) as blocker:
        assert ticket.submit()
    submission = blocker.args[0]
    assert isinstance(submission, Submission)
    return submission.request


def unknown(qtbot: QtBot, ticket: OrderTicket) -> str:
    tag = sent_one(qtbot, ticket).tag or ""
    ticket.show_outcome_unknown(f"Outcome unknown: checking the order book for tag {tag}. Do not place it again yet.")
    return tag


def test_a_depth_click_does_not_touch_an_order_on_its_way(qtbot: QtBot, ticket: OrderTicket) -> None:
    infy(ticket)
    sent_one(qtbot, ticket)
    named(ticket, "bid_2", QPushButton).click()
    assert ticket.inputs.price.value() == 1600.0


def test_a_depth_click_does_not_make_a_market_order_on_its_way_a_limit(qtbot: QtBot, ticket: OrderTicket) -> None:
    infy(ticket)
    ticket.inputs.order_type.setCurrentIndex(ticket.inputs.order_type.findData(OrderType.MARKET))
    sent_one(qtbot, ticket)
    named(ticket, "ask_1", QPushButton).click()
    assert ticket.inputs.order_type.currentData() == OrderType.MARKET


def test_a_depth_click_while_the_confirmation_is_open_is_ignored(qtbot: QtBot, master: InstrumentMaster) -> None:
    tickets: list[OrderTicket] = []

    def confirm_and_click_depth(_request: OrderRequest) -> bool:
        named(tickets[0], "bid_4", QPushButton).click()
        return True

    ticket = OrderTicket(confirm_and_click_depth, master, clock=MarketClock(mode=MarketMode.OPEN))
    qtbot.addWidget(ticket)
    tickets.append(infy(ticket))
    sent = sent_one(qtbot, ticket)
    assert sent.price == Decimal("1600.00")
    assert ticket.inputs.price.value() == 1600.0  # the inputs still show what was sent


def test_set_instrument_does_not_touch_an_order_on_its_way(qtbot: QtBot, ticket: OrderTicket) -> None:
    infy(ticket)
    sent_one(qtbot, ticket)
    ticket.set_instrument("NSE", "SBIN")
    assert ticket.inputs.tradingsymbol.text() == "INFY"
    assert ticket.inputs.price.value() == 1600.0


def test_a_depth_click_works_again_once_the_answer_is_in(qtbot: QtBot, ticket: OrderTicket) -> None:
    infy(ticket)
    sent_one(qtbot, ticket)
    ticket.show_placed("251125000000001")
    named(ticket, "bid_2", QPushButton).click()
    assert ticket.inputs.price.value() == 1601.10


def test_no_order_for_the_same_symbol_and_side_while_one_is_checked(qtbot: QtBot, ticket: OrderTicket) -> None:
    tag = unknown(qtbot, infy(ticket))
    ticket.inputs.quantity.setValue(11)
    named(ticket, "bid_2", QPushButton).click()  # a depth click is no way round it either
    with qtbot.assertNotEmitted(ticket.submit_requested):
        assert not ticket.submit()
    message = (
        f"An order for INFY BUY is still being checked (tag {tag}): wait for its answer or press Esc to send anyway."
    )
    assert ticket.parts.summary.text() == message
    assert not ticket.parts.submit.isEnabled()
    assert message in ticket.parts.submit.toolTip()


def test_the_other_side_may_go_while_one_is_checked(qtbot: QtBot, ticket: OrderTicket) -> None:
    unknown(qtbot, infy(ticket))
    ticket.inputs.side.set_side(TransactionType.SELL)
    assert ticket.parts.submit.isEnabled()
    sent = sent_one(qtbot, ticket)
    assert sent.transaction_type is TransactionType.SELL


def test_another_symbol_may_go_while_one_is_checked(qtbot: QtBot, ticket: OrderTicket) -> None:
    unknown(qtbot, infy(ticket))
    ticket.set_instrument("NSE", "SBIN")
    ticket.inputs.price.setValue(700.0)
    assert sent_one(qtbot, ticket).tradingsymbol == "SBIN"


def test_a_later_order_answered_does_not_release_the_one_checked(qtbot: QtBot, ticket: OrderTicket) -> None:
    unknown(qtbot, infy(ticket))
    ticket.inputs.side.set_side(TransactionType.SELL)
    sent_one(qtbot, ticket)
    ticket.show_placed("251125000000002")  # the SELL's answer says nothing about the BUY
    ticket.inputs.side.set_side(TransactionType.BUY)
    with qtbot.assertNotEmitted(ticket.submit_requested):
        assert not ticket.submit()


def test_escape_is_the_explicit_override(qtbot: QtBot, ticket: OrderTicket) -> None:
    unknown(qtbot, infy(ticket))
    ticket.clear()
    ticket.inputs.price.setValue(1600.0)
    assert ticket.parts.summary.text() == ""
    assert sent_one(qtbot, ticket).tradingsymbol == "INFY"


def test_the_answer_releases_the_hold(qtbot: QtBot, ticket: OrderTicket) -> None:
    unknown(qtbot, infy(ticket))
    ticket.show_placed("251125000000003")
    ticket.inputs.quantity.setValue(12)
    assert sent_one(qtbot, ticket).quantity == 12


def test_a_late_answer_for_an_older_order_releases_its_hold(qtbot: QtBot, ticket: OrderTicket) -> None:
    tag = unknown(qtbot, infy(ticket))
    ticket.inputs.side.set_side(TransactionType.SELL)
    sent_one(qtbot, ticket)
    ticket.show_placed("251125000000004")
    ticket.inputs.side.set_side(TransactionType.BUY)
    assert not ticket.parts.submit.isEnabled()
    ticket.release_hold("kt0other00000", "")  # another order's answer changes nothing
    assert not ticket.parts.submit.isEnabled()
    ticket.release_hold(tag, "251125000000001")  # as PlacementController.outcome_resolved(tag, order_id) says
    assert ticket.parts.summary.text() == ""
    assert sent_one(qtbot, ticket).transaction_type is TransactionType.BUY
