"""The stop-loss limit on the side that cannot fill once the stop triggers: warned beside its limit price (never a
problem that holds Send back), for an OCO's stop-loss leg and a single GTT that is a stop, with the spread as leeway."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from kiteticket.domain.enums import TransactionType
from kiteticket.domain.gtt import GttType
from kiteticket.domain.gtt_rules import GttField, stop_limit_warning
from kiteticket.domain.gtt_validation import problems
from tests.domain.test_gtt import SELL_OCO, SINGLE_BUY

D = Decimal
BUY_OCO = replace(SELL_OCO, transaction_type=TransactionType.BUY, stoploss_trigger=D("1680"),
                  stoploss_price=D("1685"), target_trigger=D("1520"), target_price=D("1520"))  # fmt: skip


def test_a_sell_stop_whose_limit_is_above_its_trigger_is_warned_beside_the_limit() -> None:
    draft = replace(SELL_OCO, stoploss_trigger=D("1520"), stoploss_price=D("1525"))

    warning = stop_limit_warning(draft)

    assert warning is not None
    assert warning.field is GttField.STOPLOSS_PRICE
    assert warning.message == (
        "Stop-loss limit price 1525.00 is above its trigger 1520.00 by more than the spread: when the price falls to "
        "the trigger, a SELL LIMIT at 1525.00 may not fill and the stop would not protect you. Use 1520.00 or less "
        "(a few ticks past it fills in a fast move)."
    )
    assert problems(draft) == ()  # a warning: the user may still send it


def test_a_sell_stop_limit_at_or_below_its_trigger_or_within_the_spread_is_fine() -> None:
    assert stop_limit_warning(SELL_OCO) is None  # 1515 under 1520
    assert stop_limit_warning(replace(SELL_OCO, stoploss_price=D("1520.05"))) is None  # one tick: no spread known
    assert stop_limit_warning(replace(SELL_OCO, stoploss_price=D("1520.10"))) is not None
    assert stop_limit_warning(replace(SELL_OCO, stoploss_price=D("1520.40"), spread=D("0.50"))) is None
    assert stop_limit_warning(replace(SELL_OCO, stoploss_price=D("1520.55"), spread=D("0.50"))) is not None


def test_a_buy_stop_is_the_mirror_and_a_target_is_never_warned() -> None:
    assert stop_limit_warning(BUY_OCO) is None  # buys back at up to 1685 once 1680 is reached
    warning = stop_limit_warning(replace(BUY_OCO, stoploss_price=D("1675")))
    assert warning is not None
    assert warning.field is GttField.STOPLOSS_PRICE
    assert "is below its trigger 1680.00" in warning.message
    assert "when the price rises to the trigger, a BUY LIMIT at 1675.00 may not fill" in warning.message
    assert stop_limit_warning(replace(SELL_OCO, target_price=D("1750"))) is None


def test_a_single_gtt_is_checked_when_it_is_a_stop() -> None:
    sell_stop = replace(SINGLE_BUY, transaction_type=TransactionType.SELL, trigger=D("1500"), price=D("1510"))
    warning = stop_limit_warning(sell_stop)
    assert warning is not None
    assert warning.field is GttField.PRICE
    assert stop_limit_warning(replace(sell_stop, trigger=D("1700"), price=D("1710"))) is None  # a target
    assert stop_limit_warning(SINGLE_BUY) is None  # a buy on a dip: trigger below the last price
    buy_stop = replace(SINGLE_BUY, trigger=D("1700"), price=D("1690"))
    assert getattr(stop_limit_warning(buy_stop), "field", None) is GttField.PRICE


def test_nothing_is_warned_while_a_price_is_missing() -> None:
    assert stop_limit_warning(replace(SELL_OCO, stoploss_price=None)) is None
    assert stop_limit_warning(replace(SINGLE_BUY, type=GttType.SINGLE, last_price=None, trigger=D("1700"))) is None
