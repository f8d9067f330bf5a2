"""Positions in the running paper app: the totals row follows the positions, and Convert turns an intraday position
into delivery (and back) after a confirmation that says what changes, through the guarded gateway (audited), with
the positions and funds read again after."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QToolButton

from kiteticket.domain.enums import Product
from kiteticket.domain.money import format_inr
from kiteticket.domain.portfolio_rows import Position
from kiteticket.ui.portfolio.convert import TITLE
from kiteticket.ui.portfolio.totals_bar import TotalsBar
from tests.ui.app.helpers import WAIT_MS, Order, PaperApp


def infy(app: PaperApp, product: str) -> Position | None:
    return next(
        (p for p in app.shell.positions_model.rows() if p.tradingsymbol == "INFY" and p.product == product), None
    )


def bought_intraday(app: PaperApp, quantity: int = 4) -> Position:
    """A MIS BUY of INFY filled at once (a limit above the market), shown in positions and selected with a click."""
    app.show_instrument("INFY", "1600")
    order_id = app.place(Order(product=Product.MIS, price="1601.00", quantity=quantity))
    app.wait_for_status(order_id, "COMPLETE")
    app.qtbot.waitUntil(lambda: getattr(infy(app, "MIS"), "quantity", 0) == quantity, timeout=WAIT_MS)
    view, model = app.shell.positions_view, app.shell.positions_model
    row = model.row_for_key("NSE:INFY:MIS")
    assert row is not None
    app.qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(view.model().index(row, 0)).center()
    )
    position = view.current_position()
    assert position is not None
    assert position.key == "NSE:INFY:MIS"
    return position


def convert_button(app: PaperApp) -> QToolButton:
    button = app.window.findChild(QToolButton, "convert_position_button")
    assert button is not None
    return button


def test_convert_asks_then_moves_the_position_to_delivery(paper_app: PaperApp) -> None:
    bought_intraday(paper_app)
    button = convert_button(paper_app)
    assert button.isEnabled()
    assert button.text() == "Convert"

    paper_app.qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(4, 4))

    assert paper_app.answers.asked == ["Place order?", TITLE]
    text = paper_app.answers.texts[-1]
    assert "Convert 4 of your long INFY (NSE) position, bought today, from MIS to CNC." in text
    assert "Value at the last price: ₹6,4" in text
    paper_app.qtbot.waitUntil(lambda: infy(paper_app, "CNC") is not None, timeout=WAIT_MS)
    converted = infy(paper_app, "CNC")
    assert converted is not None
    assert converted.quantity == 4
    assert infy(paper_app, "MIS") is None  # all of it moved
    journal = paper_app.shell.journal
    assert journal is not None
    calls = [(r.call, r.target, r.outcome) for r in journal.audit_records(50, routine=False)]
    assert ("convert_position", "PUT /portfolio/positions", "ok") in calls


def test_c_on_the_table_and_answering_no_converts_nothing(paper_app: PaperApp) -> None:
    bought_intraday(paper_app, quantity=2)
    paper_app.answers.answer = False

    paper_app.qtbot.keyClick(paper_app.shell.positions_view, Qt.Key.Key_C)

    assert paper_app.answers.asked[-1] == TITLE
    paper_app.poll_and_wait()
    paper_app.shell.portfolio.refresh()
    paper_app.qtbot.waitUntil(lambda: infy(paper_app, "MIS") is not None, timeout=WAIT_MS)
    assert infy(paper_app, "CNC") is None
    journal = paper_app.shell.journal
    assert journal is not None
    assert all(r.call != "convert_position" for r in journal.audit_records(50, routine=False))


def test_a_refused_conversion_is_said_in_the_users_words(paper_app: PaperApp) -> None:
    bought_intraday(paper_app, quantity=2)

    def sold_elsewhere() -> None:
        # While the question is open, the position is squared off from Kite web: nothing is left to convert.
        paper_app.other_device().place_order(
            variety="regular", exchange="NSE", tradingsymbol="INFY", transaction_type="SELL", quantity=2,
            product="MIS", order_type="LIMIT", price=1599,
        )  # fmt: skip

    paper_app.answers.meanwhile = sold_elsewhere

    paper_app.qtbot.mouseClick(convert_button(paper_app), Qt.MouseButton.LeftButton, pos=QPoint(4, 4))

    messages = paper_app.shell.messages
    paper_app.qtbot.waitUntil(
        lambda: any(title == "INFY not converted" for title, _ in messages.shown), timeout=WAIT_MS
    )
    text = next(text for title, text in messages.shown if title == "INFY not converted")
    assert "can be converted" in text  # the exchange's own reason, not an exception's name
    assert infy(paper_app, "CNC") is None


def test_the_totals_row_shows_realised_unrealised_m2m_and_pnl(paper_app: PaperApp) -> None:
    bought_intraday(paper_app, quantity=3)
    line = paper_app.window.findChild(TotalsBar, "positions_pnl")
    assert line is not None
    paper_app.set_price("INFY", "1610")
    paper_app.qtbot.waitUntil(lambda: "Unrealised +₹" in line.plain, timeout=WAIT_MS)
    totals = paper_app.shell.positions_model.totals()
    assert line.plain == (
        f"Realised {format_inr(totals.realised, signed=True)} · Unrealised {format_inr(totals.unrealised, signed=True)}"
        f" · M2M {format_inr(totals.m2m, signed=True)} · Total P&L {format_inr(totals.pnl, signed=True)}"
    )


def test_a_conversion_whose_reply_is_lost_may_have_been_done_and_positions_are_read_again(
    paper_app: PaperApp,
) -> None:
    bought_intraday(paper_app, quantity=3)
    # The exchange converts, then resets the connection instead of answering.
    paper_app.admin("faults", {"kind": "drop_response", "path": "/portfolio/positions", "method": "PUT"})

    paper_app.qtbot.mouseClick(convert_button(paper_app), Qt.MouseButton.LeftButton, pos=QPoint(4, 4))

    messages = paper_app.shell.messages
    title = "INFY: conversion may have been done"
    paper_app.qtbot.waitUntil(lambda: any(shown == title for shown, _ in messages.shown), timeout=WAIT_MS)
    text = next(text for shown, text in messages.shown if shown == title)
    assert "Kite may have converted 3 INFY from MIS to CNC" in text
    assert "not converted" not in " ".join(shown for shown, _ in messages.shown)
    # The positions, read again, show that it was done.
    paper_app.qtbot.waitUntil(lambda: getattr(infy(paper_app, "CNC"), "quantity", 0) == 3, timeout=WAIT_MS)
    assert infy(paper_app, "MIS") is None
