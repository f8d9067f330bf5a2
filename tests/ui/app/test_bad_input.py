"""Bad input never reaches Kite, and what Kite refuses is said in Kite's words next to the ticket."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiteticket.domain.enums import Exchange, Product
from kiteticket.domain.fields import Field
from tests.ui.app.helpers import WAIT_MS, Order, PaperApp, named, nearest_nifty, problem_text

STATUS = 11


def test_off_tick_price_disables_send_and_says_why_beside_the_price(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    paper_app.poll_and_wait()
    before = paper_app.book.rowCount()

    paper_app.enter(Order(price="1600.03"))
    paper_app.click_submit()
    paper_app.poll_and_wait()

    assert not paper_app.submit_button().isEnabled()
    assert problem_text(paper_app.ticket, Field.PRICE) == (
        "Price 1600.03 is not a multiple of the tick size 0.05: use 1600.00 or 1600.05."
    )
    assert paper_app.answers.asked == []
    assert paper_app.book.rowCount() == before


def test_insufficient_funds_shows_a_rejected_row_with_kites_message(paper_app: PaperApp) -> None:
    paper_app.show_instrument("MARUTI", "17000")

    order_id = paper_app.place(Order("MARUTI", price="17000.00", quantity=1000))

    row = paper_app.wait_for_status(order_id, "REJECTED")
    assert row.status_message is not None
    assert row.status_message.startswith("Insufficient funds. Required margin is ")
    assert paper_app.cell(order_id, STATUS).data(Qt.ItemDataRole.ToolTipRole) == row.status_message
    assert paper_app.rows_with_id(order_id) == 1


def test_insufficient_funds_rejection_replaces_placed_in_the_ticket(paper_app: PaperApp) -> None:
    paper_app.show_instrument("MARUTI", "17000")

    order_id = paper_app.place(Order("MARUTI", price="17000.00", quantity=1000))
    paper_app.wait_for_status(order_id, "REJECTED")

    result = named(paper_app.ticket, "result", QLabel)
    paper_app.qtbot.waitUntil(lambda: "rejected" in result.text(), timeout=WAIT_MS)
    assert result.text().startswith(f"Order {order_id} rejected: Insufficient funds. Required margin is ")


def test_freeze_quantity_is_refused_with_kites_message_and_no_row(paper_app: PaperApp) -> None:
    future = nearest_nifty("FUT")
    paper_app.show_instrument(future.tradingsymbol, "26000", Exchange.NFO)
    paper_app.poll_and_wait()
    before = paper_app.book.rowCount()
    paper_app.enter(Order(future.tradingsymbol, Exchange.NFO, product=Product.NRML, price="25900.00", quantity=1820))

    paper_app.click_submit()
    paper_app.qtbot.waitUntil(lambda: paper_app.result_text().startswith("Rejected: "), timeout=WAIT_MS)
    paper_app.poll_and_wait()

    assert paper_app.result_text() == (
        "Rejected: The order quantity 1820 (28 lots) is higher than the maximum quantity of 1755 (27 lots) "
        "allowed by the exchanges. Please reduce the order quantity or use iceberg orders."
    )
    assert paper_app.book.rowCount() == before
    assert paper_app.submit_button().isEnabled()  # the ticket is free again for a corrected order
