"""What the ticket knows beyond its inputs: the instrument master, the instrument the symbol names, and its quote."""

from __future__ import annotations

from decimal import Decimal

from kiteticket.domain.enums import Exchange
from kiteticket.domain.fields import Field
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.market import MarketSnapshot
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.prices import round_to_tick
from kiteticket.domain.quote import Quote
from kiteticket.domain.validation import Problem, validate
from kiteticket.ui.ticket import form
from kiteticket.ui.ticket.instrument_search import Master, resolve, split_key


class TicketState:
    """The instrument and quote behind the inputs; validation of a draft against them."""

    def __init__(self, master: Master | None) -> None:
        self.master = master
        # What the symbol's problem says while there is no master: the app sets it (live, before login: log in).
        self.master_pending = "The instrument list is still loading; the symbol is checked once it is in."
        self.instrument: Instrument | None = None
        self.quote: Quote | None = None
        self._price_seeded = False
        self.quantities: dict[str, int] = {}  # the last quantity sent per instrument key, in units

    def remember_quantity(self, request: OrderRequest) -> None:
        """The quantity just sent comes back when the user returns to this instrument (never to another one)."""
        self.quantities[request.instrument_key] = request.quantity

    def resolve(self, exchange: Exchange, text: str) -> bool:
        """Look the typed symbol up; True when it names another instrument than before (its quote is then gone)."""
        instrument = resolve(self.master, exchange, text)
        if instrument == self.instrument:
            return False
        self.instrument, self.quote, self._price_seeded = instrument, None, False
        return True

    def symbol(self, exchange: Exchange, text: str) -> str:
        """The symbol as the dump spells it when known, else as typed (validation then says it is unknown)."""
        return self.instrument.tradingsymbol if self.instrument else split_key(text, exchange)[1]

    def accept_quote(self, quote: Quote) -> bool:
        """Keep a quote of the current instrument; a late quote of a previous one is refused."""
        if self.instrument is None or quote.key != self.instrument.key:
            return False
        self.quote = quote
        return True

    def price_to_seed(self, current: float) -> Decimal | None:
        """The last price on the tick grid, once per instrument and only into an empty price, as Kite starts it."""
        if self._price_seeded or self.quote is None or current > 0:
            return None
        self._price_seeded = True
        return round_to_tick(self.quote.last_price, self.tick)

    def keep_price(self) -> None:
        """The price was set on purpose (prefill): no quote may replace it."""
        self._price_seeded = True

    def forget_price(self) -> None:
        self._price_seeded = False

    @property
    def tick(self) -> Decimal:
        return form.tick_of(self.instrument)

    def market(self) -> MarketSnapshot:
        return self.quote.snapshot() if self.quote is not None else MarketSnapshot()

    def problems(self, draft: OrderRequest) -> tuple[Problem, ...]:
        problems = validate(draft, self.instrument, self.market())
        if self.master is not None or not draft.tradingsymbol:
            return problems
        # Without a master every symbol is "not found": say what is really going on.
        loading = Problem(Field.TRADINGSYMBOL, self.master_pending)
        return tuple(loading if problem.field is Field.TRADINGSYMBOL else problem for problem in problems)
