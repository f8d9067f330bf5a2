"""Positions, trades and holdings read from Kite's rows into typed values with Decimal money."""

from __future__ import annotations

from decimal import Decimal

from kiteticket.domain.holding import parse_holdings
from kiteticket.domain.portfolio_rows import parse_position, parse_positions, parse_trades
from kiteticket.domain.portfolio_totals import holding_totals, position_totals
from tests.kite_samples import HOLDINGS, POSITIONS_NET, TRADES, position_row

LONG = parse_position(
    position_row("INFY", "NSE", "MIS", quantity=10, last_price=1600.0, pnl=250.0, m2m=100.0, unrealised=250.0,
                 average_price=1575.0, day_buy_quantity=10)
)  # fmt: skip


def test_positions_read_every_shown_field_as_decimal_money() -> None:
    lead, gold, cover = parse_positions({"net": POSITIONS_NET, "day": []})
    assert (lead.key, lead.quantity, lead.multiplier, lead.last_price) == (
        "MCX:LEADMINI17DECFUT:NRML",
        1,
        Decimal(1000),
        Decimal("161.05"),
    )
    assert (gold.overnight_quantity, gold.pnl, gold.m2m, gold.unrealised) == (
        3,
        Decimal(801),
        Decimal(276),
        Decimal(801),
    )
    assert cover.product == "CO"
    assert cover.instrument_key == "NSE:SBIN"


def test_nulls_and_missing_keys_read_as_zero_and_rows_without_a_symbol_are_left_out() -> None:
    (row,) = parse_positions({"net": [{"tradingsymbol": "X", "pnl": None, "multiplier": None}, {"pnl": 5}]})
    assert (row.pnl, row.multiplier, row.exchange, row.instrument_token) == (Decimal(0), Decimal(1), "", 0)


def test_a_long_position_gains_as_the_price_rises() -> None:
    moved = LONG.repriced(Decimal("1605.50"))
    assert (moved.last_price, moved.pnl, moved.m2m, moved.unrealised) == (
        Decimal("1605.50"), Decimal("305.00"), Decimal("155.00"), Decimal("305.00")
    )  # fmt: skip
    assert moved.realised == 0


def test_a_short_future_loses_by_its_multiplier() -> None:
    short = parse_position(position_row("NIFTY", "NFO", "NRML", quantity=-2, multiplier=100, last_price=6000.0))
    assert short.repriced(Decimal(6001)).pnl == Decimal(-200)


def test_a_closed_position_or_the_same_price_is_left_as_it_is() -> None:
    closed = parse_position(position_row("SBIN", "NSE", "MIS", last_price=800.0, pnl=-40.0))
    assert closed.repriced(Decimal(900)) is closed
    assert LONG.repriced(Decimal("1600.0")) is LONG


def test_trades_read_the_full_fill_time_and_sort_newest_last() -> None:
    trades = parse_trades([*TRADES, {"trade_id": None, "order_id": "1"}])
    assert len(trades) == len(TRADES)  # a row without a trade_id cannot be tracked
    first = trades[0]
    assert (first.time, first.average_price, first.quantity) == ("09:16:39", Decimal("420.65"), 1)
    assert sorted(trades, key=lambda t: t.sort_key) == list(trades)


def test_holdings_value_pnl_and_day_change_count_t1_shares() -> None:
    aaron, sbin = parse_holdings(HOLDINGS)
    assert (aaron.held, aaron.current_value, aaron.pnl) == (1, Decimal("352.95"), Decimal("191.95"))
    assert (sbin.quantity, sbin.t1_quantity, sbin.held, sbin.sellable) == (16, 4, 20, 18)
    assert sbin.day_change == Decimal("-79.00")  # (762.45 - 766.40) × 20 shares
    assert sbin.invested == Decimal("16035.62500")
    moved = sbin.repriced(Decimal("770.00"))
    assert (moved.current_value, moved.day_change) == (Decimal("15400.00"), Decimal("72.00"))


def test_totals_sum_the_rows() -> None:
    totals = position_totals(parse_positions({"net": POSITIONS_NET}))
    assert (totals.realised, totals.unrealised, totals.m2m, totals.pnl) == (0, Decimal(799), Decimal(274), Decimal(799))
    holdings = holding_totals(parse_holdings(HOLDINGS))
    assert holdings.current_value == Decimal("352.95") + Decimal("762.45") * 20
    assert holdings.pnl == holdings.current_value - Decimal(161) - Decimal("801.78125") * 20
    assert holdings.day_change == Decimal("0.60") + Decimal("-79.00")
    before = holdings.current_value - holdings.day_change
    assert holdings.day_change_percent == holdings.day_change / before * 100
    assert holding_totals([]).pnl_percent == 0
