"""A trade that moves the last price re-checks the stops at once: a marketable order walking the book past an SL-M
or SL trigger sets it off in the same request, not at the next beat of the market (the fixture's market does not
beat at all). Through the SDK, on an unpinned (walking) instrument whose fills move its last price."""

from __future__ import annotations

from typing import Any

import pytest
from kiteconnect import KiteConnect

from tests.paper.helpers import last, statuses


def _order(kite: KiteConnect, side: str, quantity: int, **params: Any) -> str:
    base = {
        "variety": "regular", "exchange": "NSE", "tradingsymbol": "SBIN", "transaction_type": side,
        "quantity": quantity, "product": "MIS", "order_type": "MARKET", "market_protection": -1,
    }  # fmt: skip
    return str(kite.place_order(**{**base, **params}))


@pytest.mark.parametrize(("side", "stop_type"), [("SELL", "SL-M"), ("BUY", "SL")])
def test_a_marketable_order_walking_past_a_trigger_sets_the_stop_off_at_once(
    kite: KiteConnect, side: str, stop_type: str
) -> None:
    quote = kite.quote("NSE:SBIN")["NSE:SBIN"]
    hit = quote["depth"]["buy" if side == "SELL" else "sell"]  # what a market order of this side takes
    trigger = hit[1]["price"]  # the second level: reached only by walking past the touch
    stop = _order(kite, side, 1, order_type=stop_type, trigger_price=trigger,
                  **({"price": trigger} if stop_type == "SL" else {}))  # fmt: skip
    assert last(kite, stop)["status"] == "TRIGGER PENDING"

    walker = _order(kite, side, hit[0]["quantity"] + 1)  # the whole touch and one more at the next level

    assert kite.ltp("NSE:SBIN")["NSE:SBIN"]["last_price"] == trigger
    assert last(kite, walker)["status"] == "COMPLETE"
    assert statuses(kite, stop)[-3:] == ["TRIGGER PENDING", "OPEN", "COMPLETE"]
    assert last(kite, stop)["average_price"] == trigger  # what was left at the level the walk reached
    assert [trade["order_id"] for trade in kite.trades()].count(stop) == 1


def test_a_stop_the_walk_does_not_reach_keeps_waiting(kite: KiteConnect) -> None:
    bids = kite.quote("NSE:SBIN")["NSE:SBIN"]["depth"]["buy"]
    stop = _order(kite, "SELL", 1, order_type="SL-M", trigger_price=bids[2]["price"])
    _order(kite, "SELL", bids[0]["quantity"] + 1)  # down to the second level only
    assert kite.ltp("NSE:SBIN")["NSE:SBIN"]["last_price"] == bids[1]["price"]
    assert last(kite, stop)["status"] == "TRIGGER PENDING"
