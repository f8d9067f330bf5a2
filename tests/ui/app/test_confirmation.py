"""The place confirmation: off in Settings, nothing is asked; on and answered No, nothing reaches Kite."""

from __future__ import annotations

from PySide6.QtGui import QAction

from tests.ui.app.helpers import Order, PaperApp


def settings_action(app: PaperApp, name: str) -> QAction:
    found = [action for action in app.window.findChildren(QAction) if action.data() == name]
    assert len(found) == 1, f"no single Settings entry for {name}"
    return found[0]


def test_confirm_place_off_places_without_asking(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    settings_action(paper_app, "confirm_place").setChecked(False)

    order_id = paper_app.place(Order(price="1590.00"))

    paper_app.wait_for_status(order_id, "OPEN")
    assert paper_app.answers.asked == []


def test_confirm_place_on_asks_before_sending(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")

    order_id = paper_app.place(Order(price="1590.00"))

    paper_app.wait_for_status(order_id, "OPEN")
    assert paper_app.answers.asked == ["Place order?"]


def test_answering_no_sends_nothing(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    paper_app.poll_and_wait()
    before = paper_app.book.rowCount()
    paper_app.answers.answer = False
    paper_app.enter(Order(price="1590.00"))

    paper_app.click_submit()
    paper_app.poll_and_wait()

    assert paper_app.answers.asked == ["Place order?"]
    assert paper_app.book.rowCount() == before
    assert not paper_app.ticket.is_busy()
    assert paper_app.submit_button().isEnabled()  # declined, the order can still be sent
