"""Intraday auto square-off: with real exchange hours, MIS and cover-order positions are closed shortly before
each market closes, as Zerodha's RMS does, and intraday orders still working are cancelled.

Minutes before the close per the Kite user manual (facts §6): F&O 5, currency 15, MCX 25; equity MIS is not in
the excerpt read, so Zerodha's usual 15:20 (10 minutes before the close) is taken. NOT CONFIRMED: the message
and the ``placed_by`` of the square-off orders.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from decimal import Decimal

from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Validity, Variety
from kiteticket.domain.instruments import InstrumentMaster
from kiteticket.domain.market_clock import MarketMode, session_window
from kiteticket.domain.status import OrderStatus
from kiteticket.paper.account import Account
from kiteticket.paper.book import OrderBook
from kiteticket.paper.clock import ExchangeClock
from kiteticket.paper.lifecycle import Lifecycle
from kiteticket.paper.model import PaperOrder
from kiteticket.paper.positions import Position

MINUTES_BEFORE_CLOSE = {
    Exchange.NSE: 10, Exchange.BSE: 10, Exchange.NFO: 5, Exchange.BFO: 5, Exchange.CDS: 15, Exchange.BCD: 15,
    Exchange.MCX: 25,
}  # fmt: skip
SQUARE_OFF_MESSAGE = "Intraday order cancelled by the system at the auto square-off time."
SQUARE_OFF_BY = "ADMINSQF"
_AT_THE_EXCHANGE = frozenset({OrderStatus.OPEN.value, OrderStatus.TRIGGER_PENDING.value})


def due(clock: ExchangeClock, exchange: Exchange) -> bool:
    """True from the square-off time until the close, on a trading day, when the clock keeps real hours."""
    if clock.mode is not MarketMode.REAL or not clock.is_open(exchange):
        return False
    now = clock.now()
    close = session_window(exchange, now.date()).end
    at = datetime.combine(now.date(), close, now.tzinfo) - timedelta(minutes=MINUTES_BEFORE_CLOSE[exchange])
    return now >= at


class SquareOff:
    def __init__(self, master: InstrumentMaster, book: OrderBook, account: Account, clock: ExchangeClock,
                 life: Lifecycle) -> None:  # fmt: skip
        self._master = master
        self._book = book
        self._account = account
        self._clock = clock
        self._life = life
        # Square-offs that found nobody to trade with (a circuit), as (day, position, quantity): not sent again at
        # every beat while the position stays as it was.
        self._stuck: set[tuple[str, str, int]] = set()

    def run(self) -> None:
        """Past the square-off time: intraday orders still working are cancelled, then the positions closed."""
        exchanges = {exchange for exchange in MINUTES_BEFORE_CLOSE if due(self._clock, exchange)}
        if not exchanges:
            return
        for order in list(self._book.working_orders()):
            if Exchange(order.exchange) in exchanges and _intraday_at_exchange(order) and not _exit(order):
                self._life.cancel(order, SQUARE_OFF_MESSAGE)
        self.close_positions(exchanges)

    def close_positions(self, exchanges: Collection[Exchange]) -> list[str]:
        """Close the cover-order and MIS positions on ``exchanges`` at market: each cover order leaves through its
        own stop leg, executed now; each MIS position gets a square-off order the other way. Returns the ids of
        the orders that executed."""
        executed = []
        for order in list(self._book.working_orders()):
            if Exchange(order.exchange) in exchanges and _stop_leg(order):
                instrument = self._master.get(order.exchange, order.tradingsymbol)
                if instrument is not None:
                    self._life.exit_at_market(order, instrument)
                    executed += _if_complete(order)
        for key, position in list(self._account.positions.items()):
            if position.product == Product.MIS.value and position.quantity and Exchange(position.exchange) in exchanges:
                attempt = (self._book.day, key, position.quantity)
                if attempt in self._stuck:
                    continue
                done = self._close(position)
                if not done:
                    self._stuck.add(attempt)
                executed += done
        return executed

    def _close(self, position: Position) -> list[str]:
        instrument = self._master.get(position.exchange, position.tradingsymbol)
        if instrument is None:
            return []
        side = TransactionType.SELL if position.quantity > 0 else TransactionType.BUY
        quantity = abs(position.quantity)
        order = PaperOrder(
            order_id=self._book.new_order_id(), day=self._book.day,
            variety=Variety.REGULAR.value,
            exchange=position.exchange, tradingsymbol=position.tradingsymbol,
            instrument_token=position.instrument_token, transaction_type=side.value,
            order_type=OrderType.MARKET.value, product=Product.MIS.value, quantity=quantity, price=Decimal(0),
            trigger_price=Decimal(0), validity=Validity.DAY.value, validity_ttl=0, disclosed_quantity=0,
            market_protection=Decimal(-1), order_timestamp=self._clock.stamp(), placed_by=SQUARE_OFF_BY,
            pending_quantity=quantity, tags=["autosquareoff"],
        )  # fmt: skip
        self._book.add(order)
        self._life.set_status(order, OrderStatus.VALIDATION_PENDING)
        self._life.exit_at_market(order, instrument, new=True)
        return _if_complete(order)


def _if_complete(order: PaperOrder) -> list[str]:
    """The order, if it executed: at a circuit limit nobody trades the other way, and it stays open."""
    return [order.order_id] if order.status == OrderStatus.COMPLETE.value else []


def _intraday_at_exchange(order: PaperOrder) -> bool:
    """An intraday order resting on the exchange; an AMO still waiting for its session is not there yet."""
    return order.product == Product.MIS.value and order.status in _AT_THE_EXCHANGE


def _exit(order: PaperOrder) -> bool:
    """An order that closes an intraday position (a cover order's stop leg, a square-off order): the square-off
    leaves it working, even one stuck at a circuit; the close ends it."""
    return (order.is_cover and bool(order.parent_order_id)) or order.placed_by == SQUARE_OFF_BY


def _stop_leg(order: PaperOrder) -> bool:
    """A cover order's working stop leg: the exit of a cover-order position."""
    return order.is_cover and bool(order.parent_order_id) and order.status == OrderStatus.TRIGGER_PENDING.value
