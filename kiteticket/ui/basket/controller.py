"""Baskets: add the ticket's validated order, edit one back in the ticket, reorder, remove, see the combined margin,
and place them all in order through the bulk runner (guarded ``place``, journal, tags, progress, Stop, results).

Every change is saved at once (a few KB of JSON, on the GUI thread, so saves land in the order the user made them)
and the margin is asked for again off the GUI thread; an answer that arrives after a newer change is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QInputDialog, QWidget

from kiteticket.domain.basket import Basket, Baskets, BasketsLoad, order_line
from kiteticket.domain.basket_checks import check_orders, override_text, placement_plan, tripped
from kiteticket.domain.bulk_run import ItemResult, Outcome
from kiteticket.domain.instruments import Instrument, InstrumentMaster
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.precautions import check
from kiteticket.domain.quote import Quote
from kiteticket.preferences import Preferences
from kiteticket.ui.basket.margin import BasketMarginAsker
from kiteticket.ui.basket.panel import BasketPanel
from kiteticket.ui.broker_port import BrokerPort
from kiteticket.ui.bulk.controller import BulkController
from kiteticket.ui.bulk.runner import BulkRunner
from kiteticket.ui.confirm import Confirmation
from kiteticket.ui.messages import MessageCenter, error_text
from kiteticket.ui.tasks import TaskRunner
from kiteticket.ui.ticket import OrderTicket
from kiteticket.ui.ticket.precaution_dialog import OVERRIDE_TITLE, PrecautionDialog

TICKET_NOT_READY = "The ticket's order has problems (shown beside its fields): fix them, then add it to the basket."
TICKET_BUSY = "The ticket is busy with an order on its way; edit the basket order when it has an answer."
PLACING = "A basket is being placed: change the baskets once it has finished."
MASTER_PENDING = "The instrument list is still loading: place the basket once it is in (its orders are checked)."


class BasketNames:
    """The name of a new or renamed basket. Tests replace ``ask`` instead of typing into a blocking dialog."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str = "") -> str | None:
        name, ok = QInputDialog.getText(parent, title, "Basket name:", text=text)
        return name if ok else None


class BasketController(QObject):
    """Keeps the baskets, the Baskets tab and the disk in step. Signals: none of its own."""

    def __init__(
        self,
        panel: BasketPanel,
        ticket: OrderTicket,
        broker: BrokerPort,
        tasks: TaskRunner,
        messages: MessageCenter,
        *,
        bulk: BulkController,
        loaded: BasketsLoad,
        save: Callable[[Baskets], None],
        master: Callable[[], InstrumentMaster | None],
        preferences: Callable[[], Preferences],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._panel, self._ticket, self._broker, self._tasks = panel, ticket, broker, tasks
        self._messages, self._bulk, self._save = messages, bulk, save
        self._master, self._preferences = master, preferences
        self.baskets = loaded.baskets
        self._editing: tuple[str, int] | None = None  # (basket name, row) being edited in the ticket
        self._margin = BasketMarginAsker(broker, tasks, panel.set_margin, self)
        # The basket being placed (locked from its quotes' read to the run's end), its runner, and for each of the
        # runner's items the basket row it came from: skipped orders make the two numberings differ.
        self._placing: str | None = None
        self._runner: BulkRunner | None = None
        self._rows: tuple[int, ...] = ()
        if loaded.problem:
            messages.error("Baskets not loaded", loaded.problem)
        for signal, slot in (
            (panel.basket_chosen, self._on_panel_basket_chosen),
            (panel.new_requested, self._on_panel_new_requested),
            (panel.rename_requested, self._on_panel_rename_requested),
            (panel.delete_requested, self._on_panel_delete_requested),
            (panel.add_requested, self.add_from_ticket),
            (panel.edit_requested, self._on_panel_edit_requested),
            (panel.remove_requested, self._on_panel_remove_requested),
            (panel.move_requested, self._on_panel_move_requested),
            (panel.place_requested, self._on_panel_place_requested),
        ):
            signal.connect(slot)
        self._show()

    # --- building -----------------------------------------------------------------------------------------------
    @Slot()
    def add_from_ticket(self) -> None:
        """The ticket's order, checked as a send would check it, at the end of the shown basket (or back in place of
        the order being edited)."""
        if self._locked():
            return
        request = self._ticket.basket_request()
        if request is None:
            self._messages.status(TICKET_NOT_READY)
            return
        if not self._precautions_allow(request):
            return
        basket = self.baskets.shown
        try:
            if self._editing is not None and self._editing[0] == basket.name and self._editing[1] < len(basket.orders):
                row = self._editing[1]
                changed = basket.put(row, request)
            else:
                row, changed = len(basket.orders), basket.add(request)
        except ValueError as error:
            self._messages.error("Not added", str(error))
            return
        self._set_editing(None)
        self._change(self.baskets.with_shown(changed), row)
        self._messages.status(f"Order #{row + 1} of {basket.name}: {request.transaction_type} {request.tradingsymbol}.")

    def _precautions_allow(self, request: OrderRequest) -> bool:
        """The user's precautions (Settings ▸ Precautions) are asked about when an order goes into a basket, as the
        ticket asks before sending: Place all then sends what was agreed to here."""
        market = self._ticket.last_quote()
        found = check(request, self._ticket.instrument(), market, self._preferences().precaution_limits())
        return not found or PrecautionDialog.ask(self._panel.window(), found, order_line(request))

    @Slot(int)
    def _on_panel_edit_requested(self, row: int) -> None:
        if self._locked():
            return
        if self._ticket.is_busy():
            self._messages.status(TICKET_BUSY)
            return
        self._ticket.prefill(self.baskets.shown.orders[row])
        self._set_editing(row)
        self._messages.status(
            f"Editing order #{row + 1} in the ticket; “{self._panel.buttons['add'].text()}” saves it."
        )

    @Slot(int)
    def _on_panel_remove_requested(self, row: int) -> None:
        if self._locked():
            return
        if self._editing is not None and self._editing[1] >= row:
            self._set_editing(None)  # its row number no longer points at it
        left = len(self.baskets.shown.orders) - 1
        self._change(self.baskets.with_shown(self.baskets.shown.remove(row)), min(row, left - 1) if left else None)

    @Slot(int, int)
    def _on_panel_move_requested(self, row: int, offset: int) -> None:
        if self._locked():
            return
        self._set_editing(None)
        moved, target = self.baskets.shown.move(row, offset)
        self._change(self.baskets.with_shown(moved), target)

    # --- choosing, naming ---------------------------------------------------------------------------------------
    @Slot(int)
    def _on_panel_basket_chosen(self, index: int) -> None:
        self._set_editing(None)
        self._change(self.baskets.select(index))

    @Slot()
    def _on_panel_new_requested(self) -> None:
        if self._locked():
            return
        name = BasketNames.ask(self._panel.window(), "New basket")
        if name is not None:
            self._try(lambda: self.baskets.create(name))

    @Slot()
    def _on_panel_rename_requested(self) -> None:
        if self._locked():
            return
        name = BasketNames.ask(self._panel.window(), "Rename basket", self.baskets.shown.name)
        if name is not None:
            self._try(lambda: self.baskets.rename_shown(name))

    @Slot()
    def _on_panel_delete_requested(self) -> None:
        if self._locked():
            return
        shown = self.baskets.shown
        text = f"Delete the basket {shown.name} and its {len(shown.orders)} order(s)? Nothing is sent or cancelled."
        if not shown.orders or Confirmation.ask(self._panel.window(), "Delete basket?", text):
            self._set_editing(None)
            self._change(self.baskets.delete_shown())

    def _try(self, change: Callable[[], Baskets]) -> None:
        try:
            changed = change()
        except ValueError as error:
            self._messages.error("Baskets", str(error))
            return
        self._set_editing(None)
        self._change(changed)

    # --- placing --------------------------------------------------------------------------------------------------
    @Slot()
    def _on_panel_place_requested(self) -> None:
        """Lock the basket, read its instruments' quotes, then check each order again (``basket_checks``) and place
        what passes through the bulk runner."""
        basket = self.baskets.shown
        if not basket.orders or self._placing is not None or not self._bulk.can_start():
            return
        if self._master() is None:
            self._messages.status(MASTER_PENDING)
            return
        self._placing = basket.name
        self._panel.set_placing(True)
        keys = sorted({order.instrument_key for order in basket.orders})
        self._tasks.read(
            partial(self._broker.quotes, keys),
            partial(self._on_quotes_read, basket),
            partial(self._on_quotes_failed, basket),
        )

    def _on_quotes_read(self, basket: Basket, quotes: object) -> None:
        self._place(basket, quotes if isinstance(quotes, dict) else {})

    def _on_quotes_failed(self, basket: Basket, error: BaseException) -> None:
        # As the ticket before its first quote: quantity and value are checked, "far from the market" cannot be.
        self._messages.status(f"No quotes for the basket ({error_text(error)}): prices not checked against them.")
        self._place(basket, {})

    def _place(self, basket: Basket, quotes: dict[str, Quote]) -> None:
        limits = self._preferences().precaution_limits()
        checks = check_orders(basket.orders, self._instrument, quotes, limits)
        questioned = tripped(checks)
        # The same explicit override as the ticket's precaution question (a box that defaults to No).
        override = bool(questioned) and Confirmation.ask(
            self._panel.window(), OVERRIDE_TITLE, override_text(questioned, order_line)
        )
        placement = placement_plan(f"Place basket {basket.name}", checks, order_line, override=override)
        runner = self._bulk.run_plan(placement.plan)
        if runner is None:
            self._unlock()
            return
        self._runner, self._rows = runner, placement.rows
        for row, reason in placement.skipped_rows:  # said on its row too, not only in the list that was confirmed
            self._panel.model.set_result(row, ItemResult(Outcome.NOT_SENT, reason))
        runner.item_changed.connect(self._on_runner_item_changed)
        runner.finished.connect(self._on_runner_finished)

    def _instrument(self, order: OrderRequest) -> Instrument | None:
        master = self._master()
        return master.get(order.exchange, order.tradingsymbol) if master is not None else None

    @Slot(int)
    def _on_runner_item_changed(self, item: int) -> None:
        if self._runner is None or self._placing != self.baskets.shown.name:
            return  # another basket is shown: its table does not hold these orders
        result: ItemResult = self._runner.run.results[item]
        self._panel.model.set_result(self._rows[item], result)

    @Slot()
    def _on_runner_finished(self) -> None:
        self._unlock()

    def _unlock(self) -> None:
        self._placing, self._runner, self._rows = None, None, ()
        self._panel.set_placing(False)

    def _locked(self) -> bool:
        """While a basket is being placed the baskets do not change: its results are shown on the rows it had."""
        if self._placing is not None:
            self._messages.status(PLACING)
        return self._placing is not None

    # --- margin ---------------------------------------------------------------------------------------------------
    @Slot()
    def refresh_margin(self) -> None:
        """Ask Kite for the shown basket's combined margin (after each change, and after a login)."""
        self._margin.ask(self.baskets.shown.orders)

    # --- keeping the tab and the disk in step ---------------------------------------------------------------------
    def _change(self, baskets: Baskets, select_row: int | None = None) -> None:
        self.baskets = baskets
        try:
            self._save(baskets)
        except OSError as error:
            self._messages.error("Baskets not saved", f"Your baskets could not be saved: {error}")
        self._show(select_row)

    def _show(self, select_row: int | None = None) -> None:
        self._panel.show_baskets(self.baskets, select_row)
        self.refresh_margin()

    def _set_editing(self, row: int | None) -> None:
        self._editing = None if row is None else (self.baskets.shown.name, row)
        self._panel.set_editing(row)

    def editing(self) -> OrderRequest | None:
        """The basket order being edited in the ticket, if any."""
        if self._editing is None or self._editing[0] != self.baskets.shown.name:
            return None
        orders = self.baskets.shown.orders
        return orders[self._editing[1]] if self._editing[1] < len(orders) else None
