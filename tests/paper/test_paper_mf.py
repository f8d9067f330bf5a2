"""Mutual funds through the real SDK: orders by amount and by units settling at the next NAV by the exchange
clock, cancels, holdings, the instruments CSV, SIPs and their instalments, and state across a restart."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

import pytest
from kiteconnect import KiteConnect
from kiteconnect.exceptions import InputException

from kiteticket.paper.exchange import PaperExchange
from tests.paper.conftest import config
from tests.paper.helpers import admin, logged_in, raw
from tests.paper.shapes import DICT, NULL, NUM, STR, assert_shape

FLEXI = "INF174K01LS2"  # Kotak Flexicap Fund - Direct Plan: minimum ₹500
# mf_orders.json / mf_orders_info.json
MF_ORDER = {
    "status": STR, "purchase_type": STR, "folio": NULL + STR, "order_timestamp": STR, "average_price": NUM,
    "exchange_order_id": NULL + STR, "last_price": NUM, "tradingsymbol": STR, "settlement_id": NULL + STR,
    "transaction_type": STR, "order_id": STR, "amount": NUM, "tag": NULL + STR, "placed_by": STR,
    "exchange_timestamp": NULL + STR, "variety": STR, "last_price_date": STR, "status_message": NULL + STR,
    "fund": STR, "quantity": NUM,
}  # fmt: skip
# mf_holdings.json
MF_HOLDING = {
    "folio": STR, "average_price": NUM, "last_price": NUM, "last_price_date": STR, "pledged_quantity": NUM,
    "fund": STR, "tradingsymbol": STR, "pnl": NUM, "quantity": NUM,
}  # fmt: skip
# mf_sips.json; mf_sip_info.json adds fund_source
SIP = {
    "status": STR, "sip_reg_num": NULL + STR, "created": STR, "dividend_type": STR, "instalment_amount": NUM,
    "fund": STR, "instalments": NUM, "next_instalment": STR, "transaction_type": STR, "trigger_price": NUM,
    "step_up": DICT, "tradingsymbol": STR, "tag": NULL + STR, "frequency": STR, "last_instalment": STR,
    "pending_instalments": NUM, "instalment_day": NUM, "sip_type": STR, "completed_instalments": NUM, "sip_id": STR,
}  # fmt: skip
# mf_instruments.csv header
MF_COLUMNS = [
    "tradingsymbol", "amc", "name", "purchase_allowed", "redemption_allowed", "minimum_purchase_amount",
    "purchase_amount_multiplier", "minimum_additional_purchase_amount", "minimum_redemption_quantity",
    "redemption_quantity_multiplier", "dividend_type", "scheme_type", "plan", "settlement_type", "last_price",
    "last_price_date",
]  # fmt: skip


class Desk:
    """A logged-in client that follows the exchange clock (moving it past 06:00 ends a session)."""

    def __init__(self, exchange: PaperExchange) -> None:
        self.exchange = exchange
        self.kite = logged_in(exchange)

    def at(self, moment: str) -> KiteConnect:
        admin(self.exchange, "clock", {"now": moment})
        self.kite.reqsession.close()
        self.kite = logged_in(self.exchange)
        return self.kite

    def cash(self) -> float:
        return float(self.kite.margins("equity")["net"])

    def nav(self, symbol: str = FLEXI) -> tuple[float, str]:
        row = next(row for row in self.kite.mf_instruments() if row["tradingsymbol"] == symbol)
        return row["last_price"], row["last_price_date"].isoformat()


@pytest.fixture
def desk(exchange: PaperExchange) -> Iterator[Desk]:
    desk = Desk(exchange)
    desk.at("2026-12-02 10:00:00")  # a Wednesday, before the 15:00 cut-off
    yield desk
    desk.kite.reqsession.close()


def units_for(amount: float, nav: float) -> float:
    return float((Decimal(str(amount)) / Decimal(str(nav))).quantize(Decimal("0.001"), ROUND_DOWN))


def test_a_buy_by_amount_settles_at_the_days_nav_once_published(desk: Desk) -> None:
    before = desk.cash()
    order_id = desk.kite.place_mf_order(FLEXI, "BUY", amount=5000, tag="paper")["order_id"]
    order = desk.kite.mf_orders(order_id)
    assert (order["status"], order["amount"], order["quantity"], order["purchase_type"]) == ("OPEN", 5000, 0, "FRESH")
    assert desk.cash() == pytest.approx(before - 5000)
    desk.at("2026-12-02 20:59:00")
    assert desk.kite.mf_orders(order_id)["status"] == "OPEN"
    kite = desk.at("2026-12-02 21:00:00")
    nav, day = desk.nav()
    assert day == "2026-12-02"
    order = kite.mf_orders(order_id)
    units = units_for(5000, nav)
    assert (order["status"], order["average_price"], order["quantity"]) == ("COMPLETE", nav, units)
    assert order["exchange_timestamp"] == "2026-12-02"
    assert order["folio"]
    assert order["exchange_order_id"]
    assert order["settlement_id"]
    (holding,) = kite.mf_holdings()
    assert (holding["tradingsymbol"], holding["quantity"], holding["folio"]) == (FLEXI, units, order["folio"])
    assert holding["average_price"] == pytest.approx(nav)
    assert desk.cash() == pytest.approx(before - units * nav, abs=0.01)  # what bought no whole unit came back


def test_an_order_after_the_cut_off_gets_the_next_days_nav(desk: Desk) -> None:
    kite = desk.at("2026-12-04 16:00:00")  # Friday after 15:00: Monday's NAV
    order_id = kite.place_mf_order(FLEXI, "BUY", amount=1000)["order_id"]
    desk.at("2026-12-05 22:00:00")
    assert desk.kite.mf_orders(order_id)["status"] == "OPEN"
    kite = desk.at("2026-12-07 21:30:00")
    assert kite.mf_orders(order_id)["exchange_timestamp"] == "2026-12-07"
    assert kite.mf_orders(order_id)["average_price"] == desk.nav()[0]


def test_a_sale_by_units_pays_out_at_the_nav(desk: Desk) -> None:
    desk.kite.place_mf_order(FLEXI, "BUY", amount=5000)
    kite = desk.at("2026-12-02 21:00:00")
    held = kite.mf_holdings()[0]["quantity"]
    with pytest.raises(InputException, match="at most"):
        kite.place_mf_order(FLEXI, "SELL", quantity=held + 1)
    kite = desk.at("2026-12-03 10:00:00")
    before = desk.cash()
    order_id = kite.place_mf_order(FLEXI, "SELL", quantity=10.5)["order_id"]
    order = kite.mf_orders(order_id)
    assert (order["status"], order["quantity"], order["purchase_type"]) == ("OPEN", 10.5, "ADDITIONAL")
    with pytest.raises(InputException, match="at most"):  # the units being redeemed are spoken for
        kite.place_mf_order(FLEXI, "SELL", quantity=held - 10)
    kite = desk.at("2026-12-03 21:00:00")
    nav = desk.nav()[0]
    assert kite.mf_orders(order_id)["amount"] == pytest.approx(round(10.5 * nav, 2))
    assert kite.mf_holdings()[0]["quantity"] == pytest.approx(held - 10.5)
    assert desk.cash() == pytest.approx(before + 10.5 * nav, abs=0.01)


def test_cancel_gives_the_money_back(desk: Desk) -> None:
    before = desk.cash()
    order_id = desk.kite.place_mf_order(FLEXI, "BUY", amount=2000)["order_id"]
    assert desk.kite.cancel_mf_order(order_id) == {"order_id": order_id}
    assert desk.kite.mf_orders(order_id)["status"] == "CANCELLED"
    assert desk.cash() == pytest.approx(before)
    with pytest.raises(InputException, match="CANCELLED"):
        desk.kite.cancel_mf_order(order_id)
    with pytest.raises(InputException, match="order_id"):
        desk.kite.cancel_mf_order("no-such-order")


def test_kites_checks_on_placing(desk: Desk) -> None:
    with pytest.raises(InputException, match="minimum amount"):
        desk.kite.place_mf_order(FLEXI, "BUY", amount=100)
    with pytest.raises(InputException, match="tradingsymbol"):
        desk.kite.place_mf_order("INF000000000", "BUY", amount=1000)
    with pytest.raises(InputException, match="amount"):
        desk.kite.place_mf_order(FLEXI, "BUY", quantity=5)
    with pytest.raises(InputException, match="at most 0"):
        desk.kite.place_mf_order(FLEXI, "SELL", quantity=1)
    with pytest.raises(InputException, match="transaction_type"):
        desk.kite.place_mf_order(FLEXI, "HOLD", amount=1000)
    assert desk.kite.mf_orders() == []
    order_id = desk.kite.place_mf_order(FLEXI, "BUY", amount=5_000_000)["order_id"]  # far beyond the funds
    order = desk.kite.mf_orders(order_id)
    assert (order["status"], order["status_message"]) == ("REJECTED", "Insufficient fund.")


def test_answers_have_kites_shapes(desk: Desk) -> None:
    placed = desk.kite.place_mf_order(FLEXI, "BUY", amount=1000)
    assert_shape(placed, {"order_id": STR})  # mf_order_response.json
    desk.kite.place_mf_sip(FLEXI, 1000, 12, "monthly", instalment_day=10)
    kite = desk.at("2026-12-02 21:00:00")
    for row in raw(kite, "GET", "/mf/orders").json()["data"]:
        assert_shape(row, MF_ORDER)
    assert_shape(raw(kite, "GET", f"/mf/orders/{placed['order_id']}").json()["data"], MF_ORDER)
    for row in raw(kite, "GET", "/mf/holdings").json()["data"]:
        assert_shape(row, MF_HOLDING)
    (sip,) = raw(kite, "GET", "/mf/sips").json()["data"]
    assert_shape(sip, SIP)
    assert_shape(raw(kite, "GET", f"/mf/sips/{sip['sip_id']}").json()["data"], {**SIP, "fund_source": STR})


def test_the_instruments_csv_has_kites_columns_and_published_navs(desk: Desk) -> None:
    response = raw(desk.kite, "GET", "/mf/instruments")
    assert "csv" in response.headers["Content-Type"]
    assert response.text.splitlines()[0].split(",") == MF_COLUMNS
    rows = desk.kite.mf_instruments()
    assert len(rows) >= 5
    assert {row["last_price_date"].isoformat() for row in rows} == {"2026-12-01"}  # today's NAV is not out yet
    assert all(row["purchase_allowed"] and row["last_price"] > 0 for row in rows)
    desk.at("2026-12-02 21:00:00")
    assert {row["last_price_date"].isoformat() for row in desk.kite.mf_instruments()} == {"2026-12-02"}


def test_navs_are_deterministic_per_seed() -> None:
    def navs(seed: int) -> list[Any]:
        with PaperExchange(config(seed=seed)) as running:
            desk = Desk(running)
            desk.at("2026-12-02 22:00:00")
            return [row["last_price"] for row in desk.kite.mf_instruments()]

    assert navs(7) == navs(7)
    assert navs(7) != navs(8)


def test_a_monthly_sip_places_its_instalments_by_the_clock(desk: Desk) -> None:
    sip_id = desk.kite.place_mf_sip(FLEXI, 1000, 3, "monthly", instalment_day=5, tag="sip1")["sip_id"]
    sip = desk.kite.mf_sips(sip_id)
    assert (sip["status"], sip["next_instalment"], sip["completed_instalments"]) == ("ACTIVE", "2026-12-05", 0)
    assert sip["pending_instalments"] == 3
    kite = desk.at("2026-12-05 10:00:00")
    sip = kite.mf_sips(sip_id)
    assert (sip["completed_instalments"], sip["pending_instalments"], sip["next_instalment"]) == (1, 2, "2027-01-05")
    (order,) = kite.mf_orders()
    assert (order["variety"], order["amount"], order["tag"]) == ("sip", 1000, "sip1")
    assert kite.modify_mf_sip(sip_id, amount=2000, status="PAUSED") == {"sip_id": sip_id}
    kite = desk.at("2027-01-06 10:00:00")
    assert kite.mf_sips(sip_id)["completed_instalments"] == 1  # paused: nothing placed
    kite.modify_mf_sip(sip_id, status="ACTIVE")
    assert kite.mf_sips(sip_id)["next_instalment"] == "2027-02-05"
    kite = desk.at("2027-03-05 10:00:00")
    sip = kite.mf_sips(sip_id)
    assert (sip["status"], sip["completed_instalments"], sip["pending_instalments"]) == ("COMPLETED", 3, 0)
    assert [o["amount"] for o in kite.mf_orders() if o["variety"] == "sip"] == [2000, 2000, 1000]
    with pytest.raises(InputException, match="COMPLETED"):
        kite.cancel_mf_sip(sip_id)


def test_a_weekly_sip_with_an_initial_amount_and_cancelling(desk: Desk) -> None:
    sip_id = desk.kite.place_mf_sip(FLEXI, 500, -1, "weekly", initial_amount=5000)["sip_id"]
    sip = desk.kite.mf_sips(sip_id)
    assert (sip["completed_instalments"], sip["pending_instalments"], sip["next_instalment"]) == (1, -1, "2026-12-09")
    assert [o["amount"] for o in desk.kite.mf_orders()] == [5000]
    kite = desk.at("2026-12-16 10:00:00")
    assert kite.mf_sips(sip_id)["completed_instalments"] == 3
    assert kite.cancel_mf_sip(sip_id) == {"sip_id": sip_id}
    kite = desk.at("2026-12-30 10:00:00")
    sip = kite.mf_sips(sip_id)
    assert (sip["status"], sip["completed_instalments"]) == ("CANCELLED", 3)
    with pytest.raises(InputException, match="CANCELLED"):
        kite.modify_mf_sip(sip_id, amount=1000)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": 100}, "minimum SIP"),
        ({"frequency": "daily"}, "frequency"),
        ({"instalments": 0}, "instalments"),
        ({"instalment_day": 31}, "instalment_day"),
    ],
)
def test_bad_sips_are_refused(desk: Desk, changes: dict[str, Any], message: str) -> None:
    params: dict[str, Any] = {"amount": 1000, "instalments": 12, "frequency": "monthly", "instalment_day": 5}
    params.update(changes)
    with pytest.raises(InputException, match=message):
        desk.kite.place_mf_sip(FLEXI, **params)
    assert desk.kite.mf_sips() == []
    with pytest.raises(InputException, match="sip_id"):
        desk.kite.mf_sips("123")


def test_orders_holdings_and_sips_survive_a_restart(tmp_path: Path) -> None:
    db = str(tmp_path / "paper.db")
    with PaperExchange(config(db_path=db)) as first:
        desk = Desk(first)
        kite = desk.at("2026-12-02 10:00:00")
        kite.place_mf_order(FLEXI, "BUY", amount=1000)
        kite.place_mf_sip(FLEXI, 1000, 6, "monthly", instalment_day=5)
        desk.at("2026-12-02 21:00:00")
        holdings, orders, sips = desk.kite.mf_holdings(), desk.kite.mf_orders(), desk.kite.mf_sips()
    with PaperExchange(config(db_path=db)) as second:
        desk = Desk(second)
        desk.at("2026-12-02 21:00:00")
        assert (desk.kite.mf_holdings(), desk.kite.mf_orders(), desk.kite.mf_sips()) == (holdings, orders, sips)
