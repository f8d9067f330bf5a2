"""Bulk plans (what "cancel all" and "exit all" send, and what they leave alone) and a run's Stop rule."""

from __future__ import annotations

from typing import Any

from kiteticket.domain.bulk import BulkPlan, CancelWrite, PlaceWrite, cancel_plan, exit_plan
from kiteticket.domain.bulk_run import BulkRun, ItemResult, Outcome
from kiteticket.domain.enums import OrderType, Product, TransactionType, Variety
from kiteticket.domain.order import AUTO_MARKET_PROTECTION
from kiteticket.domain.order_row import OrderRow, parse_order
from kiteticket.domain.portfolio_rows import Position, parse_position
from kiteticket.domain.position_actions import SOLD_FROM_HOLDINGS
from tests.domain.test_orderbook import raw_order


def row(order_id: str = "1001", **overrides: Any) -> OrderRow:
    return parse_order(raw_order(order_id, **overrides))


def cover_leg(order_id: str = "1001", parent_order_id: str = "1000", **overrides: Any) -> OrderRow:
    """The SL-M exit leg of a BUY cover order, as Kite lists it (product CO, parent_order_id set)."""
    fields: dict[str, Any] = {
        "variety": "co", "product": "CO", "order_type": "SL-M", "transaction_type": "SELL", "price": 0,
        "trigger_price": 1480.0, "status": "TRIGGER PENDING", "parent_order_id": parent_order_id,
    }  # fmt: skip
    fields.update(overrides)
    return row(order_id, **fields)


def position(symbol: str = "INFY", quantity: int = 5, product: str = "MIS", **extra: Any) -> Position:
    """A typed "net" row, read by the same parser as the positions poll and exit-all."""
    raw = {"exchange": "NSE", "tradingsymbol": symbol, "quantity": quantity, "product": product, **extra}
    return parse_position(raw)


def test_cancel_plan_cancels_open_orders_oldest_first_and_passes_over_closed_ones() -> None:
    rows = [
        parse_order(raw_order("3", status="OPEN", variety="amo")),
        parse_order(raw_order("2", status="COMPLETE")),
        parse_order(raw_order("1", status="TRIGGER PENDING", order_type="SL", trigger_price=1490)),
    ]

    plan = cancel_plan(rows)

    assert [item.write for item in plan.items] == [
        CancelWrite(Variety.REGULAR, "1"),
        CancelWrite(Variety.REGULAR, "3"),  # an AMO at the exchange is cancelled as regular (facts §3)
    ]
    assert plan.skipped == ()
    assert plan.items[0].line.startswith("BUY 10 of 10 INFY (NSE) SL at ₹1,500.50, trigger ₹1,490.00")


def test_cancel_plan_leaves_a_cover_stop_leg_alone_and_says_why() -> None:
    plan = cancel_plan([cover_leg(), row("1000", variety="co", product="CO", status="OPEN")])

    assert [item.write for item in plan.items] == [CancelWrite(Variety.CO, "1000")]
    [skipped] = plan.skipped
    assert "Exit" in skipped.reason
    assert plan.lines()[-1].startswith("Skipped: SELL 10 of 10 INFY (NSE) SL-M")


def test_cancel_plan_leaves_orders_kite_is_still_processing() -> None:
    plan = cancel_plan([row(status="PUT ORDER REQ RECEIVED")])

    assert plan.items == ()
    assert "still processing" in plan.skipped[0].reason


def test_exit_plan_squares_off_each_open_position_at_market_with_auto_protection() -> None:
    positions = [position(quantity=5), position("SBIN", quantity=-3, product="NRML"), position("TCS", quantity=0)]

    plan = exit_plan(positions, [])

    requests = [item.write.request for item in plan.items if isinstance(item.write, PlaceWrite)]
    assert [(r.tradingsymbol, r.transaction_type, r.quantity, r.product) for r in requests] == [
        ("INFY", TransactionType.SELL, 5, Product.MIS),
        ("SBIN", TransactionType.BUY, 3, Product.NRML),
    ]
    assert all(r.order_type is OrderType.MARKET and r.market_protection == AUTO_MARKET_PROTECTION for r in requests)
    assert [r.tag for r in requests] == [None, None]  # tagged as each is sent, a fresh tag for each sending
    assert plan.items[1].line == "BUY 3 SBIN (NSE) NRML at market, Auto protection · closes short 3"


def test_exit_plan_lists_a_sale_from_holdings_as_skipped_and_never_buys_it_back() -> None:
    # Selling 10 of one's INFY shares shows as CNC -10 in the day's net positions (an "open CNC sell position").
    plan = exit_plan([position(quantity=-10, product="CNC"), position("SBIN", quantity=4, product="CNC")], [])

    requests = [item.write.request for item in plan.items if isinstance(item.write, PlaceWrite)]
    assert [(r.tradingsymbol, r.transaction_type, r.quantity) for r in requests] == [("SBIN", TransactionType.SELL, 4)]
    [skipped] = plan.skipped
    assert skipped.reason == SOLD_FROM_HOLDINGS
    assert skipped.line == "INFY (NSE) CNC, sold from holdings 10"


def test_exit_plan_exits_a_cover_position_through_its_open_stop_leg() -> None:
    plan = exit_plan([position(product="CO", quantity=10)], [cover_leg(order_id="77", parent_order_id="76")])

    assert [item.write for item in plan.items] == [CancelWrite(Variety.CO, "77", "76")]
    assert plan.skipped == ()


def test_exit_plan_skips_a_cover_position_without_an_open_stop_leg_and_an_unknown_product() -> None:
    plan = exit_plan([position(product="CO"), position("X", product="BO")], [cover_leg(status="COMPLETE")])

    assert plan.items == ()
    assert plan.skipped[0].reason == "its stop-loss leg is not open in the order book"
    assert "does not know" in plan.skipped[1].reason


def test_confirmation_says_how_long_a_long_run_takes() -> None:
    rows = [parse_order(raw_order(str(n))) for n in range(30)]
    plan = cancel_plan(rows)

    assert plan.confirmation() == (
        "Cancel open orders: 30 writes to Kite. They go one at a time, about 3 s in all; you can stop them."
    )
    assert len(plan.lines()) == 30
    assert plan.lines()[0].startswith("1. BUY 10 of 10 INFY")


def three() -> BulkPlan:
    return cancel_plan([parse_order(raw_order(str(n))) for n in range(3)])


def test_run_sends_one_at_a_time_in_order() -> None:
    run = BulkRun(three())

    first = run.take()
    assert first is not None
    assert first[0] == 0
    assert run.take() is None  # the first is still out
    run.answer(0, ItemResult(Outcome.DONE, "order 2"))
    second = run.take()
    assert second is not None
    assert second[0] == 1
    assert run.answered == 1
    assert not run.finished


def test_stop_lets_the_write_out_finish_and_sends_nothing_more() -> None:
    run = BulkRun(three())
    run.take()

    run.stop()

    assert run.take() is None
    assert not run.finished  # item 0 is still out
    assert [r.outcome for r in run.results] == [Outcome.SENDING, Outcome.NOT_SENT, Outcome.NOT_SENT]
    run.answer(0, ItemResult(Outcome.FAILED, "refused"))
    assert run.finished
    assert run.stopped
    assert run.summary() == "1 failed, 2 not sent"


def test_a_run_to_the_end_is_finished_with_every_answer() -> None:
    run = BulkRun(three())
    while (taken := run.take()) is not None:
        run.answer(taken[0], ItemResult(Outcome.DONE))

    assert run.finished
    assert not run.stopped
    assert run.answered == 3
    assert run.summary() == "3 done"


def test_prices_in_lines_use_the_money_format() -> None:
    plan = cancel_plan([parse_order(raw_order("9", price=123456.5))])
    assert "₹1,23,456.50" in plan.items[0].line


def test_exit_plan_lists_orders_left_working_on_the_instruments_it_exits() -> None:
    stop = row("41", status="TRIGGER PENDING", order_type="SL-M", transaction_type="SELL", trigger_price=1450)
    elsewhere = row("42", tradingsymbol="TCS", status="OPEN")
    done = row("43", status="COMPLETE")

    plan = exit_plan([position(quantity=5)], [stop, elsewhere, done, cover_leg(order_id="77")])

    assert len(plan.still_open) == 1
    assert plan.still_open[0].startswith("SELL 10 of 10 INFY (NSE) SL-M")
    assert plan.lines()[-1] == f"Still open: {plan.still_open[0]}"
    assert "1 open order(s) on these instruments stay open and may trade after the exit" in plan.confirmation()
    assert exit_plan([position(quantity=5)], [elsewhere]).still_open == ()
