"""Reading and checking a GTT request (``type``, ``condition`` and ``orders``, as the SDK's place_gtt and
modify_gtt send them) before the book changes anything.

Kite's GTT legs are LIMIT orders of a delivery or carry-forward product; a single trigger has one leg, a two-leg
(OCO) trigger has a stop-loss leg for its lower value and a target leg for its upper value. NOT CONFIRMED: the
exact texts of Kite's GTT errors; these say what is wrong in Kite's style.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kiteticket.domain.instruments import Instrument
from kiteticket.paper.errors import input_error
from kiteticket.paper.params import as_number, as_whole, choice, json_field

SINGLE, TWO_LEG = "single", "two-leg"
GTT_PRODUCTS = ("CNC", "NRML", "MTF")
SIDES = ("BUY", "SELL")


@dataclass(frozen=True, slots=True)
class GttLeg:
    transaction_type: str
    quantity: int
    price: Decimal
    product: str
    order_type: str = "LIMIT"


@dataclass(frozen=True, slots=True)
class GttRequest:
    type: str
    exchange: str
    tradingsymbol: str
    trigger_values: tuple[Decimal, ...]
    last_price: Decimal
    legs: tuple[GttLeg, ...]


def parse_gtt(form: Mapping[str, str]) -> GttRequest:
    kind = choice(form, "type", (SINGLE, TWO_LEG))
    condition = json_field(form, "condition")
    orders = json_field(form, "orders")
    if not isinstance(condition, dict):
        raise input_error("Invalid `condition`.")
    if not isinstance(orders, list):
        raise input_error("Invalid `orders`.")
    exchange, symbol = str(condition.get("exchange") or ""), str(condition.get("tradingsymbol") or "")
    values = condition.get("trigger_values")
    if not isinstance(values, list) or not values:
        raise input_error("Invalid `trigger_values`.")
    triggers = tuple(as_number(value, "trigger_values") for value in values)
    wanted = 1 if kind == SINGLE else 2
    if len(triggers) != wanted:
        raise input_error(f"A {kind} GTT takes {wanted} trigger value{'s' if wanted > 1 else ''}.")
    if len(orders) != wanted:
        raise input_error(f"A {kind} GTT takes {wanted} order{'s' if wanted > 1 else ''}.")
    if any(value <= 0 for value in triggers):
        raise input_error("Invalid `trigger_values`: they must be above zero.")
    if kind == TWO_LEG and triggers[0] >= triggers[1]:
        raise input_error("The stop-loss trigger (first value) must be below the target trigger (second value).")
    legs = tuple(_leg(order, exchange, symbol) for order in orders)
    last = as_number(condition.get("last_price", ""), "last_price")
    return GttRequest(kind, exchange, symbol, triggers, last, legs)


def _leg(order: Any, exchange: str, symbol: str) -> GttLeg:
    if not isinstance(order, dict):
        raise input_error("Invalid `orders`.")
    if order.get("exchange", exchange) != exchange or order.get("tradingsymbol", symbol) != symbol:
        raise input_error("Every GTT order must be for the instrument of its condition.")
    form = {name: str(value) for name, value in order.items() if value is not None}
    choice(form, "order_type", ("LIMIT",), "LIMIT")  # Kite's GTT places LIMIT orders only
    quantity = as_whole(order.get("quantity", ""), "quantity")
    price = as_number(order.get("price", ""), "price")
    if quantity <= 0:
        raise input_error("Invalid `quantity`: it must be at least 1.")
    if price <= 0:
        raise input_error("Invalid `price`: it must be above zero.")
    return GttLeg(choice(form, "transaction_type", SIDES), quantity, price, choice(form, "product", GTT_PRODUCTS))


def check_against_market(request: GttRequest, instrument: Instrument, last: Decimal) -> None:
    """A trigger at the current price would fire at once; an OCO must have the price between its triggers."""
    if request.type == TWO_LEG:
        low, high = request.trigger_values
        if not low < last < high:
            raise input_error(
                f"The last price {last} must lie between the stop-loss trigger {low} and the target trigger {high}."
            )
    elif request.trigger_values[0] == last:
        raise input_error(f"The trigger value must differ from the last price {last}.")
    if instrument.exchange.is_equity and any(leg.product == "NRML" for leg in request.legs):
        raise input_error("Invalid `product`: NRML is for derivatives; use CNC for equity.")
    if not instrument.exchange.is_equity and any(leg.product in ("CNC", "MTF") for leg in request.legs):
        raise input_error("Invalid `product`: use NRML for derivatives.")
