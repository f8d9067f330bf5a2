"""The GTT dialog driven with keys, the mouse and the clipboard, and the table model under Qt's model tester."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSpinBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from kiteticket.domain.enums import Exchange, Product, TransactionType
from kiteticket.domain.gtt import GttRequest, GttType
from kiteticket.domain.gtt_row import parse_gtt
from kiteticket.domain.gtt_rules import GttDraft, GttField
from kiteticket.domain.tick import Tick
from kiteticket.ui.gtt.dialog import GttDialog
from kiteticket.ui.gtt.model import GttModel, describe
from tests.ui.gtt.helpers import child, problem, retype, send_button

D = Decimal
SINGLE = GttDraft(
    type=GttType.SINGLE,
    exchange=Exchange.NSE,
    tradingsymbol="INFY",
    transaction_type=TransactionType.SELL,
    product=Product.CNC,
    quantity=10,
    last_price=D("1600"),
    trigger=D("1700"),
    price=D("1698"),
)


def shown(qtbot: QtBot, draft: GttDraft = SINGLE, confirm: object = None) -> GttDialog:
    dialog = GttDialog(draft, confirm=confirm)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_type_chosen_with_the_keyboard_enables_its_fields_and_suggests_an_oco(qtbot: QtBot) -> None:
    dialog = shown(qtbot)
    kind = child(dialog, "gtt_type", QComboBox)
    assert child(dialog, "trigger", QLineEdit).isEnabled()
    assert not child(dialog, "target_trigger", QLineEdit).isEnabled()
    kind.setFocus()
    qtbot.keyClick(kind, Qt.Key.Key_Down)
    assert kind.currentText() == "OCO"
    assert child(dialog, "gtt_hint", QLabel).text().startswith("Stop-loss below and target above the last price")
    assert not child(dialog, "trigger", QLineEdit).isEnabled()
    for name, text in (("stoploss_trigger", "1520.00"), ("stoploss_price", "1519.00"), ("target_trigger", "1680.00"),
                       ("target_price", "1680.00")):  # fmt: skip
        edit = child(dialog, name, QLineEdit)
        assert edit.isEnabled()
        assert edit.text() == text, name
    assert send_button(dialog).isEnabled()
    side = child(dialog, "transaction_type", QComboBox)
    side.setFocus()
    qtbot.keyClick(side, Qt.Key.Key_Up)  # BUY: the mirror, so the suggested stop-loss is now on the wrong side
    assert side.currentText() == "BUY"
    assert child(dialog, "gtt_hint", QLabel).text().startswith("Stop-loss above and target below the last price")
    assert "must be above the last price 1600.00 for a BUY OCO" in problem(dialog, GttField.STOPLOSS_TRIGGER)
    assert not send_button(dialog).isEnabled()
    assert send_button(dialog).toolTip().startswith("Stop-loss trigger 1520.00 must be above")
    hint = dialog.sizeHint()  # with every problem shown, it still fits a 1366×768 laptop with room to spare
    assert hint.width() <= 700
    assert hint.height() <= 600


def test_what_cannot_be_read_is_said_beside_the_field(qtbot: QtBot) -> None:
    dialog = shown(qtbot)
    retype(qtbot, dialog, GttField.PRICE, "16o0")
    assert problem(dialog, GttField.PRICE) == "Limit price must be a price such as 1520.50, not '16o0'."
    edit = child(dialog, "price", QLineEdit)
    for _ in range(4):
        qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert problem(dialog, GttField.PRICE).startswith("Enter the limit price")
    QGuiApplication.clipboard().setText("1698.50")
    qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert edit.text() == "1698.50"
    assert problem(dialog, GttField.PRICE) == ""
    assert send_button(dialog).isEnabled()


def test_quantity_problems_go_to_the_summary_and_block_sending(qtbot: QtBot) -> None:
    dialog = shown(qtbot)
    quantity = child(dialog, "quantity", QSpinBox)
    quantity.setFocus()
    quantity.selectAll()
    qtbot.keyClicks(quantity, "0")
    assert child(dialog, "gtt_summary", QLabel).text() == "Enter a quantity of at least 1."
    assert not send_button(dialog).isEnabled()
    quantity.selectAll()
    qtbot.keyClicks(quantity, "7")
    assert child(dialog, "gtt_summary", QLabel).text() == ""


def test_a_newer_last_price_moves_the_checks(qtbot: QtBot) -> None:
    dialog = shown(qtbot)
    assert problem(dialog, GttField.TRIGGER) == ""
    dialog.set_last_price(D("1698"))
    assert "too close to the last price 1698.00" in problem(dialog, GttField.TRIGGER)
    assert "1698.00" in child(dialog, "gtt_header", QLabel).text()


def test_enter_sends_after_the_confirmation_and_no_keeps_the_dialog_open(qtbot: QtBot) -> None:
    answers: list[GttRequest] = []
    verdict = [False]

    def confirm(request: GttRequest, _dialog: object) -> bool:
        answers.append(request)
        return verdict[0]

    dialog = shown(qtbot, confirm=confirm)
    edit = child(dialog, "trigger", QLineEdit)
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert len(answers) == 1
    assert dialog.isVisible()
    assert dialog.request() is None
    verdict[0] = True
    with qtbot.waitSignal(dialog.accepted, timeout=5_000):
        QTest.mouseClick(send_button(dialog), Qt.MouseButton.LeftButton)
    request = dialog.request()
    assert request is not None
    assert request.to_kite_params()["trigger_values"] == [1700.0]
    assert request.to_kite_params()["orders"][0]["price"] == 1698.0


def test_the_table_model_passes_the_model_tester_and_follows_prices_and_orders(qtbot: QtBot) -> None:
    model = GttModel()
    ModelTester(None).check(model, force_py=True)
    rows = [
        parse_gtt({"id": n, "type": "single", "status": status, "created_at": f"2026-12-0{n} 10:00:00",
                   "condition": {"exchange": "NSE", "tradingsymbol": "INFY", "trigger_values": [1500],
                                 "instrument_token": 408065},
                   "orders": [{"transaction_type": "BUY", "quantity": 1, "price": 1500, "product": "CNC",
                               "result": {"order_result": {"order_id": f"9{n}"}} if status == "triggered" else None}]})
        for n, status in ((1, "triggered"), (2, "active"))
    ]  # fmt: skip
    model.apply_rows(rows)
    ModelTester(None).check(model, force_py=True)
    assert [line.key for line in model.rows()] == ["1", "2"]
    model.apply_ticks({408065: Tick(408065, D("1612.5"))})
    model.set_order_statuses({"91": "COMPLETE"})
    assert model.index(0, 0).data() == "BUY 1 INFY"
    assert model.index(0, 3).data() == "1612.50"
    assert model.index(0, 4).data() == "COMPLETE · 91"
    assert model.index(1, 4).data() == ""
    assert "Waiting for the last price" in model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert model.instrument_keys() == ["NSE:INFY"]


def test_an_emptied_quantity_is_read_from_its_text_and_cannot_be_sent(qtbot: QtBot) -> None:
    # Issue 10 for the GTT dialog: Qt keeps the spin box's last valid value behind an emptied field; the dialog
    # reads what the screen shows, as the ticket does.
    dialog = shown(qtbot, replace(SINGLE, quantity=500))
    quantity = child(dialog, "quantity", QSpinBox)
    line = quantity.findChild(QLineEdit)
    assert line is not None
    QTest.mouseClick(line, Qt.MouseButton.LeftButton)
    qtbot.keyClick(line, Qt.Key.Key_End)
    qtbot.keyClick(line, Qt.Key.Key_Backspace)
    qtbot.keyClick(line, Qt.Key.Key_Backspace)
    assert quantity.text() == "5"
    assert dialog.draft().quantity == 5
    qtbot.keyClick(line, Qt.Key.Key_Backspace)

    assert quantity.text() == ""
    assert dialog.draft().quantity == 0, "not the 5 Qt keeps behind the empty field"
    assert child(dialog, "gtt_summary", QLabel).text() == "Enter a quantity."
    assert not send_button(dialog).isEnabled()
    assert send_button(dialog).toolTip() == "Enter a quantity."
    qtbot.keyClicks(line, "7")
    assert dialog.draft().quantity == 7
    assert send_button(dialog).isEnabled()


def test_send_reads_the_last_price_again_and_checks_the_triggers_against_it(qtbot: QtBot) -> None:
    asked: list[object] = []  # the dialog's requests for a fresh price; the test answers each as the quote read would
    confirmed: list[GttRequest] = []

    def confirm(request: GttRequest, _dialog: object) -> bool:
        confirmed.append(request)
        return True

    dialog = GttDialog(SINGLE, confirm=confirm, fresh_price=asked.append)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)

    QTest.mouseClick(send_button(dialog), Qt.MouseButton.LeftButton)
    assert len(asked) == 1
    assert not send_button(dialog).isEnabled(), "one read at a time; nothing is sent before it answers"
    asked[0](D("1699"))  # type: ignore[operator]  # the market rose to a tick under the SELL trigger meanwhile
    assert "too close to the last price 1699.00" in problem(dialog, GttField.TRIGGER)
    assert confirmed == [], "not confirmed, not sent"
    assert dialog.isVisible()

    retype(qtbot, dialog, GttField.TRIGGER, "1800")
    retype(qtbot, dialog, GttField.PRICE, "1798")
    QTest.mouseClick(send_button(dialog), Qt.MouseButton.LeftButton)
    asked[1](None)  # type: ignore[operator]  # the quote could not be read
    assert child(dialog, "gtt_summary", QLabel).text().startswith("The last price could not be read again")
    assert confirmed == []
    assert send_button(dialog).isEnabled()

    with qtbot.waitSignal(dialog.accepted):
        QTest.mouseClick(send_button(dialog), Qt.MouseButton.LeftButton)
        asked[2](D("1700"))  # type: ignore[operator]
    assert len(confirmed) == 1
    assert dialog.request() == confirmed[0]


def test_a_rejected_trigger_says_its_order_was_not_placed_and_why() -> None:
    reason = "Your order price is lower than the current lower circuit limit of 70.65."
    row = parse_gtt(
        {"id": 7, "type": "two-leg", "status": "rejected", "expires_at": "2027-12-06 10:00:00",
         "condition": {"exchange": "NSE", "tradingsymbol": "RAIN", "trigger_values": [102, 103.7]},
         "orders": [{"transaction_type": "SELL", "quantity": 1, "price": 101, "product": "CNC", "result": None},
                    {"transaction_type": "SELL", "quantity": 1, "price": 1, "product": "CNC",
                     "result": {"triggered_at": 103.7, "order_result": {"status": "failed", "order_id": "",
                                                                        "rejection_reason": reason}}}]}
    )  # fmt: skip
    model = GttModel()
    model.apply_rows([row])
    assert model.index(0, 1).data() == "Rejected"
    assert model.index(0, 2).data() == "102.00 / 103.70"
    assert model.index(0, 4).data() == "not placed"
    assert model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole) == reason
    line = model.line_for("7")
    assert line is not None
    assert describe(line).endswith(f"Trigger 103.70 → SELL 1 at 1.00 CNC; fired, not placed: {reason}")


def test_a_stop_loss_limit_that_may_not_fill_is_warned_beside_it_and_send_stays(qtbot: QtBot) -> None:
    oco = replace(SINGLE, type=GttType.OCO, trigger=None, price=None, stoploss_trigger=D("1520"),
                  stoploss_price=D("1519"), target_trigger=D("1680"), target_price=D("1680"))  # fmt: skip
    dialog = shown(qtbot, oco)  # stop-loss 1520.00, its limit 1519.00 below it: fills in a fall
    assert problem(dialog, GttField.STOPLOSS_PRICE) == ""

    retype(qtbot, dialog, GttField.STOPLOSS_PRICE, "1530")

    label = child(dialog, "stoploss_price_problem", QLabel)
    assert label.text().startswith("Stop-loss limit price 1530.00 is above its trigger 1520.00 by more than the spread")
    assert label.styleSheet() == "color:#a05a00;"  # amber: a warning, not a problem
    assert dialog.problems() == ()
    assert send_button(dialog).isEnabled()
    dialog.set_last_price(D("1600"), spread=D("12"))  # a wide market: 10 over the trigger is within the spread
    assert label.text() == ""
    retype(qtbot, dialog, GttField.STOPLOSS_PRICE, "1520.0")
    assert label.text() == ""
    retype(qtbot, dialog, GttField.STOPLOSS_PRICE, "1520.02")  # off the tick grid: the problem shows, in red
    assert label.text().startswith("Stop-loss limit price 1520.02 is not a multiple of the tick size")
    assert label.styleSheet() == "color:#c62828;"
    assert not send_button(dialog).isEnabled()


NIFTY_CALL = replace(
    SINGLE, exchange=Exchange.NFO, tradingsymbol="NIFTY26DEC26300CE", product=Product.NRML, quantity=130,
    last_price=D("336.85"), trigger=D("300"), price=D("299"), lot_size=65,
)  # fmt: skip


def test_a_derivatives_quantity_is_typed_in_lots_with_the_units_beside_it(qtbot: QtBot) -> None:
    sent: list[GttRequest] = []
    dialog = shown(qtbot, NIFTY_CALL, confirm=lambda request, _parent: sent.append(request) or True)
    quantity = child(dialog, "quantity", QSpinBox)
    hint = child(dialog, "quantity_hint", QLabel)
    assert quantity.value() == 2
    assert hint.text() == "= 130 qty"
    assert any(label.text() == "Lots" for label in dialog.findChildren(QLabel))

    quantity.setFocus()
    qtbot.keyClick(quantity, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(quantity, "3")

    assert hint.text() == "= 195 qty"
    assert dialog.draft().quantity == 195
    assert dialog.problems() == ()
    qtbot.keyClick(quantity, Qt.Key.Key_Up)  # one more lot, not one more unit
    assert dialog.draft().quantity == 260
    QTest.mouseClick(send_button(dialog), Qt.MouseButton.LeftButton)
    assert [leg.quantity for leg in sent[0].legs] == [260]  # Kite gets units


def test_a_part_lot_position_says_what_the_gtt_leaves_out(qtbot: QtBot) -> None:
    dialog = shown(qtbot, replace(NIFTY_CALL, quantity=140))
    hint = child(dialog, "quantity_hint", QLabel)
    assert hint.text() == "= 130 qty · 140 qty is not whole lots of 65: the GTT covers 130 qty, not the other 10."
    qtbot.keyClick(child(dialog, "quantity", QSpinBox), Qt.Key.Key_Up)
    assert hint.text() == "= 195 qty"


def test_the_table_reads_a_derivatives_quantity_in_lots(qtbot: QtBot) -> None:
    model = GttModel()
    model.apply_rows([parse_gtt({
        "id": 7, "type": "single", "status": "active", "created_at": "2026-12-01 10:00:00",
        "condition": {"exchange": "NFO", "tradingsymbol": "NIFTY26DEC26300CE", "trigger_values": [300]},
        "orders": [{"transaction_type": "SELL", "quantity": 130, "price": 299, "product": "NRML"}],
    })])  # fmt: skip
    assert model.index(0, 0).data() == "SELL 130 qty NIFTY26DEC26300CE"  # no instrument list yet: units

    model.set_lot_size_lookup(lambda exchange, symbol: 65 if symbol == "NIFTY26DEC26300CE" else 0)

    assert model.index(0, 0).data() == "SELL 2 lots NIFTY26DEC26300CE"
    line = model.line_for("7")
    assert line is not None
    assert "→ SELL 2 lots (130 qty) at 299.00 NRML" in describe(line)
    ModelTester(None).check(model, force_py=True)
