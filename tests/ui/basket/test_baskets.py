"""Baskets in the running app against the paper exchange: built from the ticket, reordered, edited back in the
ticket, removed, their combined margin from /margins/basket, saved to and restored from the config folder, and
placed all in order with each order's result, one rejected in the middle."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kiteticket.basket_store import load_baskets, save_baskets
from kiteticket.domain.basket import Basket, Baskets
from kiteticket.domain.bulk_run import Outcome
from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Variety
from kiteticket.preferences import Preferences
from kiteticket.ui.basket.controller import BasketNames
from kiteticket.ui.ticket.precaution_dialog import OVERRIDE_TITLE
from tests.factories import limit_buy
from tests.paper.test_paper_basket_hedge import nifty
from tests.ui.app.helpers import WAIT_MS, Order, PaperApp
from tests.ui.basket.helpers import click, click_row, key, panel, rows
from tests.ui.bulk.helpers import answer_bulk, press

ALT = Qt.KeyboardModifier.AltModifier


def add(app: PaperApp, order: Order) -> None:
    app.enter(order)
    count = panel(app).model.rowCount()
    click(app, "add")
    app.qtbot.waitUntil(lambda: panel(app).model.rowCount() == count + 1, timeout=WAIT_MS)


def test_build_reorder_edit_and_remove_a_basket(paper_app: PaperApp, tmp_path: Path) -> None:
    paper_app.show_instrument("INFY", "1600")
    add(paper_app, Order(price="1590.00", quantity=2))
    paper_app.show_instrument("SBIN", "1000")
    paper_app.enter(Order("SBIN", price="995.00", quantity=3))
    assert paper_app.ticket.problems() == ()
    # Ctrl+B: add the ticket's order to the basket, from anywhere in the window.
    press(paper_app, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    paper_app.qtbot.waitUntil(lambda: panel(paper_app).model.rowCount() == 2, timeout=WAIT_MS)
    assert rows(paper_app) == [("BUY", "INFY (NSE)", "2", "LIMIT 1,590.00"), ("BUY", "SBIN (NSE)", "3", "LIMIT 995.00")]
    # Delivery buys block their value: 2 × 1,590 + 3 × 995; the paper exchange gives no spread benefit.
    margin = panel(paper_app).margin
    paper_app.qtbot.waitUntil(lambda: margin.text().startswith("Margin ₹6,165.00 (no spread benefit)"), timeout=WAIT_MS)

    click_row(paper_app, 1)
    key(paper_app, Qt.Key.Key_Up, ALT)  # SBIN first
    assert rows(paper_app)[0][1] == "SBIN (NSE)"
    assert panel(paper_app).current_row() == 0

    key(paper_app, Qt.Key.Key_Return)  # edit it in the ticket
    quantity = paper_app.ticket.inputs.quantity
    assert quantity.value() == 3
    quantity.selectAll()
    QTest.keyClicks(quantity, "5")
    click(paper_app, "add")  # now "Save #1"
    paper_app.qtbot.waitUntil(lambda: rows(paper_app)[0] == ("BUY", "SBIN (NSE)", "5", "LIMIT 995.00"), timeout=WAIT_MS)
    assert len(rows(paper_app)) == 2

    click_row(paper_app, 1)
    key(paper_app, Qt.Key.Key_Delete)
    assert rows(paper_app) == [("BUY", "SBIN (NSE)", "5", "LIMIT 995.00")]
    paper_app.qtbot.waitUntil(lambda: margin.text().startswith("Margin ₹4,975.00"), timeout=WAIT_MS)
    saved = load_baskets(tmp_path / "config" / "baskets.json")
    assert saved.baskets == paper_app.shell.basket.baskets
    assert saved.baskets.shown.orders[0].quantity == 5


def test_an_order_with_problems_is_not_added(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    paper_app.enter(Order(price="1590.03"))  # off the 0.05 tick grid

    click(paper_app, "add")

    assert panel(paper_app).model.rowCount() == 0
    assert paper_app.ticket.problems()


@pytest.fixture
def saved_baskets(tmp_path: Path) -> Baskets:
    """Baskets saved by an earlier run, in the folder the app is started with."""
    baskets = Baskets((Basket("Morning").add(limit_buy(quantity=2)), Basket("Hedge")), current=0)
    save_baskets(tmp_path / "config" / "baskets.json", baskets)
    return baskets


def test_baskets_saved_by_an_earlier_run_come_back(saved_baskets: Baskets, paper_app: PaperApp) -> None:
    names = panel(paper_app).names
    assert [names.itemText(i) for i in range(names.count())] == ["Morning (1)", "Hedge (0)"]
    assert rows(paper_app) == [("BUY", "INFY (NSE)", "2", "LIMIT 1,600.00")]
    assert paper_app.shell.basket.baskets == saved_baskets


@pytest.fixture
def damaged_baskets(tmp_path: Path) -> str:
    text = json.dumps({"baskets": [{"name": "Morning", "orders": [{"tradingsymbol": "INFY"}]}]})
    folder = tmp_path / "config"
    folder.mkdir(parents=True)
    (folder / "baskets.json").write_text(text, encoding="utf-8")
    return text


def test_a_damaged_baskets_file_is_reported_and_kept(damaged_baskets: str, paper_app: PaperApp, tmp_path: Path) -> None:
    [aside] = (tmp_path / "config").glob("baskets.unreadable-*.json")
    assert aside.read_text(encoding="utf-8") == damaged_baskets
    paper_app.qtbot.waitUntil(lambda: bool(paper_app.shell.messages.shown), timeout=WAIT_MS)
    title, text = paper_app.shell.messages.shown[0]
    assert title == "Baskets not loaded"
    assert str(aside) in text
    assert rows(paper_app) == []


def test_place_all_in_order_with_one_rejected_in_the_middle(
    paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    paper_app.show_instrument("INFY", "1600")
    add(paper_app, Order(price="1590.00"))
    paper_app.show_instrument("SBIN", "1000")
    add(paper_app, Order("SBIN", variety=Variety.CO, product=Product.MIS, order_type=OrderType.MARKET,
                         trigger_price="990.00"))  # fmt: skip
    paper_app.show_instrument("TCS", "3400")
    add(paper_app, Order("TCS", price="3390.00"))
    # The market moves after the basket was built: the cover order's stop is now beyond Kite's 9.9 % band.
    paper_app.set_price("SBIN", "1200")
    answers = answer_bulk(monkeypatch)

    with paper_app.qtbot.waitSignal(paper_app.shell.bulk.run_finished, timeout=WAIT_MS):
        click(paper_app, "place_all")

    [plan] = answers.plans
    assert plan.title == "Place basket Basket 1"
    assert [line.split(" (NSE)")[0] for line in plan.lines()] == ["1. BUY 1 INFY", "2. BUY 1 SBIN", "3. BUY 1 TCS"]
    results = paper_app.shell.bulk.dialog.run.results  # type: ignore[union-attr]
    assert [result.outcome for result in results] == [Outcome.DONE, Outcome.FAILED, Outcome.DONE]
    assert "beyond the allowed range" in results[1].detail
    model = panel(paper_app).model
    shown = [str(model.index(row, model.columnCount() - 1).data()) for row in range(3)]
    assert shown[0].startswith("Placed: order ")
    assert shown[1].startswith("Not placed: The stop loss trigger price is beyond the allowed range of 9.9%.")
    placed = [result.detail.removeprefix("order ") for result in (results[0], results[2])]
    for order_id in placed:
        row = paper_app.wait_for_status(order_id, "OPEN")
        assert row.tag  # each placement carried a tag of its own, by which a lost reply would be found
    journal = paper_app.shell.journal
    assert journal is not None
    assert journal.open_placements() == ()


def test_new_rename_and_delete_baskets_from_the_basket_menu(
    paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    typed = iter(["Nifty hedge", "Nifty spread"])
    monkeypatch.setattr(BasketNames, "ask", classmethod(lambda cls, parent, title, text="": next(typed)))
    shown = panel(paper_app)

    def choose(name: str) -> None:
        menu = shown.basket_menu_button.menu()
        assert menu is not None
        shown.actions_by_name[name].trigger()

    choose("new_basket")
    choose("rename_basket")
    names = [shown.names.itemText(i) for i in range(shown.names.count())]
    assert names == ["Basket 1 (0)", "Nifty spread (0)"]
    assert shown.names.currentIndex() == 1
    paper_app.show_instrument("INFY", "1600")
    add(paper_app, Order(price="1590.00"))
    paper_app.answers.answer = True

    choose("delete_basket")

    assert paper_app.answers.asked[-1] == "Delete basket?"
    assert [shown.names.itemText(i) for i in range(shown.names.count())] == ["Basket 1 (0)"]
    assert load_baskets(tmp_path / "config" / "baskets.json").baskets == Baskets()


@pytest.fixture
def risky_baskets(tmp_path: Path) -> Baskets:
    """A basket saved earlier (baskets.json can be edited by hand): a clean order, one off the tick grid, and one
    worth ₹19.8 lakh, above the default equity maximum of ₹10 lakh per order."""
    orders = (
        limit_buy(quantity=2, price=Decimal("1590.00")),
        limit_buy(quantity=2, price=Decimal("1590.03")),
        limit_buy(tradingsymbol="SBIN", quantity=2000, price=Decimal("990.00")),
    )
    baskets = Baskets((Basket("Morning", orders),), current=0)
    save_baskets(tmp_path / "config" / "baskets.json", baskets)
    return baskets


def place_all(app: PaperApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    app.set_price("INFY", "1600")
    app.set_price("SBIN", "1000")
    answers = answer_bulk(monkeypatch)
    with app.qtbot.waitSignal(app.shell.bulk.run_finished, timeout=WAIT_MS):
        click(app, "place_all")
    [plan] = answers.plans
    return plan.lines()


def result_texts(app: PaperApp) -> list[str]:
    model = panel(app).model
    return [str(model.index(row, model.columnCount() - 1).data()) for row in range(model.rowCount())]


def test_placing_checks_each_order_again_and_a_precaution_needs_an_explicit_yes(
    risky_baskets: Baskets, paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    paper_app.answers.answer = False  # "Override precautions?": No

    lines = place_all(paper_app, monkeypatch)

    assert paper_app.answers.asked[-1] == "Override precautions?"
    assert paper_app.answers.texts[-1].startswith(
        "These orders trip your precautions:\n\n#3 BUY 2,000 SBIN (NSE) LIMIT at ₹990.00, CNC, Regular\n"
        "   • Order value ₹19,80,000.00 is above your equity maximum of ₹10,00,000 per order."
    )
    assert lines[0] == "1. BUY 2 INFY (NSE) LIMIT at ₹1,590.00, CNC, Regular"
    assert len(lines) == 3  # the one order sent, then the two skipped with their reasons
    assert lines[1].startswith("Skipped: #2 BUY 2 INFY (NSE) LIMIT at ₹1,590.03")
    assert "tick" in lines[1]
    assert lines[2].startswith("Skipped: #3 BUY 2,000 SBIN (NSE) LIMIT at ₹990.00, CNC, Regular (your precautions:")
    results = result_texts(paper_app)
    assert results[0].startswith("Placed: order ")
    assert results[1].startswith("Not sent: ")
    assert "tick" in results[1]
    assert results[2].startswith("Not sent: your precautions: Order value ₹19,80,000.00")
    paper_app.poll_and_wait()
    book = [paper_app.book.row_at(row) for row in range(paper_app.book.rowCount())]
    assert [row.tradingsymbol for row in book if row.tag] == ["INFY"]


def test_with_the_override_the_questioned_order_is_placed_on_its_own_row(
    risky_baskets: Baskets, paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    place_all(paper_app, monkeypatch)  # every question answered Yes

    results = paper_app.shell.bulk.dialog.run.results  # type: ignore[union-attr]
    assert [result.outcome for result in results] == [Outcome.DONE, Outcome.DONE]
    shown = result_texts(paper_app)
    assert shown[0].startswith("Placed: order ")
    assert shown[1].startswith("Not sent: ")  # the rules are not overridden: off the tick grid, never sent
    assert shown[2].startswith("Placed: order "), "the second order sent is the basket's third row"


def test_the_basket_is_locked_while_it_is_placed(
    saved_baskets: Baskets, paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    paper_app.set_price("INFY", "1600")
    answer_bulk(monkeypatch)
    paper_app.admin("faults", {"kind": "latency", "path": "/orders/regular", "method": "POST", "hold": True})
    click(paper_app, "place_all")
    paper_app.qtbot.waitUntil(lambda: paper_app.shell.bulk.dialog is not None, timeout=WAIT_MS)
    dialog = paper_app.shell.bulk.dialog
    assert dialog is not None
    paper_app.qtbot.waitUntil(lambda: dialog.run.sending, timeout=WAIT_MS)
    buttons = panel(paper_app).buttons
    assert not any(buttons[name].isEnabled() for name in ("add", "edit", "remove", "up", "down", "place_all"))
    paper_app.shell.basket.add_from_ticket()  # Ctrl+B from the Orders menu, while it is placed
    assert rows(paper_app) == [("BUY", "INFY (NSE)", "2", "LIMIT 1,600.00")]
    with paper_app.qtbot.waitSignal(paper_app.shell.bulk.run_finished, timeout=WAIT_MS):
        paper_app.admin("faults", {"release": True})
    assert buttons["place_all"].isEnabled()
    assert result_texts(paper_app)[0].startswith("Placed: order ")


def test_an_order_over_the_users_precautions_goes_in_only_when_the_user_says_so(paper_app: PaperApp) -> None:
    preferences = Preferences().changed(max_order_quantity=5)  # a fresh profile has the default settings
    paper_app.window.preferences_changed.emit(preferences)  # as Settings ▸ Precautions does
    paper_app.show_instrument("INFY", "1600")
    paper_app.enter(Order(price="1590.00", quantity=10))
    paper_app.answers.answer = False

    click(paper_app, "add")

    assert paper_app.answers.asked[-1] == OVERRIDE_TITLE
    assert "BUY 10 INFY (NSE) LIMIT at ₹1,590.00" in paper_app.answers.texts[-1]
    assert panel(paper_app).model.rowCount() == 0
    paper_app.answers.answer = True
    add(paper_app, Order(price="1590.00", quantity=10))
    assert rows(paper_app) == [("BUY", "INFY (NSE)", "10", "LIMIT 1,590.00")]


def test_a_hedged_basket_shows_its_spread_benefit(paper_app: PaperApp) -> None:
    near, far = nifty("FUT", 0), nifty("FUT", 1)
    for future, side in ((near, TransactionType.BUY), (far, TransactionType.SELL)):
        paper_app.ticket.set_instrument(Exchange.NFO, future.tradingsymbol)
        paper_app.qtbot.waitUntil(lambda: paper_app.ticket.instrument() is not None, timeout=WAIT_MS)
        add(paper_app, Order(future.tradingsymbol, Exchange.NFO, side, product=Product.NRML,
                             order_type=OrderType.MARKET, quantity=future.lot_size))  # fmt: skip

    margin = panel(paper_app).margin
    paper_app.qtbot.waitUntil(lambda: "with the spread benefit of ₹" in margin.text(), timeout=WAIT_MS)
    assert margin.text().startswith("Margin ₹")
    assert " → ₹" in margin.text()
