"""The order ticket: wires the inputs, the rule table, validation and the keys to the send flow (sending.py) and
the market link (quote, price seeding, margin: market_link.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFocusEvent, QHideEvent, QShowEvent
from PySide6.QtWidgets import QAbstractButton, QWidget

from kiteticket.domain import lots
from kiteticket.domain.draft import Draft
from kiteticket.domain.enums import Exchange, TransactionType
from kiteticket.domain.fields import Field
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.margin import MarginEstimate
from kiteticket.domain.margin_preview import MarginPreview
from kiteticket.domain.market_clock import MarketClock
from kiteticket.domain.order import AUTO_MARKET_PROTECTION, OrderRequest
from kiteticket.domain.outcome import Fate
from kiteticket.domain.quote import Quote
from kiteticket.domain.rules import Choice
from kiteticket.domain.validation import Problem
from kiteticket.ui.ticket import derived, feedback, form
from kiteticket.ui.ticket.disclosure import Disclosure
from kiteticket.ui.ticket.entries import connect_shown_text
from kiteticket.ui.ticket.header import describe_header
from kiteticket.ui.ticket.inputs import TicketInputs
from kiteticket.ui.ticket.instrument_search import InstrumentSearch, Master
from kiteticket.ui.ticket.keys import KeyAction, TicketKeys
from kiteticket.ui.ticket.layout import TicketLayout
from kiteticket.ui.ticket.market_link import MarketLink
from kiteticket.ui.ticket.sending import SendFlow
from kiteticket.ui.ticket.state import TicketState
from kiteticket.ui.ticket.style import ticket_style
from kiteticket.ui.ticket.submission import Confirm

DEFAULT_TAG_PREFIX = "kt"


class OrderTicket(QWidget):
    """The order window: pick an instrument, fill the order as the rule table allows, see problems, send once.

    Signals:
        submitting(): the user asked to send, before anything is checked: whatever the app already knows of earlier
            orders (a snapshot that settles a held one, the fate of the last one) must reach the ticket now, before
            it decides whether this order may go and which order is its latest.
        submit_requested(Submission): the user confirmed this order: its request with a fresh unique tag, the
            instrument and last price it was confirmed with, the margin shown for it. The ticket stays locked until
            the app calls ``show_placed``, ``show_rejected`` or ``show_outcome_unknown``; after an unknown outcome,
            orders for the same instrument and side wait for its answer or for Esc. ``show_order_fate`` then says
            what became of a placed order.
        quote_wanted(str): the instrument changed; its key ("NSE:INFY") is what to quote (answer: ``set_quote``).
        margin_wanted(OrderRequest): a valid order settled for 300 ms, as Kite will hold it (a MARKET order as a
            LIMIT at its market-protection price, an SL-M at its trigger): answer ``set_margin`` or
            ``set_margin_failed``.

    Inputs, each named after the Kite parameter it sets (``findChild(QWidget, name)``) and set with Qt's own API:
        QComboBox ``exchange``, ``variety``, ``product``, ``order_type``, ``validity``, with the domain's enums as
        item data (``combo.setCurrentIndex(combo.findData(OrderType.SL))``); each offers only what the rules allow.
        QLineEdit ``tradingsymbol`` (a symbol, or a key such as "NFO:NIFTY26DECFUT"), ``tag`` (the prefix of the
        tag; each order gets a unique tag starting with it), ``auction_number``. QSpinBox ``quantity`` (in lots
        for derivatives: ``domain.lots``), ``validity_ttl``, ``disclosed_quantity``, ``iceberg_legs``,
        ``iceberg_quantity`` (read-only: derived), ``market_protection`` (-1 is Auto). QDoubleSpinBox ``price``,
        ``trigger_price`` (0 is empty). QCheckBox ``autoslice``. ``transaction_type`` is a container of two
        checkable QPushButtons, ``buy`` and ``sell`` (``setChecked(True)``). The send button is ``submit``; the
        QLabel ``last_price`` shows the last price as a plain number.

    Keys work inside the ticket while it is shown; F1/F2 and B/S also anywhere in the window given to
    ``install_shortcuts``: F1 or B buy, F2 or S sell (B and S not while typing in a text or number field).
    Ctrl+Enter sends and Esc clears only with the focus in the ticket. A held key never repeats an order.

    A field's problem shows once the user has changed that field or tried to send; the send button's tooltip
    always says why it is disabled.
    """

    submitting = Signal()
    submit_requested = Signal(object)
    quote_wanted = Signal(str)
    margin_wanted = Signal(object)

    def __init__(
        self,
        confirm: Confirm,
        master: Master | None = None,
        *,
        clock: MarketClock | None = None,
        tag_prefix: str = DEFAULT_TAG_PREFIX,
        default_market_protection: Decimal | int = AUTO_MARKET_PROTECTION,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("OrderTicket")
        self._state = TicketState(master)
        self._clock = clock or MarketClock()
        self._tag_prefix = tag_prefix
        self._default_protection = default_market_protection
        self._ready: OrderRequest | None = None  # the order as entered, while it can be sent
        self._rejected_while_closed = False  # the result line is a rejection that came while the market was closed
        self._writing = 0  # inside _write_many: the writer refreshes once at the end
        self.inputs = TicketInputs()
        self.inputs.tag.setPlaceholderText(tag_prefix)
        self.parts = TicketLayout(self, self.inputs)
        self._send = SendFlow(confirm, self.inputs, self.parts, self)
        self._search = InstrumentSearch(self.inputs.tradingsymbol, self)
        self._search.set_master(master)
        self._keys = TicketKeys(self, self)
        self._window_keys = False
        self._rules = form.apply_choice(self.inputs, form.default_choice(self.inputs, Exchange.NSE))
        form.reset_values(self.inputs, None, self._default_protection)
        self._disclosure = Disclosure(self.inputs, self)  # before _connect: it hears of a change before _refresh
        self._market = MarketLink(self._state, self.inputs, self.parts, self._disclosure, self)
        self._connect()
        self._restyle()
        self._refresh()

    def _connect(self) -> None:
        inputs = self.inputs
        for combo in (inputs.exchange, inputs.variety, inputs.product, inputs.order_type, inputs.validity):
            combo.currentIndexChanged.connect(self._on_choice_changed)
        for spin in (inputs.quantity, inputs.validity_ttl, inputs.disclosed_quantity, inputs.iceberg_legs,
                     inputs.market_protection, inputs.price, inputs.trigger_price):  # fmt: skip
            # What it shows, not only valueChanged: an emptied or half-typed field changes the order too.
            connect_shown_text(spin, self._on_value_changed)
        for line in (inputs.tag, inputs.auction_number):
            line.textChanged.connect(self._on_value_changed)
        inputs.autoslice.toggled.connect(self._on_value_changed)
        inputs.tradingsymbol.textChanged.connect(self._on_tradingsymbol_text_changed)
        inputs.tradingsymbol.editingFinished.connect(self._on_value_changed)  # a symbol's problem shows on leaving
        inputs.side.group.buttonToggled.connect(self._on_side_button_toggled)
        self._search.instrument_picked.connect(self._on_search_instrument_picked)
        self.parts.quote_panel.price_picked.connect(self._on_quote_panel_price_picked)
        self.parts.submit.clicked.connect(self._on_submit_clicked)
        self._send.submitted.connect(self.submit_requested)
        self._keys.triggered.connect(self._on_keys_triggered)
        self._market.margin_wanted.connect(self.margin_wanted)
        self._market.quote_wanted.connect(self.quote_wanted)

    # -- what the app and tests call ----------------------------------------------------------------------------

    def set_master_pending(self, text: str) -> None:
        """Why there is no instrument list yet, shown for the symbol until one is set ("log in to load it")."""
        self._state.master_pending = text
        self._refresh()

    def set_master(self, master: Master | None) -> None:
        """Use this instrument master (it may come after the window, once the day's dump is loaded)."""
        self._state.master = master
        self._search.set_master(master)
        self._market.resolve()
        self._refresh()

    def set_instrument(self, exchange: Exchange | str, tradingsymbol: str) -> None:
        """Show this instrument (ignored while an order is being sent: the inputs show what was sent)."""
        if self._send.locked:
            return
        combo = self.inputs.exchange
        with self._write_many():
            combo.setCurrentIndex(combo.findData(Exchange(exchange)))
            self.inputs.tradingsymbol.setText(tradingsymbol)
        self._disclosure.start_afresh(Field.EXCHANGE, Field.TRADINGSYMBOL)
        self._refresh()

    def instrument(self) -> Instrument | None:
        return self._state.instrument

    def last_quote(self) -> Quote | None:
        """The newest quote of the ticket's instrument (None until one came): for precautions about the price."""
        return self._state.quote

    def current_request(self) -> OrderRequest | None:
        """The order as entered, or None while a required input is empty or cannot be read; it may still have
        problems."""
        draft = self._draft()
        return None if draft.unreadable or form.missing_fields(draft.request) else draft.request

    def draft(self) -> Draft:
        """The order on the screen: what the header shows, the confirmation states and the send button sends."""
        return self._draft()

    def problems(self) -> tuple[Problem, ...]:
        return self._problems(self._draft())

    def prefill(self, request: OrderRequest) -> None:
        """Fill the ticket from an order (repeat from the book, exit or add from positions). The order's tag is
        not copied: every order gets a fresh tag when it is sent."""
        if self._send.locked:
            return
        self.parts.result.new_order()
        with self._write_many():
            self.set_instrument(request.exchange, request.tradingsymbol)
            choice = Choice(request.variety, request.exchange, request.product, request.order_type, request.validity)
            self._rules = form.apply_choice(self.inputs, choice)
            form.write_request(self.inputs, request, self._state.instrument)
        self._state.keep_price()
        self._disclosure.start_afresh()
        self._refresh()
        note = lots.part_lot_note(request.quantity, self._state.instrument)
        if note:
            self.parts.result.note(note)

    def set_defaults(self, *, tag_prefix: str, market_protection: int) -> None:
        """The user's Settings for new tickets: the tag prefix, and the market protection a fresh ticket starts at."""
        self._tag_prefix = tag_prefix
        self.inputs.tag.setPlaceholderText(tag_prefix)
        self._default_protection = market_protection

    def clear(self) -> None:
        """Back to a fresh order for the same instrument and side (Esc); forgets an order of unknown outcome."""
        if self._send.locked:
            return
        self._send.override()
        with self._write_many():
            exchange = form.current_choice(self.inputs).exchange
            self._rules = form.apply_choice(self.inputs, form.default_choice(self.inputs, exchange))
            form.reset_values(self.inputs, self._state.instrument, self._default_protection)
        self._state.forget_price()
        self._seed_price()
        self._disclosure.start_afresh()
        self._refresh()

    def open_side(self, side: TransactionType) -> None:
        """Show the ticket for a BUY or a SELL with the focus on the quantity (F1/B, F2/S)."""
        if self._send.locked:
            return
        self.parts.result.new_order()
        if side in self._rules.transaction_types:
            self.inputs.side.set_side(side)
        self.show()
        self.window().raise_()
        self.inputs.quantity.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.inputs.quantity.selectAll()

    def clock_changed(self) -> None:
        """The market clock's mode changed (the paper market opened or closed): say again what it allows now."""
        derived.show_session_hint(self.inputs, self.parts, self._clock)
        self._forget_closed_market_rejection()

    def install_shortcuts(self, window: QWidget) -> None:
        """Make the ticket's keys work anywhere in `window`, even while the ticket is hidden (F1 shows it)."""
        self._keys.set_scope(window)
        self._window_keys = True
        self._keys.set_active(True)

    def submit(self) -> bool:
        """Validate, confirm and send: True when ``submit_requested`` was emitted. Does nothing while locked; an
        order that cannot go shows every problem, or why it is held back.

        A press on a ticket that was holding the order back never sends it, even when what it was waiting for (the
        earlier order's outcome) came in the same turn and is settled now: the user has not seen that answer, and
        a retry of a lost order that was placed after all is the duplicate the hold is there to stop. The ticket
        shows the answer, and the next press sends."""
        held_when_pressed = bool(self.held_reason())
        self.submitting.emit()  # settles what the book already shows: the answer may be in it
        if self._send.locked:
            return False
        draft = self._draft()
        if draft.unreadable or form.missing_fields(draft.request) or self._problems(draft):
            self._disclosure.reveal_all()
            self._refresh()
            return False
        if self._send.held(draft.request):
            return False
        if held_when_pressed:
            self._refresh()
            return False
        sent = self._send.send(draft, self._tag_prefix)
        if sent:
            self._state.remember_quantity(draft.request)
        return sent

    def held_reason(self) -> str:
        """Why the order as entered is held back now ("" when it is not): an order for its instrument and side is of
        unknown outcome."""
        return self._send.held(self._draft().request)

    def basket_request(self) -> OrderRequest | None:
        """The order as entered, checked as ``submit`` checks it, for a basket: None, with every problem shown, when
        it could not be sent. Nothing is sent; the ticket keeps what it shows."""
        draft = self._draft()
        if draft.unreadable or form.missing_fields(draft.request) or self._problems(draft):
            self._disclosure.reveal_all()
            self._refresh()
            return None
        return draft.request

    @Slot(bool)
    def set_busy(self, busy: bool) -> None:
        """Lock the inputs and the send button while an order is on its way."""
        self._send.set_busy(busy)

    def is_busy(self) -> bool:
        return self._send.busy

    @property
    def keys(self) -> TicketKeys:
        """The ticket's key reader, whose ``triggered`` tells which key acted: for tests."""
        return self._keys

    @Slot(str)
    def show_placed(self, order_id: str) -> None:
        self._send.placed(order_id)
        self._refresh()  # an order held back by this one may go now

    @Slot(str)
    def show_rejected(self, message: str) -> None:
        self._send.rejected(message)
        self._rejected_while_closed = self._market_closed()
        self._refresh()

    def show_order_fate(self, fate: Fate) -> None:
        """What became of the order last placed, as the order book learns it: complete, cancelled (IOC), or
        rejected after Kite took it (RMS: funds, holdings). Only the result line changes: a newer order on its way
        keeps the ticket locked."""
        self.parts.result.fate(fate)
        if not fate.good:
            self._rejected_while_closed = self._market_closed()

    @Slot(str)
    def show_outcome_unknown(self, message: str) -> None:
        """The order may or may not be with Kite: say which tag to look for in the order book. No order for the
        same instrument and side is sent until ``show_placed``/``show_rejected``/``release_hold`` tells what became
        of it, or the user clears the ticket (Esc)."""
        self._send.unknown(message)
        self._refresh()

    @Slot(str, str)
    def release_hold(self, tag: str, _order_id: str = "") -> None:
        """The placement tagged `tag` is settled (placed or not): orders like it may go again. For an older order
        whose answer comes after a newer one was sent (``PlacementController.outcome_resolved`` carries both)."""
        self._send.release(tag)
        self._refresh()

    @Slot(object)
    def set_quote(self, quote: Quote) -> None:
        """Show a quote of the ticket's instrument; a late quote of a previous instrument is ignored."""
        if self._market.accept_quote(quote):
            self._seed_price()
            self._refresh()

    @Slot(object)
    def set_margin(self, preview: MarginPreview | MarginEstimate) -> None:
        """Required margin (for the order as Kite will hold it: ``margin_preview.margin_query``), beside the funds
        available and any shortfall."""
        self._market.keep_margin(preview if isinstance(preview, MarginPreview) else MarginPreview(preview))

    @Slot(str)
    def set_margin_failed(self, message: str) -> None:
        self.parts.margin_panel.set_failed(message)

    # -- Qt overrides -------------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        self._keys.set_active(True)
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        if not self._window_keys:
            self._keys.set_active(False)
        super().hideEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        # Not QWidget's, which repaints the whole widget for a focus frame: the ticket draws none, and it holds the
        # focus while each order is on its way (sending.py), so every order sent repainted all of it twice, a few
        # milliseconds each on the GUI thread, in the turns the answer and the book's new row are shown. Should the
        # style sheet (style.py) ever style the ticket's :focus, these must call QWidget's again.
        event.accept()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        event.accept()  # as focusInEvent

    # -- slots --------------------------------------------------------------------------------------------------

    @Slot()
    def _on_choice_changed(self) -> None:
        self._rules = form.apply_choice(self.inputs, form.current_choice(self.inputs))
        self._market.resolve()  # cheap, and a no-op unless the exchange changed
        self._refresh()

    @Slot()
    def _on_value_changed(self) -> None:
        self._refresh()

    @Slot(str)
    def _on_tradingsymbol_text_changed(self, _text: str) -> None:
        self._market.resolve()
        self._refresh()

    @Slot(QAbstractButton, bool)
    def _on_side_button_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:
            self._restyle()
            self._refresh()

    @Slot(str, str)
    def _on_search_instrument_picked(self, exchange: str, tradingsymbol: str) -> None:
        self.set_instrument(exchange, tradingsymbol)

    @Slot(object)
    def _on_quote_panel_price_picked(self, price: Decimal) -> None:
        if not self._send.locked:  # the panel is outside the disabled form: the inputs show what was sent
            self._market.pick_price(price, self._rules)

    @Slot()
    def _on_submit_clicked(self) -> None:
        self.submit()

    @Slot(object)
    def _on_keys_triggered(self, action: KeyAction) -> None:
        if action is KeyAction.BUY:
            self.open_side(TransactionType.BUY)
        elif action is KeyAction.SELL:
            self.open_side(TransactionType.SELL)
        elif action is KeyAction.SUBMIT:
            self.submit()
        else:
            self.clear()

    # -- internals ----------------------------------------------------------------------------------------------

    def _seed_price(self) -> None:
        if not self._send.busy:  # the inputs of an order on its way show what was sent
            self._market.seed_price()

    def _draft(self) -> Draft:
        exchange = form.current_choice(self.inputs).exchange
        symbol = self._state.symbol(exchange, self.inputs.tradingsymbol.text())
        request, unreadable = form.read_draft(self.inputs, symbol, self._state.instrument)
        quote = self._state.quote
        margin = self._market.margin_for(request)
        return Draft(request, self._state.instrument, quote.last_price if quote else None, unreadable, margin, quote)

    def _problems(self, draft: Draft) -> tuple[Problem, ...]:
        """The fields that cannot be read first (their message is the one shown), then the order's problems."""
        unread = {problem.field for problem in draft.unreadable}
        return draft.unreadable + tuple(p for p in self._state.problems(draft.request) if p.field not in unread)

    def _market_closed(self) -> bool:
        choice = form.current_choice(self.inputs)
        return self._clock.placement_problem(choice.variety, choice.exchange) is not None

    def _forget_closed_market_rejection(self) -> None:
        """A rejection that came while the market was closed ("market closed") is stale once it opens."""
        if self._rejected_while_closed and not self._market_closed():
            self._rejected_while_closed = False
            self.parts.result.new_order()

    @contextmanager
    def _write_many(self) -> Iterator[None]:
        """The ticket writes several inputs itself (a prefill, Esc, a new instrument): the fields start afresh, and
        the refresh each change would run waits for the one the writer runs when done. A prefill refreshed seven
        times: seven validations, header and margin updates, on the GUI thread in the turn the order is sent."""
        self._writing += 1
        try:
            with self._disclosure.writing():
                yield
        except BaseException:
            self._writing -= 1
            if not self._writing:  # the writer will not get to its refresh: the ticket must not show the old order
                self._refresh()
            raise
        self._writing -= 1

    def _restyle(self) -> None:
        self.setStyleSheet(ticket_style(self.inputs.side.side()))

    def _refresh(self) -> None:
        """After any change: derived values, problems beside their fields, the send button, the margin."""
        if self._writing:
            return  # the writer refreshes when done (_write_many)
        derived.show_derived(self.inputs, self._rules, self._state.instrument)
        derived.show_session_hint(self.inputs, self.parts, self._clock)
        self._forget_closed_market_rejection()
        draft = self._draft()
        describe_header(self.parts, draft, self._state.quote)
        problems = self._problems(draft)
        self._ready = None if problems or form.missing_fields(draft.request) else draft.request
        held = self._send.held(self._ready) if self._ready else ""
        feedback.show_verdict(
            self.inputs.problems, self.parts.summary, self.parts.submit,
            problems=problems, shown=self._disclosure.shown(problems), held=held,
        )  # fmt: skip
        self._send.update_button(self._ready is not None and not held)
        self._market.ask_margin(self._ready)
