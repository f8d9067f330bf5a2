"""GTT: the dialog opened from the ticket, a position or a listed GTT, and the writes (place, modify, delete) sent
one at a time behind the confirmations the user chose in Settings. A write's reply only says Kite took it; the list
(listing.py) is read right after and shows what it did.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import partial

import shiboken6
from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QWidget

from kiteticket.domain.errors import BrokerError
from kiteticket.domain.gtt import GttRequest
from kiteticket.domain.gtt_confirmation import delete_confirmation, modify_confirmation, place_confirmation
from kiteticket.domain.gtt_drafts import from_gtt, from_order, protecting, protecting_holding
from kiteticket.domain.gtt_row import GttRow
from kiteticket.domain.gtt_rules import GttDraft
from kiteticket.domain.holding import Holding
from kiteticket.domain.instruments import Instrument, InstrumentMaster
from kiteticket.domain.portfolio_rows import Position
from kiteticket.domain.position_actions import position_actions
from kiteticket.domain.prices import as_decimal
from kiteticket.domain.quote import Quote
from kiteticket.preferences import Preferences
from kiteticket.ui.broker_port import BrokerPort
from kiteticket.ui.confirm import Confirmation
from kiteticket.ui.gtt.dialog import GttDialog
from kiteticket.ui.gtt.links import bring_forward
from kiteticket.ui.gtt.listing import GttListing
from kiteticket.ui.gtt.tab import GttTab
from kiteticket.ui.messages import MessageCenter
from kiteticket.ui.tasks import TaskRunner
from kiteticket.ui.ticket import OrderTicket

OUTCOME_UNKNOWN = (
    "Kite's answer was lost, so it may or may not have been done: the GTT tab, read again now, shows which. "
    "Check it before sending again."
)
DEFAULT_TICK = Decimal("0.05")
PICK_INSTRUMENT = "Pick an instrument in the ticket first; the GTT takes its side, quantity and price."


class GttController(QObject):
    """Turns the GTT tab's requests into dialogs and broker calls; ``listing`` keeps the tab current. Signals: none."""

    def __init__(
        self,
        tab: GttTab,
        broker: BrokerPort,
        tasks: TaskRunner,
        messages: MessageCenter,
        *,
        ticket: OrderTicket,
        preferences: Callable[[], Preferences],
        master: Callable[[], InstrumentMaster | None],
        show_order: Callable[[str], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.tab, self.model = tab, tab.model
        self._broker, self._tasks, self._messages = broker, tasks, messages
        self._ticket, self._preferences, self._master = ticket, preferences, master
        self._show_order = show_order
        self.dialog: GttDialog | None = None
        self._modifying: GttRow | None = None  # the GTT as listed when its modify dialog opened: the "before"
        self.listing = GttListing(tab, broker, tasks, parent=self)
        self.model.set_lot_size_lookup(self._lot_size)
        tab.new_requested.connect(self.new_from_ticket)
        tab.modify_requested.connect(self._on_tab_modify_requested)
        tab.delete_requested.connect(self._on_tab_delete_requested)
        tab.show_order_requested.connect(self._on_tab_show_order_requested)

    # --- the dialog ----------------------------------------------------------------------------------------------
    @Slot()
    def new_from_ticket(self) -> None:
        """A single GTT with the ticket's instrument, side, quantity and price (the user may make it an OCO)."""
        draft = self._ticket.draft()
        if draft.instrument is None:
            self._messages.status(PICK_INSTRUMENT)
            return
        self._open(from_order(draft.request, draft.last_price, draft.instrument))

    @Slot(object)
    def new_for_position(self, position: Position) -> None:
        """An OCO that exits a CNC or NRML position, stop-loss and target suggested 5% either side; where
        ``position_actions`` offers no GTT, its reason in the status bar."""
        draft = protecting(position, self._instrument(position.exchange, position.tradingsymbol))
        if draft is None:
            self._messages.status(f"No GTT for {position.tradingsymbol}: {position_actions(position).gtt.reason}")
            return
        self._open(draft)

    @Slot(object)
    def new_for_holding(self, holding: Holding) -> None:
        """An OCO that sells what of the holding is sellable, stop-loss and target suggested 5% either side."""
        draft = protecting_holding(holding, self._instrument(holding.exchange, holding.tradingsymbol))
        if draft is None:
            self._messages.status(f"No GTT for {holding.tradingsymbol}: none of it is left to sell.")
            return
        self._open(draft)

    @Slot(object)
    def _on_tab_modify_requested(self, row: GttRow) -> None:
        instrument = self._instrument(row.exchange, row.tradingsymbol)
        draft = from_gtt(row, self.model.last_price(row.instrument_key), instrument)
        if draft is None:
            self._messages.error(
                "Cannot modify",
                f"GTT {row.trigger_id} is not one kiteticket can edit (its two legs differ in side, quantity or "
                "product, or its type is unknown): change it on Kite web, or delete it and make a new one.",
            )
            return
        if self._open(draft, row.trigger_id):
            self._modifying = row

    def _open(self, draft: GttDraft, trigger_id: str = "") -> bool:
        """Open the dialog on ``draft``; False when another one is still open (it is brought forward instead)."""
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.raise_()
            self._messages.status("Finish or cancel the open GTT first.")
            return False
        self._modifying = None
        key = f"{draft.exchange}:{draft.tradingsymbol}"
        dialog = GttDialog(
            draft, trigger_id=trigger_id, confirm=self._confirm_send,
            fresh_price=partial(self._read_last_price, key), parent=self.tab.window(),
        )  # fmt: skip
        dialog.accepted.connect(self._on_dialog_accepted)
        dialog.finished.connect(self._on_dialog_finished)
        self.dialog = dialog
        dialog.open()
        # A fresh last price for the distance and side checks (and again on Send).
        self._tasks.read(partial(self._broker.quotes, [key]), partial(self._on_dialog_quote, dialog, key), _ignored)
        return True

    def _read_last_price(self, key: str, answer: Callable[[Decimal | None], None]) -> None:
        """The dialog's fresh price on Send: ``answer`` gets the last price, or None when it could not be read."""
        self._tasks.read(
            partial(self._broker.quotes, [key]),
            partial(_last_price_of, key, answer),
            partial(_no_last_price, answer),
        )

    def _on_dialog_quote(self, dialog: GttDialog, key: str, quotes: Mapping[str, Quote]) -> None:
        quote = quotes.get(key)
        if quote is not None and shiboken6.isValid(dialog) and dialog.isVisible():
            dialog.set_last_price(quote.last_price, _spread(quote))

    def _confirm_send(self, request: GttRequest, dialog: QWidget) -> bool:
        modifying = isinstance(dialog, GttDialog) and bool(dialog.trigger_id)
        preference = "confirm_modify" if modifying else "confirm_place"
        if not getattr(self._preferences(), preference):
            return True
        instrument = self._instrument(request.exchange, request.tradingsymbol)
        tick = _tick_of(instrument)
        before = self._modifying
        if modifying and before is not None and before.trigger_id == getattr(dialog, "trigger_id", ""):
            text = modify_confirmation(before, request, tick=tick, instrument=instrument)
        else:
            text = place_confirmation(request, tick=tick, instrument=instrument)
        return Confirmation.ask(dialog, "Modify GTT?" if modifying else "Place GTT?", f"{text}\n\nSend it to Kite?")

    @Slot()
    def _on_dialog_accepted(self) -> None:
        dialog = self.sender()
        request = dialog.request() if isinstance(dialog, GttDialog) else None
        if request is None or not isinstance(dialog, GttDialog):
            return
        trigger_id = dialog.trigger_id
        if trigger_id:
            op: Callable[[], str] = partial(self._broker.modify_gtt, trigger_id, request)
            done, doing = "Modification of GTT {} sent.", f"Modify GTT {trigger_id}"
        else:
            op, done, doing = partial(self._broker.place_gtt, request), "GTT {} placed.", "Place GTT"
        self._tasks.write(op, partial(self._on_write_done, done), partial(self._on_write_failed, doing))

    @Slot(int)
    def _on_dialog_finished(self, _result: int) -> None:
        if self.sender() is self.dialog:
            self.dialog, self._modifying = None, None

    # --- delete and the placed order ---------------------------------------------------------------------------
    @Slot(object)
    def _on_tab_delete_requested(self, row: GttRow) -> None:
        instrument = self._instrument(row.exchange, row.tradingsymbol)
        text = delete_confirmation(row, tick=_tick_of(instrument), instrument=instrument)
        if self._preferences().confirm_cancel and not Confirmation.ask(self.tab.window(), "Delete GTT?", text):
            return
        self._tasks.write(
            partial(self._broker.delete_gtt, row.trigger_id),
            partial(self._on_write_done, "GTT {} deleted."),
            partial(self._on_write_failed, f"Delete GTT {row.trigger_id}"),
        )

    @Slot(str)
    def _on_tab_show_order_requested(self, order_id: str) -> None:
        problem = self._show_order(order_id)
        if problem:
            self._messages.status(problem)

    def _on_write_done(self, text: str, trigger_id: object) -> None:
        self._messages.status(text.format(trigger_id))
        bring_forward(self.tab)  # the GTT just sent, selected once listed, is what the user looks for next
        self.listing.select_when_listed(str(trigger_id))
        self.listing.refresh()

    def _on_write_failed(self, doing: str, error: BaseException) -> None:
        if isinstance(error, BrokerError) and error.outcome_unknown:
            # Kite may have done it: the list read now shows whether it did. Sending again could make a second GTT.
            self._messages.error(doing, f"{error.message} {OUTCOME_UNKNOWN}")
        else:
            self._messages.broker_error(error, doing)
        self.listing.refresh()

    # --- helpers -----------------------------------------------------------------------------------------------
    def _lot_size(self, exchange: str, tradingsymbol: str) -> int:
        instrument = self._instrument(exchange, tradingsymbol)
        return instrument.lot_size if instrument is not None else 0  # 0: not known, quantities read in units

    def _instrument(self, exchange: str, tradingsymbol: str) -> Instrument | None:
        master = self._master()
        return master.get(exchange, tradingsymbol) if master is not None else None


def _tick_of(instrument: Instrument | None) -> Decimal:
    return as_decimal(instrument.tick_size) if instrument is not None else DEFAULT_TICK


def _spread(quote: Quote) -> Decimal | None:
    """Best offer − best bid, when the quote has both (the stop-limit check's leeway)."""
    bid = quote.bids[0].price if quote.bids else Decimal(0)
    ask = quote.asks[0].price if quote.asks else Decimal(0)
    return ask - bid if bid > 0 and ask >= bid else None


def _ignored(_error: BaseException) -> None:
    """A quote for the dialog is a help: without it the dialog keeps the last price it opened with."""


def _last_price_of(key: str, answer: Callable[[Decimal | None], None], quotes: Mapping[str, Quote]) -> None:
    quote = quotes.get(key)
    answer(quote.last_price if quote is not None and quote.last_price else None)


def _no_last_price(answer: Callable[[Decimal | None], None], _error: BaseException) -> None:
    answer(None)
