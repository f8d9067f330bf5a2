"""Baskets as values: the edits a user makes, the stored form (refused whole when damaged), the place-all plan and
the combined margin as Kite answers it."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from kiteticket.domain.basket import (
    MAX_ORDERS,
    Basket,
    Baskets,
    baskets_from,
    baskets_to,
    order_line,
    request_from,
    request_to,
)
from kiteticket.domain.basket_margin import basket_margin_from_kite
from kiteticket.domain.enums import OrderType, TransactionType, Variety
from kiteticket.domain.order import AUTO_MARKET_PROTECTION
from tests.factories import limit_buy

INFY = limit_buy(tag="kt123")
SBIN = limit_buy(tradingsymbol="SBIN", price=Decimal("801.05"), transaction_type=TransactionType.SELL)
NIFTY_CO = limit_buy(
    variety=Variety.CO, order_type=OrderType.MARKET, price=None, trigger_price=Decimal("1580.5"),
    market_protection=AUTO_MARKET_PROTECTION,
)  # fmt: skip


def test_add_drops_the_tag_so_each_placement_gets_a_fresh_one() -> None:
    basket = Basket("Hedge").add(INFY)

    assert basket.orders[0].tag is None
    assert basket.orders[0].price == Decimal("1600.00")


def test_edits_move_put_and_remove() -> None:
    basket = Basket("B").add(INFY).add(SBIN).add(NIFTY_CO)

    moved, target = basket.move(2, -1)
    assert [o.tradingsymbol for o in moved.orders] == ["INFY", "INFY", "SBIN"]
    assert target == 1
    assert basket.move(0, -1) == (basket, 0)  # the top stays the top
    assert basket.put(1, INFY).orders[1] == replace(INFY, tag=None)
    assert [o.tradingsymbol for o in basket.remove(0).orders] == ["SBIN", "INFY"]


def test_a_full_basket_refuses_more() -> None:
    basket = Basket("Full", (INFY,) * MAX_ORDERS)
    with pytest.raises(ValueError, match="full"):
        basket.add(SBIN)


def test_baskets_are_named_uniquely_and_one_always_remains() -> None:
    baskets = Baskets().create("Hedge")
    assert baskets.shown.name == "Hedge"
    with pytest.raises(ValueError, match="already"):
        baskets.create(" Hedge ")
    with pytest.raises(ValueError, match="name"):
        baskets.rename_shown("  ")
    assert baskets.rename_shown("Spread").shown.name == "Spread"
    assert baskets.delete_shown().delete_shown().baskets == (Basket("Basket 1"),)


def test_stored_form_round_trips_prices_exactly() -> None:
    baskets = Baskets((Basket("A").add(INFY).add(SBIN), Basket("B").add(NIFTY_CO)), current=1)

    stored = baskets_to(baskets)

    assert baskets_from(stored) == baskets
    assert request_to(SBIN)["price"] == "801.05"
    assert "tag" not in request_to(INFY)
    assert request_from(request_to(NIFTY_CO)) == NIFTY_CO


@pytest.mark.parametrize(
    "stored",
    [
        [],
        {"baskets": []},
        {"baskets": [{"name": "A", "orders": [{"tradingsymbol": "INFY"}]}]},  # an order missing its fields
        {"baskets": [{"name": "A", "orders": [{**request_to(INFY), "quantity": "10"}]}]},  # a number as text
        {"baskets": [{"name": "A", "orders": [{**request_to(INFY), "product": "XYZ"}]}]},
        {"baskets": [{"name": "A", "orders": []}, {"name": "A", "orders": []}]},
        {"baskets": [{"orders": []}]},
    ],
)
def test_a_damaged_stored_form_is_refused_whole(stored: object) -> None:
    with pytest.raises(ValueError, match=r"basket|order|name"):
        baskets_from(stored)


def test_order_line_says_the_order_as_a_trader_reads_it() -> None:
    assert order_line(INFY) == "BUY 10 INFY (NSE) LIMIT at ₹1,600.00, CNC, Regular"
    assert order_line(NIFTY_CO) == "BUY 10 INFY (NSE) MARKET, trigger ₹1,580.50, CNC, Cover (CO)"


def test_margin_of_kites_mock_shows_the_spread_benefit() -> None:
    # The totals and charges of kiteconnect-mocks basket_margins.json (initial, final, charges).
    raw = {
        "initial": {"total": 96504.975},
        "final": {"total": 34786.725000000006},
        "charges": {"sebi_turnover_charge": 0.003195, "brokerage": 40, "gst": {"total": 0}, "total": 0},
    }

    margin = basket_margin_from_kite(raw)

    assert margin.benefit == Decimal("61718.249999999994")
    assert margin.text() == ("Margin ₹96,504.98 → ₹34,786.73 with the spread benefit of ₹61,718.25 · charges ₹40.00")


def test_margin_without_a_benefit_says_so() -> None:
    margin = basket_margin_from_kite({"initial": {"total": 1600}, "final": {"total": 1600}, "charges": {"total": 1.5}})
    assert margin.text() == "Margin ₹1,600.00 (no spread benefit) · charges ₹1.50"
