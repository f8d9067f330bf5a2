"""The ticket's confirmation step: precautions and a repeat within seconds ask for an explicit override (even with
the ordinary confirmation switched off); otherwise the ordinary question, if wanted. ``Confirmation.ask`` is
replaced by a recorder, so no dialog blocks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiteticket.broker.journal import Journal
from kiteticket.domain.confirmation import confirmation_text
from kiteticket.domain.draft import Submission
from kiteticket.domain.enums import TransactionType
from kiteticket.domain.order import OrderRequest
from kiteticket.paper.exchange import PaperExchange
from kiteticket.preferences import Preferences, load_preferences, save_preferences
from kiteticket.ui.confirm import Confirmation
from kiteticket.ui.main_window import MainWindow
from kiteticket.ui.ticket.precaution_settings import PrecautionSettingsDialog
from tests.broker.test_gateway_paper import INFY
from tests.ui.placement_rig import WAIT_MS, Rig, exchange, make_rig
from tests.ui.ticket.conftest import infy_quote


@dataclass
class Questions:
    answer: bool = True
    asked: list[tuple[str, str]] = field(default_factory=list)


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> Questions:
    recorder = Questions()

    def ask(_cls: type[Confirmation], _parent: QWidget | None, title: str, text: str) -> bool:
        recorder.asked.append((title, text))
        return recorder.answer

    monkeypatch.setattr(Confirmation, "ask", classmethod(ask))
    return recorder


@pytest.fixture
def rig(exchange: PaperExchange, tmp_path: Path, qtbot: QtBot) -> Iterator[Rig]:
    journal = Journal(tmp_path / "journal.sqlite3")
    made = make_rig(exchange, journal)
    yield made
    made.close(qtbot)
    journal.close()


PREFERENCES = Preferences()
__all__ = ["exchange"]  # a fixture


def at(order: OrderRequest, last_price: str = "1500.00") -> Submission:
    """The order as the ticket submits it, with the last price it showed (the test order is a limit at 1500)."""
    return Submission(order, None, Decimal(last_price))


def titles(questions: Questions) -> list[str]:
    return [title for title, _ in questions.asked]


def test_an_ordinary_order_gets_the_ordinary_question_or_none(rig: Rig, questions: Questions) -> None:
    assert rig.controller.confirm(at(INFY), PREFERENCES)
    assert titles(questions) == ["Place order?"]
    assert rig.controller.confirm(at(INFY), PREFERENCES.changed(confirm_place=False))
    assert titles(questions) == ["Place order?"]


def test_a_price_far_from_the_market_must_be_overridden(rig: Rig, questions: Questions) -> None:
    far = at(replace(INFY, price=Decimal("1500.00")), "1400.00")  # a BUY 7.1% above the market: trades through
    questions.answer = False
    assert not rig.controller.confirm(far, PREFERENCES.changed(confirm_place=False)), "precautions always ask"
    [(title, text)] = questions.asked
    assert title == "Override precautions?"
    assert "• Price 1500.00 is 7.1% above the last price 1400.00" in text
    assert "BUY 5 INFY on NSE\nRegular · CNC · LIMIT at ₹1,500.00" in text
    questions.answer = True
    assert rig.controller.confirm(far, PREFERENCES)
    assert titles(questions) == ["Override precautions?"] * 2, "one question, not two"


def test_with_the_ticket_s_quote_the_touch_is_the_reference(rig: Rig, questions: Questions) -> None:
    quote = infy_quote("1600.00")  # best bid 1599.95, best offer 1600.00
    sell = replace(INFY, transaction_type=TransactionType.SELL, price=Decimal("1500.00"))
    questions.answer = False
    assert not rig.controller.confirm(Submission(sell, None, quote.last_price, quote=quote), PREFERENCES)
    [(title, text)] = questions.asked
    assert title == "Override precautions?"
    assert "• Price 1500.00 is 6.2% below the best bid 1599.95: it would trade at once, through the market" in text
    resting = replace(sell, price=Decimal("1700.00"))  # an offer above the market rests in the book
    quiet = PREFERENCES.changed(confirm_place=False)
    assert rig.controller.confirm(Submission(resting, None, quote.last_price, quote=quote), quiet)
    assert len(questions.asked) == 1


def test_a_passive_bid_below_the_market_is_not_questioned(rig: Rig, questions: Questions) -> None:
    resting = at(replace(INFY, price=Decimal("1500.00")), "1600.00")  # 6% under the market: it rests, as meant
    assert rig.controller.confirm(resting, PREFERENCES.changed(confirm_place=False))
    assert questions.asked == []


def test_every_tripped_precaution_is_listed_in_one_question(rig: Rig, questions: Questions) -> None:
    limits = PREFERENCES.changed(max_order_quantity=100, max_order_value=50_000)
    submission = at(replace(INFY, quantity=500, price=Decimal("1400.00")), "1300.00")
    rig.controller.confirm(submission, limits)
    [(title, text)] = questions.asked
    assert title == "Override precautions?"
    assert text.count("• ") == 3
    assert text.endswith(confirmation_text(submission)), "the whole order, as the ordinary confirmation states it"


def test_the_same_order_again_within_seconds_asks_first(qtbot: QtBot, rig: Rig, questions: Questions) -> None:
    with qtbot.waitSignal(rig.controller.order_placed, timeout=WAIT_MS):
        rig.ticket.submit_requested.emit(Submission(replace(INFY, tag="first1")))
    rig.clock.advance(4.3)
    questions.answer = False
    assert not rig.controller.confirm(at(replace(INFY, tag="second")), PREFERENCES.changed(confirm_place=False))
    [(title, text)] = questions.asked
    assert title == "Place the same order again?"
    assert text.startswith("You placed the same order 4 s ago. Place it again?")
    assert rig.controller.confirm(at(replace(INFY, quantity=6)), PREFERENCES.changed(confirm_place=False))
    rig.clock.advance(6)
    assert rig.controller.confirm(at(INFY), PREFERENCES.changed(confirm_place=False)), "ten seconds on, no question"
    assert len(questions.asked) == 1


def test_the_precaution_settings_edit_a_copy_of_the_preferences(qtbot: QtBot) -> None:
    dialog = PrecautionSettingsDialog(PREFERENCES.changed(confirm_place=False))
    qtbot.addWidget(dialog)
    assert dialog.far_percent.value() == 2.0
    assert dialog.far_percent_options.value() == 5.0
    assert dialog.market_protection.text() == "Auto (Kite decides)"
    assert dialog.max_value.text() == "₹ 10,00,000"
    dialog.max_quantity.setValue(1_50_000)
    assert dialog.max_quantity.text() == "1,50,000 units"
    assert dialog.max_value_fno.text() == "₹ 1,00,00,000"
    dialog.max_quantity.setValue(0)
    dialog.max_value.setValue(250_000)
    dialog.far_percent.setValue(3.5)
    dialog.max_value_fno.lineEdit().selectAll()
    qtbot.keyClicks(dialog.max_value_fno, "2500000")  # typed as a person does, without separators
    qtbot.keyClick(dialog.max_value_fno, Qt.Key.Key_Return)
    assert dialog.max_value_fno.text() == "₹ 25,00,000"
    dialog.max_value_commodity.setValue(0)
    assert dialog.max_value_commodity.text() == "Off"
    edited = dialog.preferences()
    assert (edited.max_order_quantity, edited.max_order_value, edited.far_from_market_percent) == (0, 250_000, 3.5)
    assert (edited.max_order_value_fno, edited.max_order_value_commodity) == (25_00_000, 0)
    assert not edited.confirm_place, "the other settings are kept"
    limits = edited.precaution_limits()
    assert (limits.max_quantity, limits.max_value, limits.far_percent) == (0, Decimal(250_000), Decimal("3.5"))
    assert (limits.max_value_fno, limits.max_value_currency) == (Decimal(25_00_000), Decimal(25_00_000))


def test_the_settings_menu_saves_edited_precautions(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    edited = PREFERENCES.changed(max_order_value=123_000, far_from_market_percent=1.5)
    monkeypatch.setattr(PrecautionSettingsDialog, "edit", classmethod(lambda _cls, _parent, _prefs: edited))
    window = MainWindow(QWidget(), QWidget(), QWidget(), QWidget(), preferences=PREFERENCES, paper=True)
    qtbot.addWidget(window)
    [action] = [a for a in window.findChildren(QAction) if a.text() == "Precautions…"]
    with qtbot.waitSignal(window.preferences_changed) as changed:
        action.trigger()
    assert changed.args == [edited]
    save_preferences(tmp_path / "p.json", edited)
    assert load_preferences(tmp_path / "p.json") == edited


def test_an_order_kite_refused_may_be_sent_again_without_the_duplicate_question(
    qtbot: QtBot, rig: Rig, questions: Questions
) -> None:
    refused = replace(INFY, price=Decimal("1500.03"))  # off the tick grid: Kite says no
    rig.ticket.submit_requested.emit(Submission(replace(refused, tag="refused1")))
    qtbot.waitUntil(lambda: bool(rig.ticket.said), timeout=WAIT_MS)
    assert rig.ticket.said[-1][0] == "rejected"
    assert rig.controller.confirm(at(refused), PREFERENCES.changed(confirm_place=False))
    assert questions.asked == []
