"""Placing orders (Kite's checks in Kite's words, then the lifecycle) and moving the market; modifying and
cancelling live in amend.py, the funds check's bookkeeping in funds.py.

Every public method runs under the exchange's lock (the server and the ticker take it), so the book, the market
and the account always change together and SQLite is committed once per call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Variety
from kiteticket.domain.instruments import Instrument, InstrumentMaster
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.order_params import parse_place_params
from kiteticket.domain.status import OrderStatus
from kiteticket.domain.validation import validate
from kiteticket.paper.account import Account
from kiteticket.paper.amend import Amendments
from kiteticket.paper.book import OrderBook
from kiteticket.paper.broker_rules import (
    ACTIONABLE,
    PROTECTION_REQUIRED,
    UNKNOWN_INSTRUMENT,
    check_cover_stop,
    check_tag,
    first_problem,
    kite_words,
    tradable_instrument,
)
from kiteticket.paper.clock import ExchangeClock
from kiteticket.paper.errors import input_error
from kiteticket.paper.freeze import freeze_error, freeze_quantity, slice_quantities
from kiteticket.paper.funds import Funds
from kiteticket.paper.lifecycle import TTL_MESSAGE, Lifecycle, protection_edge, protection_tags
from kiteticket.paper.market import InstrumentMarket, Market
from kiteticket.paper.model import PaperOrder
from kiteticket.paper.session_bell import SessionBell
from kiteticket.paper.squareoff import SquareOff


class Engine:
    def __init__(
        self, master: InstrumentMaster, book: OrderBook, market: Market, account: Account, clock: ExchangeClock
    ) -> None:
        self.master = master
        self.book = book
        self.market = market
        self.account = account
        self.clock = clock
        self.life = Lifecycle(book, market, account, clock)
        self.funds = Funds(master, market, account)
        book.on_change = self.funds.reblock
        self.amend = Amendments(master, book, market, clock, self.life)
        self.square_off = SquareOff(master, book, account, clock, self.life)
        self.bell = SessionBell(book, clock, self.life, self.square_off)
        # Other parts of the exchange (GTT triggers, mutual funds) follow prices and the clock through these.
        self.price_watchers: list[Callable[[InstrumentMarket], None]] = []
        self.timers: list[Callable[[], None]] = []
        self.place_checks: list[Callable[[OrderRequest, Instrument], None]] = []  # more of Kite's refusals

    # -- place --------------------------------------------------------------------------------------------------

    def place(self, variety: str, form: Mapping[str, str]) -> dict[str, Any]:
        request = first_problem(parse_place_params(variety, form))
        instrument = self.instrument(request.exchange, request.tradingsymbol)
        state = self.market.state(instrument)
        self._validate(request, instrument, state)
        for check in self.place_checks:
            check(request, instrument)
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

    def _place_slices(
        self, request: OrderRequest, instrument: Instrument, state: InstrumentMarket, slices: list[int]
    ) -> dict[str, Any]:
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
            if children:  # the request counted as one order; each further slice is another (facts §5)
                self.life.on_extra_order()
            self.book.add(order)
            self.life.submit(order, instrument)
            children.append({"order_id": order.order_id})
        return {"order_id": parent, "children": children}

    def _new_order(self, request: OrderRequest, instrument: Instrument, system_tags: list[str]) -> PaperOrder:
        iceberg = request.variety is Variety.ICEBERG
        quantity = request.iceberg_quantity or request.quantity if iceberg else request.quantity
        protection = request.market_protection or Decimal(0)
        tags = ([request.tag] if request.tag else []) + system_tags
        if request.order_type.executes_at_market:
            tags += protection_tags(protection)
        cover = request.variety is Variety.CO
        amo = request.variety is Variety.AMO
        order = PaperOrder(
            order_id=self.book.new_order_id(),
            day=self.book.day,
            variety=request.variety.value,
            exchange=request.exchange.value,
            tradingsymbol=request.tradingsymbol,
            instrument_token=instrument.instrument_token,
            transaction_type=request.transaction_type.value,
            order_type=request.order_type.value,
            product=request.product.value,
            quantity=quantity,
            price=request.price or Decimal(0),
            trigger_price=Decimal(0) if cover else request.trigger_price or Decimal(0),
            validity=request.validity.value,
            validity_ttl=request.validity_ttl or 0,
            disclosed_quantity=request.disclosed_quantity or 0,
            market_protection=protection,
            order_timestamp=self.clock.stamp(),
            placed_by=self.account.user_id,
            status=(OrderStatus.AMO_REQ_RECEIVED if amo else OrderStatus.PUT_ORDER_REQ_RECEIVED).value,
            pending_quantity=quantity,
            tag=request.tag,
            tags=tags,
            auction_number=request.auction_number,
            stop_price=request.trigger_price or Decimal(0) if cover else Decimal(0),
        )
        if iceberg:
            order.iceberg_legs = request.iceberg_legs or 0
            order.iceberg_total = request.quantity
            order.meta = {
                "iceberg": {
                    "leg": 1,
                    "legs": order.iceberg_legs,
                    "leg_quantity": quantity,
                    "total_quantity": request.quantity,
                    "remaining_quantity": request.quantity - quantity,
                }
            }
        return order

    def _validate(self, request: OrderRequest, instrument: Instrument, state: InstrumentMarket) -> None:
        if request.order_type.executes_at_market and not request.market_protection:
            raise input_error(PROTECTION_REQUIRED)  # the broker's own words, ahead of the ticket's rules
        check_tag(request.tag)  # Kite's rule, wider than the ticket's: the ticket's own is left out below
        problems = validate(replace(request, tag=None), instrument, state.snapshot())
        if problems:
            raise input_error(kite_words(problems[0]))
        if request.variety is Variety.CO and request.trigger_price:
            check_cover_stop(request.trigger_price, state)

    def _shortfall(
        self, request: OrderRequest, instrument: Instrument, state: InstrumentMarket
    ) -> tuple[str, str] | None:
        """Kite's RMS: a delivery sale needs the shares; anything else needs the margin. None when it passes."""
        if request.product is Product.CNC and request.transaction_type is TransactionType.SELL:
            pending = sum(
                o.pending_quantity
                for o in self.book.working_on(instrument.instrument_token)
                if o.product == Product.CNC.value and o.side is TransactionType.SELL
            )
            sellable = self.account.sellable(instrument, pending)
            if request.quantity > sellable:
                message = (
                    f"Insufficient holdings. You can sell at most {max(sellable, 0)} "
                    f"{request.tradingsymbol} from your holdings and today's buys."
                )
                return message, f"RMS:Rule: Check holding, {message}"
            return None
        price = _margin_price(request, state)
        required = self.account.order_margin(
            instrument, request.product, request.transaction_type, request.quantity, price
        ).total
        available = Decimal(str(self.funds.for_exchange(instrument.exchange)["net"]))
        if required > available:
            return self.account.check_message(required, available)
        return None

    def segment_funds(self, segment: str) -> dict[str, Any]:
        return self.funds.segment(segment)

    def prices(self, instrument: Instrument) -> tuple[Decimal, Decimal]:
        return self.funds.prices(instrument)

    def modify(self, variety: str, order_id: str, form: Mapping[str, str]) -> dict[str, Any]:
        return self.amend.modify(variety, order_id, form)

    def cancel(self, variety: str, order_id: str, parent_order_id: str | None) -> dict[str, Any]:
        return self.amend.cancel(variety, order_id, parent_order_id)

    # -- the market moving --------------------------------------------------------------------------------------

    def instrument(self, exchange: str, tradingsymbol: str) -> Instrument:
        return tradable_instrument(self.master, self.clock, exchange, tradingsymbol)

    def match_instrument(self, state: InstrumentMarket) -> None:
        """The market moved: the orders resting on it meet the new book."""
        for order in self.book.working_on(state.instrument.instrument_token):
            self.life.match(order, state.instrument, state, resting=True)
        for watcher in self.price_watchers:
            watcher(state)

    def sweep(self) -> None:
        """Time-driven changes: sessions that closed end their orders, TTL orders expire, AMOs go to the exchange
        when their session opens, intraday positions are squared off before the close."""
        self.bell.ring()
        now = self.clock.now().timestamp()
        for order in list(self.book.working_orders()):
            if order.expires_at and now >= order.expires_at and order.status in ACTIONABLE:
                self.life.cancel(order, TTL_MESSAGE)
            elif order.status == OrderStatus.AMO_REQ_RECEIVED.value and self.clock.is_open(Exchange(order.exchange)):
                instrument = self.master.get(order.exchange, order.tradingsymbol)
                if instrument is not None:
                    self.life.go_live(order, instrument)
        self.square_off.run()
        for timer in self.timers:
            timer()

    def tick(self) -> None:
        for state in self.market.step(self.clock.is_open):
            self.match_instrument(state)
        self.sweep()

    def set_price(
        self, exchange: str, tradingsymbol: str, price: Decimal, touch: tuple[Decimal, Decimal] | None = None
    ) -> InstrumentMarket:
        instrument = self.master.get(exchange, tradingsymbol) if exchange in Exchange.__members__ else None
        if instrument is None:
            raise input_error(UNKNOWN_INSTRUMENT)
        state = self.market.set_price(instrument, price, touch)
        self.match_instrument(state)
        self.sweep()
        return state


def _margin_price(request: OrderRequest, state: InstrumentMarket) -> Decimal:
    if request.order_type in (OrderType.LIMIT, OrderType.SL) and request.price:
        return request.price
    if request.order_type is OrderType.SLM and request.trigger_price:
        return request.trigger_price
    return protection_edge(request.transaction_type, request.market_protection or Decimal(0), state)
