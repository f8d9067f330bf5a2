"""The ticket's link to the market: the instrument its symbol names, and the quote and margin it asks the app for.

Requests are debounced: arrowing through search results asks for one quote, a burst of keystrokes for one margin
estimate of the order as it ends up. Answers for an instrument the ticket has left are dropped.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QObject, Signal, Slot

from kiteticket.domain import lots
from kiteticket.domain.entry import EntryKind
from kiteticket.domain.enums import OrderType
from kiteticket.domain.fields import Field
from kiteticket.domain.margin_preview import MarginPreview, margin_query
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.quote import Quote
from kiteticket.domain.rules import TicketRules
from kiteticket.ui.ticket import form
from kiteticket.ui.ticket.disclosure import Disclosure
from kiteticket.ui.ticket.entries import entry_of
from kiteticket.ui.ticket.inputs import TicketInputs
from kiteticket.ui.ticket.layout import TicketLayout
from kiteticket.ui.ticket.settle import Settler
from kiteticket.ui.ticket.state import TicketState

MARGIN_DELAY_MS = 300  # a burst of keystrokes asks for one margin estimate, for the order as it ends up
QUOTE_DELAY_MS = 150  # arrowing through search results does not ask for a quote of each one


class MarketLink(QObject):
    """Instrument, quote panel, price seeding and margin panel of one ticket.

    Signals:
        quote_wanted(str): the key ("NSE:INFY") of the instrument the ticket now shows.
        margin_wanted(object): a valid OrderRequest that has stayed put for MARGIN_DELAY_MS.
    """

    quote_wanted = Signal(str)
    margin_wanted = Signal(object)

    def __init__(
        self,
        state: TicketState,
        inputs: TicketInputs,
        parts: TicketLayout,
        disclosure: Disclosure,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._state, self._inputs, self._parts, self._disclosure = state, inputs, parts, disclosure
        self._margin = Settler(MARGIN_DELAY_MS, self)
        self._quote_key = Settler(QUOTE_DELAY_MS, self)
        self._margin.settled.connect(self.margin_wanted)
        self._preview: tuple[object, MarginPreview] | None = None  # the last answer, and the query it answers
        self._quote_key.settled.connect(self._on_quote_key_settled)

    def resolve(self) -> None:
        """Look the typed symbol up; for another instrument, clear the old quote and prices and ask for a quote."""
        inputs = self._inputs
        if not self._state.resolve(form.current_choice(inputs).exchange, inputs.tradingsymbol.text()):
            return
        instrument = self._state.instrument
        self._parts.quote_panel.clear()
        self._parts.result.new_order()  # another instrument: the last order's answer is not about this one
        with self._disclosure.writing():
            form.apply_instrument(inputs, instrument, lots.starting_units(instrument, self._state.quantities))
            form.clear_prices(inputs)  # another instrument's price is never right for this one
        self._disclosure.start_afresh(Field.QUANTITY, Field.PRICE, Field.TRIGGER_PRICE)
        self._quote_key.update(instrument.key if instrument else None)

    def accept_quote(self, quote: Quote) -> bool:
        """Show a quote of the current instrument; False for a late quote of a previous one."""
        if not self._state.accept_quote(quote):
            return False
        self._parts.quote_panel.set_quote(quote, self._state.tick)
        return True

    def pick_price(self, price: Decimal, rules: TicketRules) -> None:
        """A depth price clicked: it becomes the price, and a MARKET order a LIMIT one to carry it."""
        order_type = self._inputs.order_type
        if not rules.enabled(Field.PRICE) and OrderType.LIMIT in rules.order_types:
            order_type.setCurrentIndex(order_type.findData(OrderType.LIMIT))
        self._inputs.price.setValue(float(price))

    def seed_price(self) -> None:
        """Start the price at the last price, once per instrument, as Kite does; never under the user's typing."""
        # The text decides, not the value Qt keeps: "0." being typed (an option's premium) is 0 to Qt, yet typing.
        shown = entry_of(self._inputs.price)
        typing = shown.kind is not EntryKind.EMPTY and shown.text != self._inputs.price.specialValueText()
        price = self._state.price_to_seed(1.0 if typing else self._inputs.price.value())
        if price is not None:
            with self._disclosure.writing():
                self._inputs.price.setValue(float(price))

    def ask_margin(self, ready: OrderRequest | None) -> None:
        """Ask for the margin of `ready`, as Kite will hold it, once it settles; the panel says it is coming, or
        clears without an order (or, for a MARKET order, without the last price its protection price needs)."""
        if ready is not None:
            ready = margin_query(ready, self._state.market(), self._state.tick)
        panel = self._parts.margin_panel
        if ready is None:
            panel.clear()
        elif self._margin.is_new(ready):
            panel.set_pending()
        self._margin.update(ready)

    def keep_margin(self, preview: MarginPreview) -> None:
        """The answer to the margin asked last: shown, and kept for the confirmation of that same order."""
        self._preview = (self._margin.last, preview)
        self._parts.margin_panel.set_estimate(preview)

    def margin_for(self, request: OrderRequest) -> MarginPreview | None:
        """The preview shown for `request`, if the last answer was for it (never another order's margin)."""
        query = margin_query(request, self._state.market(), self._state.tick)
        if self._preview is None or query is None or self._preview[0] != query:
            return None
        return self._preview[1]

    @Slot(object)
    def _on_quote_key_settled(self, key: object) -> None:
        self.quote_wanted.emit(str(key))
