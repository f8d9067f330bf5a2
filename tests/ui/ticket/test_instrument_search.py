"""Instrument search: a small model fed from the master on each keystroke; a pick sets exchange and symbol."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from kiteticket.domain.enums import Exchange, TransactionType
from kiteticket.domain.fields import Field
from kiteticket.domain.instruments import InstrumentMaster
from kiteticket.ui.ticket import OrderTicket
from kiteticket.ui.ticket.instrument_search import InstrumentListModel, InstrumentRole, resolve, split_key
from tests.ui.active_window import show_active
from tests.ui.ticket.helpers import problem_text

pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise", "does not support grabbing"
)


def test_the_model_passes_qt_model_tester(qtmodeltester: ModelTester, master: InstrumentMaster) -> None:
    model = InstrumentListModel()
    model.set_instruments(master.search("NIFTY"))
    qtmodeltester.check(model)
    assert model.rowCount() > 0
    first = model.index(0, 0)
    assert first.data(InstrumentRole.KEY) == model.instrument(0).key
    assert "lot 65" in first.data(Qt.ItemDataRole.DisplayRole)


def test_typing_fills_the_model_with_the_masters_best_matches(
    qtbot: QtBot, ticket: OrderTicket, master: InstrumentMaster
) -> None:
    ticket.show()
    qtbot.waitExposed(ticket)
    ticket.inputs.tradingsymbol.setFocus()
    qtbot.keyClicks(ticket.inputs.tradingsymbol, "NIFTY")
    model = ticket._search.model
    keys = [model.index(row, 0).data(InstrumentRole.KEY) for row in range(model.rowCount())]
    assert keys == [instrument.key for instrument in master.search("NIFTY", limit=20)]
    assert "NFO:NIFTY26DECFUT" in keys


def test_picking_a_result_sets_exchange_and_symbol(qtbot: QtBot, ticket: OrderTicket) -> None:
    show_active(qtbot, ticket)
    ticket.inputs.tradingsymbol.setFocus()
    qtbot.waitUntil(ticket.inputs.tradingsymbol.hasFocus)  # QLineEdit hooks its completer up on focus-in
    qtbot.keyClicks(ticket.inputs.tradingsymbol, "nifty26")
    popup = ticket._search.completer.popup()
    assert popup is not None
    assert popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    assert ticket.inputs.tradingsymbol.text() == "NFO:NIFTY26DECFUT"  # the highlighted result, with its exchange
    with qtbot.waitSignal(ticket.quote_wanted, timeout=1000) as blocker:
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert blocker.args == ["NFO:NIFTY26DECFUT"]
    qtbot.waitUntil(lambda: ticket.inputs.tradingsymbol.text() == "NIFTY26DECFUT")
    assert ticket.inputs.exchange.currentData() == Exchange.NFO
    assert ticket.inputs.quantity.value() == 1  # one lot, entered in lots


def open_search(qtbot: QtBot, ticket: OrderTicket, typed: str) -> QWidget:
    """The ticket shown with `typed` in its symbol field and the search's popup open, as a person gets it."""
    show_active(qtbot, ticket)
    ticket.inputs.tradingsymbol.setFocus()
    qtbot.waitUntil(ticket.inputs.tradingsymbol.hasFocus)
    qtbot.keyClicks(ticket.inputs.tradingsymbol, typed)
    popup = ticket._search.completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    return popup


def test_f2_with_the_search_open_closes_it_and_opens_a_sell_for_what_was_typed(
    qtbot: QtBot, ticket: OrderTicket
) -> None:
    popup = open_search(qtbot, ticket, "INFY")
    assert ticket.inputs.side.side() is TransactionType.BUY
    qtbot.keyClick(popup, Qt.Key.Key_F2)  # the popup has the keys while it is open
    assert not popup.isVisible()
    assert ticket.inputs.side.side() is TransactionType.SELL
    qtbot.waitUntil(ticket.inputs.quantity.hasFocus)
    instrument = ticket.instrument()
    assert instrument is not None
    assert instrument.key == "NSE:INFY"


def test_f1_on_a_highlighted_result_picks_it_as_enter_would_then_opens_a_buy(qtbot: QtBot, ticket: OrderTicket) -> None:
    popup = open_search(qtbot, ticket, "nifty26")
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    assert ticket.inputs.tradingsymbol.text() == "NFO:NIFTY26DECFUT"  # highlighted, not picked yet
    ticket.inputs.side.set_side(TransactionType.SELL)
    qtbot.keyClick(popup, Qt.Key.Key_F1)
    assert not popup.isVisible()
    qtbot.waitUntil(lambda: ticket.inputs.tradingsymbol.text() == "NIFTY26DECFUT")
    assert ticket.inputs.exchange.currentData() == Exchange.NFO  # the pick set the exchange too
    assert ticket.inputs.side.side() is TransactionType.BUY
    assert problem_text(ticket, Field.EXCHANGE) == ""
    assert problem_text(ticket, Field.TRADINGSYMBOL) == ""


def test_esc_with_the_search_open_only_closes_it(qtbot: QtBot, ticket: OrderTicket) -> None:
    popup = open_search(qtbot, ticket, "INFY")
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    assert ticket.inputs.tradingsymbol.text() == "INFY"  # not the ticket's Esc: nothing was cleared
    assert ticket.inputs.tradingsymbol.hasFocus()


def test_a_master_that_arrives_later_resolves_the_symbol(qtbot: QtBot, master: InstrumentMaster) -> None:
    ticket = OrderTicket(lambda _request: True)
    qtbot.addWidget(ticket)
    ticket.inputs.tradingsymbol.setText("INFY")
    assert ticket.instrument() is None
    ticket.set_master(master)
    found = ticket.instrument()
    assert found is not None
    assert found.key == "NSE:INFY"


def test_an_exchange_prefix_limits_the_search(ticket: OrderTicket) -> None:
    ticket.inputs.tradingsymbol.textEdited.emit("BSE:INF")
    model = ticket._search.model
    assert [model.instrument(row).key for row in range(model.rowCount())] == ["BSE:INFY"]


def test_keys_and_case() -> None:
    assert split_key("nfo:NIFTY26DECFUT", Exchange.NSE) == (Exchange.NFO, "NIFTY26DECFUT")
    assert split_key(" INFY ", Exchange.BSE) == (Exchange.BSE, "INFY")
    assert split_key("M&M", Exchange.NSE) == (Exchange.NSE, "M&M")


def test_resolve_reads_lower_case(master: InstrumentMaster) -> None:
    found = resolve(master, Exchange.NSE, "infy")
    assert found is not None
    assert found.key == "NSE:INFY"
    assert resolve(master, Exchange.NSE, "NIFTY26DECFUT") is None  # on NFO, not NSE
    assert resolve(None, Exchange.NSE, "INFY") is None


def focus_symbol(qtbot: QtBot, ticket: OrderTicket) -> None:
    show_active(qtbot, ticket)
    ticket.inputs.tradingsymbol.setFocus()
    qtbot.waitUntil(ticket.inputs.tradingsymbol.hasFocus)


def test_a_symbol_being_typed_is_not_called_unknown_until_the_user_leaves_it(qtbot: QtBot, ticket: OrderTicket) -> None:
    focus_symbol(qtbot, ticket)
    qtbot.keyClicks(ticket.inputs.tradingsymbol, "nif")
    assert ticket._search.model.rowCount() > 0, "suggestions are shown"
    assert problem_text(ticket, Field.TRADINGSYMBOL) == ""
    qtbot.keyClicks(ticket.inputs.tradingsymbol, "tyzz")
    assert problem_text(ticket, Field.TRADINGSYMBOL) == "", "still typing"
    ticket.inputs.quantity.setFocus()  # the user moves on with no match
    qtbot.waitUntil(lambda: "NSE:niftyzz was not found" in problem_text(ticket, Field.TRADINGSYMBOL))
    ticket.inputs.tradingsymbol.setFocus()
    qtbot.waitUntil(ticket.inputs.tradingsymbol.hasFocus)
    qtbot.keyClick(ticket.inputs.tradingsymbol, Qt.Key.Key_Backspace)  # correcting it: the error steps aside again
    assert problem_text(ticket, Field.TRADINGSYMBOL) == ""


def test_the_placeholders_own_example_finds_the_future(qtbot: QtBot, ticket: OrderTicket) -> None:
    focus_symbol(qtbot, ticket)
    example = "NIFTY26DEC FUT"
    assert example in ticket.inputs.tradingsymbol.placeholderText()
    qtbot.keyClicks(ticket.inputs.tradingsymbol, example)
    model = ticket._search.model
    assert [model.instrument(row).key for row in range(model.rowCount())][:1] == ["NFO:NIFTY26DECFUT"]
    popup = ticket._search.completer.popup()
    assert popup is not None
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ticket.inputs.tradingsymbol.text() == "NIFTY26DECFUT")
    assert problem_text(ticket, Field.TRADINGSYMBOL) == ""
