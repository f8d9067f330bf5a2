"""Placing, modifying and cancelling through the real SDK: Kite's statuses, fills and rejections."""

from __future__ import annotations

import pytest
from kiteconnect import KiteConnect
from kiteconnect.exceptions import InputException, NetworkException

from kiteticket.paper.exchange import PaperExchange
from tests.paper.helpers import admin, buy_limit, last, logged_in, set_price, statuses


def test_order_ids_are_19_digit_increasing_strings(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    first, second = buy_limit(kite, 1600), buy_limit(kite, 1600)
    assert len(first) == 19
    assert first.isdigit()
    assert int(second) > int(first)


def test_a_resting_limit_walks_kites_statuses_and_fills_when_the_market_reaches_it(
    exchange: PaperExchange, kite: KiteConnect
) -> None:
    set_price(exchange, "INFY", 1700)
    order_id = buy_limit(kite, 1650)
    assert statuses(kite, order_id) == ["PUT ORDER REQ RECEIVED", "VALIDATION PENDING", "OPEN PENDING", "OPEN"]
    opened = last(kite, order_id)
    assert opened["exchange_order_id"]
    assert opened["pending_quantity"] == 1
    set_price(exchange, "INFY", 1649)
    done = last(kite, order_id)
    assert done["status"] == "COMPLETE"
    assert done["average_price"] == 1650  # the resting order is the passive side: it trades at its own price
    assert [trade["order_id"] for trade in kite.order_trades(order_id)] == [order_id]


def test_interim_rows_have_no_exchange_ids(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    history = kite.order_history(buy_limit(kite, 1650))
    assert history[0]["exchange_order_id"] is None
    assert history[0]["exchange_timestamp"] is None


def test_orders_lists_the_day_in_placement_order(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    ids = [buy_limit(kite, 1600) for _ in range(3)]
    assert [row["order_id"] for row in kite.orders()] == ids


def test_modify_goes_through_modify_statuses(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    order_id = buy_limit(kite, 1650)
    assert kite.modify_order("regular", order_id, price=1655, quantity=2) == order_id
    assert statuses(kite, order_id)[4:] == ["MODIFY VALIDATION PENDING", "MODIFY PENDING", "MODIFIED", "OPEN"]
    row = last(kite, order_id)
    assert (row["price"], row["quantity"], row["pending_quantity"]) == (1655, 2, 2)


def test_modify_is_validated_with_the_ticket_rules(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    order_id = buy_limit(kite, 1650)
    with pytest.raises(InputException, match="tick"):
        kite.modify_order("regular", order_id, price=1650.03)


def test_cancel_leaves_pending_and_sets_cancelled_quantity(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    order_id = buy_limit(kite, 1650, quantity=3)
    assert kite.cancel_order("regular", order_id) == order_id
    assert statuses(kite, order_id)[-2:] == ["CANCEL PENDING", "CANCELLED"]
    row = last(kite, order_id)
    assert row["status"] == "CANCELLED"
    assert row["cancelled_quantity"] == 3
    assert row["status_message"] is None


def test_modify_or_cancel_a_finished_order_is_refused(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    order_id = buy_limit(kite, 1650)
    kite.cancel_order("regular", order_id)
    with pytest.raises(InputException, match=r"Order cannot be modified as it is being processed\. Try later\."):
        kite.modify_order("regular", order_id, price=1651)
    with pytest.raises(InputException, match=r"Order cannot be cancelled as it is being processed\. Try later\."):
        kite.cancel_order("regular", order_id)


def test_25_modifications_at_most(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    order_id = buy_limit(kite, 1600)
    for step in range(25):
        kite.modify_order("regular", order_id, price=1600 + step)
    with pytest.raises(NetworkException, match=r"Maximum allowed order modifications exceeded\."):
        kite.modify_order("regular", order_id, price=1500)


def test_unknown_order_id_is_an_input_error(kite: KiteConnect) -> None:
    with pytest.raises(InputException):
        kite.cancel_order("regular", "1234567890123456789")


def test_partial_fills_make_several_trades(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    order_id = buy_limit(kite, 1700.2, quantity=900, product="MIS")  # more than the first depth level holds
    trades = kite.order_trades(order_id)
    assert len(trades) >= 2
    assert sum(trade["quantity"] for trade in trades) == last(kite, order_id)["filled_quantity"]
    assert len({trade["trade_id"] for trade in trades}) == len(trades)


def test_an_order_bigger_than_the_book_stays_open_partly_filled(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    order_id = buy_limit(kite, 1700, quantity=500, product="MIS")  # only the level at 1700 is within the limit
    row = last(kite, order_id)
    assert row["status"] == "OPEN"
    assert 0 < row["filled_quantity"] < 500
    assert row["pending_quantity"] == 500 - row["filled_quantity"]


def test_stop_loss_waits_for_its_trigger(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    order_id = buy_limit(kite, 1712, order_type="SL", trigger_price=1710)
    assert last(kite, order_id)["status"] == "TRIGGER PENDING"
    set_price(exchange, "INFY", 1709)
    assert last(kite, order_id)["status"] == "TRIGGER PENDING"
    set_price(exchange, "INFY", 1711)
    row = last(kite, order_id)
    assert row["status"] == "COMPLETE"
    assert row["average_price"] <= 1712
    assert "TRIGGER PENDING" in statuses(kite, order_id)


def test_sl_m_fills_at_market_once_triggered(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    order_id = str(
        kite.place_order(
            variety="regular",
            exchange="NSE",
            tradingsymbol="INFY",
            transaction_type="SELL",
            quantity=1,
            product="MIS",
            order_type="SL-M",
            trigger_price=1690,
            market_protection=-1,
        )
    )
    assert last(kite, order_id)["status"] == "TRIGGER PENDING"
    set_price(exchange, "INFY", 1689)
    assert last(kite, order_id)["status"] == "COMPLETE"


def test_market_order_fills_inside_its_protection(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    order_id = str(
        kite.place_order(
            variety="regular",
            exchange="NSE",
            tradingsymbol="INFY",
            transaction_type="BUY",
            quantity=2,
            product="MIS",
            order_type="MARKET",
            market_protection=2,
        )
    )
    row = last(kite, order_id)
    assert row["status"] == "COMPLETE"
    assert 1700 <= row["average_price"] <= 1734
    assert row["tags"] == ["mktp", "mktp:2.00"]
    assert (row["order_type"], row["price"]) == ("LIMIT", 1734)  # converted at the band's edge, as Kite shows it


def test_market_order_rests_at_the_band_edge_when_the_book_runs_out(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "SBIN", 1000)
    order_id = str(
        kite.place_order(
            variety="regular",
            exchange="NSE",
            tradingsymbol="SBIN",
            transaction_type="BUY",
            quantity=3000,
            product="MIS",
            order_type="MARKET",
            market_protection=1,
        )
    )
    row = last(kite, order_id)
    assert row["status"] == "OPEN"
    assert row["filled_quantity"] > 0
    assert (row["order_type"], row["price"]) == ("LIMIT", 1010)
    set_price(exchange, "SBIN", 1010)  # the edge: 1000 + 1 %
    assert last(kite, order_id)["filled_quantity"] > row["filled_quantity"]


def test_ioc_cancels_what_does_not_match(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    order_id = buy_limit(kite, 1650, validity="IOC")
    row = last(kite, order_id)
    assert row["status"] == "CANCELLED"
    assert row["status_message"] == "16388: Unmatched orders cancelled by the system"


def test_ttl_expires_after_its_minutes(exchange: PaperExchange, kite: KiteConnect) -> None:
    admin(exchange, "clock", {"now": "2026-11-25 10:00:00"})
    set_price(exchange, "INFY", 1700)
    order_id = buy_limit(kite, 1650, validity="TTL", validity_ttl=2)
    admin(exchange, "clock", {"now": "2026-11-25 10:01:00"})
    assert last(kite, order_id)["status"] == "OPEN"
    admin(exchange, "clock", {"now": "2026-11-25 10:02:30"})
    assert last(kite, order_id)["status"] == "CANCELLED"


def test_iceberg_legs_go_one_after_another(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    first = str(
        kite.place_order(
            variety="iceberg",
            exchange="NSE",
            tradingsymbol="INFY",
            transaction_type="BUY",
            quantity=30,
            product="CNC",
            order_type="LIMIT",
            price=1690,
            iceberg_legs=3,
            iceberg_quantity=10,
        )
    )
    assert last(kite, first)["meta"]["iceberg"] == {
        "leg": 1,
        "legs": 3,
        "leg_quantity": 10,
        "total_quantity": 30,
        "remaining_quantity": 20,
    }
    assert len(kite.orders()) == 1
    set_price(exchange, "INFY", 1690)
    legs = [row for row in kite.orders() if row["variety"] == "iceberg"]
    assert [row["meta"]["iceberg"]["leg"] for row in legs] == [1, 2, 3]
    assert all(row["status"] == "COMPLETE" for row in legs)
    assert sum(row["filled_quantity"] for row in legs) == 30


def test_cover_order_creates_its_stop_leg_and_exits_through_it(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    entry = str(
        kite.place_order(
            variety="co",
            exchange="NSE",
            tradingsymbol="INFY",
            transaction_type="BUY",
            quantity=1,
            product="MIS",
            order_type="LIMIT",
            price=1701,
            trigger_price=1680,
        )
    )
    rows = kite.orders()
    stop = next(row for row in rows if row["parent_order_id"] == entry)
    assert last(kite, entry)["product"] == "CO"
    assert (stop["order_type"], stop["transaction_type"], stop["status"]) == ("SL-M", "SELL", "TRIGGER PENDING")
    kite.modify_order("co", stop["order_id"], parent_order_id=entry, trigger_price=1685)
    assert last(kite, stop["order_id"])["trigger_price"] == 1685
    kite.exit_order("co", stop["order_id"], parent_order_id=entry)
    assert last(kite, stop["order_id"])["status"] == "COMPLETE"
    position = next(p for p in kite.positions()["net"] if p["product"] == "CO")
    assert position["quantity"] == 0


def test_insufficient_funds_is_a_rejected_order_not_an_http_error(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    order_id = buy_limit(kite, 1690, quantity=10_000)
    row = last(kite, order_id)
    assert row["status"] == "REJECTED"
    assert row["status_message"].startswith("Insufficient funds. Required margin is 16900000.00 but available ")
    assert row["status_message_raw"].startswith("RMS:Margin Exceeds,Required:16900000.00")
    assert statuses(kite, order_id) == ["PUT ORDER REQ RECEIVED", "VALIDATION PENDING", "REJECTED"]


def test_delivery_sale_needs_holdings(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "TCS", 3400)
    order_id = str(
        kite.place_order(
            variety="regular",
            exchange="NSE",
            tradingsymbol="TCS",
            transaction_type="SELL",
            quantity=1,
            product="CNC",
            order_type="LIMIT",
            price=3400,
        )
    )
    assert last(kite, order_id)["status"] == "REJECTED"


def cheap_banknifty_option(exchange: PaperExchange, kite: KiteConnect) -> str:
    """A BANKNIFTY option priced at 20 (lot 30, freeze 900), so slices fit the paper account's funds."""
    symbol = min(
        (row for row in kite.instruments("NFO") if row["name"] == "BANKNIFTY" and row["instrument_type"] == "CE"),
        key=lambda row: row["last_price"],
    )["tradingsymbol"]
    set_price(exchange, symbol, 20, "NFO")
    return str(symbol)


def test_freeze_quantity_is_refused_without_autoslice(exchange: PaperExchange, kite: KiteConnect) -> None:
    symbol = cheap_banknifty_option(exchange, kite)
    with pytest.raises(InputException, match="higher than the maximum quantity of 900"):
        kite.place_order(
            variety="regular",
            exchange="NFO",
            tradingsymbol=symbol,
            transaction_type="BUY",
            quantity=930,
            product="NRML",
            order_type="LIMIT",
            price=19,
        )


def test_autoslice_splits_into_children_with_the_2026_shape(exchange: PaperExchange, kite: KiteConnect) -> None:
    symbol = cheap_banknifty_option(exchange, kite)
    answer = kite.place_autoslice_order(
        variety="regular",
        exchange="NFO",
        tradingsymbol=symbol,
        transaction_type="BUY",
        quantity=1950,
        product="NRML",
        order_type="LIMIT",
        price=19,
    )
    assert len(answer["order_id"]) == 19
    children = answer["children"]
    assert len(children) == 3
    ids = [child["order_id"] for child in children]
    rows = {row["order_id"]: row for row in kite.orders()}
    assert [rows[i]["quantity"] for i in ids] == [900, 900, 150]
    assert rows[ids[0]]["tags"] == ["autoslice", f"autoslice:{answer['order_id']}"]


def test_autoslice_children_can_fail_on_margin(exchange: PaperExchange, kite: KiteConnect) -> None:
    symbol = cheap_banknifty_option(exchange, kite)
    set_price(exchange, symbol, 400, "NFO")
    answer = kite.place_autoslice_order(
        variety="regular",
        exchange="NFO",
        tradingsymbol=symbol,
        transaction_type="BUY",
        quantity=8100,
        product="NRML",
        order_type="LIMIT",
        price=390,
    )
    errors = [child["error"] for child in answer["children"] if "error" in child]
    assert errors
    assert errors[0]["error_type"] == "MarginException"
    assert errors[0]["message"].startswith("Insufficient funds.")


def test_autoslice_under_the_freeze_is_refused(exchange: PaperExchange, kite: KiteConnect) -> None:
    symbol = cheap_banknifty_option(exchange, kite)
    with pytest.raises(InputException, match="for order slicing"):
        kite.place_autoslice_order(
            variety="regular",
            exchange="NFO",
            tradingsymbol=symbol,
            transaction_type="BUY",
            quantity=30,
            product="NRML",
            order_type="LIMIT",
            price=19,
        )


def test_amo_is_refused_while_the_market_is_open(exchange: PaperExchange, kite: KiteConnect) -> None:
    with pytest.raises(InputException, match="AMOs for NSE are taken"):
        buy_limit(kite, 1650, variety="amo")


def test_regular_order_is_refused_after_hours(exchange: PaperExchange, kite: KiteConnect) -> None:
    admin(exchange, "clock", {"market": "closed"})
    with pytest.raises(InputException, match="market is closed"):
        buy_limit(kite, 1650)


def test_amo_waits_for_the_open_then_goes_to_the_exchange(exchange: PaperExchange, kite: KiteConnect) -> None:
    admin(exchange, "clock", {"market": "closed"})
    set_price(exchange, "INFY", 1700)
    order_id = buy_limit(kite, 1650, variety="amo")
    assert statuses(kite, order_id) == ["AMO REQ RECEIVED"]
    kite.modify_order("amo", order_id, price=1660)
    assert last(kite, order_id)["status"] == "AMO REQ RECEIVED"
    admin(exchange, "clock", {"market": "open"})
    assert statuses(kite, order_id)[-2:] == ["OPEN PENDING", "OPEN"]
    assert last(kite, order_id)["variety"] == "amo"
    kite.cancel_order("regular", order_id)  # after the open an AMO is handled as regular (F31)
    assert last(kite, order_id)["status"] == "CANCELLED"


def test_cancelling_an_iceberg_leg_stops_the_later_legs(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    first = str(
        kite.place_order(
            variety="iceberg",
            exchange="NSE",
            tradingsymbol="INFY",
            transaction_type="BUY",
            quantity=20,
            product="CNC",
            order_type="LIMIT",
            price=1690,
            iceberg_legs=2,
            iceberg_quantity=10,
        )
    )
    kite.cancel_order("iceberg", first)
    set_price(exchange, "INFY", 1680)
    assert [row["status"] for row in kite.orders()] == ["CANCELLED"]


def test_cover_entry_cancelled_before_filling_has_no_stop_leg(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    entry = str(
        kite.place_order(
            variety="co",
            exchange="NSE",
            tradingsymbol="INFY",
            transaction_type="BUY",
            quantity=1,
            product="MIS",
            order_type="LIMIT",
            price=1690,
            trigger_price=1680,
        )
    )
    kite.cancel_order("co", entry)
    assert [row["order_id"] for row in kite.orders()] == [entry]


def test_cancelling_a_stop_leg_without_its_parent_leaves_the_position(
    exchange: PaperExchange, kite: KiteConnect
) -> None:
    set_price(exchange, "INFY", 1700)
    entry = str(
        kite.place_order(
            variety="co",
            exchange="NSE",
            tradingsymbol="INFY",
            transaction_type="BUY",
            quantity=1,
            product="MIS",
            order_type="MARKET",
            market_protection=-1,
            trigger_price=1680,
        )
    )
    stop = next(row for row in kite.orders() if row["parent_order_id"] == entry)
    kite.cancel_order("co", stop["order_id"])  # no parent_order_id: a plain cancel, as on Kite (F28)
    assert last(kite, stop["order_id"])["status"] == "CANCELLED"
    assert next(p for p in kite.positions()["net"] if p["product"] == "CO")["quantity"] == 1


def test_modified_quantity_must_exceed_the_filled_part(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    order_id = buy_limit(kite, 1700, quantity=500, product="MIS")
    filled = last(kite, order_id)["filled_quantity"]
    with pytest.raises(InputException, match="already filled"):
        kite.modify_order("regular", order_id, quantity=filled)


def test_limit_to_market_needs_protection(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    order_id = buy_limit(kite, 1650)
    with pytest.raises(InputException, match="market protection"):
        kite.modify_order("regular", order_id, order_type="MARKET")
    kite.modify_order("regular", order_id, order_type="MARKET", market_protection=-1)
    assert last(kite, order_id)["status"] == "COMPLETE"


def test_triggered_stop_history(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    order_id = buy_limit(kite, 1712, order_type="SL", trigger_price=1710)
    set_price(exchange, "INFY", 1711)
    assert statuses(kite, order_id)[3:] == ["TRIGGER PENDING", "OPEN", "COMPLETE"]


def test_nrml_positions_carry_overnight(exchange: PaperExchange, kite: KiteConnect) -> None:
    admin(exchange, "clock", {"now": "2026-11-25 10:00:00"})
    future = next(row for row in kite.instruments("NFO") if row["instrument_type"] == "FUT" and row["name"] == "INFY")
    set_price(exchange, future["tradingsymbol"], 1700, "NFO")
    today = logged_in(exchange)  # the fixture's session was opened before the clock moved
    today.place_order(
        variety="regular",
        exchange="NFO",
        tradingsymbol=future["tradingsymbol"],
        transaction_type="BUY",
        quantity=future["lot_size"],
        product="NRML",
        order_type="LIMIT",
        price=1700,
    )
    today.reqsession.close()
    admin(exchange, "clock", {"now": "2026-11-26 10:00:00"})
    tomorrow = logged_in(exchange)
    position = next(p for p in tomorrow.positions()["net"] if p["tradingsymbol"] == future["tradingsymbol"])
    assert position["overnight_quantity"] == future["lot_size"]
    assert position["quantity"] == future["lot_size"]
    assert tomorrow.positions()["day"] == []
    tomorrow.reqsession.close()


def test_real_hours_take_amos_before_the_open_and_send_them_at_the_open(exchange: PaperExchange) -> None:
    admin(exchange, "clock", {"market": "real", "now": "2026-11-25 08:00:00"})  # a Wednesday, before the open
    kite = logged_in(exchange)
    set_price(exchange, "INFY", 1700)
    with pytest.raises(InputException, match="market is closed"):
        buy_limit(kite, 1650)
    order_id = buy_limit(kite, 1650, variety="amo")
    admin(exchange, "clock", {"now": "2026-11-25 08:59:30"})
    assert last(kite, order_id)["status"] == "AMO REQ RECEIVED"
    with pytest.raises(InputException, match="AMOs for NSE are taken"):
        buy_limit(kite, 1650, variety="amo")  # the AMO window closed at 08:58
    admin(exchange, "clock", {"now": "2026-11-25 09:16:00"})
    assert last(kite, order_id)["status"] == "OPEN"
    kite.reqsession.close()


def test_a_triggered_stop_can_still_be_modified(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    order_id = buy_limit(kite, 1710.5, quantity=10, product="MIS", order_type="SL", trigger_price=1710)
    set_price(exchange, "INFY", 1712)  # triggered, but the limit 1710.50 is below the market: it rests
    assert last(kite, order_id)["status"] == "OPEN"
    kite.modify_order("regular", order_id, price=1711)
    assert last(kite, order_id)["price"] == 1711


def test_auction_order_sells_a_holding(exchange: PaperExchange, kite: KiteConnect) -> None:
    set_price(exchange, "INFY", 1700)
    number = next(row["auction_number"] for row in kite.get_auction_instruments() if row["tradingsymbol"] == "INFY")
    order_id = str(
        kite.place_order(variety="auction", exchange="NSE", tradingsymbol="INFY", transaction_type="SELL",
                         quantity=2, product="CNC", order_type="LIMIT", price=1710, auction_number=number)
    )  # fmt: skip
    row = last(kite, order_id)
    assert (row["variety"], row["auction_number"], row["status"]) == ("auction", number, "OPEN")
    with pytest.raises(InputException, match="auction number"):
        kite.place_order(variety="auction", exchange="NSE", tradingsymbol="INFY", transaction_type="SELL",
                         quantity=2, product="CNC", order_type="LIMIT", price=1710)  # fmt: skip
