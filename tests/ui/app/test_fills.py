"""A resting order filled by the market: the book, the trades tab and the positions tab all show it, and Exit from
positions prefills the ticket with the closing order."""

from __future__ import annotations

import pytest

from kiteticket.domain.enums import OrderType, Product, TransactionType, Variety
from kiteticket.domain.portfolio_rows import Position
from tests.ui.app.helpers import WAIT_MS, Order, PaperApp


@pytest.fixture
def filled(paper_app: PaperApp) -> str:
    """A BUY 3 INFY at 1590 that rested OPEN, then filled when the price fell through it."""
    paper_app.show_instrument("INFY", "1600")
    order_id = paper_app.place(Order(price="1590.00", quantity=3))
    paper_app.wait_for_status(order_id, "OPEN")
    paper_app.set_price("INFY", "1585")
    return order_id


def infy_position(app: PaperApp) -> Position | None:
    return next((p for p in app.shell.positions_model.rows() if p.tradingsymbol == "INFY"), None)


def infy_quantity(app: PaperApp) -> int:
    position = infy_position(app)
    return position.quantity if position is not None else 0


def test_price_through_a_resting_limit_completes_it(paper_app: PaperApp, filled: str) -> None:
    row = paper_app.wait_for_status(filled, "COMPLETE")

    assert row.filled_quantity == 3
    assert row.average_price <= 1590.0  # a BUY limit never fills above its price


def test_trades_tab_shows_the_fill(paper_app: PaperApp, filled: str) -> None:
    paper_app.wait_for_status(filled, "COMPLETE")

    def traded() -> int:
        return sum(t.quantity for t in paper_app.shell.trades_model.rows() if t.order_id == filled)

    paper_app.qtbot.waitUntil(lambda: traded() == 3, timeout=WAIT_MS)


def test_positions_tab_shows_the_bought_quantity(paper_app: PaperApp, filled: str) -> None:
    paper_app.wait_for_status(filled, "COMPLETE")

    paper_app.qtbot.waitUntil(lambda: infy_quantity(paper_app) == 3, timeout=WAIT_MS)
    position = infy_position(paper_app)
    assert position is not None
    assert position.product == Product.CNC.value


def test_exit_from_positions_prefills_the_opposite_side(paper_app: PaperApp, filled: str) -> None:
    paper_app.wait_for_status(filled, "COMPLETE")
    paper_app.qtbot.waitUntil(lambda: infy_quantity(paper_app) == 3, timeout=WAIT_MS)
    view = paper_app.shell.positions_view
    model = paper_app.shell.positions_model
    row = next(index for index, p in enumerate(model.rows()) if p.tradingsymbol == "INFY")
    view.setCurrentIndex(view.model().index(row, 0))
    rows_before = paper_app.book.rowCount()

    view.exit_action.trigger()

    # Exit reads the positions again first (ui/portfolio/prefill.py): the ticket fills when that read is back.
    sell = TransactionType.SELL
    paper_app.qtbot.waitUntil(
        lambda: getattr(paper_app.ticket.current_request(), "transaction_type", 0) == sell, timeout=WAIT_MS
    )
    request = paper_app.ticket.current_request()
    assert request is not None
    assert (request.transaction_type, request.quantity, request.tradingsymbol) == (TransactionType.SELL, 3, "INFY")
    assert (request.order_type, request.product, request.market_protection) == (OrderType.MARKET, Product.CNC, -1)
    paper_app.poll_and_wait()
    assert paper_app.book.rowCount() == rows_before  # prefilled, not sent


def test_stop_loss_triggers_and_fills_when_the_price_reaches_it(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    order_id = paper_app.place(Order(order_type=OrderType.SL, price="1612.00", trigger_price="1610.00"))
    paper_app.wait_for_status(order_id, "TRIGGER PENDING")

    paper_app.set_price("INFY", "1610")

    row = paper_app.wait_for_status(order_id, "COMPLETE")
    assert row.average_price <= 1612.0


def test_iceberg_places_its_next_leg_when_the_first_fills(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    first = paper_app.place(Order(variety=Variety.ICEBERG, price="1590.00", quantity=10, iceberg_legs=2))
    paper_app.wait_for_status(first, "OPEN")

    paper_app.set_price("INFY", "1589")  # the first leg fills, the second goes to the exchange and fills too

    paper_app.wait_for_status(first, "COMPLETE")

    def legs() -> list[int]:
        rows = (paper_app.book.row_at(n) for n in range(paper_app.book.rowCount()))
        return sorted(row.iceberg.leg for row in rows if row.iceberg is not None and row.iceberg.total_quantity == 10)

    paper_app.qtbot.waitUntil(lambda: legs() == [1, 2], timeout=WAIT_MS)
