"""Placing from the ticket, through the SDK, onto the paper exchange: every variety and order type the ticket
offers shows up in the order book once, with the status Kite would show, and the ticket shows its order id."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Validity, Variety
from kiteticket.domain.fields import Field
from kiteticket.domain.prices import format_price
from tests.ui.app.helpers import WAIT_MS, Order, PaperApp, named, nearest_nifty

SELL = TransactionType.SELL


def assert_placed_once(app: PaperApp, order_id: str, status: str) -> None:
    row = app.wait_for_status(order_id, status)
    assert app.rows_with_id(order_id) == 1
    # The result line follows the order: "placed" while it works, its fate once the book has the final word.
    word = {"COMPLETE": "complete:", "CANCELLED": "cancelled", "REJECTED": "rejected:"}.get(status, "placed")
    app.qtbot.waitUntil(lambda: app.result_text().startswith(f"Order {order_id} {word}"), timeout=WAIT_MS)
    assert row.tag is not None
    assert row.tag.startswith("kt")


def test_regular_limit_buy_below_the_market_rests_open(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")

    order_id = paper_app.place(Order(price="1590.00", quantity=3))

    assert_placed_once(paper_app, order_id, "OPEN")
    row = paper_app.row(order_id)
    assert (row.transaction_type, row.quantity, row.price, row.order_type) == ("BUY", 3, 1590.0, "LIMIT")


def test_regular_market_buy_with_auto_protection_completes(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    assert paper_app.ticket.inputs.market_protection.text() == "Auto"

    order_id = paper_app.place(Order(order_type=OrderType.MARKET, quantity=2))

    assert_placed_once(paper_app, order_id, "COMPLETE")
    row = paper_app.row(order_id)
    assert row.filled_quantity == 2
    assert 1600 <= row.average_price <= 1600 * 1.02  # inside the Auto band (2 % on the paper exchange)
    assert "mktp" in row.tags


def test_stop_loss_buy_above_the_market_waits_for_its_trigger(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")

    order_id = paper_app.place(Order(order_type=OrderType.SL, price="1612.00", trigger_price="1610.00"))

    assert_placed_once(paper_app, order_id, "TRIGGER PENDING")
    assert (paper_app.row(order_id).trigger_price, paper_app.row(order_id).price) == (1610.0, 1612.0)


def test_stop_loss_market_sell_of_holdings_waits_for_its_trigger(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")

    order_id = paper_app.place(Order(side=SELL, order_type=OrderType.SLM, trigger_price="1580.00", quantity=2))

    assert_placed_once(paper_app, order_id, "TRIGGER PENDING")
    row = paper_app.row(order_id)
    assert (row.transaction_type, row.order_type, row.trigger_price) == ("SELL", "SL-M", 1580.0)


def test_future_is_placed_in_whole_lots(paper_app: PaperApp) -> None:
    future = nearest_nifty("FUT")
    paper_app.show_instrument(future.tradingsymbol, "26000", Exchange.NFO)
    order = Order(future.tradingsymbol, Exchange.NFO, product=Product.NRML, price="25900.00", quantity=2 * 65)
    paper_app.enter(order)
    assert paper_app.ticket.inputs.hints[Field.QUANTITY].text() == "= 130 qty"  # entered as 2 lots

    order_id = paper_app.place(order)

    assert_placed_once(paper_app, order_id, "OPEN")
    assert (paper_app.row(order_id).quantity, paper_app.row(order_id).product) == (130, "NRML")


def test_option_buy_of_one_lot_rests_open(paper_app: PaperApp) -> None:
    option = nearest_nifty("CE")
    paper_app.show_instrument(option.tradingsymbol, "300", Exchange.NFO)

    order_id = paper_app.place(
        Order(option.tradingsymbol, Exchange.NFO, product=Product.MIS, price="290.00", quantity=option.lot_size)
    )

    assert_placed_once(paper_app, order_id, "OPEN")
    assert paper_app.row(order_id).quantity == option.lot_size


def test_amo_waits_for_the_open_after_the_paper_market_closes(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    paper_app.window.paper_market_requested.emit("closed")  # what the Paper menu's "After hours" entry emits
    paper_app.qtbot.waitUntil(lambda: paper_app.market_mode() == "closed", timeout=WAIT_MS)

    order_id = paper_app.place(Order(variety=Variety.AMO, price="1590.00"))

    assert_placed_once(paper_app, order_id, "AMO REQ RECEIVED")
    assert paper_app.row(order_id).variety == "amo"


def test_ticket_hint_follows_the_paper_market_it_was_switched_to(paper_app: PaperApp) -> None:
    paper_app.window.paper_market_requested.emit("closed")
    paper_app.qtbot.waitUntil(lambda: paper_app.market_mode() == "closed", timeout=WAIT_MS)
    paper_app.enter(Order(variety=Variety.AMO, price="1590.00"))

    hint = named(paper_app.ticket, "hint", QLabel)
    paper_app.qtbot.waitUntil(lambda: hint.text().startswith("AMO window for NSE"), timeout=WAIT_MS)
    assert "place a regular order" not in hint.text()


def test_cover_order_at_market_fills_and_leaves_its_stop_leg_pending(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")

    order_id = paper_app.place(
        Order(variety=Variety.CO, product=Product.MIS, order_type=OrderType.MARKET, trigger_price="1580.00")
    )

    assert_placed_once(paper_app, order_id, "COMPLETE")
    paper_app.qtbot.waitUntil(lambda: len(paper_app.children_of(order_id)) == 1, timeout=WAIT_MS)
    (stop,) = paper_app.children_of(order_id)
    assert (stop.transaction_type, stop.order_type, stop.trigger_price) == ("SELL", "SL-M", 1580.0)
    assert paper_app.wait_for_status(stop.order_id, "TRIGGER PENDING").variety == "co"


def test_cover_order_at_a_limit_rests_open(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")

    order_id = paper_app.place(Order(variety=Variety.CO, product=Product.MIS, price="1590.00", trigger_price="1575.00"))

    assert_placed_once(paper_app, order_id, "OPEN")
    assert paper_app.children_of(order_id) == []


def test_iceberg_shows_its_first_leg(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    order = Order(variety=Variety.ICEBERG, price="1590.00", quantity=10, iceberg_legs=2)
    paper_app.enter(order)
    assert paper_app.ticket.inputs.iceberg_quantity.value() == 5

    order_id = paper_app.place(order)

    row = paper_app.wait_for_order(order_id)
    assert_placed_once(paper_app, order_id, "OPEN")
    assert row.iceberg is not None
    assert (row.quantity, row.iceberg.leg, row.iceberg.legs, row.iceberg.total_quantity) == (5, 1, 2, 10)


def test_ioc_limit_that_cannot_fill_is_cancelled_by_the_exchange(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")

    order_id = paper_app.place(Order(validity=Validity.IOC, price="1590.00"))

    row = paper_app.wait_for_status(order_id, "CANCELLED")
    assert_placed_once(paper_app, order_id, "CANCELLED")
    assert row.status_message == "16388: Unmatched orders cancelled by the system"
    assert paper_app.cell(order_id, 11).data(Qt.ItemDataRole.ToolTipRole) == row.status_message


def test_ttl_limit_rests_open_with_its_minutes(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")

    order_id = paper_app.place(Order(validity=Validity.TTL, validity_ttl=5, price="1590.00"))

    row = paper_app.wait_for_status(order_id, "OPEN")
    assert_placed_once(paper_app, order_id, "OPEN")
    assert (row.validity, row.validity_ttl) == ("TTL", 5)


def test_auction_sell_of_holdings_rests_open(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    listed = paper_app.other_device().get_auction_instruments()
    number = next(row["auction_number"] for row in listed if row["tradingsymbol"] == "INFY")

    order_id = paper_app.place(
        Order(side=SELL, variety=Variety.AUCTION, price="1650.00", quantity=2, auction_number=number)
    )

    row = paper_app.wait_for_status(order_id, "OPEN")
    assert_placed_once(paper_app, order_id, "OPEN")
    assert (row.variety, row.transaction_type, row.raw.get("auction_number")) == ("auction", "SELL", number)


def test_ctrl_enter_sends_the_order(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    paper_app.enter(Order(price="1590.00"))

    with paper_app.qtbot.waitSignal(paper_app.shell.placement.order_placed, timeout=WAIT_MS) as placed:
        paper_app.press_in(paper_app.ticket.inputs.price, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert_placed_once(paper_app, str(placed.args[0]), "OPEN")
    assert format_price(paper_app.row(str(placed.args[0])).price) == "1590.00"


def test_amo_goes_to_the_exchange_when_the_paper_market_opens(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    paper_app.window.paper_market_requested.emit("closed")
    paper_app.qtbot.waitUntil(lambda: paper_app.market_mode() == "closed", timeout=WAIT_MS)
    order_id = paper_app.place(Order(variety=Variety.AMO, price="1590.00"))
    paper_app.wait_for_status(order_id, "AMO REQ RECEIVED")

    paper_app.window.paper_market_requested.emit("open")

    row = paper_app.wait_for_status(order_id, "OPEN")
    assert row.variety == "amo"  # Kite keeps calling it an AMO once it is at the exchange


def test_placing_from_the_ticket_selects_the_new_order(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    earlier = paper_app.place(Order(price="1590.00"))
    paper_app.wait_for_status(earlier, "OPEN")
    paper_app.select(earlier)

    newer = paper_app.place(Order(price="1589.00"))

    paper_app.qtbot.waitUntil(lambda: paper_app.selected_ids() == [newer], timeout=WAIT_MS)
