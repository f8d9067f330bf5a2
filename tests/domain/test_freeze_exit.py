"""An exit above the freeze quantity: Kite's refusal read, the autoslice resend it allows (same quantity, at most
10 slices), and each slice's fate in words; exit-all plans say so in their confirmation."""

from __future__ import annotations

from dataclasses import replace

from kiteticket.domain.account import PlaceResult
from kiteticket.domain.bulk import SLICE_NOTE, cancel_plan, exit_plan
from kiteticket.domain.bulk_run import Outcome
from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Variety
from kiteticket.domain.freeze_exit import (
    autoslice_resend,
    freeze_limit,
    is_same_order,
    sliced_result,
    ticket_resend_note,
)
from kiteticket.domain.order import AUTO_MARKET_PROTECTION, OrderRequest
from kiteticket.domain.portfolio_rows import parse_position
from tests.domain.test_bulk import position

# Kite's words (facts §1.4), and the paper exchange's for a 2026 NIFTY lot of 65.
KITE_REFUSAL = (
    "The order quantity 1000 (40 lots) is higher than the maximum quantity of 900 (36 lots) allowed by the "
    "exchanges. Please reduce the order quantity or use iceberg orders."
)
PAPER_REFUSAL = "The order quantity 2600 (40 lots) is higher than the maximum quantity of 1755 (27 lots) allowed"


def exit_of(quantity: int) -> OrderRequest:
    return OrderRequest(
        variety=Variety.REGULAR, exchange=Exchange.NFO, tradingsymbol="NIFTY26DEC26300CE",
        transaction_type=TransactionType.SELL, quantity=quantity, product=Product.NRML, order_type=OrderType.MARKET,
        market_protection=AUTO_MARKET_PROTECTION, tag="kt1",
    )  # fmt: skip


def test_the_freeze_quantity_is_read_from_kites_refusal_and_nothing_else() -> None:
    assert freeze_limit(KITE_REFUSAL) == 900
    assert freeze_limit(PAPER_REFUSAL) == 1755
    assert freeze_limit("The maximum quantity of 1,800 is exceeded; higher than the maximum quantity of 1,800") == 1800
    assert freeze_limit("Insufficient funds. Required margin is 95,000.00 but available margin is 10.00.") is None
    assert freeze_limit("Quantity should be greater than or equal to 1820 for order slicing.") is None


def test_a_freeze_refusal_sends_the_same_quantity_again_for_kite_to_slice() -> None:
    resend = autoslice_resend(exit_of(2600), PAPER_REFUSAL)

    assert resend is not None
    assert resend.request == replace(exit_of(2600), autoslice=True)  # never more (nor less) than the position
    assert (resend.freeze, resend.why_not) == (1755, "")


def test_no_resend_for_other_refusals_an_order_already_sliced_or_one_within_the_freeze() -> None:
    assert autoslice_resend(exit_of(2600), "Insufficient funds.") is None
    assert autoslice_resend(replace(exit_of(2600), autoslice=True), PAPER_REFUSAL) is None
    assert autoslice_resend(exit_of(1755), PAPER_REFUSAL) is None


def test_an_exit_needing_more_than_ten_slices_is_not_sent_again_and_says_how_to_exit_it() -> None:
    assert getattr(autoslice_resend(exit_of(17_550), PAPER_REFUSAL), "request", None) is not None  # ten slices
    resend = autoslice_resend(exit_of(17_551), PAPER_REFUSAL)

    assert resend is not None
    assert resend.request is None
    assert resend.why_not == (
        "17,551 needs 11 orders of up to the freeze quantity 1,755, and Kite slices an order into at most 10: "
        "exit it in parts of up to 17,550."
    )


def test_each_slices_fate_is_said_and_decides_the_outcome() -> None:
    done = sliced_result(PlaceResult("900", ("901", "902")), 1755)
    partly = sliced_result(PlaceResult("900", ("901",), ("Insufficient funds. Required margin is 1.00",)), 1755)
    failed = sliced_result(PlaceResult("900", (), ("Insufficient funds.", "Insufficient funds.")), 1755)

    assert done.outcome is Outcome.DONE
    assert done.detail == "above the freeze quantity 1,755, sliced by Kite into 2 orders: 2 placed (901, 902)"
    assert partly.outcome is Outcome.PARTLY
    assert partly.detail == (
        "above the freeze quantity 1,755, sliced by Kite into 2 orders: 1 placed (901); "
        "1 refused: Insufficient funds. Required margin is 1.00"
    )
    assert failed.outcome is Outcome.FAILED
    assert failed.detail.endswith("2 orders: 1 refused: Insufficient funds.; 1 refused: Insufficient funds.")
    assert Outcome.PARTLY.final


def test_an_exit_all_with_a_derivative_says_a_freeze_refusal_is_sliced() -> None:
    future = parse_position({"exchange": "NFO", "tradingsymbol": "NIFTY26DECFUT", "quantity": -2600,
                             "product": "NRML"})  # fmt: skip
    derivative = exit_plan([position(), future], [])
    equity = exit_plan([position()], [])

    assert derivative.slice_above_freeze
    assert derivative.confirmation().endswith(SLICE_NOTE)
    assert SLICE_NOTE not in equity.confirmation()
    assert not cancel_plan([]).slice_above_freeze


def test_the_ticket_is_offered_its_exit_again_only_if_it_sent_that_exit() -> None:
    offered = replace(exit_of(2600), tag=None)

    assert is_same_order(replace(offered, tag="kt9", validity_ttl=None), offered)
    assert not is_same_order(replace(offered, quantity=2535), offered)  # the user changed the quantity
    assert not is_same_order(replace(offered, tradingsymbol="NIFTY26DEC26400CE"), offered)


def test_the_ticket_says_why_it_has_the_exit_again_or_why_not() -> None:
    sliced = autoslice_resend(exit_of(2600), PAPER_REFUSAL)
    too_big = autoslice_resend(exit_of(17_615), PAPER_REFUSAL)
    assert sliced is not None
    assert too_big is not None

    assert ticket_resend_note(exit_of(2600), sliced) == (
        "Kite refused SELL 2,600 NIFTY26DEC26300CE as above the freeze quantity 1,755; nothing was placed. The ticket "
        "has it again with Above freeze qty ticked, for Kite to slice into 2 orders of up to 1,755: send it to exit."
    )
    assert ticket_resend_note(exit_of(17_615), too_big).endswith("exit it in parts of up to 17,550.")
