"""Header = confirmation = request, and exactly what the screen shows or nothing: every field changed through the
window, then the header, the confirmation the user said yes to and the order the paper exchange received agree.
The exchange is read through the SDK, as a second device would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QPushButton

from kiteticket.domain.enums import Exchange, OrderType, Product, Validity, Variety
from kiteticket.domain.fields import Field
from tests.ui.app.helpers import WAIT_MS, PaperApp, choose, named, nearest_nifty, problem_text

CTRL = Qt.KeyboardModifier.ControlModifier


def type_into(app: PaperApp, spin: QAbstractSpinBox, text: str) -> None:
    """Click the field, select all and type, as a user does."""
    app.focus(spin)  # the click, in the active window
    app.qtbot.mouseClick(spin, Qt.MouseButton.LeftButton)
    app.qtbot.keyClick(spin, Qt.Key.Key_A, CTRL)
    app.qtbot.keyClicks(spin, text)


@dataclass(frozen=True)
class Case:
    name: str
    change: Callable[[PaperApp], None]  # through the window
    header: str  # what the header's title says
    confirmation: tuple[str, ...]  # lines of the confirmation
    received: dict[str, Any]  # what the exchange's order carries


def _quantity(app: PaperApp) -> None:
    type_into(app, app.ticket.inputs.quantity, "7")


def _price(app: PaperApp) -> None:
    type_into(app, app.ticket.inputs.price, "1598.5")


def _sell(app: PaperApp) -> None:
    assert choose(app.ticket, Field.PRODUCT, Product.MIS)
    app.qtbot.mouseClick(named(app.ticket, "sell", QPushButton), Qt.MouseButton.LeftButton)


def _product(app: PaperApp) -> None:
    assert choose(app.ticket, Field.PRODUCT, Product.MIS)


def _stop_loss(app: PaperApp) -> None:
    assert choose(app.ticket, Field.ORDER_TYPE, OrderType.SL)
    type_into(app, app.ticket.inputs.price, "1610")
    type_into(app, app.ticket.inputs.trigger_price, "1605")


def _minutes(app: PaperApp) -> None:
    assert choose(app.ticket, Field.VALIDITY, Validity.TTL)
    type_into(app, app.ticket.inputs.validity_ttl, "30")


def _disclosed(app: PaperApp) -> None:
    type_into(app, app.ticket.inputs.quantity, "100")
    type_into(app, app.ticket.inputs.disclosed_quantity, "20")


def _iceberg(app: PaperApp) -> None:
    assert choose(app.ticket, Field.VARIETY, Variety.ICEBERG)
    type_into(app, app.ticket.inputs.quantity, "100")
    type_into(app, app.ticket.inputs.iceberg_legs, "4")


def _protection(app: PaperApp) -> None:
    assert choose(app.ticket, Field.ORDER_TYPE, OrderType.MARKET)
    type_into(app, app.ticket.inputs.market_protection, "3")


CASES = (
    Case("quantity", _quantity, "BUY INFY  ×7", ("BUY 7 INFY on NSE",), {"quantity": 7}),
    Case("price", _price, "BUY INFY  ×1", ("Regular · CNC · LIMIT at ₹1,598.50",), {"price": 1598.5}),
    Case("side", _sell, "SELL INFY  ×1", ("SELL 1 INFY on NSE",), {"transaction_type": "SELL"}),
    Case("product", _product, "BUY INFY  ×1", ("Regular · MIS · LIMIT at ₹1,600.00",), {"product": "MIS"}),
    Case(
        "trigger", _stop_loss, "BUY INFY  ×1", ("Regular · CNC · SL at ₹1,610.00, trigger ₹1,605.00",),
        {"order_type": "SL", "price": 1610, "trigger_price": 1605},
    ),
    Case(
        "minutes", _minutes, "BUY INFY  ×1", ("Validity 30 minutes (TTL)",), {"validity": "TTL", "validity_ttl": 30}
    ),
    Case(
        "disclosed", _disclosed, "BUY INFY  ×100", ("BUY 100 INFY on NSE", "Disclosed quantity 20"),
        {"quantity": 100, "disclosed_quantity": 20},
    ),
    Case(
        "iceberg", _iceberg, "BUY INFY  ×100", ("Iceberg · CNC · LIMIT at ₹1,600.00", "Iceberg 4 legs × 25 qty"),
        {"variety": "iceberg", "meta": {"iceberg": {
            "leg": 1, "legs": 4, "leg_quantity": 25, "total_quantity": 100, "remaining_quantity": 75}}},
    ),
    Case(
        "protection", _protection, "BUY INFY  ×1", ("Regular · CNC · MARKET", "Market protection 3%"),
        {"market_protection": 3},  # the exchange turns MARKET into LIMIT at the protection band's edge
    ),
)  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_header_confirmation_and_request_agree(paper_app: PaperApp, case: Case) -> None:
    paper_app.show_instrument("INFY", "1600")
    paper_app.ticket.inputs.price.setValue(1600.0)
    case.change(paper_app)
    assert paper_app.ticket.parts.title.text() == case.header
    assert paper_app.submit_button().isEnabled(), paper_app.ticket.problems()

    with paper_app.qtbot.waitSignal(paper_app.shell.placement.order_placed, timeout=WAIT_MS) as placed:
        paper_app.click_submit()
    [question] = paper_app.answers.texts
    lines = question.splitlines()
    for line in case.confirmation:
        assert line in lines, question

    [order] = [o for o in paper_app.read_elsewhere(lambda kite: kite.orders()) if o["order_id"] == placed.args[0]]
    for key, value in case.received.items():
        assert order[key] == value, (key, order)
    assert f"Tag {order['tag']}" in lines  # the very order the user said yes to


def test_a_derivative_in_lots_agrees_in_lots_and_units(paper_app: PaperApp) -> None:
    option = nearest_nifty("CE")  # an option: two lots stay under the default precaution on order value
    paper_app.show_instrument(option.tradingsymbol, "300", Exchange.NFO)
    assert choose(paper_app.ticket, Field.PRODUCT, Product.NRML)
    type_into(paper_app, paper_app.ticket.inputs.quantity, "2")
    type_into(paper_app, paper_app.ticket.inputs.price, "290")
    units = 2 * option.lot_size
    assert paper_app.ticket.parts.title.text() == f"BUY {option.tradingsymbol}  ×2 lots ({units} qty)"

    with paper_app.qtbot.waitSignal(paper_app.shell.placement.order_placed, timeout=WAIT_MS) as placed:
        paper_app.click_submit()
    assert f"BUY 2 lots ({units} qty) {option.tradingsymbol} on NFO" in paper_app.answers.texts[0].splitlines()
    [order] = [o for o in paper_app.read_elsewhere(lambda kite: kite.orders()) if o["order_id"] == placed.args[0]]
    assert order["quantity"] == units


def test_an_emptied_quantity_and_ctrl_enter_reach_no_exchange(paper_app: PaperApp) -> None:
    paper_app.show_instrument("INFY", "1600")
    ticket = paper_app.ticket
    type_into(paper_app, ticket.inputs.quantity, "50")
    type_into(paper_app, ticket.inputs.price, "1600")
    assert paper_app.submit_button().isEnabled()
    paper_app.press_in(ticket.inputs.quantity, Qt.Key.Key_A, CTRL)
    paper_app.qtbot.keyClick(ticket.inputs.quantity, Qt.Key.Key_Backspace)
    with paper_app.qtbot.assertNotEmitted(ticket.submit_requested):
        paper_app.qtbot.keyClick(ticket.inputs.quantity, Qt.Key.Key_Return, CTRL)
    assert problem_text(ticket, Field.QUANTITY) == "Enter a quantity."
    type_into(paper_app, ticket.inputs.price, "")  # and a cleared price
    paper_app.qtbot.keyClick(ticket.inputs.price, Qt.Key.Key_Backspace)
    paper_app.qtbot.keyClick(ticket.inputs.price, Qt.Key.Key_Return, CTRL)
    paper_app.poll_and_wait()
    assert paper_app.answers.asked == []
    assert paper_app.read_elsewhere(lambda kite: kite.orders()) == []
