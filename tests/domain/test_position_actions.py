"""The one rule for what a net position offers (Exit, Add, Convert, GTT): a sale from holdings is no short."""

from __future__ import annotations

import pytest

from kiteticket.domain.enums import Product
from kiteticket.domain.portfolio_rows import Position, parse_position
from kiteticket.domain.position_actions import (
    SOLD_FROM_HOLDINGS,
    add_to_position,
    exit_position,
    is_sale_from_holdings,
    position_actions,
)
from kiteticket.domain.position_conversion import conversion_targets
from tests.kite_samples import position_row


def position(exchange: str, product: str, quantity: int) -> Position:
    return parse_position(position_row("INFY", exchange, product, quantity=quantity, last_price=1600))


def test_an_equity_cnc_row_below_zero_is_a_sale_from_holdings_and_offers_nothing() -> None:
    sold = position("NSE", "CNC", -10)

    assert is_sale_from_holdings(sold)
    actions = position_actions(sold)
    for action in (actions.exit, actions.add, actions.convert, actions.gtt):
        assert not action.allowed
        assert action.reason == SOLD_FROM_HOLDINGS
    assert exit_position(sold) is None, "exiting it would buy back the shares sold"
    assert add_to_position(sold) is None, "adding would sell more of the holdings as a 'short'"
    assert conversion_targets(sold) == ()


@pytest.mark.parametrize(
    ("exchange", "product", "quantity"),
    [("NSE", "CNC", 10), ("BSE", "MIS", -10), ("NFO", "NRML", -50)],
    ids=["CNC long", "MIS short", "NRML short future"],
)
def test_other_open_rows_are_not_sales_from_holdings(exchange: str, product: str, quantity: int) -> None:
    row = position(exchange, product, quantity)

    assert not is_sale_from_holdings(row)
    actions = position_actions(row)
    assert [actions.exit.allowed, actions.add.allowed, actions.convert.allowed] == [True, True, True]
    assert exit_position(row) is not None


def test_gtt_is_offered_for_delivery_and_carry_forward_positions_only() -> None:
    assert position_actions(position("NSE", "CNC", 10)).gtt.allowed
    assert position_actions(position("NFO", "NRML", -50)).gtt.allowed
    intraday = position_actions(position("NSE", "MIS", 10)).gtt
    assert not intraday.allowed
    assert "MIS" in intraday.reason
    cover = position_actions(position("NSE", "CO", 10)).gtt
    assert not cover.allowed
    assert "cover order" in cover.reason


def test_convert_still_offers_the_other_product_of_an_open_intraday_position() -> None:
    assert conversion_targets(position("NSE", "MIS", -10)) == (Product.CNC,)
    assert conversion_targets(position("NSE", "CNC", 10)) == (Product.MIS,)
