"""The order book's filters over real orders: Open, Executed, All, and the search text."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit, QTabWidget

from kiteticket.domain.enums import OrderType, Validity
from tests.ui.app.helpers import Order, PaperApp


@pytest.fixture
def three_orders(paper_app: PaperApp) -> dict[str, str]:
    """One order in each state a filter tells apart: OPEN (INFY), COMPLETE (INFY), CANCELLED (SBIN, IOC)."""
    paper_app.show_instrument("INFY", "1600")
    resting = paper_app.place(Order(price="1590.00"))
    filled = paper_app.place(Order(order_type=OrderType.MARKET))
    paper_app.show_instrument("SBIN", "1000")
    cancelled = paper_app.place(Order("SBIN", validity=Validity.IOC, price="990.00"))
    for order_id, status in ((resting, "OPEN"), (filled, "COMPLETE"), (cancelled, "CANCELLED")):
        paper_app.wait_for_status(order_id, status)
    return {"open": resting, "complete": filled, "cancelled": cancelled}


def show_tab(app: PaperApp, label: str) -> None:
    tabs = app.window.findChild(QTabWidget, "status_filter")
    assert tabs is not None
    index = next(index for index in range(tabs.count()) if tabs.tabText(index) == label)
    tabs.setCurrentIndex(index)


def search(app: PaperApp, text: str) -> None:
    field = app.window.findChild(QLineEdit, "order_search")
    assert field is not None
    field.setText(text)


def test_open_tab_shows_only_working_orders(paper_app: PaperApp, three_orders: dict[str, str]) -> None:
    show_tab(paper_app, "Open")

    assert paper_app.visible_order_ids() == {three_orders["open"]}


def test_executed_tab_shows_only_completed_orders(paper_app: PaperApp, three_orders: dict[str, str]) -> None:
    show_tab(paper_app, "Executed")

    assert paper_app.visible_order_ids() == {three_orders["complete"]}


def test_all_tab_shows_every_order(paper_app: PaperApp, three_orders: dict[str, str]) -> None:
    show_tab(paper_app, "Open")
    show_tab(paper_app, "All")

    assert paper_app.visible_order_ids() == set(three_orders.values())


def test_search_text_matches_symbol_case_insensitively(paper_app: PaperApp, three_orders: dict[str, str]) -> None:
    search(paper_app, "sbin")

    assert paper_app.visible_order_ids() == {three_orders["cancelled"]}


def test_search_text_matches_the_order_tag(paper_app: PaperApp, three_orders: dict[str, str]) -> None:
    tag = paper_app.row(three_orders["complete"]).tag
    assert tag is not None

    search(paper_app, tag)

    assert paper_app.visible_order_ids() == {three_orders["complete"]}


def test_open_tab_drops_an_order_when_a_poll_shows_it_filled(paper_app: PaperApp, three_orders: dict[str, str]) -> None:
    show_tab(paper_app, "Open")

    paper_app.set_price("INFY", "1585")  # crosses the resting BUY at 1590
    paper_app.wait_for_status(three_orders["open"], "COMPLETE")

    assert paper_app.visible_order_ids() == set()
