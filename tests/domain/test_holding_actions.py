"""Exit and Add on a delivery holding: CNC requests for the ticket."""

from __future__ import annotations

from decimal import Decimal

from kiteticket.domain.enums import OrderType, Product, TransactionType
from kiteticket.domain.holding import parse_holdings
from kiteticket.domain.holding_actions import add_to_holding, exit_holding, holding_actions
from tests.kite_samples import HOLDINGS


def test_exit_sells_what_is_sellable_and_add_buys_one_cnc() -> None:
    _aaron, sbin = parse_holdings(HOLDINGS)
    request = exit_holding(sbin)
    assert request is not None
    assert (request.transaction_type, request.quantity, request.product, request.order_type) == (
        TransactionType.SELL, 18, Product.CNC, OrderType.MARKET
    )  # fmt: skip
    add = add_to_holding(sbin, Decimal("0.05"))
    assert add is not None
    assert (add.transaction_type, add.quantity, add.product, add.price) == (
        TransactionType.BUY, 1, Product.CNC, Decimal("762.45")
    )  # fmt: skip


def test_a_holding_sold_today_offers_no_exit() -> None:
    (sold,) = parse_holdings([{**HOLDINGS[0], "used_quantity": 1}])
    assert not holding_actions(sold).exit_allowed
    assert exit_holding(sold) is None
    assert add_to_holding(sold) is not None
