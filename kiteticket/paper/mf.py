"""Mutual fund orders and holdings: /mf/orders (place, list, get, cancel), /mf/holdings, /mf/instruments.

Kite's way: buy by amount, sell (redeem) by units. A buy takes its amount from the equity funds when placed (and
gives it back if cancelled); an order stays OPEN until its NAV is published (mf_schemes.py: the day's NAV for
orders before the 15:00 cut-off, published at 21:00 IST), then settles at that NAV by the exchange clock: units
allotted to the folio, or the redemption's proceeds added to the funds. A buy the funds cannot pay for is kept as
REJECTED with Kite's "Insufficient fund." (mf_orders.json). SIPs live in mf_sips.py and place orders here.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import asdict
from datetime import date, datetime
from decimal import ROUND_DOWN, Decimal
from typing import Any

from kiteticket.domain.money import format_inr
from kiteticket.paper.account import Account
from kiteticket.paper.clock import ExchangeClock
from kiteticket.paper.errors import input_error
from kiteticket.paper.funds import Funds
from kiteticket.paper.mf_model import MfOrder, as_float
from kiteticket.paper.mf_schemes import BY_SYMBOL, PUBLISHED, Navs, Scheme, latest_published, nav_day_for
from kiteticket.paper.params import choice, number, text
from kiteticket.paper.store import Store

_STORE_KEY = "mf"
_UNITS = Decimal("0.001")
_PAISE = Decimal("0.01")
_FOLIO_BASE = 3_108_290_000


class MutualFunds:
    def __init__(self, store: Store, account: Account, funds: Funds, clock: ExchangeClock, seed: int) -> None:
        self._store = store
        self._account = account
        self._funds = funds
        self._clock = clock
        self.navs = Navs(seed)
        self.load()

    def load(self) -> None:
        saved = self._store.get(_STORE_KEY, {})
        self._orders = {row["order_id"]: MfOrder(**row) for row in saved.get("orders", [])}
        self._holdings: dict[str, dict[str, str]] = saved.get("holdings", {})
        self._next_id: int = saved.get("next_id", 1)

    def save(self) -> None:
        rows = [asdict(order) for order in self._orders.values()]
        self._store.put(_STORE_KEY, {"orders": rows, "holdings": self._holdings, "next_id": self._next_id})

    def _serial(self) -> int:
        self._next_id += 1
        return self._next_id - 1

    # -- reading ------------------------------------------------------------------------------------------------

    def instruments_csv(self) -> str:
        return self.navs.instruments_csv(self._clock.now())

    def last_nav(self, scheme: Scheme) -> tuple[Decimal, date]:
        day = latest_published(self._clock.now())
        return self.navs.nav(scheme, day), day

    def orders(self) -> list[dict[str, Any]]:
        return [self._kite(order) for order in reversed(self._orders.values())]  # newest first, as Kite lists

    def order(self, order_id: str) -> dict[str, Any]:
        return self._kite(self._find(order_id))

    def holdings(self) -> list[dict[str, Any]]:
        rows = []
        for symbol, holding in self._holdings.items():
            scheme = BY_SYMBOL[symbol]
            units, cost = Decimal(holding["units"]), Decimal(holding["cost"])
            nav, day = self.last_nav(scheme)
            pnl = (nav * units - cost).quantize(_PAISE)
            rows.append({
                "folio": holding["folio"], "average_price": as_float(cost / units), "last_price": as_float(nav),
                "last_price_date": day.isoformat(), "pledged_quantity": 0, "fund": scheme.name,
                "tradingsymbol": symbol, "pnl": as_float(pnl), "quantity": as_float(units),
            })  # fmt: skip
        return rows

    def _find(self, order_id: str) -> MfOrder:
        order = self._orders.get(order_id)
        if order is None:
            raise input_error("Invalid `order_id`.")
        return order

    def _kite(self, order: MfOrder) -> dict[str, Any]:
        scheme = BY_SYMBOL[order.tradingsymbol]
        nav, day = self.last_nav(scheme)
        return order.to_kite(scheme, nav, day, self._account.user_id)

    # -- placing and cancelling ---------------------------------------------------------------------------------

    def place(self, form: Mapping[str, str]) -> dict[str, Any]:
        scheme = self.scheme(text(form, "tradingsymbol"))
        side = choice(form, "transaction_type", ("BUY", "SELL"))
        tag = (form.get("tag") or "").strip() or None
        if tag is not None and len(tag) > 20:
            raise input_error("Invalid `tag`: at most 20 characters.")
        if side == "BUY":
            return {"order_id": self.buy(scheme, number(form, "amount"), "regular", tag, check_minimum=True)}
        return {"order_id": self._sell(scheme, number(form, "quantity"), tag)}

    def scheme(self, symbol: str) -> Scheme:
        scheme = BY_SYMBOL.get(symbol)
        if scheme is None:
            raise input_error("Invalid `tradingsymbol`: not a fund the exchange offers (see /mf/instruments).")
        return scheme

    def minimum(self, scheme: Scheme) -> Decimal:
        held = scheme.tradingsymbol in self._holdings
        return scheme.minimum_additional if held else scheme.minimum_purchase

    def buy(self, scheme: Scheme, amount: Decimal, variety: str, tag: str | None, *, check_minimum: bool) -> str:
        """A purchase of ``amount`` rupees; SIP instalments come here too, checked when the SIP was set up."""
        if amount != amount.to_integral_value() or amount <= 0:
            raise input_error("Invalid `amount`: whole rupees above zero.")
        if check_minimum and amount < self.minimum(scheme):
            raise input_error(f"The minimum amount for {scheme.name} is {format_inr(self.minimum(scheme))}.")
        order = self._new(scheme, "BUY", variety, tag, amount=amount)
        if amount > Decimal(str(self._funds.segment("equity")["net"])):
            order.status, order.status_message = "REJECTED", "Insufficient fund."
        else:
            self._cash(-amount)
        self.save()
        return order.order_id

    def _sell(self, scheme: Scheme, units: Decimal, tag: str | None) -> str:
        if units <= 0 or units % _UNITS:
            raise input_error("Invalid `quantity`: units above zero, in steps of 0.001.")
        held = Decimal(self._holdings.get(scheme.tradingsymbol, {}).get("units", "0"))
        free = held - self._pending_units(scheme.tradingsymbol)
        if units > free:
            raise input_error(f"You can redeem at most {free} units of {scheme.name}.")
        order = self._new(scheme, "SELL", "regular", tag, units=units)
        self.save()
        return order.order_id

    def _pending_units(self, symbol: str) -> Decimal:
        return sum(
            (Decimal(o.quantity) for o in self._orders.values()
             if o.tradingsymbol == symbol and o.transaction_type == "SELL" and o.status == "OPEN"),
            Decimal(0),
        )  # fmt: skip

    def _new(self, scheme: Scheme, side: str, variety: str, tag: str | None, *, amount: Decimal = Decimal(0),
             units: Decimal = Decimal(0)) -> MfOrder:  # fmt: skip
        now = self._clock.now()
        holding = self._holdings.get(scheme.tradingsymbol)
        order = MfOrder(
            order_id=str(uuid.uuid4()), tradingsymbol=scheme.tradingsymbol, transaction_type=side, variety=variety,
            purchase_type="ADDITIONAL" if holding else "FRESH", amount=str(amount), quantity=str(units),
            order_timestamp=self._clock.stamp(), nav_day=nav_day_for(now).isoformat(), tag=tag,
            folio=holding["folio"] if holding else None,
        )  # fmt: skip
        self._orders[order.order_id] = order
        return order

    def cancel(self, order_id: str) -> dict[str, Any]:
        order = self._find(order_id)
        if order.status != "OPEN":
            raise input_error(f"The order cannot be cancelled: it is {order.status}.")
        order.status, order.status_message = "CANCELLED", "Cancelled by the user."
        if order.transaction_type == "BUY":
            self._cash(Decimal(order.amount))
        self.save()
        return {"order_id": order.order_id}

    def _cash(self, change: Decimal) -> None:
        self._account.opening["equity"] += change
        self._account.dirty = True

    # -- settling at the NAV ------------------------------------------------------------------------------------

    def on_time(self) -> None:
        """Settle every open order whose NAV has been published by now."""
        now = self._clock.now()
        due = [o for o in self._orders.values() if o.status == "OPEN" and self._published(o.nav_day, now)]
        for order in due:
            self._settle(order)
        if due:
            self.save()

    @staticmethod
    def _published(day: str, now: datetime) -> bool:
        return now >= datetime.combine(date.fromisoformat(day), PUBLISHED, now.tzinfo)

    def _settle(self, order: MfOrder) -> None:
        scheme = BY_SYMBOL[order.tradingsymbol]
        nav = self.navs.nav(scheme, date.fromisoformat(order.nav_day))
        holding = self._holdings.setdefault(
            order.tradingsymbol, {"folio": str(_FOLIO_BASE + self._serial()), "units": "0", "cost": "0"}
        )
        units, cost = Decimal(holding["units"]), Decimal(holding["cost"])
        if order.transaction_type == "BUY":
            allotted = (Decimal(order.amount) / nav).quantize(_UNITS, ROUND_DOWN)
            self._cash(Decimal(order.amount) - (allotted * nav).quantize(_PAISE))  # what buys no whole unit
            holding["units"], holding["cost"] = str(units + allotted), str(cost + allotted * nav)
            order.quantity = str(allotted)
        else:
            sold = Decimal(order.quantity)
            proceeds = (sold * nav).quantize(_PAISE)
            self._cash(proceeds)
            holding["units"], holding["cost"] = str(units - sold), str(cost - cost / units * sold)
            order.amount = str(proceeds)
            if units - sold <= 0:
                del self._holdings[order.tradingsymbol]
        serial = self._serial()
        order.status, order.average_price, order.folio = "COMPLETE", str(nav), holding["folio"]
        order.exchange_order_id, order.settlement_id = str(254_000_000 + serial), f"{order.nav_day[2:4]}{serial:05d}"
        order.exchange_timestamp = order.nav_day
