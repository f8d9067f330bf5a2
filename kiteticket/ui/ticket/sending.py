"""The ticket's send flow: confirm, lock, send once, and show what became of the order.

While an order is being confirmed or is on its way the ticket is locked: nothing may rewrite its inputs (a depth
click, a prefill, a new instrument, the user), so they keep showing what was sent. From the send on, the side
buttons are disabled, the form's inputs take no mouse and cannot get the focus, and their open popups close; an
answer slower than ``GREY_AFTER_MS`` also greys the form out. Most answers come sooner: greying and restoring the
whole form for them was two full repaints of the ticket a placement (about 10 ms of the GUI thread) and a grey
flash. After an unknown outcome, orders for the same instrument and side are held back (see
``submission.SendLock``).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from kiteticket.domain.draft import Draft
from kiteticket.domain.order import OrderRequest
from kiteticket.ui.ticket.inputs import TicketInputs
from kiteticket.ui.ticket.layout import TicketLayout
from kiteticket.ui.ticket.submission import Confirm, SendLock

GREY_AFTER_MS = 150


class SendFlow(QObject):
    """The send lock, the send button and the result line of one ticket.

    Signals:
        submitted(Submission): the user confirmed this order, whose request carries a fresh unique tag.
    """

    submitted = Signal(object)

    def __init__(self, confirm: Confirm, inputs: TicketInputs, parts: TicketLayout, ticket: QWidget) -> None:
        super().__init__(ticket)
        self._lock = SendLock(confirm)
        self._inputs = inputs
        self._parts = parts
        self._ticket = ticket
        self._sendable = False
        self._focus_before: QWidget | None = None  # the field the user was in when the form locked
        self._grey = QTimer(self)
        self._grey.setSingleShot(True)
        self._grey.setInterval(GREY_AFTER_MS)
        self._grey.timeout.connect(self._on_grey_timeout)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._on_app_focus_changed)

    @property
    def locked(self) -> bool:
        """Being confirmed or on its way: nothing may change the ticket."""
        return self._lock.locked

    @property
    def busy(self) -> bool:
        return self._lock.busy

    def held(self, request: OrderRequest) -> str:
        """Why `request` may not be sent while another order's outcome is unknown ("" when it may)."""
        return self._lock.held(request)

    def send(self, draft: Draft, tag_prefix: str) -> bool:
        """Ask for confirmation and emit ``submitted`` once; True when it was sent."""
        sent = self._lock.confirm(draft, tag_prefix)
        if sent is None:
            return False
        self.set_busy(True)
        self._parts.result.sending(self._lock.sent_tag)
        self.submitted.emit(sent)
        return True

    def set_busy(self, busy: bool) -> None:
        if busy:
            self._hold_focus()
        self._lock.busy = busy
        # The side at once: two buttons repaint cheaply, and the keyboard (Tab, Space) could flip them otherwise.
        self._inputs.side.setEnabled(not busy)
        # A widget that lets the mouse through takes its children with it: clicks and the wheel reach the ticket.
        self._parts.form.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, busy)
        if busy:
            self._close_popups()
            self._grey.start()
        else:
            self._grey.stop()
            self._parts.form.setEnabled(True)
        self.update_button()
        if not busy:
            self._give_focus_back()

    def _close_popups(self) -> None:
        """An open popup takes keys for its field without the focus (a completer hands them to the symbol field):
        only a disabled field refused them."""
        completer = self._inputs.tradingsymbol.completer()
        popup = completer.popup() if completer is not None else None
        if popup is not None and popup.isVisible():
            popup.hide()
        for widget in self._inputs.widgets.values():
            if isinstance(widget, QComboBox):
                widget.hidePopup()

    @Slot()
    def _on_grey_timeout(self) -> None:
        if self._lock.busy:
            self._parts.form.setEnabled(False)

    @Slot(QWidget, QWidget)
    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Tab from elsewhere, or a shortcut, must not put the focus in an input of an order on its way: the ticket
        keeps it (Esc and Ctrl+Enter still reach the ticket's keys there)."""
        if self._lock.busy and new is not None and self._parts.form.isAncestorOf(new):
            self._ticket.setFocus(Qt.FocusReason.OtherFocusReason)

    def _hold_focus(self) -> None:
        """While the form is locked the ticket itself holds the focus that was in one of its fields. A disabled field
        loses the focus to nobody, and keys then went to the window, outside the ticket: a second Ctrl+Enter never
        reached the ticket's busy check, and Esc could not drop the hold on an unknown outcome until the user
        clicked back into the ticket."""
        focus = QApplication.focusWidget()
        if focus is not None and focus is not self._ticket and self._ticket.isAncestorOf(focus):
            self._focus_before = focus
            self._ticket.setFocus(Qt.FocusReason.OtherFocusReason)

    def _give_focus_back(self) -> None:
        """Unlocked: the field the user was in gets the focus back, unless they went elsewhere meanwhile."""
        field, self._focus_before = self._focus_before, None
        if field is not None and QApplication.focusWidget() is self._ticket and field.isEnabled():
            field.setFocus(Qt.FocusReason.OtherFocusReason)

    def update_button(self, sendable: bool | None = None) -> None:
        """The send button: enabled for a valid order that is not held back, "Placing…" while one is on its way."""
        if sendable is not None:
            self._sendable = sendable
        submit = self._parts.submit
        submit.setEnabled(not self._lock.busy and self._sendable)
        submit.setText("Placing…" if self._lock.busy else self._inputs.side.side().value)

    def placed(self, order_id: str) -> None:
        self._lock.outcome_known()
        self._parts.result.placed(order_id)
        self.set_busy(False)

    def rejected(self, message: str) -> None:
        self._lock.outcome_known()
        self._parts.result.rejected(message)
        self.set_busy(False)

    def unknown(self, message: str) -> None:
        self._lock.outcome_unknown()
        self._parts.result.unknown(message, self._lock.sent_tag)
        self.set_busy(False)

    def release(self, tag: str) -> None:
        self._lock.release(tag)

    def override(self) -> None:
        """Esc: forget every order of unknown outcome, and the result line with them."""
        self._lock.forget_unknown()
        self._parts.result.clear()
