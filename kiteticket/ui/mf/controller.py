"""Mutual funds: the window's requests sent through the broker off the GUI thread (writes one at a time, in order),
its tables refreshed after each write, and every outcome said in the form's result line.

An order or SIP whose reply was lost (the connection broke after it was sent) may or may not exist at Kite: it is
never sent again, but looked up by the tag it was sent with, and the user told which it is.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QWidget

from kiteticket.domain.errors import BrokerError
from kiteticket.domain.mf_rules import MfOrderRequest, MfSipChange, MfSipRequest
from kiteticket.domain.money import format_inr
from kiteticket.domain.mutual_funds import MfHolding, MfOrder, MfScheme, MfSip
from kiteticket.preferences import Preferences
from kiteticket.ui.broker_port import BrokerPort
from kiteticket.ui.confirm import Confirmation
from kiteticket.ui.messages import MessageCenter, error_text
from kiteticket.ui.mf.window import MfWindow
from kiteticket.ui.tasks import TaskRunner


class MfController(QObject):
    """Signals: none of its own. ``window`` exists once ``open()`` has been called."""

    def __init__(
        self,
        owner: QWidget,
        broker: BrokerPort,
        tasks: TaskRunner,
        messages: MessageCenter,
        *,
        preferences: Callable[[], Preferences],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._owner = owner
        self._broker = broker
        self._tasks = tasks
        self._messages = messages
        self._preferences = preferences
        self.window: MfWindow | None = None
        self._holdings: tuple[MfHolding, ...] = ()
        self._orders: tuple[MfOrder, ...] = ()

    @Slot()
    def open(self) -> None:
        """Show the window (made on first use) and bring what it shows up to date."""
        if self.window is None:
            self.window = MfWindow(self._owner)
            self.window.form.order_requested.connect(self._on_form_order_requested)
            self.window.form.sip_requested.connect(self._on_form_sip_requested)
            self.window.cancel_order_requested.connect(self._on_window_cancel_order_requested)
            self.window.cancel_sip_requested.connect(self._on_window_cancel_sip_requested)
            self.window.sip_change_requested.connect(self._on_window_sip_change_requested)
            self.window.refresh_requested.connect(self.refresh)
            self._tasks.read(self._broker.mf_schemes, self._on_schemes_loaded, self._on_read_failed)
        self.window.show()
        self.window.raise_()
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        self._tasks.read(self._broker.mf_orders, self._on_orders_loaded, self._on_read_failed)
        self._tasks.read(self._broker.mf_sips, self._on_sips_loaded, self._on_read_failed)
        self._tasks.read(self._broker.mf_holdings, self._on_holdings_loaded, self._on_read_failed)

    # -- reads ----------------------------------------------------------------------------------------------------
    def _on_schemes_loaded(self, schemes: tuple[MfScheme, ...]) -> None:
        if self.window is not None:
            self.window.set_schemes(schemes)

    def _on_orders_loaded(self, orders: tuple[MfOrder, ...]) -> None:
        self._orders = orders
        if self.window is not None:
            self.window.orders.apply(orders)
            self.window.form.set_account(self._holdings, self._orders)

    def _on_sips_loaded(self, sips: tuple[MfSip, ...]) -> None:
        if self.window is not None:
            self.window.sips.apply(sips)

    def _on_holdings_loaded(self, holdings: tuple[MfHolding, ...]) -> None:
        self._holdings = holdings
        if self.window is not None:
            self.window.holdings.apply(holdings)
            self.window.form.set_account(self._holdings, self._orders)

    def _on_read_failed(self, error: BaseException) -> None:
        self._messages.broker_error(error, "Mutual funds not loaded")

    # -- writes ---------------------------------------------------------------------------------------------------
    @Slot(object)
    def _on_form_order_requested(self, request: MfOrderRequest) -> None:
        what = _describe_order(request, self._fund(request.tradingsymbol))
        if not self._confirmed("confirm_place", "Place fund order?", f"{what}?"):
            self._say("Not sent.", ok=True)
            return
        done = partial(self._on_placed, f"Order placed: {what}.")
        failed = partial(self._on_write_failed, what, partial(self._find_order, request.tag or ""))
        self._tasks.write(partial(self._broker.place_mf_order, request), done, failed)

    @Slot(object)
    def _on_form_sip_requested(self, request: MfSipRequest) -> None:
        what = _describe_sip(request, self._fund(request.tradingsymbol))
        if not self._confirmed("confirm_place", "Start SIP?", f"{what}?"):
            self._say("Not sent.", ok=True)
            return
        done = partial(self._on_placed, f"SIP started: {what}.")
        failed = partial(self._on_write_failed, what, partial(self._find_sip, request.tag or ""))
        self._tasks.write(partial(self._broker.place_mf_sip, request), done, failed)

    @Slot(str)
    def _on_window_cancel_order_requested(self, order_id: str) -> None:
        text = "Cancel this fund order? A purchase's amount is freed."
        if self._confirmed("confirm_cancel", "Cancel fund order?", text):
            self._write(partial(self._broker.cancel_mf_order, order_id), "Order cancelled.", "Cancelling the order")

    @Slot(str)
    def _on_window_cancel_sip_requested(self, sip_id: str) -> None:
        if self._confirmed("confirm_cancel", "Cancel SIP?", "Cancel this SIP? No further instalments are made."):
            self._write(partial(self._broker.cancel_mf_sip, sip_id), "SIP cancelled.", "Cancelling the SIP")

    @Slot(object)
    def _on_window_sip_change_requested(self, change: MfSipChange) -> None:
        what = f"{format_inr(change.amount)} {change.frequency.value}, {change.status.value.lower()}"
        if self._confirmed("confirm_modify", "Modify SIP?", f"Change the SIP to {what}?"):
            self._write(partial(self._broker.modify_mf_sip, change), f"SIP changed: {what}.", "Changing the SIP")

    def _write(self, op: Callable[[], str], success: str, doing: str) -> None:
        self._tasks.write(op, partial(self._on_written, success), partial(self._on_write_failed, doing, None))

    def _on_placed(self, text: str, result: str) -> None:
        if self.window is not None:
            self.window.form.clear_inputs()
        self._on_written(text, result)

    def _on_written(self, text: str, _result: str) -> None:
        self._say(text, ok=True)
        self._messages.status(text)
        self.refresh()

    def _on_write_failed(self, what: str, look_up: Callable[[], None] | None, error: BaseException) -> None:
        if isinstance(error, BrokerError) and error.outcome_unknown and look_up is not None:
            self._say(f"No reply from Kite for: {what}. Looking it up…", ok=False)
            look_up()
            return
        self._say(f"{what}: {error_text(error)}", ok=False)
        self.refresh()

    # -- an answer lost: found by tag, never sent twice -----------------------------------------------------------
    def _find_order(self, tag: str) -> None:
        self._tasks.read(self._broker.mf_orders, partial(self._on_lookup, "order", tag), self._on_lookup_failed)

    def _find_sip(self, tag: str) -> None:
        self._tasks.read(self._broker.mf_sips, partial(self._on_lookup, "SIP", tag), self._on_lookup_failed)

    def _on_lookup(self, kind: str, tag: str, rows: tuple[MfOrder, ...] | tuple[MfSip, ...]) -> None:
        found = any(row.tag == tag for row in rows)
        if found:
            self._say(f"The {kind} reached Kite although its reply was lost (tag {tag}).", ok=True)
        else:
            self._say(f"The {kind} did not reach Kite (tag {tag}): nothing was placed. Send it again if you wish.",
                      ok=False)  # fmt: skip
        self.refresh()

    def _on_lookup_failed(self, error: BaseException) -> None:
        self._say(f"Could not look the order up ({error_text(error)}): check the orders list before sending again.",
                  ok=False)  # fmt: skip

    # -- helpers --------------------------------------------------------------------------------------------------
    def _confirmed(self, setting: str, title: str, text: str) -> bool:
        return not getattr(self._preferences(), setting) or Confirmation.ask(self.window, title, text)

    def _fund(self, tradingsymbol: str) -> str:
        scheme = self.window.form.scheme() if self.window is not None else None
        return scheme.name if scheme is not None and scheme.tradingsymbol == tradingsymbol else tradingsymbol

    def _say(self, text: str, *, ok: bool) -> None:
        if self.window is not None:
            self.window.form.set_result(text, ok=ok)


def _describe_order(request: MfOrderRequest, fund: str) -> str:
    if request.transaction_type == "BUY":
        return f"Buy {format_inr(request.amount or 0)} of {fund}"
    return f"Redeem {request.units or 0:f} units of {fund}"


def _describe_sip(request: MfSipRequest, fund: str) -> str:
    count = "until cancelled" if request.instalments == -1 else f"{request.instalments} instalments"
    day = f" on day {request.instalment_day}" if request.instalment_day else ""
    initial = f", {format_inr(request.initial_amount)} today" if request.initial_amount else ""
    return f"SIP of {format_inr(request.amount)} {request.frequency.value}{day} in {fund}, {count}{initial}"
