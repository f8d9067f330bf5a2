"""The modify dialog: prefilled from the row, fields by the ticket's rules, live validation, only changes sent."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QDoubleSpinBox, QLabel, QPushButton, QSpinBox, QWidget
from pytestqt.qtbot import QtBot

from kiteticket.domain.enums import OrderType, Validity, Variety
from kiteticket.domain.market import MarketSnapshot
from kiteticket.domain.order import AUTO_MARKET_PROTECTION, ModifyRequest
from kiteticket.domain.order_row import OrderRow, parse_order
from kiteticket.ui.book.modify_dialog import ModifyOrderDialog
from kiteticket.ui.ticket.inputs import ProtectionSpinBox
from tests.domain.test_orderbook import raw_order
from tests.factories import equity, future

# The offscreen platform cannot pass a shown window's size hints on, and says so.
OFFSCREEN = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def order(**overrides: Any) -> OrderRow:
    fields: dict[str, Any] = {"price": 1500.5, "quantity": 10, "pending_quantity": 10}
    fields.update(overrides)
    return parse_order(raw_order("1001", **fields))


def make(qtbot: QtBot, row: OrderRow, **kwargs: Any) -> ModifyOrderDialog:
    dialog = ModifyOrderDialog(row, kwargs.pop("instrument", equity()), **kwargs)
    qtbot.addWidget(dialog)
    return dialog


def spin(dialog: ModifyOrderDialog, name: str) -> QSpinBox:
    widget = dialog.findChild(QSpinBox, name)
    assert widget is not None
    return widget


def price(dialog: ModifyOrderDialog, name: str = "price") -> QDoubleSpinBox:
    widget = dialog.findChild(QDoubleSpinBox, name)
    assert widget is not None
    return widget


def choose(dialog: ModifyOrderDialog, name: str, value: object) -> None:
    combo = dialog.findChild(QComboBox, name)
    assert combo is not None
    index = combo.findData(value)
    assert index >= 0, f"{value} not offered in {name}"
    combo.setCurrentIndex(index)


def problem(dialog: ModifyOrderDialog, name: str) -> str:
    label = dialog.findChild(QLabel, f"{name}_problem")
    assert label is not None
    return label.text() if label.isVisibleTo(dialog) else ""


def ok_enabled(dialog: ModifyOrderDialog) -> bool:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    return box.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def enabled(dialog: ModifyOrderDialog) -> set[str]:
    names = ("quantity", "price", "trigger_price", "order_type", "validity", "disclosed_quantity", "market_protection")
    widgets = {name: dialog.findChild(QWidget, name) for name in names}
    return {name for name, widget in widgets.items() if widget is not None and widget.isEnabled()}


def test_prefilled_from_the_row(qtbot: QtBot) -> None:
    dialog = make(qtbot, order())

    assert dialog.objectName() == "ModifyOrderDialog"
    assert (spin(dialog, "quantity").value(), price(dialog).value()) == (10, 1500.5)
    assert dialog.order_type.currentData() == OrderType.LIMIT
    assert dialog.validity.currentData() == Validity.DAY
    assert enabled(dialog) == {"quantity", "price", "order_type", "validity", "disclosed_quantity"}
    assert not ok_enabled(dialog)  # nothing changed yet
    assert dialog.modify_request() is None


@pytest.mark.parametrize(
    ("order_type", "on", "off"),
    [
        (OrderType.SL, {"price", "trigger_price"}, {"market_protection"}),
        (OrderType.SLM, {"trigger_price", "market_protection"}, {"price"}),
        (OrderType.MARKET, {"market_protection"}, {"price", "trigger_price"}),
    ],
)
def test_fields_follow_the_order_type(qtbot: QtBot, order_type: OrderType, on: set[str], off: set[str]) -> None:
    dialog = make(qtbot, order())
    choose(dialog, "order_type", order_type)

    assert on <= enabled(dialog)
    assert not off & enabled(dialog)


def test_stop_orders_offer_day_validity_only(qtbot: QtBot) -> None:
    dialog = make(qtbot, order(validity="IOC"))
    assert dialog.validity.findData(Validity.IOC) >= 0
    choose(dialog, "order_type", OrderType.SL)
    assert [dialog.validity.itemData(i) for i in range(dialog.validity.count())] == [Validity.DAY]


def test_off_tick_price_blocks_ok_with_the_validators_message(qtbot: QtBot) -> None:
    dialog = make(qtbot, order())
    price(dialog).setValue(1500.52)

    assert problem(dialog, "price") == "Price 1500.52 is not a multiple of the tick size 0.05: use 1500.50 or 1500.55."
    assert not ok_enabled(dialog)
    with qtbot.assertNotEmitted(dialog.accepted):
        dialog.accept()
    assert dialog.modify_request() is None


def test_only_changed_fields_are_sent(qtbot: QtBot) -> None:
    dialog = make(qtbot, order())
    price(dialog).setValue(1501.0)

    assert ok_enabled(dialog)
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()
    assert dialog.modify_request() == ModifyRequest("1001", Variety.REGULAR, price=Decimal("1501.00"))
    with qtbot.assertNotEmitted(dialog.accepted):
        dialog.accept()  # a double press sends one modification, not two


def test_quantity_cannot_go_below_what_has_filled(qtbot: QtBot) -> None:
    dialog = make(qtbot, order(quantity=100, filled_quantity=50, pending_quantity=50))
    spin(dialog, "quantity").setValue(50)

    assert problem(dialog, "quantity") == "Quantity must be more than the 50 already filled."
    assert not ok_enabled(dialog)
    spin(dialog, "quantity").setValue(80)
    assert ok_enabled(dialog)


def test_lot_size_applies_to_derivatives(qtbot: QtBot) -> None:
    row = order(exchange="NFO", tradingsymbol="NIFTY26DECFUT", product="NRML", quantity=65, price=26000)
    dialog = make(qtbot, row, instrument=future())
    assert spin(dialog, "quantity").singleStep() == 65
    spin(dialog, "quantity").setValue(100)
    assert problem(dialog, "quantity").startswith("Quantity 100 is not a multiple of the lot size 65")


def test_limit_to_market_needs_protection(qtbot: QtBot) -> None:
    dialog = make(qtbot, order())
    choose(dialog, "order_type", OrderType.MARKET)

    protection = dialog.findChild(ProtectionSpinBox, "market_protection")
    assert protection is not None
    assert protection.value() == AUTO_MARKET_PROTECTION
    request = dialog.modify_request()
    assert request is not None
    assert (request.order_type, request.market_protection, request.price) == (OrderType.MARKET, -1, None)
    protection.setValue(0)
    assert "need market protection" in problem(dialog, "market_protection")
    assert dialog.modify_request() is None


def test_existing_market_order_sends_no_protection(qtbot: QtBot) -> None:
    dialog = make(qtbot, order(order_type="MARKET", price=0, quantity=10))
    spin(dialog, "quantity").setValue(20)

    assert dialog.modify_request() == ModifyRequest("1001", Variety.REGULAR, quantity=20)


def test_modifications_count(qtbot: QtBot) -> None:
    dialog = make(qtbot, order(), modifications_used=3)
    label = dialog.findChild(QLabel, "modifications")
    assert label is not None
    assert label.text() == "Modifications: 3 of 25"

    spent = make(qtbot, order(), modifications_used=25)
    price(spent).setValue(1501.0)
    assert not ok_enabled(spent)
    assert "25 modifications" in _note(spent)


def _note(dialog: ModifyOrderDialog) -> str:
    label = dialog.findChild(QLabel, "note")
    assert label is not None
    return label.text()


def test_order_filled_while_open_disables_ok(qtbot: QtBot) -> None:
    dialog = make(qtbot, order())
    price(dialog).setValue(1501.0)
    assert ok_enabled(dialog)

    dialog.update_order(order(status="COMPLETE", filled_quantity=10, pending_quantity=0))
    assert not ok_enabled(dialog)
    assert _note(dialog) == "COMPLETE orders cannot be modified"
    assert dialog.modify_request() is None


def test_cover_stop_leg_moves_only_the_trigger(qtbot: QtBot) -> None:
    leg = order(
        variety="co", product="CO", order_type="SL-M", transaction_type="SELL", price=0, trigger_price=1480,
        status="TRIGGER PENDING", parent_order_id="1000",
    )  # fmt: skip
    dialog = make(qtbot, leg, market=MarketSnapshot(last_price=Decimal("1500")))

    assert enabled(dialog) == {"trigger_price"}
    price(dialog, "trigger_price").setValue(1510.0)  # a SELL stop above the market would fill at once
    assert "below" in problem(dialog, "trigger_price")
    price(dialog, "trigger_price").setValue(1470.0)
    assert dialog.modify_request() == ModifyRequest(
        "1001", Variety.CO, trigger_price=Decimal("1470.00"), parent_order_id="1000"
    )


def test_amo_at_the_exchange_is_modified_as_regular(qtbot: QtBot) -> None:
    dialog = make(qtbot, order(variety="amo", status="OPEN"))
    price(dialog).setValue(1499.0)
    request = dialog.modify_request()
    assert request is not None
    assert request.variety is Variety.REGULAR


def test_render(qtbot: QtBot) -> None:
    dialog = make(qtbot, order(quantity=100, filled_quantity=50, pending_quantity=50), modifications_used=3)
    price(dialog).setValue(1500.52)
    dialog.adjustSize()  # grab without show(): the offscreen plugin warns on showing a dialog
    assert dialog.grab().save("/tmp/modify_dialog.png")


def test_unknown_instrument_is_noted_but_does_not_block(qtbot: QtBot) -> None:
    dialog = make(qtbot, order(), instrument=None)
    price(dialog).setValue(1501.0)

    assert "was not found" in _note(dialog)
    assert dialog.modify_request() == ModifyRequest("1001", Variety.REGULAR, price=Decimal("1501.00"))


def test_render_cover_leg(qtbot: QtBot) -> None:
    leg = order(
        variety="co", product="CO", order_type="SL-M", transaction_type="SELL", price=0, trigger_price=1480,
        status="TRIGGER PENDING", parent_order_id="1000",
    )  # fmt: skip
    dialog = make(qtbot, leg, market=MarketSnapshot(last_price=Decimal("1500")), modifications_used=24)
    price(dialog, "trigger_price").setValue(1470.0)
    dialog.adjustSize()
    assert dialog.grab().save("/tmp/modify_dialog_cover_leg.png")


# -- the order changing on Kite while the dialog is open ----------------------------------------------------------
def kite_note(dialog: ModifyOrderDialog) -> str:
    label = dialog.findChild(QLabel, "kite_note")
    assert label is not None
    return label.text() if label.isVisibleTo(dialog) else ""


def keep_button(dialog: ModifyOrderDialog) -> QPushButton:
    button = dialog.findChild(QPushButton, "keep_mine")
    assert button is not None
    return button


def test_a_change_made_elsewhere_is_shown_not_reverted(qtbot: QtBot) -> None:
    dialog = make(qtbot, order(price=1403))

    dialog.update_order(order(price=1410))  # modified on another device while the dialog is open

    assert price(dialog).value() == 1410.0
    assert kite_note(dialog) == "Updated from Kite: price 1410.00"
    assert not ok_enabled(dialog)  # no edit, nothing to send
    spin(dialog, "quantity").setValue(9)
    assert dialog.modify_request() == ModifyRequest("1001", Variety.REGULAR, quantity=9)  # the price stays 1410


def test_a_change_elsewhere_to_a_field_the_user_edited_asks_for_a_second_look(qtbot: QtBot) -> None:
    dialog = make(qtbot, order(price=1403))
    price(dialog).setValue(1405.0)

    dialog.update_order(order(price=1410))

    assert price(dialog).value() == 1405.0  # the user's value is kept
    assert kite_note(dialog) == "The order changed on Kite (price now 1410.00); check before sending"
    assert keep_button(dialog).isVisibleTo(dialog)
    assert not ok_enabled(dialog)
    with qtbot.assertNotEmitted(dialog.accepted):
        dialog.accept()
    keep_button(dialog).click()
    assert ok_enabled(dialog)
    assert dialog.modify_request() == ModifyRequest("1001", Variety.REGULAR, price=Decimal("1405.00"))


def test_editing_again_after_a_change_elsewhere_counts_as_the_second_look(qtbot: QtBot) -> None:
    dialog = make(qtbot, order(price=1403))
    price(dialog).setValue(1405.0)
    dialog.update_order(order(price=1410))

    price(dialog).setValue(1403.0)  # back to what the user first saw: that is still a change from Kite's 1410

    assert kite_note(dialog) == ""
    assert ok_enabled(dialog)
    assert dialog.modify_request() == ModifyRequest("1001", Variety.REGULAR, price=Decimal("1403.00"))


def test_declined_confirmation_keeps_the_dialog_and_its_edits(qtbot: QtBot) -> None:
    asked: list[ModifyRequest] = []

    def decline(modify: ModifyRequest, _parent: QWidget) -> bool:
        asked.append(modify)
        return False

    dialog = make(qtbot, order(), confirm=decline)
    price(dialog).setValue(1501.0)
    with qtbot.assertNotEmitted(dialog.accepted), qtbot.assertNotEmitted(dialog.finished):
        dialog.accept()

    assert asked == [ModifyRequest("1001", Variety.REGULAR, price=Decimal("1501.00"))]
    assert price(dialog).value() == 1501.0
    assert ok_enabled(dialog)


def test_confirmed_change_is_accepted_once(qtbot: QtBot) -> None:
    answers = iter([True])
    dialog = make(qtbot, order(), confirm=lambda _modify, _parent: next(answers))
    price(dialog).setValue(1501.0)
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()
    with qtbot.assertNotEmitted(dialog.accepted):
        dialog.accept()  # not asked again (the iterator is spent): one modification per dialog


def test_order_filled_during_the_confirmation_is_not_sent(qtbot: QtBot) -> None:
    def fill_meanwhile(_modify: ModifyRequest, parent: QWidget) -> bool:
        assert isinstance(parent, ModifyOrderDialog)  # asked over the dialog, which stays open meanwhile
        parent.update_order(order(status="COMPLETE", filled_quantity=10, pending_quantity=0))
        return True

    dialog = make(qtbot, order(), confirm=fill_meanwhile)
    price(dialog).setValue(1501.0)
    with qtbot.assertNotEmitted(dialog.accepted):
        dialog.accept()
    assert _note(dialog) == "COMPLETE orders cannot be modified"


# -- exactly what the screen shows, or nothing (real key events) ---------------------------------------------------
def shown_dialog(qtbot: QtBot) -> ModifyOrderDialog:
    dialog = make(qtbot, order())
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def select_all(qtbot: QtBot, box: QWidget) -> None:
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)


@OFFSCREEN
@pytest.mark.parametrize(("name", "message"), [("quantity", "Enter a quantity."), ("price", "Enter a price.")])
def test_an_emptied_field_blocks_the_modification(qtbot: QtBot, name: str, message: str) -> None:
    dialog = shown_dialog(qtbot)
    box = dialog.findChild(QWidget, name)
    assert box is not None
    select_all(qtbot, box)
    qtbot.keyClick(box, Qt.Key.Key_Backspace)
    assert problem(dialog, name) == message
    assert not ok_enabled(dialog)
    assert dialog.modify_request() is None
    with qtbot.assertNotEmitted(dialog.accepted):
        qtbot.keyClick(box, Qt.Key.Key_Return)  # Qt puts the order's own value back: nothing changed, nothing sent


@OFFSCREEN
def test_a_retyped_quantity_is_the_change_sent(qtbot: QtBot) -> None:
    dialog = shown_dialog(qtbot)
    select_all(qtbot, dialog.quantity)
    qtbot.keyClick(dialog.quantity, Qt.Key.Key_Backspace)
    qtbot.keyClicks(dialog.quantity, "8")
    assert dialog.modify_request() == ModifyRequest("1001", Variety.REGULAR, quantity=8)


@OFFSCREEN
def test_a_pasted_comma_price_is_refused_in_the_dialog(qtbot: QtBot) -> None:
    dialog = shown_dialog(qtbot)
    QGuiApplication.clipboard().setText("14,95")
    select_all(qtbot, dialog.price)
    qtbot.keyClick(dialog.price, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert dialog.price.text() == "14,95"
    assert problem(dialog, "price") == "“14,95” is not a number: enter a number such as 1601.25."
    assert dialog.modify_request() is None


@OFFSCREEN
def test_a_problem_appearing_does_not_resize_or_move_the_dialog(qtbot: QtBot) -> None:
    dialog = shown_dialog(qtbot)
    before = dialog.geometry()
    ok = dialog.findChild(QDialogButtonBox)
    assert ok is not None
    buttons = ok.geometry()
    select_all(qtbot, dialog.price)
    qtbot.keyClicks(dialog.price, "1500.03")
    label = dialog.findChild(QLabel, "price_problem")
    assert label is not None
    assert problem(dialog, "price").startswith("Price 1500.03 is not a multiple of the tick size 0.05")
    assert dialog.geometry() == before
    assert ok.geometry() == buttons
    assert label.height() >= label.heightForWidth(label.width())  # all of it shows: nothing clipped


def test_the_draft_is_worked_out_once_per_poll(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    import kiteticket.ui.book.modify_dialog as module

    dialog = make(qtbot, order())
    calls: list[object] = []
    real = module.modify_draft

    def counted(*args: Any) -> Any:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(module, "modify_draft", counted)
    dialog.update_order(order(price=1410, quantity=12, pending_quantity=12))  # two inputs follow Kite
    assert len(calls) == 1
    assert (dialog.quantity.value(), dialog.price.value()) == (12, 1410.0)
    assert dialog.draft().row.quantity == 12
    price(dialog).setValue(1405.0)  # a user's edit: once more
    assert len(calls) == 2


@OFFSCREEN
def test_enter_on_a_field_emptied_key_by_key_sends_nothing(qtbot: QtBot) -> None:
    """500, Backspace three times (500 → 50 → 5 → empty), Enter: a spin box would put 5 back before the dialog
    accepted; the dialog reads the empty text instead, and keeps it."""
    dialog = make(qtbot, order(quantity=500, pending_quantity=500))
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.quantity.setFocus()
    qtbot.keyClick(dialog.quantity, Qt.Key.Key_End)
    for _ in range(3):
        qtbot.keyClick(dialog.quantity, Qt.Key.Key_Backspace)
    with qtbot.assertNotEmitted(dialog.accepted):
        qtbot.keyClick(dialog.quantity, Qt.Key.Key_Return)
    assert dialog.quantity.text() == ""
    assert problem(dialog, "quantity") == "Enter a quantity."
    assert dialog.modify_request() is None


@OFFSCREEN
def test_enter_on_a_half_typed_price_sends_nothing(qtbot: QtBot) -> None:
    dialog = shown_dialog(qtbot)
    select_all(qtbot, dialog.price)
    qtbot.keyClicks(dialog.price, "1.")
    with qtbot.assertNotEmitted(dialog.accepted):
        qtbot.keyClick(dialog.price, Qt.Key.Key_Return)
    assert dialog.price.text() == "1."
    assert dialog.modify_request() is None


@OFFSCREEN
def test_enter_on_a_valid_change_accepts_it(qtbot: QtBot) -> None:
    dialog = shown_dialog(qtbot)
    select_all(qtbot, dialog.quantity)
    qtbot.keyClicks(dialog.quantity, "12")
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.keyClick(dialog.quantity, Qt.Key.Key_Return)
    assert dialog.modify_request() == ModifyRequest("1001", Variety.REGULAR, quantity=12)


@OFFSCREEN
def test_an_order_priced_finer_than_the_default_tick_is_shown_and_sent_as_it_is(qtbot: QtBot) -> None:
    """No instrument yet (the list is loading): a currency order at 83.2525 must not read as 83.25, a change the
    user never made."""
    dialog = make(qtbot, order(price=83.2525, exchange="CDS", tradingsymbol="USDINR26DECFUT"), instrument=None)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert price(dialog).text() == "83.2525"
    assert dialog.modify_request() is None
    select_all(qtbot, dialog.quantity)
    qtbot.keyClicks(dialog.quantity, "3")
    assert dialog.modify_request() == ModifyRequest("1001", Variety.REGULAR, quantity=3)
