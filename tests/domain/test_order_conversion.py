"""Order-book rows back into requests: repeat, modify, exit, and which actions each status allows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Validity, Variety
from kiteticket.domain.fields import Field
from kiteticket.domain.order import AUTO_MARKET_PROTECTION
from kiteticket.domain.order_conversion import (
    ConversionError,
    actions_for,
    exit_leg,
    has_changes,
    locked_fields,
    modifications_in_history,
    modifications_note,
    modify_baseline,
    modify_from_changes,
    modify_problems,
    modify_variety,
    request_from_row,
)
from kiteticket.domain.order_row import OrderRow, parse_order
from kiteticket.domain.validation import validate
from tests.domain.test_orderbook import raw_order
from tests.factories import equity
from tests.kite_samples import ORDER_HISTORY, ORDERS


def row(**overrides: Any) -> OrderRow:
    return parse_order(raw_order("1001", **overrides))


def cover_leg(**overrides: Any) -> OrderRow:
    """The SL-M exit leg of a BUY cover order, as Kite lists it (product CO, parent_order_id set)."""
    fields: dict[str, Any] = {
        "variety": "co", "product": "CO", "order_type": "SL-M", "transaction_type": "SELL", "price": 0,
        "trigger_price": 1480.0, "status": "TRIGGER PENDING", "parent_order_id": "1000",
    }  # fmt: skip
    fields.update(overrides)
    return row(**fields)


@pytest.fixture(scope="module")
def mock_orders() -> dict[str, dict[str, Any]]:
    return {order["order_id"]: order for order in ORDERS}


# -- repeat -----------------------------------------------------------------------------------------------------
def test_repeat_mock_iceberg_is_the_whole_iceberg(mock_orders: dict[str, dict[str, Any]]) -> None:
    request = request_from_row(parse_order(mock_orders["220524001859672"]))

    assert (request.variety, request.exchange, request.tradingsymbol) == (Variety.ICEBERG, Exchange.NSE, "SBIN")
    assert (request.quantity, request.iceberg_legs, request.iceberg_quantity) == (1000, 5, 200)
    assert (request.validity, request.validity_ttl) == (Validity.TTL, 2)
    assert request.price == Decimal("463")
    assert request.tag is None  # a new unique tag is made when it is placed
    assert validate(request, equity("SBIN")) == ()


def test_repeat_mock_cover_order_goes_back_to_variety_co_and_mis(mock_orders: dict[str, dict[str, Any]]) -> None:
    raw = dict(mock_orders["300000000000000"], variety="co", product="CO", trigger_price=105.5)
    request = request_from_row(parse_order(raw))

    assert (request.variety, request.product) == (Variety.CO, Product.MIS)
    assert (request.price, request.trigger_price) == (Decimal("109.4"), Decimal("105.5"))
    assert request.to_kite_params()["product"] == "MIS"


def test_repeat_mock_amo_and_auction(mock_orders: dict[str, dict[str, Any]]) -> None:
    amo = request_from_row(parse_order(dict(mock_orders["250117800776785"], variety="amo", product="CNC")))
    auction = request_from_row(parse_order(mock_orders["98000000000000000"]))

    assert (amo.variety, amo.product, amo.price) == (Variety.AMO, Product.CNC, Decimal("702"))
    assert (auction.variety, auction.auction_number, auction.transaction_type) == (
        Variety.AUCTION,
        "22",
        TransactionType.SELL,
    )


def test_repeat_drops_tag_and_keeps_prices_exact(mock_orders: dict[str, dict[str, Any]]) -> None:
    request = request_from_row(parse_order(mock_orders["1953341975595868160"]))

    assert request.price == Decimal("159.82")  # via the float's repr, never 159.81999999...
    assert request.tag is None


def test_repeat_market_order_gets_auto_protection_whatever_was_echoed() -> None:
    request = request_from_row(row(order_type="MARKET", price=0, market_protection=0))

    assert request.price is None
    assert request.market_protection == AUTO_MARKET_PROTECTION


def test_repeat_unknown_product_is_a_conversion_error() -> None:
    with pytest.raises(ConversionError, match="product 'BO'"):
        request_from_row(row(product="BO"))


# -- modify -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("status", "expected"),
    [("AMO REQ RECEIVED", Variety.AMO), ("OPEN", Variety.REGULAR), ("TRIGGER PENDING", Variety.REGULAR)],
)
def test_amo_at_the_exchange_is_modified_as_regular(status: str, expected: Variety) -> None:
    assert modify_variety(row(variety="amo", status=status)) is expected


def test_modify_sends_only_changes() -> None:
    order = row(price=1500.5, quantity=10)
    modify = modify_from_changes(
        order, quantity=10, price=Decimal("1501.00"), order_type=OrderType.LIMIT, validity=Validity.DAY,
        disclosed_quantity=0,
    )  # fmt: skip

    assert modify.to_kite_params() == {"variety": "regular", "order_id": "1001", "price": Decimal("1501.00")}


def test_unchanged_modify_has_no_changes() -> None:
    order = row()
    assert not has_changes(modify_from_changes(order, quantity=10, price=Decimal("1500.5")))


def test_limit_to_market_carries_protection_but_existing_market_does_not() -> None:
    to_market = modify_from_changes(row(), order_type=OrderType.MARKET, market_protection=AUTO_MARKET_PROTECTION)
    market = row(order_type="MARKET", price=0)
    kept = modify_from_changes(market, quantity=5, market_protection=AUTO_MARKET_PROTECTION)

    assert to_market.market_protection == AUTO_MARKET_PROTECTION
    assert (kept.quantity, kept.market_protection) == (5, None)


def test_filled_quantity_cannot_be_modified_away() -> None:
    order = row(quantity=100, filled_quantity=50, pending_quantity=50)

    problems = modify_problems(order, modify_from_changes(order, quantity=50))
    assert [p.message for p in problems] == ["Quantity must be more than the 50 already filled."]
    assert modify_problems(order, modify_from_changes(order, quantity=60)) == ()


def test_cover_leg_moves_only_its_stop_with_the_parent_id() -> None:
    leg = cover_leg()
    modify = modify_from_changes(leg, trigger_price=Decimal("1470.00"))

    assert modify.to_kite_params() == {
        "variety": "co", "order_id": "1001", "parent_order_id": "1000", "trigger_price": Decimal("1470.00"),
    }  # fmt: skip
    assert Field.TRIGGER_PRICE not in locked_fields(leg)
    assert {Field.QUANTITY, Field.PRICE, Field.ORDER_TYPE, Field.MARKET_PROTECTION} <= set(locked_fields(leg))
    baseline = modify.apply_to(modify_baseline(leg))
    assert (baseline.transaction_type, baseline.variety) == (TransactionType.BUY, Variety.CO)
    assert validate(baseline, equity()) == ()


def test_exit_leg_only_for_cover_stop_leg() -> None:
    assert exit_leg(cover_leg()) == (Variety.CO, "1001", "1000")
    assert exit_leg(row()) is None
    assert exit_leg(row(variety="co", product="CO")) is None  # the first leg


def test_modifications_counted_from_mock_history() -> None:
    assert modifications_in_history(ORDER_HISTORY) == 1


def test_modifications_note() -> None:
    assert modifications_note(3) == ("Modifications: 3 of 25", True)
    assert modifications_note(25) == ("Modifications: 25 of 25", False)


# -- actions ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("status", ["OPEN", "TRIGGER PENDING", "AMO REQ RECEIVED"])
def test_actionable_statuses(status: str) -> None:
    actions = actions_for(row(status=status))
    assert actions.modify.allowed
    assert actions.cancel.allowed
    assert actions.repeat.allowed
    assert not actions.exit.allowed


@pytest.mark.parametrize("status", ["COMPLETE", "CANCELLED", "REJECTED"])
def test_terminal_statuses_say_why(status: str) -> None:
    actions = actions_for(row(status=status))
    assert actions.modify == actions.modify.__class__(False, f"{status} orders cannot be modified")
    assert actions.cancel.reason == f"{status} orders cannot be cancelled"
    assert actions.repeat.allowed


@pytest.mark.parametrize("status", ["MODIFY PENDING", "PUT ORDER REQ RECEIVED", "VALIDATION PENDING", "SOMETHING NEW"])
def test_interim_statuses_say_try_again(status: str) -> None:
    actions = actions_for(row(status=status))
    expected = f"Kite is still processing this order ({status}); try again in a moment"
    assert (actions.modify.reason, actions.cancel.reason) == (expected, expected)


def test_cover_leg_actions_exit_instead_of_cancel() -> None:
    actions = actions_for(cover_leg())
    assert actions.exit.allowed
    assert actions.modify.allowed
    assert not actions.cancel.allowed
    assert "Exit" in actions.cancel.reason
    assert not actions.repeat.allowed


def test_unknown_values_block_modify_and_repeat() -> None:
    actions = actions_for(row(product="BO"))
    assert not actions.modify.allowed
    assert not actions.repeat.allowed
    assert "product 'BO'" in actions.repeat.reason
    assert actions.cancel.allowed  # cancelling needs only the variety
    assert not actions_for(row(variety="bo")).cancel.allowed
