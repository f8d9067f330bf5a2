"""How an order walks through Kite's statuses once accepted, and how it meets the market.

PUT ORDER REQ RECEIVED → VALIDATION PENDING → OPEN PENDING → OPEN or TRIGGER PENDING → COMPLETE / CANCELLED /
REJECTED; AMOs wait in AMO REQ RECEIVED until their session opens. Every status change is a history snapshot.
The walk is synchronous: an order is OPEN by the time place_order returns, and any fill its price allows has
happened, which is how "fills show up within a second" without timers.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from kiteticket.domain.enums import OrderType, TransactionType, Validity
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.order import AUTO_MARKET_PROTECTION
from kiteticket.domain.status import OrderStatus
from kiteticket.paper.account import Account
from kiteticket.paper.book import OrderBook
from kiteticket.paper.clock import ExchangeClock
from kiteticket.paper.liquidity import DRAWN_LEVELS
from kiteticket.paper.market import InstrumentMarket, Market
from kiteticket.paper.model import PaperOrder, PaperTrade

IOC_MESSAGE = "16388: Unmatched orders cancelled by the system"
TTL_MESSAGE = "Order cancelled by the system: its validity in minutes has run out."
# What market_protection = -1 ("automatic") means here; Kite's tags on such orders read "mktp:2.00" (mocks).
AUTO_PROTECTION = Decimal(2)


def protection_edge(side: TransactionType, protection: Decimal, state: InstrumentMarket) -> Decimal:
    """The worst price a MARKET/SL-M order may fill at: its protection band's edge, inside the circuits."""
    percent = AUTO_PROTECTION if protection <= 0 else Decimal(protection)
    last = state.last_price
    if side is TransactionType.BUY:
        edge = (last * (100 + percent) / 100 / state.tick).to_integral_value(ROUND_FLOOR)
        return min(int(edge), state.upper) * state.tick
    edge = (last * (100 - percent) / 100 / state.tick).to_integral_value(ROUND_CEILING)
    return max(int(edge), state.lower) * state.tick


def protection_tags(protection: Decimal) -> list[str]:
    percent = AUTO_PROTECTION if protection <= 0 else Decimal(protection)
    return ["mktp", f"mktp:{percent:.2f}"]


class Lifecycle:
    def __init__(self, book: OrderBook, market: Market, account: Account, clock: ExchangeClock) -> None:
        self.book = book
        self.market = market
        self.account = account
        self.clock = clock
        # Told of every order made for a request already counted (an iceberg's next leg): the daily cap counts it.
        self.on_extra_order: Callable[[], None] = lambda: None

    def set_status(self, order: PaperOrder, status: OrderStatus) -> None:
        order.status = status.value
        self.book.record(order)

    def reject(self, order: PaperOrder, message: str, raw: str | None = None) -> None:
        """RMS refuses the order: it was in validation (an AMO is rejected straight from AMO REQ RECEIVED)."""
        if order.status == OrderStatus.PUT_ORDER_REQ_RECEIVED.value:
            self.set_status(order, OrderStatus.VALIDATION_PENDING)
        order.status_message, order.status_message_raw = message, raw or message
        order.pending_quantity = 0
        self.set_status(order, OrderStatus.REJECTED)

    def cancel_by_user(self, order: PaperOrder) -> None:
        """A cancel request: CANCEL PENDING while the exchange confirms, then CANCELLED (facts §2)."""
        self.set_status(order, OrderStatus.CANCEL_PENDING)
        self.cancel(order)

    def cancel(self, order: PaperOrder, message: str | None = None) -> None:
        # Kite leaves pending_quantity as it was on a CANCELLED row (mock orders.json); cancelled is the rest.
        order.cancelled_quantity = order.quantity - order.filled_quantity
        order.status_message = order.status_message_raw = message
        order.exchange_update_timestamp = self.clock.stamp()
        self.set_status(order, OrderStatus.CANCELLED)

    def submit(self, order: PaperOrder, instrument: Instrument) -> None:
        """Validation passed and funds are there: take it to the exchange."""
        self.set_status(order, OrderStatus.VALIDATION_PENDING)
        self.go_live(order, instrument)

    def go_live(self, order: PaperOrder, instrument: Instrument) -> None:
        self.set_status(order, OrderStatus.OPEN_PENDING)
        now = self.clock.stamp()
        order.exchange_order_id = self.book.new_exchange_order_id()
        order.exchange_timestamp = order.exchange_update_timestamp = now
        if order.validity == Validity.TTL.value and order.validity_ttl:
            order.expires_at = self.clock.now().timestamp() + order.validity_ttl * 60
        self.rest(order, instrument)

    def rest(self, order: PaperOrder, instrument: Instrument) -> None:
        """Back on the book (after opening or a modification): trigger pending for untriggered stops, else open."""
        state = self.market.state(instrument)
        if order.kind.needs_trigger and not order.triggered:
            self.set_status(order, OrderStatus.TRIGGER_PENDING)
        else:
            if order.kind.executes_at_market:
                order.limit_price = protection_edge(order.side, order.market_protection, state)
            if order.kind is OrderType.MARKET:
                # Kite turns a protected MARKET order into a LIMIT at the band's edge (F4); the 2026 mock row
                # TATASTEEL LIMIT 159.82, average 156.70, tagged mktp:2.00, is one.
                order.order_type, order.price = OrderType.LIMIT.value, order.limit_price
            self.set_status(order, OrderStatus.OPEN)
        self.match(order, instrument, state)
        if order.validity == Validity.IOC.value and order.status == OrderStatus.OPEN.value:
            self.cancel(order, IOC_MESSAGE)

    # -- matching -----------------------------------------------------------------------------------------------

    def match(
        self, order: PaperOrder, instrument: Instrument, state: InstrumentMarket, *, resting: bool = False
    ) -> None:
        """The order meets the book. Arriving (placed, modified, a stop just triggered), it takes what the other
        side offers up to its limit, level by level at each level's price: a marketable BUY fills at the best ask,
        a SELL at the best bid. ``resting`` on the book when the market moved through its price, it trades at its
        own limit, as the passive side of a trade does on an exchange."""
        if order.status == OrderStatus.TRIGGER_PENDING.value and _crossed(order, state):
            order.triggered = True
            resting = False
            if order.kind is OrderType.SLM:
                order.limit_price = protection_edge(order.side, order.market_protection, state)
            order.exchange_update_timestamp = self.clock.stamp()
            self.set_status(order, OrderStatus.OPEN)
        if order.status != OrderStatus.OPEN.value:
            return
        limit = order.price if order.kind in (OrderType.LIMIT, OrderType.SL) else order.limit_price
        buying = order.side is TransactionType.BUY
        filled_before, last_before = order.filled_quantity, state.ticks
        # A large order goes deeper than five levels. Read lazily: an order that does not reach the touch looks at
        # one level, not ten (each level read is past the one just taken from, so taking does not disturb it).
        for level in state.levels(order.side, DRAWN_LEVELS):
            if (buying and level.price > limit) or (not buying and level.price < limit):
                break
            quantity = min(level.quantity, order.pending_quantity)
            state.take(order.side, level.price, quantity)
            if not resting:
                state.traded(state.to_ticks(level.price))
            self.fill(order, instrument, state, quantity, limit if resting else level.price)
            if order.pending_quantity == 0:
                break
        if order.pending_quantity == 0:
            self.complete(order, instrument)
        elif order.filled_quantity != filled_before:
            self.book.save(order)
        if state.ticks != last_before:
            self._recheck_stops(instrument, state)

    def _recheck_stops(self, instrument: Instrument, state: InstrumentMarket) -> None:
        """The order's trades moved the last price: the stops it crossed trigger now, as on the exchange, not at
        the next beat of the market. A triggered stop that walks the book may set off the next one in turn."""
        for order in self.book.working_on(instrument.instrument_token):
            if order.status == OrderStatus.TRIGGER_PENDING.value and _crossed(order, state):
                self.match(order, instrument, state)

    def fill(
        self, order: PaperOrder, instrument: Instrument, state: InstrumentMarket, quantity: int, price: Decimal
    ) -> None:
        """A trade of `quantity` at `price`; the book it came from has already been taken from."""
        now = self.clock.stamp()
        filled_before = order.average_price * order.filled_quantity
        total = order.filled_quantity + quantity
        order.average_price = (order.average_price * order.filled_quantity + price * quantity) / total
        order.filled_quantity, order.pending_quantity = total, order.pending_quantity - quantity
        order.exchange_update_timestamp = now
        state.last_trade_time = state.updated = now
        self.account.record_fill(instrument, order, quantity, price, filled_before)
        self.book.add_trade(
            PaperTrade(
                trade_id=self.book.new_trade_id(),
                order_id=order.order_id,
                exchange_order_id=order.exchange_order_id or "",
                exchange=order.exchange,
                tradingsymbol=order.tradingsymbol,
                instrument_token=order.instrument_token,
                product="CO" if order.is_cover else order.product,
                transaction_type=order.transaction_type,
                quantity=quantity,
                average_price=price,
                fill_timestamp=now,
            )
        )

    def complete(self, order: PaperOrder, instrument: Instrument) -> None:
        self.set_status(order, OrderStatus.COMPLETE)
        if order.iceberg_legs:
            self._next_leg(order, instrument)
        elif order.is_cover and order.parent_order_id is None:
            self._cover_stop_leg(order, instrument)

    def exit_at_market(self, order: PaperOrder, instrument: Instrument, *, new: bool = False) -> None:
        """Exiting a cover order's stop leg, or squaring off (a ``new`` order): it executes now, whatever the
        depth, at the last price or better; only a circuit stops it (nobody to trade with), and it stays OPEN."""
        if new:
            self.set_status(order, OrderStatus.OPEN_PENDING)
            order.exchange_order_id = self.book.new_exchange_order_id()
            order.exchange_timestamp = order.exchange_update_timestamp = self.clock.stamp()
        state = self.market.state(instrument)
        order.triggered = True
        order.limit_price = state.price(state.upper if order.side is TransactionType.BUY else state.lower)
        self.set_status(order, OrderStatus.OPEN)
        self.match(order, instrument, state)
        if order.pending_quantity and not state.at_circuit(order.side):
            state.take(order.side, state.last_price, order.pending_quantity)
            self.fill(order, instrument, state, order.pending_quantity, state.last_price)
            self.complete(order, instrument)

    # -- follow-up orders ---------------------------------------------------------------------------------------

    def _child(self, order: PaperOrder, **changes: object) -> PaperOrder:
        data = {name: getattr(order, name) for name in PaperOrder.__dataclass_fields__ if name != "_json"}
        data.update(
            order_id=self.book.new_order_id(),
            order_timestamp=self.clock.stamp(),
            status=OrderStatus.PUT_ORDER_REQ_RECEIVED.value,
            exchange_order_id=None,
            exchange_timestamp=None,
            exchange_update_timestamp=None,
            average_price=Decimal(0),
            filled_quantity=0,
            cancelled_quantity=0,
            modified=False,
            modifications=0,
            triggered=False,
            status_message=None,
            status_message_raw=None,
            tags=list(order.tags),
            meta={},
        )
        data.update(changes)
        return PaperOrder(**data)

    def _next_leg(self, order: PaperOrder, instrument: Instrument) -> None:
        info = order.meta["iceberg"]
        remaining = info["remaining_quantity"]
        if remaining <= 0:
            return
        quantity = min(info["leg_quantity"], remaining)
        meta = {"iceberg": {**info, "leg": info["leg"] + 1, "remaining_quantity": remaining - quantity}}
        leg = self._child(order, quantity=quantity, pending_quantity=quantity, meta=meta)
        self.book.add(leg)
        self.on_extra_order()
        self.submit(leg, instrument)

    def _cover_stop_leg(self, order: PaperOrder, instrument: Instrument) -> None:
        """A filled cover order's exit: an SL-M the other way at the stop, linked by parent_order_id."""
        leg = self._child(
            order,
            parent_order_id=order.order_id,
            transaction_type=order.side.opposite.value,
            order_type=OrderType.SLM.value,
            price=Decimal(0),
            trigger_price=order.stop_price,
            stop_price=Decimal(0),
            quantity=order.filled_quantity,
            pending_quantity=order.filled_quantity,
            market_protection=AUTO_MARKET_PROTECTION,
            validity=Validity.DAY.value,
            validity_ttl=0,
            expires_at=0.0,
        )
        self.book.add(leg)
        self.submit(leg, instrument)


def _crossed(order: PaperOrder, state: InstrumentMarket) -> bool:
    if order.side is TransactionType.BUY:
        return state.last_price >= order.trigger_price
    return state.last_price <= order.trigger_price
