"""GTT rules: the rule table, every problem on its field, the request Kite gets, the rows Kite lists, the drafts."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest

from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Variety
from kiteticket.domain.gtt import GttRequest, GttStatus, GttType, gtt_status
from kiteticket.domain.gtt_drafts import from_gtt, from_order, protecting, protecting_holding, with_suggested_oco
from kiteticket.domain.gtt_row import parse_gtt, parse_gtts
from kiteticket.domain.gtt_rules import (
    GttDraft,
    GttField,
    build_request,
    enabled_fields,
    type_hint,
)
from kiteticket.domain.gtt_validation import problems
from kiteticket.domain.holding import parse_holding
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.portfolio_rows import parse_position
from tests.kite_samples import position_row

D = Decimal
SELL_OCO = GttDraft(
    type=GttType.OCO,
    exchange=Exchange.NSE,
    tradingsymbol="INFY",
    transaction_type=TransactionType.SELL,
    product=Product.CNC,
    quantity=10,
    last_price=D("1600"),
    stoploss_trigger=D("1520"),
    stoploss_price=D("1515"),
    target_trigger=D("1700"),
    target_price=D("1700"),
)
SINGLE_BUY = GttDraft(
    type=GttType.SINGLE,
    exchange=Exchange.NSE,
    tradingsymbol="INFY",
    transaction_type=TransactionType.BUY,
    product=Product.CNC,
    quantity=5,
    last_price=D("1600"),
    trigger=D("1500"),
    price=D("1502.50"),
)


def by_field(draft: GttDraft) -> dict[GttField | None, str]:
    found: dict[GttField | None, str] = {}
    for problem in problems(draft):
        found.setdefault(problem.field, problem.message)
    return found


def test_the_rule_table_enables_one_pair_for_single_and_two_for_oco() -> None:
    assert GttField.TRIGGER in enabled_fields(GttType.SINGLE)
    assert GttField.STOPLOSS_TRIGGER not in enabled_fields(GttType.SINGLE)
    assert {GttField.STOPLOSS_TRIGGER, GttField.TARGET_PRICE} <= enabled_fields(GttType.OCO)
    assert GttField.TRIGGER not in enabled_fields(GttType.OCO)


def test_each_type_says_what_it_does_for_its_side() -> None:
    assert type_hint(GttType.OCO, TransactionType.SELL).startswith("Stop-loss below and target above")
    assert type_hint(GttType.OCO, TransactionType.BUY).startswith("Stop-loss above and target below")
    assert "a LIMIT BUY order" in type_hint(GttType.SINGLE, TransactionType.BUY)


def test_good_drafts_have_no_problems() -> None:
    assert problems(SELL_OCO) == ()
    assert problems(SINGLE_BUY) == ()


def test_a_sell_oco_wants_its_stop_loss_below_and_its_target_above_the_last_price() -> None:
    found = by_field(replace(SELL_OCO, stoploss_trigger=D("1650"), target_trigger=D("1550")))
    assert found[GttField.STOPLOSS_TRIGGER] == (
        "Stop-loss trigger 1650.00 must be below the last price 1600.00 for a SELL OCO: "
        "it sells if the price falls to it."
    )
    assert "must be above the last price 1600.00 for a SELL OCO" in found[GttField.TARGET_TRIGGER]


def test_a_buy_oco_is_the_mirror() -> None:
    buy = replace(SELL_OCO, transaction_type=TransactionType.BUY)
    assert set(by_field(buy)) == {GttField.STOPLOSS_TRIGGER, GttField.TARGET_TRIGGER}
    mirrored = replace(buy, stoploss_trigger=D("1700"), target_trigger=D("1520"))
    assert problems(mirrored) == ()


def test_a_trigger_too_close_to_the_last_price_says_where_it_may_go() -> None:
    found = by_field(replace(SINGLE_BUY, trigger=D("1598")))
    assert found == {
        GttField.TRIGGER: "Trigger 1598.00 is too close to the last price 1600.00: it would fire at once. "
        "Use 1596.00 or less, or 1604.00 or more."
    }
    assert problems(replace(SINGLE_BUY, trigger=D("1596"))) == ()


def test_prices_off_the_tick_grid_name_the_neighbours() -> None:
    found = by_field(replace(SINGLE_BUY, trigger=D("1500.03"), price=D("1502.52")))
    assert found[GttField.TRIGGER] == "Trigger 1500.03 is not a multiple of the tick size 0.05: use 1500.00 or 1500.05."
    assert found[GttField.PRICE].startswith("Limit price 1502.52 is not a multiple of the tick size 0.05")


def test_quantity_product_and_missing_values() -> None:
    found = by_field(replace(SINGLE_BUY, quantity=0, product=Product.MIS, trigger=None, price=None))
    assert found[GttField.QUANTITY] == "Enter a quantity of at least 1."
    assert found[GttField.PRODUCT] == "A GTT on NSE places CNC orders, not MIS."
    assert found[GttField.TRIGGER] == "Enter the trigger."
    assert "Enter the limit price" in found[GttField.PRICE]
    lots = replace(SINGLE_BUY, exchange=Exchange.NFO, product=Product.NRML, lot_size=75, quantity=100)
    assert by_field(lots)[GttField.QUANTITY] == "Quantity 100 is not a multiple of the lot size 75: use 75 or 150."


def test_no_last_price_is_a_problem_of_the_whole_gtt() -> None:
    assert by_field(replace(SINGLE_BUY, last_price=None)) == {
        None: "Waiting for the last price of INFY; a GTT needs it."
    }


def test_the_request_puts_triggers_in_rising_order_with_their_orders() -> None:
    buy = replace(SELL_OCO, transaction_type=TransactionType.BUY, stoploss_trigger=D("1700"), stoploss_price=D("1705"))
    request = build_request(replace(buy, target_trigger=D("1520"), target_price=D("1520")))
    params = request.to_kite_params()
    assert params["trigger_type"] == "two-leg"
    assert params["trigger_values"] == [1520.0, 1700.0]
    assert [order["price"] for order in params["orders"]] == [1520.0, 1705.0]
    assert {order["order_type"] for order in params["orders"]} == {"LIMIT"}
    assert params["last_price"] == 1600.0
    assert "BUY 10 INFY (NSE) CNC, OCO GTT" in request.describe()


def test_suggested_oco_fills_only_empty_fields_each_on_its_side() -> None:
    empty = replace(SELL_OCO, stoploss_trigger=None, stoploss_price=None, target_trigger=None, target_price=None)
    suggested = with_suggested_oco(empty)
    assert (suggested.stoploss_trigger, suggested.target_trigger) == (D("1520.00"), D("1680.00"))
    assert suggested.stoploss_price == D("1519.00")
    assert problems(suggested) == ()
    assert with_suggested_oco(SELL_OCO) == SELL_OCO


def test_drafts_from_the_ticket_a_position_and_a_listed_gtt() -> None:
    order = OrderRequest(Variety.REGULAR, Exchange.NSE, "INFY", TransactionType.BUY, 3, Product.MIS,
                         OrderType.SL, price=D("1610"), trigger_price=D("1605"))  # fmt: skip
    draft = from_order(order, D("1600"), None)
    assert (draft.type, draft.product, draft.trigger, draft.price, draft.quantity) == (
        GttType.SINGLE, Product.CNC, D("1605"), D("1610"), 3)  # fmt: skip
    short = protecting(parse_position(position_row("SBIN26DECFUT", "NFO", "NRML", quantity=-4, last_price=800)), None)
    assert short is not None
    assert (short.transaction_type, short.quantity, short.stoploss_trigger) == (TransactionType.BUY, 4, D("840"))
    assert (short.exchange, short.product) == (Exchange.NFO, Product.NRML)
    assert protecting(parse_position(position_row("SBIN", "NSE", "CNC")), None) is None  # flat
    listed = parse_gtt(_kite_gtt(build_request(replace(SELL_OCO, transaction_type=TransactionType.BUY,
                       stoploss_trigger=D("1700"), target_trigger=D("1520")))))  # fmt: skip
    back = from_gtt(listed, D("1600"), None)
    assert back is not None
    assert (back.stoploss_trigger, back.target_trigger) == (D("1700"), D("1520"))


def _kite_gtt(request: GttRequest) -> dict[str, object]:
    params = request.to_kite_params()
    condition = {key: params[key] for key in ("exchange", "tradingsymbol", "trigger_values", "last_price")}
    return {"id": 9, "type": params["trigger_type"], "status": "active", "condition": condition,
            "orders": params["orders"], "created_at": "2026-12-01 10:00:00"}  # fmt: skip


def test_kite_rows_are_read_with_the_order_a_trigger_placed() -> None:
    raw = {
        "id": 105099, "type": "two-leg", "status": "triggered", "created_at": "2019-09-09 15:13:22",
        "condition": {"exchange": "NSE", "tradingsymbol": "RAIN", "trigger_values": [102.0, 103.7],
                      "last_price": 102.6, "instrument_token": 3926273},
        "orders": [
            {"transaction_type": "SELL", "quantity": 1, "price": 1, "product": "CNC", "result": None},
            {"transaction_type": "SELL", "quantity": 1, "price": 1, "product": "CNC",
             "result": {"triggered_at": 103.7, "order_result": {"status": "success", "order_id": "2411",
                                                                 "rejection_reason": ""}}},
        ],
    }  # fmt: skip
    row = parse_gtt(json.loads(json.dumps(raw)))
    assert row.status is GttStatus.TRIGGERED
    assert row.type is GttType.OCO
    assert row.placed_order_ids == ("2411",)
    assert [line.trigger for line in row.orders] == [D("102.0"), D("103.7")]
    assert row.orders[1].triggered_at == D("103.7")
    assert not row.orders[0].fired
    assert not row.can_change


def test_unknown_or_broken_rows_are_still_listed() -> None:
    rows = parse_gtts([{"id": 1, "status": "paused", "created_at": "b"}, {"id": 2, "created_at": "c"}, "junk"])
    assert [row.trigger_id for row in rows] == ["2", "1"]
    assert rows[1].status is None
    assert rows[1].status_label == "paused"


@pytest.mark.parametrize("status", list(GttStatus))
def test_every_status_has_words(status: GttStatus) -> None:
    assert gtt_status(status.value.upper()) is status
    assert status.words.endswith(".")
    assert status.can_change is (status is GttStatus.ACTIVE)


@pytest.mark.parametrize(
    ("product", "quantity"),
    [("MIS", 5), ("MIS", -5), ("CO", 5), ("CNC", -10)],
    ids=["intraday long", "intraday short", "cover", "CNC sold from holdings"],
)
def test_no_gtt_for_an_intraday_or_cover_position_nor_a_sale_from_holdings(product: str, quantity: int) -> None:
    row = parse_position(position_row("INFY", "NSE", product, quantity=quantity, last_price=1600))
    assert protecting(row, None) is None


def test_a_gtt_protects_a_delivery_position_and_the_sellable_part_of_a_holding() -> None:
    long = protecting(parse_position(position_row("INFY", "NSE", "CNC", quantity=7, last_price=1600)), None)
    assert long is not None
    assert (long.transaction_type, long.quantity, long.product) == (TransactionType.SELL, 7, Product.CNC)
    holding = parse_holding({"exchange": "NSE", "tradingsymbol": "INFY", "quantity": 10, "t1_quantity": 2,
                             "used_quantity": 3, "last_price": 1600})  # fmt: skip
    draft = protecting_holding(holding, None)
    assert draft is not None
    assert (draft.type, draft.transaction_type, draft.quantity, draft.product) == (
        GttType.OCO, TransactionType.SELL, 9, Product.CNC)  # fmt: skip
    assert (draft.stoploss_trigger, draft.target_trigger) == (D("1520"), D("1680"))
    sold_out = parse_holding({"exchange": "NSE", "tradingsymbol": "INFY", "quantity": 5, "used_quantity": 5})
    assert protecting_holding(sold_out, None) is None


def test_an_oco_made_elsewhere_with_legs_that_differ_is_not_edited_as_one() -> None:
    listed = parse_gtt(_kite_gtt(build_request(SELL_OCO)))
    assert from_gtt(listed, D("1600"), None) is not None
    other = replace(listed.orders[1], quantity=listed.orders[1].quantity + 5)  # a target for more shares
    assert from_gtt(replace(listed, orders=(listed.orders[0], other)), D("1600"), None) is None


def test_an_oco_listed_with_its_upper_leg_first_is_read_by_trigger() -> None:
    listed = parse_gtt(_kite_gtt(build_request(SELL_OCO)))
    back = from_gtt(replace(listed, orders=tuple(reversed(listed.orders))), D("1600"), None)
    assert back is not None
    assert (back.stoploss_trigger, back.target_trigger) == (SELL_OCO.stoploss_trigger, SELL_OCO.target_trigger)
