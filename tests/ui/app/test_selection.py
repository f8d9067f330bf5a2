"""Polls change rows by diff: the trader's selection survives orders arriving and filling around it, and the model
never resets."""

from __future__ import annotations

from kiteticket.domain.enums import Exchange
from tests.ui.app.helpers import Order, PaperApp


def place_elsewhere(app: PaperApp, symbol: str, price: float) -> str:
    """An order placed from another device (Kite web, the mobile app): it reaches the book only by polling."""
    params = {"exchange": Exchange.NSE.value, "tradingsymbol": symbol, "transaction_type": "BUY", "quantity": 1}
    kite = app.other_device()
    try:
        return str(kite.place_order(variety="regular", product="CNC", order_type="LIMIT", price=price, **params))
    finally:
        kite.reqsession.close()


def test_selected_order_stays_selected_while_polls_change_other_rows(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    paper_app.set_price("SBIN", "1000")
    chosen = paper_app.place(Order(price="1590.00"))
    neighbour = paper_app.place(Order("SBIN", price="995.00"))
    paper_app.wait_for_status(neighbour, "OPEN")
    paper_app.select(chosen)
    resets: list[None] = []
    paper_app.book.modelReset.connect(lambda: resets.append(None))

    arrivals = [place_elsewhere(paper_app, "INFY", 1580.0 - step) for step in range(3)]
    paper_app.set_price("SBIN", "990")  # fills the neighbour
    for order_id in arrivals:
        paper_app.wait_for_status(order_id, "OPEN")
    paper_app.wait_for_status(neighbour, "COMPLETE")
    paper_app.poll_and_wait()

    assert paper_app.selected_ids() == [chosen]
    current = paper_app.shell.book_view.current_row()
    assert current is not None
    assert current.order_id == chosen
    assert resets == []


def test_selection_follows_its_order_when_rows_are_inserted_above_it(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    chosen = paper_app.place(Order(price="1590.00"))
    paper_app.wait_for_status(chosen, "OPEN")
    paper_app.select(chosen)
    row_before = paper_app.book.row_for_order(chosen)

    newer = place_elsewhere(paper_app, "INFY", 1585.0)
    paper_app.wait_for_status(newer, "OPEN")

    assert paper_app.book.row_for_order(chosen) != row_before  # the newer order is listed above it
    assert paper_app.selected_ids() == [chosen]
