"""Named baskets of orders, as Kite web keeps them: pure values, the edits a user makes, and their stored form.

An order is kept as the ticket validated it, without a tag: each placement gets a fresh tag when it is sent, so a
basket placed twice never repeats a tag (the journal's key, and what a lost reply is looked up by). Prices are
stored as strings, so 1601.05 comes back as the same Decimal, never as 1601.0499999.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Validity, Variety
from kiteticket.domain.money import format_inr
from kiteticket.domain.order import OrderRequest

MAX_BASKETS = 20
MAX_ORDERS = 50  # Kite web's own basket limit (the paper exchange prices up to 1,000 in one margin request)
DEFAULT_NAME = "Basket 1"


@dataclass(frozen=True, slots=True)
class Basket:
    name: str
    orders: tuple[OrderRequest, ...] = ()

    def add(self, request: OrderRequest) -> Basket:
        """``request`` at the end, untagged. Raises ValueError when the basket is full."""
        if len(self.orders) >= MAX_ORDERS:
            raise ValueError(f"{self.name} is full ({MAX_ORDERS} orders): remove one or start another basket.")
        return replace(self, orders=(*self.orders, replace(request, tag=None)))

    def put(self, index: int, request: OrderRequest) -> Basket:
        """The order at ``index`` replaced by ``request`` (an edit made in the ticket)."""
        orders = list(self.orders)
        orders[index] = replace(request, tag=None)
        return replace(self, orders=tuple(orders))

    def remove(self, index: int) -> Basket:
        return replace(self, orders=tuple(order for i, order in enumerate(self.orders) if i != index))

    def move(self, index: int, offset: int) -> tuple[Basket, int]:
        """The order at ``index`` moved ``offset`` places (stopping at either end), and where it is now."""
        orders = list(self.orders)
        target = max(0, min(len(orders) - 1, index + offset))
        orders.insert(target, orders.pop(index))
        return replace(self, orders=tuple(orders)), target


@dataclass(frozen=True, slots=True)
class Baskets:
    baskets: tuple[Basket, ...] = (Basket(DEFAULT_NAME),)
    current: int = 0

    @property
    def shown(self) -> Basket:
        return self.baskets[self.current]

    def with_shown(self, basket: Basket) -> Baskets:
        baskets = list(self.baskets)
        baskets[self.current] = basket
        return replace(self, baskets=tuple(baskets))

    def select(self, index: int) -> Baskets:
        return replace(self, current=max(0, min(len(self.baskets) - 1, index)))

    def create(self, name: str) -> Baskets:
        """A new, empty basket, shown. Raises ValueError for a blank or taken name, or past the limit."""
        name = self._check_name(name)
        if len(self.baskets) >= MAX_BASKETS:
            raise ValueError(f"At most {MAX_BASKETS} baskets: delete one first.")
        return Baskets((*self.baskets, Basket(name)), len(self.baskets))

    def rename_shown(self, name: str) -> Baskets:
        if name.strip() == self.shown.name:
            return self
        return self.with_shown(replace(self.shown, name=self._check_name(name)))

    def delete_shown(self) -> Baskets:
        """The shown basket goes; the last one left is emptied instead, so there is always one to add to."""
        if len(self.baskets) == 1:
            return Baskets((Basket(self.shown.name),), 0)
        baskets = tuple(b for i, b in enumerate(self.baskets) if i != self.current)
        return Baskets(baskets, min(self.current, len(baskets) - 1))

    def _check_name(self, name: str) -> str:
        name = name.strip()
        if not name:
            raise ValueError("Give the basket a name.")
        if any(existing.name == name for existing in self.baskets):
            raise ValueError(f"There is already a basket called {name}.")
        return name


def order_line(request: OrderRequest) -> str:
    """ "BUY 10 INFY (NSE) LIMIT at ₹1,600.00, CNC, regular": the order as a trader reads it before placing it."""
    price = f" at {format_inr(request.price)}" if request.price is not None and request.order_type.needs_price else ""
    if request.trigger_price:
        price += f", trigger {format_inr(request.trigger_price)}"
    return (
        f"{request.transaction_type} {request.quantity:,} {request.tradingsymbol} ({request.exchange}) "
        f"{request.order_type}{price}, {request.product}, {request.variety.label}"
    )


@dataclass(frozen=True, slots=True)
class BasketsLoad:
    """What was read from disk, and what went wrong if the file could not be read (shown to the user once)."""

    baskets: Baskets = Baskets()
    problem: str = ""


# --- the stored form -------------------------------------------------------------------------------------------
def baskets_to(baskets: Baskets) -> dict[str, object]:
    return {
        "version": 1,
        "current": baskets.current,
        "baskets": [{"name": b.name, "orders": [request_to(order) for order in b.orders]} for b in baskets.baskets],
    }


def baskets_from(stored: object) -> Baskets:
    """Baskets from their stored form. Raises ValueError when any part cannot be read: a basket of orders must
    never come back with an order silently missing, so a damaged file is refused whole (and kept aside)."""
    if not isinstance(stored, dict) or not isinstance(stored.get("baskets"), list) or not stored["baskets"]:
        raise ValueError("no list of baskets")
    baskets = tuple(_basket(item) for item in stored["baskets"][:MAX_BASKETS])
    if len({b.name for b in baskets}) != len(baskets):
        raise ValueError("two baskets have the same name")
    current = stored.get("current")
    return Baskets(baskets, current if isinstance(current, int) and 0 <= current < len(baskets) else 0)


def _basket(item: object) -> Basket:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
        raise ValueError("a basket without a name")
    orders = item.get("orders")
    if not isinstance(orders, list) or len(orders) > MAX_ORDERS:
        raise ValueError(f"basket {item['name']}: no list of orders")
    return Basket(item["name"].strip(), tuple(request_from(order) for order in orders))


_ENUMS: dict[str, Any] = {
    "variety": Variety,
    "exchange": Exchange,
    "transaction_type": TransactionType,
    "product": Product,
    "order_type": OrderType,
    "validity": Validity,
}
_INTS = ("quantity", "validity_ttl", "disclosed_quantity", "iceberg_legs", "iceberg_quantity")
_DECIMALS = ("price", "trigger_price", "market_protection")


def request_to(request: OrderRequest) -> dict[str, object]:
    """Kite's parameters as JSON values: enums by value, Decimals as strings; the tag is never stored."""
    params = request.to_kite_params()
    params.pop("tag", None)
    return {key: str(value) if isinstance(value, Decimal) else value for key, value in params.items()}


def request_from(stored: object) -> OrderRequest:
    if not isinstance(stored, dict):
        raise ValueError("an order that is not a set of fields")
    try:
        fields: dict[str, Any] = {name: kind(stored[name]) for name, kind in _ENUMS.items() if name in stored}
        fields.update({name: _int(stored[name]) for name in _INTS if stored.get(name) is not None})
        fields.update({name: Decimal(str(stored[name])) for name in _DECIMALS if stored.get(name) is not None})
        auction = stored.get("auction_number")
        return OrderRequest(
            **fields,
            tradingsymbol=str(stored["tradingsymbol"]),
            auction_number=str(auction) if auction is not None else None,
            autoslice=stored.get("autoslice") is True,
        )
    except (KeyError, TypeError, ValueError, InvalidOperation) as error:
        raise ValueError(f"an order that cannot be read ({error})") from None


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{value!r} is not a whole number")
    return value
