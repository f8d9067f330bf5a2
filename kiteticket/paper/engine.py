"""Placing, modifying and cancelling orders: Kite's checks in Kite's words, then the lifecycle.

Every public method runs under the exchange's lock (the server and the ticker take it), so the book, the market
and the account always change together and SQLite is committed once per call.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Validity, Variety
from kiteticket.domain.instruments import Instrument, InstrumentMaster
from kiteticket.domain.limits import MAX_MODIFICATIONS
from kiteticket.domain.order import ModifyRequest, OrderRequest
from kiteticket.domain.order_params import parse_modify_params, parse_place_params
from kiteticket.domain.prices import is_on_tick
from kiteticket.domain.status import OrderStatus
from kiteticket.domain.validation import validate
from kiteticket.paper.account import SEGMENTS, Account
from kiteticket.paper.book import OrderBook
from kiteticket.paper.clock import ExchangeClock
from kiteticket.paper.errors import KiteError, input_error, not_actionable, too_many_modifications
from kiteticket.paper.freeze import freeze_error, freeze_quantity, slice_quantities
from kiteticket.paper.lifecycle import TTL_MESSAGE, Lifecycle, protection_edge, protection_tags
from kiteticket.paper.margins import Margin, segment_of
from kiteticket.paper.market import InstrumentMarket, Market
from kiteticket.paper.model import PaperOrder

UNKNOWN_INSTRUMENT = "The instrument you are placing an order for has either expired or does not exist"
# Since April 2026 (F2, F3); HTTP code and error_type NOT CONFIRMED, so 400 InputException like other bad input.
PROTECTION_REQUIRED = ("Market orders without market protection are not allowed via API. Please set market "
                       "protection or use a Limit order.")
# "The stop loss trigger price is beyond the allowed range of 9.9%." (2019, F29): the cover-order stop band.
COVER_STOP_BAND = Decimal("9.9")


class Engine:
    def __init__(self, master: InstrumentMaster, book: OrderBook, market: Market, account: Account,
                 clock: ExchangeClock) -> None:
        self.master = master
        self.book = book
        self.market = market
        self.account = account
        self.clock = clock
        self.life = Lifecycle(book, market, account, clock)
        # What working orders block, kept up to date on every order change so a funds check is O(positions),
        # not O(orders): {order_id: (segment, margin)} and the running total per segment.
        self._blocked: dict[str, tuple[str, Margin]] = {}
        self._blocked_total: dict[str, Margin] = {}
        self.clear_blocked()
        book.on_change = self._reblock

    # -- place --------------------------------------------------------------------------------------------------

    def place(self, variety: str, form: Mapping[str, str]) -> dict[str, Any]:
        request = _first_problem(parse_place_params(variety, form))
        instrument = self.instrument(request.exchange, request.tradingsymbol)
        state = self.market.state(instrument)
        self._validate(request, instrument, state)
        problem = self.clock.placement_problem(request.variety, request.exchange)
        if problem:
            raise input_error(problem)
        freeze = freeze_quantity(instrument)
        if request.autoslice:
            slices = slice_quantities(request.quantity, freeze or request.quantity, instrument.lot_size)
            return self._place_slices(request, instrument, state, slices)
        leg = request.iceberg_quantity if request.variety is Variety.ICEBERG else request.quantity
        if freeze and (leg or 0) > freeze:
            raise freeze_error(leg or 0, freeze, max(instrument.lot_size, 1))
        shortfall = self._shortfall(request, instrument, state)  # before the order itself blocks anything
        order = self._new_order(request, instrument, [])
        self.book.add(order)
        if shortfall:
            self.life.reject(order, *shortfall)
        elif request.variety is not Variety.AMO:
            self.life.submit(order, instrument)
        return {"order_id": order.order_id}

    def _place_slices(self, request: OrderRequest, instrument: Instrument, state: InstrumentMarket,
                      slices: list[int]) -> dict[str, Any]:
        parent = self.book.new_order_id()
        children: list[dict[str, Any]] = []
        for quantity in slices:
            piece = replace(request, quantity=quantity, autoslice=False)
            shortfall = self._shortfall(piece, instrument, state)
            if shortfall:
                error = {"code": 400, "error_type": "MarginException", "message": shortfall[0], "data": None}
                children.append({"error": error})
                continue
            order = self._new_order(piece, instrument, ["autoslice", f"autoslice:{parent}"])
            self.book.add(order)
            self.life.submit(order, instrument)
            children.append({"order_id": order.order_id})
        return {"order_id": parent, "children": children}

    def _new_order(self, request: OrderRequest, instrument: Instrument, system_tags: list[str]) -> PaperOrder:
        iceberg = request.variety is Variety.ICEBERG
        quantity = request.iceberg_quantity or request.quantity if iceberg else request.quantity
        protection = request.market_protection or 0
        tags = ([request.tag] if request.tag else []) + system_tags
        if request.order_type.executes_at_market:
            tags += protection_tags(protection)
        cover = request.variety is Variety.CO
        amo = request.variety is Variety.AMO
        order = PaperOrder(
            order_id=self.book.new_order_id(), day=self.book.day, variety=request.variety.value,
            exchange=request.exchange.value, tradingsymbol=request.tradingsymbol,
            instrument_token=instrument.instrument_token, transaction_type=request.transaction_type.value,
            order_type=request.order_type.value, product=request.product.value, quantity=quantity,
            price=request.price or Decimal(0),
            trigger_price=Decimal(0) if cover else request.trigger_price or Decimal(0),
            validity=request.validity.value, validity_ttl=request.validity_ttl or 0,
            disclosed_quantity=request.disclosed_quantity or 0, market_protection=protection,
            order_timestamp=self.clock.stamp(), placed_by=self.account.user_id,
            status=(OrderStatus.AMO_REQ_RECEIVED if amo else OrderStatus.PUT_ORDER_REQ_RECEIVED).value,
            pending_quantity=quantity, tag=request.tag, tags=tags, auction_number=request.auction_number,
            stop_price=request.trigger_price or Decimal(0) if cover else Decimal(0),
        )
        if iceberg:
            order.iceberg_legs = request.iceberg_legs or 0
            order.iceberg_total = request.quantity
            order.meta = {"iceberg": {"leg": 1, "legs": order.iceberg_legs, "leg_quantity": quantity,
                                      "total_quantity": request.quantity,
                                      "remaining_quantity": request.quantity - quantity}}
        return order

    def _validate(self, request: OrderRequest, instrument: Instrument, state: InstrumentMarket) -> None:
        if request.order_type.executes_at_market and not request.market_protection:
            raise input_error(PROTECTION_REQUIRED)  # the broker's own words, ahead of the ticket's rules
        problems = validate(request, instrument, state.snapshot())
        if problems:
            raise input_error(problems[0].message)
        if request.variety is Variety.CO and request.trigger_price:
            self._check_cover_stop(request.trigger_price, state)

    def _check_cover_stop(self, stop: Decimal, state: InstrumentMarket) -> None:
        last = state.last_price
        if last and abs(stop - last) * 100 > last * COVER_STOP_BAND:
            raise input_error(f"The stop loss trigger price is beyond the allowed range of {COVER_STOP_BAND}%.")

    def _shortfall(self, request: OrderRequest, instrument: Instrument,
                   state: InstrumentMarket) -> tuple[str, str] | None:
        """Kite's RMS: a delivery sale needs the shares; anything else needs the margin. None when it passes."""
        if request.product is Product.CNC and request.transaction_type is TransactionType.SELL:
            pending = sum(o.pending_quantity for o in self.book.working_on(instrument.instrument_token)
                          if o.product == Product.CNC.value and o.side is TransactionType.SELL)
            sellable = self.account.sellable(instrument, pending)
            if request.quantity > sellable:
                message = (f"Insufficient holdings. You can sell at most {max(sellable, 0)} "
                           f"{request.tradingsymbol} from your holdings and today's buys.")
                return message, f"RMS:Rule: Check holding, {message}"
            return None
        price = _margin_price(request, state)
        required = self.account.order_margin(instrument, request.product, request.transaction_type,
                                             request.quantity, price).total
        available = Decimal(str(self.funds(instrument.exchange)["net"]))
        if required > available:
            return self.account.check_message(required, available)
        return None

    def funds(self, exchange: Exchange) -> dict[str, Any]:
        segment = "commodity" if exchange is Exchange.MCX else "equity"
        return self.segment_funds(segment)

    def segment_funds(self, segment: str) -> dict[str, Any]:
        return self.account.funds(segment, self.prices, self.master.get, self._blocked_total[segment])

    def clear_blocked(self) -> None:
        self._blocked.clear()
        self._blocked_total.update({segment: Margin() for segment in SEGMENTS})

    def _reblock(self, order: PaperOrder) -> None:
        old = self._blocked.pop(order.order_id, None)
        if old is not None:
            self._blocked_total[old[0]] -= old[1]
        if order.status in _FINAL or order.pending_quantity <= 0:
            return
        instrument = self.master.get(order.exchange, order.tradingsymbol)
        if instrument is None:
            return
        margin = self.account.order_margin(instrument, Product(order.product), order.side, order.pending_quantity,
                                           self._resting_price(order))
        segment = segment_of(instrument.exchange)
        self._blocked[order.order_id] = (segment, margin)
        self._blocked_total[segment] += margin

    def prices(self, instrument: Instrument) -> tuple[Decimal, Decimal]:
        state = self.market.state(instrument)
        return state.last_price, state.price(state.close)

    def _resting_price(self, order: PaperOrder) -> Decimal:
        if order.price:
            return order.price
        if order.limit_price:
            return order.limit_price
        if order.trigger_price:
            return order.trigger_price
        instrument = self.master.get(order.exchange, order.tradingsymbol)
        return self.market.state(instrument).last_price if instrument else Decimal(0)

    # -- modify and cancel --------------------------------------------------------------------------------------

    def modify(self, variety: str, order_id: str, form: Mapping[str, str]) -> dict[str, Any]:
        order = self._actionable(variety, order_id, "modified")
        if order.modifications >= MAX_MODIFICATIONS:
            raise too_many_modifications()
        change = _first_problem(parse_modify_params(variety, order_id, form))
        instrument = self.instrument(order.exchange, order.tradingsymbol)
        state = self.market.state(instrument)
        if order.is_cover and order.parent_order_id:
            self._modify_cover_stop(order, change, state)
        else:
            self._check_modification(order, change, instrument, state)
        self._apply(order, change, instrument)
        return {"order_id": order.order_id}

    def _check_modification(self, order: PaperOrder, change: ModifyRequest, instrument: Instrument,
                            state: InstrumentMarket) -> None:
        modified = change.apply_to(request_of(order))
        if modified.quantity <= order.filled_quantity:
            raise input_error(f"Quantity must be more than the {order.filled_quantity} already filled.")
        problems = validate(modified, instrument, state.snapshot())
        if problems:
            raise input_error(problems[0].message)
        freeze = freeze_quantity(instrument)
        if freeze and modified.quantity > freeze:
            raise freeze_error(modified.quantity, freeze, max(instrument.lot_size, 1))

    def _modify_cover_stop(self, order: PaperOrder, change: ModifyRequest, state: InstrumentMarket) -> None:
        """A cover order's stop leg: only its trigger moves; it stays an SL-M (facts §3)."""
        if change.trigger_price is None or not is_on_tick(change.trigger_price, state.tick):
            raise input_error("Invalid trigger price entered")
        self._check_cover_stop(change.trigger_price, state)

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
            self.life.exit_at_market(order, self.instrument(order.exchange, order.tradingsymbol))
        else:
            self.life.cancel(order)
        return {"order_id": order.order_id}

    def _actionable(self, variety: str, order_id: str, action: str) -> PaperOrder:
        order = self.book.get(order_id)
        if order is None:
            raise input_error("Invalid `order_id`.")
        # An AMO that reached the exchange is handled with variety regular, yet stays "amo" in the book (F31).
        if variety.lower() != order.variety and not (order.variety == Variety.AMO.value and variety == "regular"):
            raise input_error("Order variety cannot be modified." if action == "modified" else "Invalid `variety`.")
        if order.status not in _ACTIONABLE:
            raise not_actionable(action)
        return order

    # -- the market moving --------------------------------------------------------------------------------------

    def instrument(self, exchange: str, tradingsymbol: str) -> Instrument:
        instrument = self.master.get(exchange, tradingsymbol) if exchange in Exchange.__members__ else None
        today = self.clock.now().date()
        if instrument is None or (instrument.expiry is not None and instrument.expiry < today):
            raise input_error(UNKNOWN_INSTRUMENT)
        return instrument

    def match_instrument(self, state: InstrumentMarket) -> None:
        for order in self.book.working_on(state.instrument.instrument_token):
            self.life.match(order, state.instrument, state)

    def sweep(self) -> None:
        """Time-driven changes: TTL orders expire, AMOs go to the exchange when their session opens."""
        now = self.clock.now().timestamp()
        for order in list(self.book.working_orders()):
            if order.expires_at and now >= order.expires_at and order.status in _ACTIONABLE:
                self.life.cancel(order, TTL_MESSAGE)
            elif order.status == OrderStatus.AMO_REQ_RECEIVED.value and self.clock.is_open(Exchange(order.exchange)):
                instrument = self.master.get(order.exchange, order.tradingsymbol)
                if instrument is not None:
                    self.life.go_live(order, instrument)

    def tick(self) -> None:
        for state in self.market.step():
            self.match_instrument(state)
        self.sweep()

    def set_price(self, exchange: str, tradingsymbol: str, price: Decimal) -> InstrumentMarket:
        instrument = self.master.get(exchange, tradingsymbol) if exchange in Exchange.__members__ else None
        if instrument is None:
            raise input_error(UNKNOWN_INSTRUMENT)
        state = self.market.set_price(instrument, price)
        self.match_instrument(state)
        self.sweep()
        return state


_FINAL = frozenset({OrderStatus.COMPLETE.value, OrderStatus.CANCELLED.value, OrderStatus.REJECTED.value})
_ACTIONABLE = frozenset({OrderStatus.OPEN.value, OrderStatus.TRIGGER_PENDING.value,
                         OrderStatus.AMO_REQ_RECEIVED.value})


def _first_problem(parsed: Any) -> Any:
    if isinstance(parsed, tuple):
        raise input_error(parsed[0].message) if parsed else KiteError("Invalid request.")
    return parsed


def _margin_price(request: OrderRequest, state: InstrumentMarket) -> Decimal:
    if request.order_type in (OrderType.LIMIT, OrderType.SL) and request.price:
        return request.price
    if request.order_type is OrderType.SLM and request.trigger_price:
        return request.trigger_price
    return protection_edge(request.transaction_type, request.market_protection or 0, state)


def request_of(order: PaperOrder) -> OrderRequest:
    """The order as a request again, to validate a modification with the ticket's rules. An iceberg leg is
    checked as the regular order it is on the exchange; a cover entry carries its stop as the trigger."""
    variety = Variety.REGULAR if order.iceberg_legs else Variety(order.variety)
    trigger = order.stop_price if order.is_cover else order.trigger_price
    return OrderRequest(
        variety=variety, exchange=Exchange(order.exchange), tradingsymbol=order.tradingsymbol,
        transaction_type=order.side, quantity=order.quantity, product=Product(order.product),
        order_type=order.kind, price=order.price or None, trigger_price=trigger or None,
        validity=Validity(order.validity), validity_ttl=order.validity_ttl or None,
        disclosed_quantity=order.disclosed_quantity or None, market_protection=order.market_protection or None,
        auction_number=order.auction_number, tag=order.tag,
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
