"""Tags as Kite takes them (its own mock order book has one with spaces) and Kite's own error texts where known."""

from __future__ import annotations

import pytest
from kiteconnect import KiteConnect
from kiteconnect.exceptions import InputException

from kiteticket.paper.exchange import PaperExchange
from tests.paper.helpers import buy_limit, set_price


def test_a_tag_with_spaces_is_accepted_and_echoed(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1500)
    order_id = buy_limit(kite, 1400, tag="connect test order1")
    [row] = kite.orders()
    assert (row["order_id"], row["tag"], row["tags"]) == (order_id, "connect test order1", ["connect test order1"])
    kite.modify_order("regular", order_id, price=1401)  # such an order can be modified too
    assert kite.orders()[0]["price"] == 1401


@pytest.mark.parametrize("tag", ["x" * 21, "tab\there", "क्रम"])
def test_tags_kite_would_not_take_are_refused(kite: KiteConnect, tag: str) -> None:
    with pytest.raises(InputException, match="Tag"):
        buy_limit(kite, 1400, tag=tag)
    assert kite.orders() == []


def test_an_iceberg_leg_that_is_not_its_share_gets_kites_text(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1500)
    with pytest.raises(InputException, match=r"^Invalid `iceberg_quantity`\.$"):
        buy_limit(kite, 1400, quantity=10, variety="iceberg", iceberg_legs=2, iceberg_quantity=3, validity="DAY")


def test_a_trigger_off_the_tick_grid_gets_kites_text(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1500)
    with pytest.raises(InputException, match=r"^16316 : The trigger price is not a multiple of tick size$"):
        buy_limit(kite, 1600, order_type="SL", trigger_price=1590.03)
