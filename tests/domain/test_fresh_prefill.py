"""Exit and Add checked against a fresh read: the ticket gets what is true now, and a change is said in words."""

from __future__ import annotations

from decimal import Decimal

from kiteticket.domain.enums import OrderType, TransactionType
from kiteticket.domain.fresh_prefill import RowAction, recheck_holding, recheck_position
from kiteticket.domain.holding import Holding, parse_holding
from kiteticket.domain.holding_actions import add_to_holding, exit_holding
from kiteticket.domain.portfolio_rows import Position, parse_position
from kiteticket.domain.position_actions import add_to_position, exit_position
from tests.kite_samples import holding_row, position_row

TICK = Decimal("0.05")


def position(quantity: int, product: str = "MIS", last_price: float = 1600) -> Position:
    return parse_position(position_row("INFY", "NSE", product, quantity=quantity, last_price=last_price))


def holding(quantity: int, used: int = 0, symbol: str = "INFY") -> Holding:
    return parse_holding(holding_row(symbol, quantity=quantity, used_quantity=used, last_price=1600))


def test_an_unchanged_position_prefills_as_shown_and_says_nothing() -> None:
    shown = exit_position(position(10))
    assert shown is not None

    prefill = recheck_position(shown, RowAction.EXIT, [position(10)])

    assert prefill.request == shown
    assert prefill.note == ""


def test_a_partly_exited_position_prefills_the_remaining_quantity_and_says_so() -> None:
    shown = exit_position(position(10))
    assert shown is not None

    prefill = recheck_position(shown, RowAction.EXIT, [position(4, product="CNC"), position(4)])

    assert prefill.request is not None
    assert (prefill.request.transaction_type, prefill.request.quantity) == (TransactionType.SELL, 4)
    assert prefill.note == (
        "INFY (MIS) changed since the table was last read: the ticket has SELL 4 (what it is now), not SELL 10."
    )


def test_a_position_that_turned_short_is_exited_by_a_buy() -> None:
    shown = exit_position(position(10))
    assert shown is not None

    prefill = recheck_position(shown, RowAction.EXIT, [position(-3)])

    assert prefill.request is not None
    assert (prefill.request.transaction_type, prefill.request.quantity) == (TransactionType.BUY, 3)
    assert "BUY 3" in prefill.note
    assert "not SELL 10" in prefill.note


def test_a_closed_or_vanished_position_prefills_nothing() -> None:
    shown = exit_position(position(10))
    assert shown is not None

    for now in ([position(0)], [], [position(10, product="NRML")]):
        prefill = recheck_position(shown, RowAction.EXIT, now)
        assert prefill.request is None
        assert prefill.note == (
            "INFY (MIS) is no longer open: it was closed since the table was last read; nothing was put in the ticket."
        )


def test_add_takes_the_fresh_last_price_without_a_note() -> None:
    shown = add_to_position(position(10), TICK)
    assert shown is not None

    prefill = recheck_position(shown, RowAction.ADD, [position(10, last_price=1612.37)], TICK)

    assert prefill.request is not None
    assert (prefill.request.order_type, prefill.request.price) == (OrderType.LIMIT, Decimal("1612.35"))
    assert prefill.note == ""  # the price always moves; only the side and quantity are worth a word


def test_add_to_a_position_now_smaller_adds_what_it_is_now() -> None:
    shown = add_to_position(position(-10), TICK)
    assert shown is not None

    prefill = recheck_position(shown, RowAction.ADD, [position(-6)], TICK)

    assert prefill.request is not None
    assert (prefill.request.transaction_type, prefill.request.quantity) == (TransactionType.SELL, 6)
    assert "SELL 6" in prefill.note


def test_a_holding_partly_sold_elsewhere_sells_what_is_left() -> None:
    shown = exit_holding(holding(10))
    assert shown is not None

    prefill = recheck_holding(shown, RowAction.EXIT, [holding(5, symbol="SBIN"), holding(10, used=4)])

    assert prefill.request is not None
    assert prefill.request.quantity == 6
    assert "SELL 6" in prefill.note
    assert "not SELL 10" in prefill.note


def test_a_holding_sold_out_or_gone_prefills_no_exit() -> None:
    shown = exit_holding(holding(10))
    assert shown is not None

    sold_out = recheck_holding(shown, RowAction.EXIT, [holding(10, used=10)])
    gone = recheck_holding(shown, RowAction.EXIT, [])

    assert (sold_out.request, gone.request) == (None, None)
    assert sold_out.note == "INFY: nothing in your holdings is left to sell; nothing was put in the ticket."
    assert gone.note == "INFY is no longer in your holdings; nothing was put in the ticket."


def test_add_to_a_holding_sold_today_still_buys_one() -> None:
    shown = add_to_holding(holding(10), TICK)
    assert shown is not None

    prefill = recheck_holding(shown, RowAction.ADD, [holding(10, used=10)], TICK)

    assert prefill.request == shown
    assert prefill.note == ""
