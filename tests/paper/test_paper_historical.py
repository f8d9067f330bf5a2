"""Historical candles through the real SDK: agree with quotes, consistent OHLC at every interval, deterministic
per seed, Kite's per-interval day limits and errors, open interest and continuous futures."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from kiteconnect import KiteConnect
from kiteconnect.exceptions import InputException, NetworkException

from kiteticket.paper.exchange import PaperExchange
from tests.paper.conftest import config
from tests.paper.helpers import admin, logged_in, nearest_future, raw, set_price
from tests.paper.shapes import LIST, assert_shape

INFY = 408065  # NSE:INFY in the sample master
WEDNESDAY = "2026-12-02"
CANDLES = {"candles": LIST}  # historical_minute.json: data is {"candles": [[ts, o, h, l, c, v(, oi)], …]}
INTERVALS = ("minute", "3minute", "5minute", "10minute", "15minute", "30minute", "60minute", "day")


def at(exchange: PaperExchange, moment: str) -> KiteConnect:
    """Move the exchange clock, then log in again (moving it may pass 06:00, when tokens die)."""
    admin(exchange, "clock", {"now": moment})
    return logged_in(exchange)


@pytest.fixture
def wednesday(exchange: PaperExchange) -> Iterator[KiteConnect]:
    kite = at(exchange, f"{WEDNESDAY} 10:00:00")
    set_price(exchange, "INFY", 1702.35)
    yield kite
    kite.reqsession.close()


def token_of(kite: KiteConnect, symbol: str, exchange: str = "NFO") -> int:
    return int(kite.ltp(f"{exchange}:{symbol}")[f"{exchange}:{symbol}"]["instrument_token"])


def assert_consistent(candles: list[dict[str, Any]]) -> None:
    for candle in candles:
        assert candle["low"] <= min(candle["open"], candle["close"]), candle
        assert candle["high"] >= max(candle["open"], candle["close"]), candle
        assert candle["low"] > 0
        assert candle["volume"] >= 0


def test_todays_candles_end_at_the_last_price_and_span_the_quote(
    exchange: PaperExchange, wednesday: KiteConnect
) -> None:
    minutes = wednesday.historical_data(INFY, f"{WEDNESDAY} 09:15:00", f"{WEDNESDAY} 10:00:00", "minute")
    assert len(minutes) == 46  # 09:15 to the 10:00 candle that is forming
    assert minutes[0]["date"].strftime("%Y-%m-%d %H:%M %z") == f"{WEDNESDAY} 09:15 +0530"
    assert [b["date"] - a["date"] for a, b in itertools.pairwise(minutes)] == [timedelta(minutes=1)] * 45
    assert_consistent(minutes)
    ohlc = wednesday.ohlc("NSE:INFY")["NSE:INFY"]
    assert minutes[-1]["close"] == ohlc["last_price"] == 1702.35
    assert minutes[0]["open"] == ohlc["ohlc"]["open"]
    assert max(m["high"] for m in minutes) == ohlc["ohlc"]["high"]
    assert min(m["low"] for m in minutes) == ohlc["ohlc"]["low"]
    assert sum(m["volume"] for m in minutes) == wednesday.quote("NSE:INFY")["NSE:INFY"]["volume"]
    days = wednesday.historical_data(INFY, "2026-11-30", WEDNESDAY, "day")
    assert [d["date"].date() for d in days] == [date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2)]
    today = days[-1]
    assert (today["open"], today["high"], today["low"], today["close"]) == (
        ohlc["ohlc"]["open"], ohlc["ohlc"]["high"], ohlc["ohlc"]["low"], 1702.35,
    )  # fmt: skip
    assert days[-2]["close"] == ohlc["ohlc"]["close"]  # yesterday closed where the quote says it did


def test_candles_follow_the_market_as_it_moves(exchange: PaperExchange, wednesday: KiteConnect) -> None:
    set_price(exchange, "INFY", 1800)
    minutes = wednesday.historical_data(INFY, f"{WEDNESDAY} 09:15:00", f"{WEDNESDAY} 10:00:00", "minute")
    assert minutes[-1]["close"] == 1800
    assert max(m["high"] for m in minutes) == 1800


def test_once_asked_for_the_minutes_stay_as_the_market_moved(exchange: PaperExchange, wednesday: KiteConnect) -> None:
    def minutes(until: str) -> list[dict[str, Any]]:
        return wednesday.historical_data(INFY, f"{WEDNESDAY} 09:15:00", f"{WEDNESDAY} {until}", "minute")

    minutes("10:00:00")  # the first request starts recording INFY's moves
    set_price(exchange, "INFY", 1710)  # in the 10:00 minute
    before = minutes("10:00:00")
    admin(exchange, "clock", {"now": f"{WEDNESDAY} 10:03:30"})
    set_price(exchange, "INFY", 1690)
    after = minutes("10:03:00")
    assert after[: len(before)] == before  # what has happened stays as it happened
    assert (before[-1]["open"], before[-1]["high"], before[-1]["low"], before[-1]["close"]) == (1710,) * 4
    for flat in after[46:48]:  # 10:01 and 10:02: no move, flat at the last price, nothing traded
        assert (flat["open"], flat["high"], flat["low"], flat["close"], flat["volume"]) == (1710, 1710, 1710, 1710, 0)
    assert (after[-1]["date"].strftime("%H:%M"), after[-1]["close"]) == ("10:03", 1690)
    (today,) = wednesday.historical_data(INFY, WEDNESDAY, WEDNESDAY, "day")
    assert (today["high"], today["low"]) == (max(m["high"] for m in after), min(m["low"] for m in after))
    assert today["volume"] == sum(m["volume"] for m in after)


MONDAY = "2026-12-07"


def test_before_the_open_an_always_open_market_draws_today_from_midnight(exchange: PaperExchange) -> None:
    # The paper market trades around the clock: a trader up at half past midnight sees a chart that ends at the
    # price the ticket trades at, not at Friday's close.
    kite = at(exchange, f"{MONDAY} 00:30:20")
    set_price(exchange, "INFY", 1750)
    minutes = kite.historical_data(INFY, f"{MONDAY} 00:00:00", f"{MONDAY} 00:30:20", "minute")
    assert [m["date"].strftime("%H:%M") for m in (minutes[0], minutes[-1])] == ["00:00", "00:30"]
    assert len(minutes) == 31
    assert_consistent(minutes)
    ohlc = kite.ohlc("NSE:INFY")["NSE:INFY"]
    assert minutes[-1]["close"] == ohlc["last_price"] == 1750
    assert minutes[0]["open"] == ohlc["ohlc"]["open"]
    assert max(m["high"] for m in minutes) == ohlc["ohlc"]["high"]
    fives = kite.historical_data(INFY, "2026-12-04 09:15:00", f"{MONDAY} 00:30:20", "5minute")
    assert (fives[-1]["date"].strftime("%Y-%m-%d %H:%M"), fives[-1]["close"]) == (f"{MONDAY} 00:30", 1750)
    kite = at(exchange, f"{MONDAY} 09:20:00")  # from the open on, the day is drawn from the open
    opened = kite.historical_data(INFY, f"{MONDAY} 00:00:00", f"{MONDAY} 09:20:00", "minute")
    assert [m["date"].strftime("%H:%M") for m in (opened[0], opened[-1])] == ["09:15", "09:20"]
    assert (opened[0]["open"], opened[-1]["close"]) == (ohlc["ohlc"]["open"], 1750)


def test_before_the_open_in_real_hours_today_has_no_candle(exchange: PaperExchange) -> None:
    admin(exchange, "clock", {"market": "real"})
    kite = at(exchange, f"{MONDAY} 00:30:00")
    minutes = kite.historical_data(INFY, "2026-12-04 09:15:00", f"{MONDAY} 00:30:00", "minute")
    assert minutes[-1]["date"].strftime("%Y-%m-%d %H:%M") == "2026-12-04 15:29"  # Friday's last minute


def test_every_interval_aggregates_the_minutes_of_a_past_day(wednesday: KiteConnect) -> None:
    day = "2026-11-27"  # a Friday: a whole session
    minutes = wednesday.historical_data(INFY, f"{day} 00:00:00", f"{day} 23:59:59", "minute")
    assert len(minutes) == 375  # 09:15 to 15:30
    assert_consistent(minutes)
    for interval, size in (("3minute", 3), ("5minute", 5), ("15minute", 15), ("30minute", 30), ("60minute", 60)):
        candles = wednesday.historical_data(INFY, f"{day} 00:00:00", f"{day} 23:59:59", interval)
        assert len(candles) == -(-375 // size)
        for index, candle in enumerate(candles):
            group = minutes[index * size : (index + 1) * size]
            assert candle["date"] == group[0]["date"]
            assert candle["open"] == group[0]["open"]
            assert candle["close"] == group[-1]["close"]
            assert candle["high"] == max(m["high"] for m in group)
            assert candle["low"] == min(m["low"] for m in group)
            assert candle["volume"] == sum(m["volume"] for m in group)
    (daily,) = wednesday.historical_data(INFY, day, day, "day")
    assert (daily["open"], daily["close"]) == (minutes[0]["open"], minutes[-1]["close"])
    assert (daily["high"], daily["low"]) == (max(m["high"] for m in minutes), min(m["low"] for m in minutes))
    assert daily["volume"] == sum(m["volume"] for m in minutes)


def test_weekends_have_no_candles_and_days_chain(wednesday: KiteConnect) -> None:
    days = wednesday.historical_data(INFY, "2026-09-01", WEDNESDAY, "day")
    assert all(d["date"].weekday() < 5 for d in days)
    assert len(days) == 67  # the weekdays from 1 September to 2 December
    assert_consistent(days)
    for candle in days:
        assert candle["date"].strftime("%H:%M:%S") == "00:00:00"


def test_the_same_seed_gives_the_same_history() -> None:
    def history(seed: int) -> list[Any]:
        with PaperExchange(config(seed=seed)) as running:
            kite = at(running, f"{WEDNESDAY} 12:00:00")
            return [
                kite.historical_data(INFY, "2026-11-20", "2026-11-27 23:59:59", interval)
                for interval in ("day", "15minute")
            ]

    assert history(7) == history(7)
    assert history(7) != history(8)


@pytest.mark.parametrize(("interval", "days"), [("minute", 60), ("3minute", 100), ("5minute", 100),
    ("10minute", 100), ("15minute", 200), ("30minute", 200), ("60minute", 400), ("day", 2000)])  # fmt: skip
def test_kites_limit_of_days_per_request(wednesday: KiteConnect, interval: str, days: int) -> None:
    end = datetime(2026, 12, 2, 10, 0)
    wednesday.historical_data(INFY, end - timedelta(days=days), end, interval)
    with pytest.raises(InputException, match=f"interval exceeds max limit: {days} days"):
        wednesday.historical_data(INFY, end - timedelta(days=days, minutes=1), end, interval)


@pytest.mark.parametrize(
    "case",
    [
        (INFY, "2minute", "2026-12-01", "2026-12-02", "interval"),
        (999999999, "day", "2026-12-01", "2026-12-02", "instrument_token"),
        (INFY, "day", "2026-12-02", "2026-12-01", "after"),
        (INFY, "day", "yesterday", "2026-12-01", "from"),
    ],
)
def test_bad_requests(wednesday: KiteConnect, case: tuple[int, str, str, str, str]) -> None:
    token, interval, start, end, message = case
    with pytest.raises(InputException, match=message):
        wednesday.historical_data(token, start, end, interval)


def test_the_answer_has_kites_shape(wednesday: KiteConnect) -> None:
    response = raw(wednesday, "GET", f"/instruments/historical/{INFY}/minute",
                   params={"from": f"{WEDNESDAY} 09:15:00", "to": f"{WEDNESDAY} 09:20:00"})  # fmt: skip
    data = response.json()["data"]
    assert_shape(data, CANDLES)
    for candle in data["candles"]:
        assert isinstance(candle[0], str)
        assert len(candle) == 6
        assert all(isinstance(value, int | float) and not isinstance(value, bool) for value in candle[1:])
    assert data["candles"][0][0] == f"{WEDNESDAY}T09:15:00+0530"


def test_open_interest_for_futures_and_zero_for_cash(exchange: PaperExchange, wednesday: KiteConnect) -> None:
    row = nearest_future(wednesday)
    future, key = row["instrument_token"], f"NFO:{row['tradingsymbol']}"
    candles = wednesday.historical_data(future, f"{WEDNESDAY} 09:15:00", f"{WEDNESDAY} 10:00:00", "5minute", oi=True)
    assert all(candle["oi"] > 0 for candle in candles)
    quote = wednesday.quote(key)[key]
    assert candles[-1]["oi"] == quote["oi"]
    cash = wednesday.historical_data(INFY, f"{WEDNESDAY} 09:15:00", f"{WEDNESDAY} 10:00:00", "5minute", oi=True)
    assert {candle["oi"] for candle in cash} == {0}
    assert "oi" not in wednesday.historical_data(INFY, WEDNESDAY, WEDNESDAY, "day")[0]


def test_an_index_has_candles_without_volume(wednesday: KiteConnect) -> None:
    index = token_of(wednesday, "NIFTY 50", "NSE")
    candles = wednesday.historical_data(index, "2026-11-30", WEDNESDAY, "day")
    assert len(candles) == 3
    assert {candle["volume"] for candle in candles} == {0}
    assert candles[-1]["close"] == wednesday.ltp("NSE:NIFTY 50")["NSE:NIFTY 50"]["last_price"]


def test_continuous_reaches_back_before_a_future_was_listed(exchange: PaperExchange, kite: KiteConnect) -> None:
    row = nearest_future(kite)
    listing = row["expiry"] - timedelta(days=90)  # a contract trades for about three months
    end = listing + timedelta(days=14)
    kite = at(exchange, f"{end} 12:00:00")
    start = end - timedelta(days=180)
    listed = kite.historical_data(row["instrument_token"], start, end, "day")
    stitched = kite.historical_data(row["instrument_token"], start, end, "day", continuous=True)
    assert listed
    assert listed[0]["date"].date() >= listing
    assert stitched[0]["date"].date() < listing
    assert stitched[-len(listed) :] == listed
    with pytest.raises(InputException, match="futures"):
        kite.historical_data(INFY, start, end, "day", continuous=True)


def test_historical_calls_are_limited_to_three_a_second() -> None:
    with PaperExchange(config(rate_limit=True)) as limited:
        kite = logged_in(limited)
        for _ in range(3):
            kite.historical_data(INFY, "2026-11-02", "2026-11-03", "day")
        with pytest.raises(NetworkException, match="Too many requests"):
            kite.historical_data(INFY, "2026-11-02", "2026-11-03", "day")
        kite.reqsession.close()
