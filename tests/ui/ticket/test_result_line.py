"""The result line says each thing once, with the texts the placement controller actually sends."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiteticket.domain.order import OrderRequest
from kiteticket.domain.outcome import Fate
from kiteticket.ui.ticket import OrderTicket
from kiteticket.ui.ticket.feedback import ResultLine

TAG = "kt1a2b3c4d5e"
# As kiteticket/ui/ticket/placement.py words them.
EXPIRED = "Not placed: your Kite session has expired. Log in again, then send it."
CHECKING = f"Outcome unknown: checking the order book for tag {TAG}. Do not place it again yet."


def test_a_rejection_that_says_not_placed_is_not_called_rejected_too(qtbot: QtBot) -> None:
    line = ResultLine()
    qtbot.addWidget(line)
    line.rejected(EXPIRED)
    assert line.text() == EXPIRED


def test_a_rejection_that_says_rejected_is_not_prefixed_again(qtbot: QtBot) -> None:
    line = ResultLine()
    qtbot.addWidget(line)
    line.rejected("Rejected by the exchange: price outside the band.")
    assert line.text() == "Rejected by the exchange: price outside the band."


def test_kites_own_reason_is_prefixed(qtbot: QtBot) -> None:
    line = ResultLine()
    qtbot.addWidget(line)
    line.rejected("Insufficient funds. Required margin is 40032.50 but available margin is 100.00.")
    assert line.text().startswith("Rejected: Insufficient funds.")


def test_an_unknown_outcome_names_its_tag_once(qtbot: QtBot) -> None:
    line = ResultLine()
    qtbot.addWidget(line)
    line.unknown(CHECKING, TAG)
    text = line.text()
    assert text.count(TAG) == 1
    assert text.startswith("Not known whether the order was placed")
    assert "unknown" not in text.lower().replace("not known", "")  # "not known" and "unknown" are one thing
    assert "Do not place it again yet." in text


def test_an_unknown_outcome_without_the_tag_adds_it(qtbot: QtBot) -> None:
    line = ResultLine()
    qtbot.addWidget(line)
    line.unknown("Kite did not answer in time.", TAG)
    assert line.text().count(TAG) == 1


def test_the_ticket_says_the_placement_controllers_unknown_text_once(qtbot: QtBot, ticket: OrderTicket) -> None:
    ticket.set_instrument("NSE", "INFY")
    ticket.inputs.price.setValue(1600.0)
    with qtbot.waitSignal(ticket.submit_requested, timeout=1000) as blocker:
        ticket.submit()
    sent = blocker.args[0].request
    assert isinstance(sent, OrderRequest)
    ticket.show_outcome_unknown(
        f"Outcome unknown: checking the order book for tag {sent.tag}. Do not place it again yet."
    )
    assert ticket.parts.result.text().count(str(sent.tag)) == 1
    assert not ticket.submit()
    assert ticket.parts.result.text().count(str(sent.tag)) == 1


def test_the_ticket_says_not_placed_once(qtbot: QtBot, ticket: OrderTicket) -> None:
    ticket.set_instrument("NSE", "INFY")
    ticket.inputs.price.setValue(1600.0)
    assert ticket.submit()
    ticket.show_rejected(EXPIRED)
    assert ticket.parts.result.text() == EXPIRED


def test_a_rejection_after_kite_took_the_order_is_shown_even_after_a_new_order_began(qtbot: QtBot) -> None:
    line = ResultLine()
    qtbot.addWidget(line)
    line.placed("1001")
    line.new_order()  # F1, a new instrument or a prefill within the poll's second
    assert line.text() == ""
    line.fate(Fate("1001", "Order 1001 rejected: Insufficient funds", False))
    assert line.text() == "Order 1001 rejected: Insufficient funds"


def test_a_good_fate_of_an_order_the_user_moved_on_from_stays_unsaid(qtbot: QtBot) -> None:
    line = ResultLine()
    qtbot.addWidget(line)
    line.placed("1001")
    line.new_order()
    line.fate(Fate("1001", "Order 1001 complete: 2 filled", True))
    assert line.text() == ""


def test_an_older_rejection_does_not_hide_a_newer_order_on_its_way(qtbot: QtBot) -> None:
    line = ResultLine()
    qtbot.addWidget(line)
    line.placed("1001")
    line.sending(TAG)
    line.fate(Fate("1001", "Order 1001 rejected: Insufficient funds", False))
    assert line.text().startswith("Placing order")
