"""The price checks of validation: required prices, the tick grid, stop-loss sides and circuit limits."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from kiteticket.domain.enums import OrderType, TransactionType, Variety
from kiteticket.domain.fields import Field
from kiteticket.domain.market import MarketSnapshot
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.prices import format_price, is_on_tick, neighbours_on_tick
from kiteticket.domain.rules import TicketRules

FieldMessage = tuple[Field, str]


def check_prices(
    request: OrderRequest, tick: Decimal, market: MarketSnapshot, rules: TicketRules
) -> Iterator[FieldMessage]:
    price = request.price if rules.enabled(Field.PRICE) else None
    trigger = request.trigger_price if rules.enabled(Field.TRIGGER_PRICE) else None
    yield from _required(request, rules, price, trigger)
    for field, value in ((Field.PRICE, price), (Field.TRIGGER_PRICE, trigger)):
        if value is not None and value > 0:
            yield from _on_grid(field, value, tick)
            yield from _inside_circuits(field, value, market, tick)
    if price and trigger and request.order_type is OrderType.SL:
        yield from _stop_loss_side(request.transaction_type, price, trigger, tick)
    if trigger and request.order_type.needs_trigger and market.last_price is not None:
        yield from _stop_against_market(request.transaction_type, trigger, market.last_price, tick)
    if trigger and request.variety is Variety.CO:
        yield from _cover_stop_side(request, trigger, market, tick)


def _required(
    request: OrderRequest, rules: TicketRules, price: Decimal | None, trigger: Decimal | None
) -> Iterator[FieldMessage]:
    if rules.state(Field.PRICE).required and (price is None or price <= 0):
        yield Field.PRICE, f"Enter a limit price for the {request.order_type} order."
    if rules.state(Field.TRIGGER_PRICE).required and (trigger is None or trigger <= 0):
        if request.variety is Variety.CO:
            yield Field.TRIGGER_PRICE, "Enter the stop-loss trigger for the cover order's exit leg."
        else:
            yield Field.TRIGGER_PRICE, f"Enter a trigger price for the {request.order_type} order."


def _on_grid(field: Field, value: Decimal, tick: Decimal) -> Iterator[FieldMessage]:
    if tick > 0 and not is_on_tick(value, tick):
        below, above = neighbours_on_tick(value, tick)
        yield (
            field,
            (
                f"{field.label} {value} is not a multiple of the tick size {tick}: "
                f"use {format_price(below, tick)} or {format_price(above, tick)}."
            ),
        )


def _inside_circuits(field: Field, value: Decimal, market: MarketSnapshot, tick: Decimal) -> Iterator[FieldMessage]:
    label = field.label
    if market.upper_circuit is not None and value > market.upper_circuit:
        limit = format_price(market.upper_circuit, tick)
        yield field, f"{label} {format_price(value, tick)} is above the upper circuit {limit}; use {limit} or less."
    elif market.lower_circuit is not None and value < market.lower_circuit:
        limit = format_price(market.lower_circuit, tick)
        yield field, f"{label} {format_price(value, tick)} is below the lower circuit {limit}; use {limit} or more."


def _stop_loss_side(side: TransactionType, price: Decimal, trigger: Decimal, tick: Decimal) -> Iterator[FieldMessage]:
    shown = f"Trigger {format_price(trigger, tick)}"
    limit = format_price(price, tick)
    if side is TransactionType.BUY and trigger > price:
        yield Field.TRIGGER_PRICE, f"{shown} must be at or below the limit price {limit} for a BUY stop-loss."
    elif side is TransactionType.SELL and trigger < price:
        yield Field.TRIGGER_PRICE, f"{shown} must be at or above the limit price {limit} for a SELL stop-loss."


def _stop_against_market(
    side: TransactionType, trigger: Decimal, last: Decimal, tick: Decimal
) -> Iterator[FieldMessage]:
    """A stop already crossed would trigger at once; Kite refuses such stops, so say so before sending."""
    shown, ltp = format_price(trigger, tick), format_price(last, tick)
    if side is TransactionType.BUY and trigger <= last:
        yield (
            Field.TRIGGER_PRICE,
            (
                f"Trigger {shown} must be above the last price {ltp} for a BUY stop-loss; "
                "for an immediate buy use LIMIT."
            ),
        )
    elif side is TransactionType.SELL and trigger >= last:
        yield (
            Field.TRIGGER_PRICE,
            (
                f"Trigger {shown} must be below the last price {ltp} for a SELL stop-loss; "
                "for an immediate sell use LIMIT."
            ),
        )


def _cover_stop_side(
    request: OrderRequest, trigger: Decimal, market: MarketSnapshot, tick: Decimal
) -> Iterator[FieldMessage]:
    """The exit leg of a BUY cover order sells below the entry; of a SELL cover order, buys above it."""
    entry = request.price if request.order_type is OrderType.LIMIT else market.last_price
    if entry is None or entry <= 0:
        return
    shown, at = format_price(trigger, tick), format_price(entry, tick)
    what = "entry price" if request.order_type is OrderType.LIMIT else "last price"
    if request.transaction_type is TransactionType.BUY and trigger >= entry:
        yield Field.TRIGGER_PRICE, f"Stop-loss trigger {shown} must be below the {what} {at} for a BUY cover order."
    elif request.transaction_type is TransactionType.SELL and trigger <= entry:
        yield Field.TRIGGER_PRICE, f"Stop-loss trigger {shown} must be above the {what} {at} for a SELL cover order."
