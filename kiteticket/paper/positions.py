"""Positions and holdings: what fills leave behind, with average prices and P&L, in Kite's shapes."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any


def _f(value: Decimal) -> float:
    return float(value) + 0.0  # + 0.0 turns -0.0 into 0.0


@dataclass(slots=True)
class Position:
    exchange: str
    tradingsymbol: str
    instrument_token: int
    product: str
    multiplier: int
    overnight_quantity: int = 0
    overnight_price: Decimal = Decimal(0)
    day_buy_quantity: int = 0
    day_buy_value: Decimal = Decimal(0)  # price × quantity, without the multiplier
    day_sell_quantity: int = 0
    day_sell_value: Decimal = Decimal(0)

    @property
    def key(self) -> str:
        return f"{self.exchange}:{self.tradingsymbol}:{self.product}"

    @property
    def quantity(self) -> int:
        return self.overnight_quantity + self.day_buy_quantity - self.day_sell_quantity

    def add_fill(self, buying: bool, quantity: int, price: Decimal) -> None:
        if buying:
            self.day_buy_quantity += quantity
            self.day_buy_value += price * quantity
        else:
            self.day_sell_quantity += quantity
            self.day_sell_value += price * quantity

    def _sides(self, day_only: bool) -> tuple[int, Decimal, int, Decimal]:
        buy_q, buy_v = self.day_buy_quantity, self.day_buy_value
        sell_q, sell_v = self.day_sell_quantity, self.day_sell_value
        carried = 0 if day_only else self.overnight_quantity
        if carried > 0:
            buy_q, buy_v = buy_q + carried, buy_v + self.overnight_price * carried
        elif carried < 0:
            sell_q, sell_v = sell_q - carried, sell_v - self.overnight_price * carried
        return buy_q, buy_v, sell_q, sell_v

    def pnl(self, last: Decimal) -> tuple[Decimal, Decimal]:
        """(realised, unrealised) for the whole position, in rupees."""
        buy_q, buy_v, sell_q, sell_v = self._sides(day_only=False)
        buy_avg = buy_v / buy_q if buy_q else Decimal(0)
        sell_avg = sell_v / sell_q if sell_q else Decimal(0)
        closed = min(buy_q, sell_q)
        realised = (sell_avg - buy_avg) * closed * self.multiplier
        net = buy_q - sell_q
        open_avg = buy_avg if net > 0 else sell_avg
        unrealised = (last - open_avg) * net * self.multiplier
        return realised, unrealised

    def to_kite(self, last: Decimal, close: Decimal, day_only: bool) -> dict[str, Any]:
        buy_q, buy_v, sell_q, sell_v = self._sides(day_only)
        net = buy_q - sell_q
        m = self.multiplier
        buy_avg = buy_v / buy_q if buy_q else Decimal(0)
        sell_avg = sell_v / sell_q if sell_q else Decimal(0)
        average = buy_avg if net > 0 else sell_avg if net < 0 else Decimal(0)
        value = (sell_v - buy_v) * m
        pnl = value + net * last * m
        closed = min(buy_q, sell_q)
        realised = (sell_avg - buy_avg) * closed * m
        day_buy_avg = self.day_buy_value / self.day_buy_quantity if self.day_buy_quantity else Decimal(0)
        day_sell_avg = self.day_sell_value / self.day_sell_quantity if self.day_sell_quantity else Decimal(0)
        return {
            "tradingsymbol": self.tradingsymbol,
            "exchange": self.exchange,
            "instrument_token": self.instrument_token,
            "product": self.product,
            "quantity": net,
            "overnight_quantity": 0 if day_only else self.overnight_quantity,
            "multiplier": m,
            "average_price": _f(average),
            "close_price": _f(close),
            "last_price": _f(last),
            "value": _f(value),
            "pnl": _f(pnl),
            "m2m": _f(pnl),
            "unrealised": _f(pnl - realised),
            "realised": _f(realised),
            "buy_quantity": buy_q,
            "buy_price": _f(buy_avg),
            "buy_value": _f(buy_v * m),
            "buy_m2m": _f(buy_v * m),
            "sell_quantity": sell_q,
            "sell_price": _f(sell_avg),
            "sell_value": _f(sell_v * m),
            "sell_m2m": _f(sell_v * m),
            "day_buy_quantity": self.day_buy_quantity,
            "day_buy_price": _f(day_buy_avg),
            "day_buy_value": _f(self.day_buy_value * m),
            "day_sell_quantity": self.day_sell_quantity,
            "day_sell_price": _f(day_sell_avg),
            "day_sell_value": _f(self.day_sell_value * m),
        }

    def to_row(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("overnight_price", "day_buy_value", "day_sell_value"):
            data[name] = str(data[name])
        return data

    @classmethod
    def from_row(cls, data: dict[str, Any]) -> Position:
        data = dict(data)
        for name in ("overnight_price", "day_buy_value", "day_sell_value"):
            data[name] = Decimal(data[name])
        return cls(**data)


@dataclass(slots=True)
class Holding:
    exchange: str
    tradingsymbol: str
    instrument_token: int
    isin: str
    quantity: int
    average_price: Decimal
    since: str  # the date it was first held, for authorised_date

    @property
    def key(self) -> str:
        return f"{self.exchange}:{self.tradingsymbol}"

    def to_kite(self, last: Decimal, close: Decimal, used: int) -> dict[str, Any]:
        change = last - close
        return {
            "tradingsymbol": self.tradingsymbol,
            "exchange": self.exchange,
            "instrument_token": self.instrument_token,
            "isin": self.isin,
            "product": "CNC",
            "price": 0,
            "quantity": self.quantity,
            "used_quantity": used,
            "t1_quantity": 0,
            "realised_quantity": self.quantity,
            "authorised_quantity": 0,
            "authorised_date": f"{self.since} 00:00:00",
            "authorisation": {},
            "opening_quantity": self.quantity,
            "short_quantity": 0,
            "collateral_quantity": 0,
            "collateral_type": "",
            "discrepancy": False,
            "average_price": _f(self.average_price),
            "last_price": _f(last),
            "close_price": _f(close),
            "pnl": _f((last - self.average_price) * self.quantity),
            "day_change": _f(change),
            "day_change_percentage": _f(change / close * 100) if close else 0.0,
            "mtf": {"quantity": 0, "used_quantity": 0, "average_price": 0, "value": 0, "initial_margin": 0},
        }

    def to_row(self) -> dict[str, Any]:
        data = asdict(self)
        data["average_price"] = str(self.average_price)
        return data

    @classmethod
    def from_row(cls, data: dict[str, Any]) -> Holding:
        data = dict(data)
        data["average_price"] = Decimal(data["average_price"])
        return cls(**data)
