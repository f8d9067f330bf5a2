"""The GTT confirmations: a modification says before → after for each field it changes (and what stays), a deletion
describes the whole GTT it deletes; derivatives read in lots and units."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from kiteticket.domain.enums import Exchange, Product, TransactionType
from kiteticket.domain.gtt import GttType
from kiteticket.domain.gtt_confirmation import delete_confirmation, modify_confirmation
from kiteticket.domain.gtt_row import parse_gtt
from kiteticket.domain.gtt_rules import build_request
from kiteticket.domain.instruments import Instrument
from tests.domain.test_gtt import SELL_OCO, SINGLE_BUY, _kite_gtt

D = Decimal
TICK = D("0.05")
NIFTY_FUT = Instrument(
    instrument_token=1, exchange_token=1, tradingsymbol="NIFTY26DECFUT", name="NIFTY", last_price=26000.0,
    expiry=date(2026, 12, 29), strike=0.0, tick_size=0.1, lot_size=65, instrument_type="FUT", segment="NFO-FUT",
    exchange=Exchange.NFO,
)  # fmt: skip


def test_a_modification_lists_each_changed_field_before_and_after_and_what_stays() -> None:
    row = parse_gtt(_kite_gtt(build_request(SELL_OCO)))
    after = build_request(replace(SELL_OCO, stoploss_trigger=D("1540"), quantity=8, last_price=D("1601.5")))

    text = modify_confirmation(row, after, tick=TICK)

    assert text.splitlines() == [
        "Modify GTT 9 on INFY (NSE):",
        "Quantity: 10 → 8",
        "Stop-loss trigger: ₹1,520.00 → ₹1,540.00",
        "Unchanged: type OCO, side SELL, product CNC, stop-loss limit price ₹1,515.00, target trigger ₹1,700.00, "
        "target limit price ₹1,700.00.",
        "Last price now ₹1,601.50.",
    ]


def test_a_buy_ocos_stop_loss_is_its_upper_leg() -> None:
    buy = replace(SELL_OCO, transaction_type=TransactionType.BUY, stoploss_trigger=D("1700"), stoploss_price=D("1705"),
                  target_trigger=D("1520"), target_price=D("1520"))  # fmt: skip
    row = parse_gtt(_kite_gtt(build_request(buy)))

    text = modify_confirmation(row, build_request(replace(buy, target_price=D("1519"))), tick=TICK)

    assert "Target limit price: ₹1,520.00 → ₹1,519.00" in text.splitlines()
    assert "stop-loss trigger ₹1,700.00" in text


def test_a_type_change_shows_the_fields_that_come_and_go() -> None:
    row = parse_gtt(_kite_gtt(build_request(SINGLE_BUY)))
    oco = replace(SINGLE_BUY, type=GttType.OCO, stoploss_trigger=D("1700"), stoploss_price=D("1705"),
                  target_trigger=D("1500"), target_price=D("1502.50"))  # fmt: skip

    lines = modify_confirmation(row, build_request(oco), tick=TICK).splitlines()

    assert lines[1:8] == [
        "Type: Single → OCO",
        "Stop-loss trigger: none → ₹1,700.00",
        "Stop-loss limit price: none → ₹1,705.00",
        "Target trigger: none → ₹1,500.00",
        "Target limit price: none → ₹1,502.50",
        "Trigger: ₹1,500.00 → none",
        "Limit price: ₹1,502.50 → none",
    ]


def test_sending_it_unchanged_says_so() -> None:
    row = parse_gtt(_kite_gtt(build_request(SINGLE_BUY)))

    text = modify_confirmation(row, build_request(SINGLE_BUY), tick=TICK)

    assert text.splitlines()[1] == "Nothing changed: the same GTT is sent again, with the last price now."
    assert "Unchanged" not in text


def test_a_deletion_describes_the_gtt_it_deletes() -> None:
    row = parse_gtt(_kite_gtt(build_request(SELL_OCO)))

    assert delete_confirmation(row, tick=TICK).splitlines() == [
        "Delete the OCO GTT 9 on INFY (NSE)?",
        "Stop-loss: trigger ₹1,520.00 → SELL 10 at ₹1,515.00 CNC",
        "Target: trigger ₹1,700.00 → SELL 10 at ₹1,700.00 CNC",
        "Its triggers stop watching the price: nothing is placed from it after this.",
    ]
    single = delete_confirmation(parse_gtt(_kite_gtt(build_request(SINGLE_BUY))), tick=TICK)
    assert single.splitlines()[:2] == ["Delete the Single GTT 9 on INFY (NSE)?",
                                       "Trigger ₹1,500.00 → BUY 5 at ₹1,502.50 CNC"]  # fmt: skip


def test_derivative_quantities_read_in_lots_and_units() -> None:
    future = replace(
        SINGLE_BUY, exchange=Exchange.NFO, tradingsymbol="NIFTY26DECFUT", product=Product.NRML, quantity=130,
        last_price=D("26000"), trigger=D("25500"), price=D("25510"), lot_size=65,
    )  # fmt: skip
    row = parse_gtt(_kite_gtt(build_request(future)))

    deleted = delete_confirmation(row, tick=D("0.1"), instrument=NIFTY_FUT)
    modified = modify_confirmation(row, build_request(replace(future, quantity=195)), tick=D("0.1"),
                                   instrument=NIFTY_FUT)  # fmt: skip

    assert "→ BUY 2 lots (130 qty) at ₹25,510.00 NRML" in deleted
    assert "Quantity: 2 lots (130 qty) → 3 lots (195 qty)" in modified.splitlines()
