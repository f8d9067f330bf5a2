"""Small sample rows in the shape of Kite's answers, for tests that need input data.

Each row has the keys of the official mock it stands for (zerodha/kiteconnect-mocks: orders.json, order_info.json,
trades.json, order_trades.json, positions.json; the keys are recorded in tests/kite_schema.json) and the values
the tests rely on: the mock's rejected iceberg, its cover-order-era rows, an auction, tags with spaces, the 2026
protected and auto-sliced rows, one order's history through a modification. Written here so that the tests
need nothing beside the repository.
"""

from __future__ import annotations

from typing import Any


def order_row(order_id: str, **changes: Any) -> dict[str, Any]:
    """One /orders row with every key of orders.json; ``changes`` set what differs."""
    row: dict[str, Any] = {
        "placed_by": "XXXXXX", "order_id": order_id, "exchange_order_id": None, "parent_order_id": None,
        "status": "COMPLETE", "status_message": None, "status_message_raw": None,
        "order_timestamp": "2021-05-31 09:18:57", "exchange_update_timestamp": "2021-05-31 09:18:58",
        "exchange_timestamp": "2021-05-31 09:15:38", "variety": "regular", "modified": False, "exchange": "NSE",
        "tradingsymbol": "IOC", "instrument_token": 415745, "order_type": "LIMIT", "transaction_type": "BUY",
        "validity": "DAY", "product": "CNC", "quantity": 1, "disclosed_quantity": 0, "price": 0, "trigger_price": 0,
        "average_price": 0, "filled_quantity": 0, "pending_quantity": 0, "cancelled_quantity": 0,
        "market_protection": 0, "meta": {}, "tag": None, "guid": "XXXXX",
    }  # fmt: skip
    row.update(changes)
    return row


_REJECTION = (
    "Insufficient funds. Required margin is 95417.84 but available margin is 74251.80. Check the orderbook for open "
    "orders."
)
_ICEBERG = {"leg": 1, "legs": 5, "leg_quantity": 200, "total_quantity": 1000, "remaining_quantity": 800}

# Ten rows, as many as orders.json has, with its statuses, varieties, products and exchanges.
ORDERS: list[dict[str, Any]] = [
    order_row("100000000000000", exchange_order_id="200000000000000", status="CANCELLED", exchange="CDS",
              tradingsymbol="USDINR21JUNFUT", instrument_token=412675, product="NRML", price=72, pending_quantity=1,
              cancelled_quantity=1),
    order_row("300000000000000", exchange_order_id="400000000000000", price=109.4, average_price=109.4,
              filled_quantity=1),
    order_row("500000000000000", exchange_order_id="600000000000000", order_type="MARKET", transaction_type="SELL",
              average_price=109.35, filled_quantity=1),
    order_row("220524001859672", status="REJECTED", status_message=_REJECTION,
              status_message_raw="RMS:Margin Exceeds,Required:95417.84, Available:74251.80 for entity account-XXXXX",
              order_timestamp="2022-05-24 12:26:52", exchange_update_timestamp=None, exchange_timestamp=None,
              variety="iceberg", tradingsymbol="SBIN", instrument_token=779521, validity="TTL", validity_ttl=2,
              quantity=200, price=463, meta={"iceberg": _ICEBERG}, tag="icebergord", tags=["icebergord"]),
    order_row("700000000000000", exchange_order_id="800000000000000", exchange="MCX",
              tradingsymbol="GOLDPETAL21JUNFUT", instrument_token=58424839, product="NRML", price=4854,
              average_price=4852, filled_quantity=1, tag="connect test order1", tags=["connect test order1"]),
    order_row("9000000000000000", exchange_order_id="1000000000000000", exchange="MCX",
              tradingsymbol="GOLDPETAL21JUNFUT", instrument_token=58424839, product="NRML", price=4854,
              average_price=4852, filled_quantity=1, tag="connect test order2", tags=["connect test order2", "XXXXX"]),
    order_row("98000000000000000", status="CANCELLED", variety="auction", tradingsymbol="BHEL",
              instrument_token=112129, transaction_type="SELL", validity_ttl=0, quantity=60, price=85,
              cancelled_quantity=60, auction_number="22"),
    order_row("250117800776785", status="CANCELLED", tradingsymbol="SBIN", instrument_token=779521, product="MTF",
              validity_ttl=0, price=702, pending_quantity=1, cancelled_quantity=1),
    order_row("1953341975595868160", exchange_order_id="1300000012345678", order_timestamp="2025-08-07 10:07:20",
              tradingsymbol="TATASTEEL", instrument_token=895745, validity_ttl=0, price=159.82, average_price=156.7,
              filled_quantity=1, tags=["mktp", "mktp:2.00"]),
    order_row("1953367517686685697", exchange_order_id="2200000012345678", order_timestamp="2025-08-07 11:48:49",
              exchange="NFO", tradingsymbol="NIFTY2580724400CE", instrument_token=10223874, product="NRML",
              order_type="MARKET", validity_ttl=0, quantity=150, average_price=12.3, filled_quantity=150,
              tags=["autoslice", "autoslice:1953367517640548352"]),
]  # fmt: skip


def _snapshot(status: str, **changes: Any) -> dict[str, Any]:
    """One row of order_info.json's history (its 2017 rows predate several keys, so those are dropped)."""
    row = order_row(
        "171229000724687", placed_by="DA0017", status=status, order_timestamp="2017-12-29 11:06:52",
        exchange_timestamp=None, tradingsymbol="SBIN", instrument_token=779521, price=300, pending_quantity=1,
    )  # fmt: skip
    for key in ("status_message_raw", "exchange_update_timestamp", "market_protection", "meta", "guid"):
        del row[key]
    row.update(changes)
    return row


_PLACED = {"exchange_order_id": "1300000001887410", "exchange_timestamp": "2017-12-29 11:06:52"}
_MODIFYING = {**_PLACED, "order_timestamp": "2017-12-29 11:08:16"}
_MODIFIED = {**_MODIFYING, "exchange_timestamp": "2017-12-29 11:08:16"}

# One LIMIT order's history, oldest first: placed, opened, modified from 300 to 300.10, open again.
ORDER_HISTORY: list[dict[str, Any]] = [
    _snapshot("PUT ORDER REQ RECEIVED", instrument_token=1),  # the mock's own noise, kept
    _snapshot("VALIDATION PENDING"),
    _snapshot("OPEN PENDING"),
    _snapshot("OPEN", **_PLACED),
    _snapshot("MODIFY VALIDATION PENDING", **_MODIFYING),
    _snapshot("MODIFY PENDING", **_MODIFYING),
    _snapshot("MODIFIED", **_MODIFIED),
    _snapshot("OPEN", **_MODIFIED, price=300.1),
]


def trade_row(trade_id: str, order_id: str, stamp: str, **changes: Any) -> dict[str, Any]:
    """One /trades row with every key of trades.json; ``stamp`` is the fill time."""
    row: dict[str, Any] = {
        "trade_id": trade_id, "order_id": order_id, "exchange": "MCX", "tradingsymbol": "GOLDPETAL21JUNFUT",
        "instrument_token": 58424839, "product": "NRML", "average_price": 4852, "quantity": 1,
        "exchange_order_id": "300000000000000", "transaction_type": "BUY", "fill_timestamp": stamp,
        "order_timestamp": stamp[11:], "exchange_timestamp": stamp,
    }  # fmt: skip
    row.update(changes)
    return row


TRADES: list[dict[str, Any]] = [
    trade_row("10000000", "200000000000000", "2021-05-31 09:16:39", exchange="NSE", tradingsymbol="SBIN",
              instrument_token=779521, product="CNC", average_price=420.65),
    trade_row("40000000", "500000000000000", "2021-05-31 11:18:27", exchange="CDS", tradingsymbol="USDINR21JUNFUT",
              instrument_token=412675, product="MIS", average_price=72.755, exchange_order_id="600000000000000"),
    trade_row("70000000", "800000000000000", "2021-05-31 16:00:36", exchange_order_id="312115100078593"),
    trade_row("90000000", "1100000000000000", "2021-05-31 16:08:41", exchange_order_id="1200000000000000"),
]  # fmt: skip
ORDER_TRADES: list[dict[str, Any]] = [trade_row("10000000", "200000000000000", "2021-05-31 16:00:36")]


def position_row(tradingsymbol: str, exchange: str, product: str, **changes: Any) -> dict[str, Any]:
    """One net position with every key of positions.json; flat and untraded unless ``changes`` say otherwise."""
    row: dict[str, Any] = {"tradingsymbol": tradingsymbol, "exchange": exchange, "instrument_token": 0,
                           "product": product, "quantity": 0, "overnight_quantity": 0, "multiplier": 1}  # fmt: skip
    for name in ("average_price", "close_price", "last_price", "value", "pnl", "m2m", "unrealised", "realised"):
        row[name] = 0
    for side in ("buy", "sell"):
        row |= {f"{side}_quantity": 0, f"{side}_price": 0, f"{side}_value": 0, f"{side}_m2m": 0}
        row |= {f"day_{side}_quantity": 0, f"day_{side}_price": 0, f"day_{side}_value": 0}
    row.update(changes)
    return row


# An open MCX future, a closed one in profit, and a closed cover order at a small loss.
POSITIONS_NET: list[dict[str, Any]] = [
    position_row("LEADMINI17DECFUT", "MCX", "NRML", instrument_token=53496327, quantity=1, multiplier=1000,
                 average_price=161.05, last_price=161.05, value=-161050, buy_quantity=1, buy_price=161.05,
                 buy_value=161050, buy_m2m=161050, day_buy_quantity=1, day_buy_price=161.05, day_buy_value=161050),
    position_row("GOLDGUINEA17DECFUT", "MCX", "NRML", instrument_token=53505799, overnight_quantity=3,
                 close_price=23232, last_price=23355, value=801, pnl=801, m2m=276, unrealised=801, buy_quantity=4,
                 buy_price=23139.75, buy_value=92559, buy_m2m=93084, sell_quantity=4, sell_price=23340,
                 sell_value=93360, sell_m2m=93360, day_buy_quantity=1, day_buy_price=23388, day_buy_value=23388,
                 day_sell_quantity=4, day_sell_price=23340, day_sell_value=93360),
    position_row("SBIN", "NSE", "CO", instrument_token=779521, last_price=308.4, value=-2, pnl=-2, m2m=-2,
                 unrealised=-2, buy_quantity=1, buy_price=311, buy_value=311, buy_m2m=311, sell_quantity=1,
                 sell_price=309, sell_value=309, sell_m2m=309, day_buy_quantity=1, day_buy_price=311,
                 day_buy_value=311, day_sell_quantity=1, day_sell_price=309, day_sell_value=309),
]  # fmt: skip


def holding_row(tradingsymbol: str, **changes: Any) -> dict[str, Any]:
    """One delivery holding with every key of holdings.json."""
    row: dict[str, Any] = {
        "tradingsymbol": tradingsymbol, "exchange": "NSE", "instrument_token": 0, "isin": "INE000000000",
        "product": "CNC", "price": 0, "quantity": 0, "used_quantity": 0, "t1_quantity": 0, "realised_quantity": 0,
        "authorised_quantity": 0, "authorised_date": "2025-01-17 00:00:00", "authorisation": {},
        "opening_quantity": 0, "short_quantity": 0, "collateral_quantity": 0, "collateral_type": "",
        "discrepancy": False, "average_price": 0, "last_price": 0, "close_price": 0, "pnl": 0, "day_change": 0,
        "day_change_percentage": 0,
        "mtf": {"quantity": 0, "used_quantity": 0, "average_price": 0, "value": 0, "initial_margin": 0},
    }  # fmt: skip
    row.update(changes)
    return row


# A small gain and a loss, as in holdings.json; SBIN with 4 more bought yesterday (T1) and 2 sold today.
HOLDINGS: list[dict[str, Any]] = [
    holding_row("AARON", instrument_token=263681, quantity=1, realised_quantity=1, opening_quantity=1,
                average_price=161, last_price=352.95, close_price=352.35, pnl=191.95, day_change=0.6,
                day_change_percentage=0.17),
    holding_row("SBIN", instrument_token=779521, quantity=16, t1_quantity=4, used_quantity=2, realised_quantity=16,
                opening_quantity=16, average_price=801.78125, last_price=762.45, close_price=766.4, pnl=-629.3,
                day_change=-3.95, day_change_percentage=-0.515),
]  # fmt: skip


def segment_margins(net: float, debits: float) -> dict[str, Any]:
    """One segment of /user/margins with every key of margins.json."""
    cash = round(net + debits, 2)
    available = {"adhoc_margin": 0, "cash": cash, "opening_balance": cash, "live_balance": net, "collateral": 0,
                 "intraday_payin": 0}  # fmt: skip
    utilised = dict.fromkeys(
        ("debits", "exposure", "m2m_realised", "m2m_unrealised", "option_premium", "payout", "span", "holding_sales",
         "turnover", "liquid_collateral", "stock_collateral", "delivery"), 0.0,
    )  # fmt: skip
    utilised["debits"] = debits
    return {"enabled": True, "net": net, "available": available, "utilised": utilised}


MARGINS: dict[str, Any] = {
    "equity": segment_margins(99725.05000000002, 145706.55),
    "commodity": segment_margins(100661.7, 0),
}
