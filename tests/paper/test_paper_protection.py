"""market_protection is a decimal percentage on the paper exchange as on Kite: 1.5 means a band of 1.5 %, -1 is
automatic, 0 or nothing is refused in Kite's words for orders that execute at the market (facts §1.3)."""

from __future__ import annotations

from typing import Any

import pytest
from kiteconnect import KiteConnect
from kiteconnect.exceptions import InputException

from kiteticket.paper.broker_rules import PROTECTION_REQUIRED
from kiteticket.paper.exchange import PaperExchange
from tests.paper.helpers import last, set_price


def sbin_market(kite: KiteConnect, **extra: Any) -> str:
    params: dict[str, Any] = {
        "variety": "regular",
        "exchange": "NSE",
        "tradingsymbol": "SBIN",
        "transaction_type": "BUY",
        "quantity": 3000,
        "product": "MIS",
        "order_type": "MARKET",
    }
    params.update(extra)
    return str(kite.place_order(**params))


def test_a_decimal_protection_sets_a_band_of_that_many_percent(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "SBIN", 1000)
    row = last(kite, sbin_market(kite, market_protection=1.5))
    assert (row["order_type"], row["price"]) == ("LIMIT", 1015)  # 1000 + 1.5 %, not + 1 %
    assert row["tags"] == ["mktp", "mktp:1.50"]
    assert row["market_protection"] == 1.5


@pytest.mark.parametrize("protection", [0, None])
def test_no_protection_is_refused_in_kites_words(
    exchange: PaperExchange, kite: KiteConnect, protection: int | None
) -> None:
    set_price(exchange, "SBIN", 1000)
    with pytest.raises(InputException, match="Market orders without market protection are not allowed"):
        sbin_market(kite, market_protection=protection)
    assert kite.orders() == []
    assert PROTECTION_REQUIRED.startswith("Market orders without market protection")


@pytest.mark.parametrize("protection", ["100.5", "-0.5", "-1.5", "1e3"])
def test_protection_outside_kites_bounds_is_refused(kite: KiteConnect, protection: str) -> None:
    with pytest.raises(InputException, match=r"Invalid `market_protection`\."):
        sbin_market(kite, market_protection=protection)


def test_more_than_two_decimals_is_refused(kite: KiteConnect) -> None:
    with pytest.raises(InputException, match="at most two decimals"):
        sbin_market(kite, market_protection="1.255")


def test_a_modification_can_set_a_decimal_protection(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "SBIN", 1000)
    order_id = str(kite.place_order(variety="regular", exchange="NSE", tradingsymbol="SBIN", transaction_type="BUY",
                                    quantity=1, product="MIS", order_type="LIMIT", price=900))  # fmt: skip
    kite.modify_order("regular", order_id, order_type="MARKET", market_protection=2.5)
    row = last(kite, order_id)
    assert row["market_protection"] == 2.5
    assert row["status"] == "COMPLETE"
