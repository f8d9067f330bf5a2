"""Modifying and cancelling: Kite's checks (actionable status, 25 modifications, the same rules as placing),
then MODIFY VALIDATION PENDING → MODIFY PENDING → MODIFIED → back on the book, or CANCELLED.

A modification is validated as the order would stand after it (``ModifyRequest.apply_to``), with the ticket's
rule table, and answered with a 400 when it fails; Kite itself may accept and then reject it asynchronously (F23).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from kiteticket.domain.enums import Exchange, Product, Validity, Variety
from kiteticket.domain.instruments import Instrument, InstrumentMaster
from kiteticket.domain.limits import MAX_MODIFICATIONS
from kiteticket.domain.order import ModifyRequest, OrderRequest
from kiteticket.domain.order_params import parse_modify_params
from kiteticket.domain.prices import is_on_tick
from kiteticket.domain.status import OrderStatus
from kiteticket.domain.validation import validate
from kiteticket.paper.book import OrderBook
from kiteticket.paper.broker_rules import (
    ACTIONABLE,
    check_cover_stop,
    first_problem,
    kite_words,
    tradable_instrument,
)
from kiteticket.paper.clock import ExchangeClock
from kiteticket.paper.errors import input_error, not_actionable, too_many_modifications
from kiteticket.paper.freeze import freeze_error, freeze_quantity
from kiteticket.paper.lifecycle import Lifecycle
from kiteticket.paper.market import InstrumentMarket, Market
from kiteticket.paper.model import PaperOrder


class Amendments:
    def __init__(
        self, master: InstrumentMaster, book: OrderBook, market: Market, clock: ExchangeClock, life: Lifecycle
    ) -> None:
        self.master = master
        self.book = book
        self.market = market
        self.clock = clock
        self.life = life

    def _instrument(self, order: PaperOrder) -> Instrument:
        return tradable_instrument(self.master, self.clock, order.exchange, order.tradingsymbol)

    def modify(self, variety: str, order_id: str, form: Mapping[str, str]) -> dict[str, Any]:
        order = self._actionable(variety, order_id, "modified")
        if order.modifications >= MAX_MODIFICATIONS:
            raise too_many_modifications()
        change = first_problem(parse_modify_params(variety, order_id, form))
        instrument = self._instrument(order)
        state = self.market.state(instrument)
        if order.is_cover and order.parent_order_id:
            self._modify_cover_stop(order, change, state)
        else:
            self._check_modification(order, change, instrument, state)
        self._apply(order, change, instrument)
        return {"order_id": order.order_id}

    def _check_modification(
        self, order: PaperOrder, change: ModifyRequest, instrument: Instrument, state: InstrumentMarket
    ) -> None:
        modified = change.apply_to(request_of(order))
        if modified.quantity <= order.filled_quantity:
            raise input_error(f"Quantity must be more than the {order.filled_quantity} already filled.")
        market = state.snapshot()
        if order.triggered:  # a triggered stop is past its trigger by definition: only its limit price matters
            market = replace(market, last_price=None)
        problems = validate(modified, instrument, market)
        if problems:
            raise input_error(kite_words(problems[0]))
        freeze = freeze_quantity(instrument)
        if freeze and modified.quantity > freeze:
            raise freeze_error(modified.quantity, freeze, max(instrument.lot_size, 1))

    def _modify_cover_stop(self, order: PaperOrder, change: ModifyRequest, state: InstrumentMarket) -> None:
        """A cover order's stop leg: only its trigger moves; it stays an SL-M (facts §3)."""
        if change.trigger_price is None or not is_on_tick(change.trigger_price, state.tick):
            raise input_error("Invalid trigger price entered")
        check_cover_stop(change.trigger_price, state)

    def _apply(self, order: PaperOrder, change: ModifyRequest, instrument: Instrument) -> None:
        was_amo = order.status == OrderStatus.AMO_REQ_RECEIVED.value
        order.order_timestamp = self.clock.stamp()
        self.life.set_status(order, OrderStatus.MODIFY_VALIDATION_PENDING)
        self.life.set_status(order, OrderStatus.MODIFY_PENDING)
        # A cover order's stop leg changes only its trigger; its entry's stop cannot be changed at all (F26).
        if order.is_cover and order.parent_order_id:
            change = ModifyRequest(order.order_id, change.variety, trigger_price=change.trigger_price)
        elif order.is_cover:
            change = replace(change, trigger_price=None)
        _assign(order, change)
        order.modified = True
        order.modifications += 1
        order.exchange_update_timestamp = order.order_timestamp
        self.life.set_status(order, OrderStatus.MODIFIED)
        if was_amo:
            self.life.set_status(order, OrderStatus.AMO_REQ_RECEIVED)
        else:
            self.life.rest(order, instrument)

    def cancel(self, variety: str, order_id: str, parent_order_id: str | None) -> dict[str, Any]:
        order = self._actionable(variety, order_id, "cancelled")
        if order.is_cover and order.parent_order_id and parent_order_id:
            # Exiting a cover order: its stop leg executes at the market (facts §3, F28).
            self.life.exit_at_market(order, self._instrument(order))
        else:
            self.life.cancel_by_user(order)
        return {"order_id": order.order_id}

    def _actionable(self, variety: str, order_id: str, action: str) -> PaperOrder:
        order = self.book.get(order_id)
        if order is None:
            raise input_error("Invalid `order_id`.")
        # An AMO that reached the exchange is handled with variety regular, yet stays "amo" in the book (F31).
        if variety.lower() != order.variety and not (order.variety == Variety.AMO.value and variety == "regular"):
            raise input_error("Order variety cannot be modified." if action == "modified" else "Invalid `variety`.")
        if order.status not in ACTIONABLE:
            raise not_actionable(action)
        return order


def request_of(order: PaperOrder) -> OrderRequest:
    """The order as a request again, to validate a modification with the ticket's rules. An iceberg leg is
    checked as the regular order it is on the exchange; a cover entry carries its stop as the trigger."""
    variety = Variety.REGULAR if order.iceberg_legs else Variety(order.variety)
    trigger = order.stop_price if order.is_cover else order.trigger_price
    return OrderRequest(
        variety=variety,
        exchange=Exchange(order.exchange),
        tradingsymbol=order.tradingsymbol,
        transaction_type=order.side,
        quantity=order.quantity,
        product=Product(order.product),
        order_type=order.kind,
        price=order.price or None,
        trigger_price=trigger or None,
        validity=Validity(order.validity),
        validity_ttl=order.validity_ttl or None,
        disclosed_quantity=order.disclosed_quantity or None,
        market_protection=order.market_protection or None,
        auction_number=order.auction_number,
        tag=None,  # a tag cannot be modified, and was judged by Kite's rule when placed (broker_rules.check_tag)
    )


def _assign(order: PaperOrder, change: ModifyRequest) -> None:
    if change.quantity is not None:
        order.quantity = change.quantity
        order.pending_quantity = change.quantity - order.filled_quantity
    if change.price is not None:
        order.price = change.price
    if change.trigger_price is not None:
        order.trigger_price = change.trigger_price
    if change.order_type is not None:
        order.order_type = change.order_type.value
        if not change.order_type.needs_trigger:
            order.trigger_price = Decimal(0)
        if not change.order_type.needs_price:
            order.price = Decimal(0)
    if change.validity is not None:
        order.validity = change.validity.value
    if change.disclosed_quantity is not None:
        order.disclosed_quantity = change.disclosed_quantity
    if change.market_protection is not None:
        order.market_protection = change.market_protection
