"""Kite's limits on the paper exchange: 10 order writes a second, 400 a minute, 5,000 a day (facts §5), counted
only for authenticated requests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from kiteconnect.exceptions import NetworkException

from kiteticket.paper import ratelimit
from kiteticket.paper.errors import KiteError
from kiteticket.paper.exchange import PaperExchange
from kiteticket.paper.ratelimit import ORDERS_PER_DAY, ORDERS_PER_MINUTE, RateLimiter
from tests.paper.conftest import config
from tests.paper.helpers import buy_limit, logged_in, set_price


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def place_spaced(limiter: RateLimiter, clock: FakeClock, count: int, day: str = "2026-12-01") -> None:
    """``count`` order writes at eight a second: never over the per-second limit."""
    for _ in range(count):
        limiter.check("POST", "/orders/regular", day)
        clock.now += 0.125  # exact in binary: eight a second


def test_the_minute_cap_refuses_the_401st_order_write_with_429() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock)
    place_spaced(limiter, clock, ORDERS_PER_MINUTE)
    with pytest.raises(KiteError) as caught:
        limiter.check("PUT", "/orders/regular/1", "2026-12-01")
    assert (caught.value.status, caught.value.error_type, caught.value.message) == (
        429, "NetworkException", "Too many requests"
    )  # fmt: skip
    clock.now += 60
    limiter.check("DELETE", "/orders/regular/1", "2026-12-01")  # the minute has passed


def test_the_day_cap_refuses_the_5001st_order_write_until_the_next_day() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock)
    for _ in range(ORDERS_PER_DAY // ORDERS_PER_MINUTE + 1):
        place_spaced(limiter, clock, min(ORDERS_PER_MINUTE, ORDERS_PER_DAY - limiter._day_count))
        clock.now += 60
    with pytest.raises(KiteError) as caught:
        limiter.check("POST", "/orders/regular", "2026-12-01")
    assert caught.value.message == "Maximum allowed order requests exceeded."
    limiter.check("GET", "/orders", "2026-12-01")  # reads are not orders
    limiter.check("POST", "/orders/regular", "2026-12-02")


@pytest.fixture
def limited() -> Iterator[PaperExchange]:
    with PaperExchange(config(rate_limit=True)) as running:
        yield running


def test_unauthenticated_requests_do_not_use_up_the_accounts_windows(limited: PaperExchange) -> None:
    kite = logged_in(limited)
    for _ in range(15):
        assert requests.get(f"{limited.root_url}/orders", timeout=5).status_code == 403
        bad = requests.post(f"{limited.root_url}/orders/regular", data={"quantity": "1"}, timeout=5)
        assert bad.status_code == 403
    assert kite.orders() == []
    assert kite.profile()["user_id"]
    kite.reqsession.close()


def test_the_day_cap_through_the_sdk(limited: PaperExchange, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ratelimit, "ORDERS_PER_DAY", 3)
    kite = logged_in(limited)
    set_price(limited, "INFY", 1500)
    placed = [buy_limit(kite, 1400), buy_limit(kite, 1401)]
    kite.cancel_order("regular", placed[0])
    with pytest.raises(NetworkException, match=r"Maximum allowed order requests exceeded\.") as caught:
        buy_limit(kite, 1402)
    assert caught.value.code == 429
    assert [order["order_id"] for order in kite.orders()] == placed
    kite.reqsession.close()


def test_each_iceberg_leg_counts_toward_the_day_cap(limited: PaperExchange, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ratelimit, "ORDERS_PER_DAY", 3)
    kite = logged_in(limited)
    set_price(limited, "INFY", 1500)
    # One request, two legs: the first fills at once and the second is placed, so two orders of the three.
    kite.place_order(variety="iceberg", exchange="NSE", tradingsymbol="INFY", transaction_type="BUY", quantity=4,
                     product="CNC", order_type="LIMIT", price=1500, iceberg_legs=2, iceberg_quantity=2)  # fmt: skip
    assert len(kite.orders()) == 2
    buy_limit(kite, 1400)
    with pytest.raises(NetworkException, match=r"Maximum allowed order requests exceeded\."):
        buy_limit(kite, 1401)
    kite.reqsession.close()
