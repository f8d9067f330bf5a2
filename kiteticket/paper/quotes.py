"""/quote, /quote/ohlc, /quote/ltp and /instruments/trigger_range from the simulated market.

Instruments the exchange does not know are left out of the answer, as Kite does (facts §9).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from kiteticket.domain.enums import Exchange, TransactionType
from kiteticket.domain.instruments import InstrumentMaster
from kiteticket.domain.quote import DepthLevel
from kiteticket.domain.tick import DEPTH_LEVELS
from kiteticket.paper.errors import input_error
from kiteticket.paper.market import InstrumentMarket, Market
from kiteticket.paper.market_ticks import market_tick

QUOTE_LIMIT = 500  # per request (F43)
LTP_LIMIT = 1000
# The cover-order stop band (F29: "beyond the allowed range of 9.9%").
TRIGGER_BAND = Decimal("0.099")


class Quotes:
    def __init__(self, master: InstrumentMaster, market: Market, stamp: Any) -> None:
        self._master = master
        self._market = market
        self._stamp = stamp

    def _states(self, keys: Iterable[str], limit: int) -> list[tuple[str, InstrumentMarket]]:
        keys = list(keys)
        if len(keys) > limit:
            raise input_error(f"Too many instruments: at most {limit} may be asked for at once.")
        found = []
        for key in keys:
            exchange, _, symbol = key.partition(":")
            instrument = self._master.get(exchange, symbol) if exchange in Exchange.__members__ else None
            if instrument is not None:
                found.append((key, self._market.state(instrument)))
        return found

    def ltp(self, keys: Iterable[str]) -> dict[str, Any]:
        return {
            key: {"instrument_token": s.instrument.instrument_token, "last_price": float(s.last_price)}
            for key, s in self._states(keys, LTP_LIMIT)
        }

    def ohlc(self, keys: Iterable[str]) -> dict[str, Any]:
        return {
            key: {
                "instrument_token": s.instrument.instrument_token,
                "last_price": float(s.last_price),
                "ohlc": _ohlc(s),
            }
            for key, s in self._states(keys, LTP_LIMIT)
        }

    def quote(self, keys: Iterable[str]) -> dict[str, Any]:
        return {key: self._full(s) for key, s in self._states(keys, QUOTE_LIMIT)}

    def _full(self, s: InstrumentMarket) -> dict[str, Any]:
        tick = market_tick(s, 0)
        return {
            "instrument_token": tick.instrument_token,
            "timestamp": self._stamp(),
            "last_trade_time": s.last_trade_time,
            "last_price": float(tick.last_price),
            "last_quantity": tick.last_quantity,
            "buy_quantity": tick.buy_quantity,
            "sell_quantity": tick.sell_quantity,
            "volume": tick.volume,
            "average_price": float(tick.average_price),
            "oi": tick.oi,
            "oi_day_high": tick.oi_day_high,
            "oi_day_low": tick.oi_day_low,
            "net_change": float(tick.last_price - tick.close),
            "lower_circuit_limit": float(s.price(s.lower)),
            "upper_circuit_limit": float(s.price(s.upper)),
            "ohlc": _ohlc(s),
            "depth": {"buy": _depth(tick.bids), "sell": _depth(tick.asks)},
        }

    def trigger_range(self, transaction_type: str, keys: Iterable[str]) -> dict[str, Any]:
        """The band a cover order's stop must lie in: below the price for a buy, above it for a sell."""
        try:
            side = TransactionType(transaction_type.upper())
        except ValueError:
            raise input_error("Invalid `transaction_type`.") from None
        answer = {}
        for key, s in self._states(keys, LTP_LIMIT):
            last = s.last_price
            far = last * (1 - TRIGGER_BAND) if side is TransactionType.BUY else last * (1 + TRIGGER_BAND)
            near = last - s.tick if side is TransactionType.BUY else last + s.tick
            lower, upper = sorted((far, near))
            answer[key] = {"instrument_token": 0, "lower": float(lower), "upper": float(upper)}
        return answer


def _depth(levels: tuple[DepthLevel, ...]) -> list[dict[str, float | int]]:
    """Five levels, as Kite answers them: empty ones are zeros."""
    rows: list[dict[str, float | int]] = [
        {"price": float(level.price), "quantity": level.quantity, "orders": level.orders} for level in levels
    ]
    return rows + [{"price": 0, "quantity": 0, "orders": 0}] * (DEPTH_LEVELS - len(rows))


def _ohlc(s: InstrumentMarket) -> dict[str, float]:
    return {
        "open": float(s.price(s.open)),
        "high": float(s.price(s.high)),
        "low": float(s.price(s.low)),
        "close": float(s.price(s.close)),
    }


def instrument_csv_by_exchange(text: str) -> dict[str, str]:
    """Split the dump per exchange column once, for /instruments/:exchange."""
    lines = text.splitlines()
    header, rows = lines[0], lines[1:]
    parts: dict[str, list[str]] = {}
    for row in rows:
        parts.setdefault(row.rsplit(",", 1)[-1].strip(), []).append(row)
    return {exchange: "\n".join([header, *chunk]) + "\n" for exchange, chunk in parts.items()}
