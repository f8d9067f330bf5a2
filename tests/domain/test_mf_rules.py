"""Mutual fund orders and SIPs: each rule of the scheme checked before sending, said next to its field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kiteticket.domain.mf_rules import (
    MfField,
    MfOrderRequest,
    MfSipChange,
    MfSipRequest,
    buy_problems,
    read_amount,
    read_instalments,
    sell_problems,
    sip_problems,
)
from kiteticket.domain.mutual_funds import (
    MfHolding,
    MfOrder,
    SipFrequency,
    SipStatus,
    orders_from_kite,
    redeemable_units,
    schemes_from_kite,
    sips_from_kite,
)

ROW = {"tradingsymbol": "INF179K01VY8", "amc": "HDFCMutualFund_MF", "name": "HDFC Balanced Advantage Fund",
       "purchase_allowed": True, "redemption_allowed": True, "minimum_purchase_amount": 1000.0,
       "purchase_amount_multiplier": 1.0, "minimum_additional_purchase_amount": 500.0,
       "minimum_redemption_quantity": 0.001, "redemption_quantity_multiplier": 0.001, "last_price": 420.1234,
       "last_price_date": "2026-12-04"}  # fmt: skip
SCHEME = schemes_from_kite([ROW])[0]


def fields(problems: tuple[object, ...]) -> list[tuple[MfField, str]]:
    return [(problem.field, problem.message) for problem in problems]  # type: ignore[attr-defined]


def test_the_sdks_scheme_row_is_read_with_its_minimums() -> None:
    assert (SCHEME.minimum_purchase, SCHEME.minimum_additional, SCHEME.nav) == (1000, 500, Decimal("420.1234"))
    # The raw CSV as Kite sends it reads the same: flags as "1"/"0", numbers as text.
    raw = schemes_from_kite([{**ROW, "purchase_allowed": "0", "minimum_purchase_amount": "1000.0"}])[0]
    assert (raw.purchase_allowed, raw.minimum_purchase) == (False, 1000)


@pytest.mark.parametrize(
    ("amount", "held", "message"),
    [
        ("", False, "Enter an amount in rupees, above zero."),
        ("abc", False, "Enter an amount in rupees, above zero."),
        ("999", False, "The minimum for a first purchase of this fund is ₹1,000.00."),
        ("999", True, ""),
        ("499", True, "The minimum for an additional purchase of this fund is ₹500.00."),
        ("1000.50", False, "The amount must be a multiple of ₹1.00."),
        ("₹1,500", False, ""),
    ],
)
def test_a_purchase_meets_the_schemes_minimum_and_multiple(amount: str, held: bool, message: str) -> None:
    assert fields(buy_problems(SCHEME, amount, held)) == ([(MfField.AMOUNT, message)] if message else [])


def test_no_fund_and_a_closed_fund_are_said_at_the_fund() -> None:
    assert fields(buy_problems(None, "5000", False)) == [(MfField.FUND, "Choose a fund.")]
    closed = schemes_from_kite([{**ROW, "purchase_allowed": False}])[0]
    assert buy_problems(closed, "5000", False)[0].field is MfField.FUND


@pytest.mark.parametrize(
    ("units", "message"),
    [
        ("0", "Enter the units to redeem, above zero (or tick All units)."),
        ("12.5", "You can redeem at most 10.25 units."),
        ("1.0005", "Units go in steps of 0.001."),
        ("10.25", ""),
    ],
)
def test_a_redemption_is_in_units_up_to_what_is_held(units: str, message: str) -> None:
    assert fields(sell_problems(SCHEME, units, Decimal("10.25"))) == ([(MfField.UNITS, message)] if message else [])


def test_nothing_held_cannot_be_redeemed() -> None:
    assert sell_problems(SCHEME, "1", Decimal(0))[0].message.startswith("You hold no units")


def test_units_being_redeemed_are_not_redeemable_again() -> None:
    holding = MfHolding("F1", SCHEME.tradingsymbol, "HDFC", Decimal("10.5"), Decimal(400), Decimal(420), Decimal(0))
    orders = orders_from_kite([
        {"order_id": "a", "tradingsymbol": SCHEME.tradingsymbol, "transaction_type": "SELL", "status": "OPEN",
         "quantity": 4.0},
        {"order_id": "b", "tradingsymbol": SCHEME.tradingsymbol, "transaction_type": "SELL", "status": "COMPLETE",
         "quantity": 1.0},
    ])  # fmt: skip
    assert redeemable_units(holding, orders) == Decimal("6.5")
    assert redeemable_units(None, orders) == 0


def test_a_sip_needs_its_instalment_amount_count_and_day() -> None:
    ok = sip_problems(SCHEME, "500", "12", frequency=SipFrequency.MONTHLY, day=5)
    assert ok == ()
    problems = sip_problems(SCHEME, "100", "0", frequency=SipFrequency.QUARTERLY, day=31, initial_text="10")
    assert [problem.field for problem in problems] == [MfField.AMOUNT, MfField.INSTALMENTS, MfField.DAY,
                                                       MfField.INITIAL]  # fmt: skip
    assert sip_problems(SCHEME, "500", "-1", frequency=SipFrequency.WEEKLY, day=0) == ()  # until cancelled


def test_numbers_are_read_as_people_type_them_and_nothing_else() -> None:
    assert read_amount(" 1,00,000 ") == Decimal(100000)
    assert [read_amount(text) for text in ("1e400", "NaN", "1_000", "-5")] == [None, None, None, None]
    assert [read_instalments(text) for text in ("12", "-1", "0", "x")] == [12, -1, None, None]


def test_requests_carry_what_kite_reads() -> None:
    assert MfOrderRequest("INF1", "BUY", amount=Decimal(5000), tag="kt1").to_kite_params() == {
        "tradingsymbol": "INF1", "transaction_type": "BUY", "amount": "5000", "tag": "kt1"
    }  # fmt: skip
    assert MfOrderRequest("INF1", "SELL", units=Decimal("1.5")).to_kite_params()["quantity"] == "1.5"
    sip = MfSipRequest("INF1", Decimal(500), SipFrequency.WEEKLY, -1).to_kite_params()
    assert sip == {"tradingsymbol": "INF1", "amount": "500", "frequency": "weekly", "instalments": "-1"}
    change = MfSipChange("9", Decimal(700), SipStatus.PAUSED, 10, SipFrequency.MONTHLY, 3).to_kite_params()
    assert change == {"amount": "700", "status": "PAUSED", "instalments": "10", "frequency": "monthly",
                      "instalment_day": "3"}  # fmt: skip


def test_orders_and_sips_read_as_kite_sends_them() -> None:
    order = orders_from_kite([{"order_id": "x", "tradingsymbol": "INF1", "status": "OPEN", "amount": 5000.0,
                               "quantity": 0.0, "order_timestamp": "2026-12-04 10:00:00", "tag": None}])[0]  # fmt: skip
    assert order == MfOrder("x", "INF1", "", "", "OPEN", Decimal(5000), Decimal(0), Decimal(0),
                            "2026-12-04 10:00:00")  # fmt: skip
    assert order.cancellable
    sip = sips_from_kite([{"sip_id": "1", "tradingsymbol": "INF1", "status": "CANCELLED", "instalment_amount": 500.0,
                           "frequency": "weekly", "instalments": -1, "next_instalment": "2026-12-11"}])[0]  # fmt: skip
    assert (sip.amount, sip.instalments, sip.changeable) == (Decimal(500), -1, False)
