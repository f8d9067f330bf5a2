"""The ticket's keys: F1/B buy, F2/S sell, Ctrl+Enter submits, Esc clears; held keys never repeat an order.

F1/F2 act anywhere in the scope, B/S too unless the user is typing in a text or number field of that window.
Ctrl+Enter and Esc act only with the focus inside the ticket itself: Esc in another part of the window (the order
book's filter box) must neither wipe the ticket nor drop its hold on an order whose outcome is unknown.

QShortcut cannot tell the plain letters B and S from typing, and its auto-repeat switch only sees events that come
through the window system. So the keys are read by an event filter on the widget that has the keyboard focus (on
the window itself when no widget has it), moved there at each focus change: a key press from the keyboard goes to the
focus widget first, so the filter sees it before the widget acts on it, and it swallows the auto-repeats of its keys.
A key sent with ``QApplication.sendEvent`` is seen only when sent to the focus widget (tests press keys there).
Not on the application: a filter there is a call into Python, which must take the GIL, for every event of the
application (each widget's paint, every timer); while another thread ran Python, that doubled the time of a
window's repaint.

A text field's completer popup (the instrument search) takes the keys while it is open, and hands the ones it does not
use to its field directly, past the field's filters: so the ticket's own popup is read too, for F1/F2 alone, which
pick the highlighted result as Enter would (or keep what was typed), close it and act. Esc there only closes the
popup, as a person expects, and Ctrl+Enter is not taken while an instrument is still being picked.

While an order is on its way the form is locked and the ticket itself holds the focus (``SendFlow``), so keys
pressed then still reach it: a second Ctrl+Enter meets the busy check, not the window.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from shiboken6 import isValid

Key = Qt.Key
_NONE = Qt.KeyboardModifier.NoModifier
_CTRL = Qt.KeyboardModifier.ControlModifier
_SHIFT = Qt.KeyboardModifier.ShiftModifier


class KeyAction(Enum):
    BUY = "buy"
    SELL = "sell"
    SUBMIT = "submit"
    CLEAR = "clear"


# Keys that act even while the user types in a field.
_FIELD_KEYS = {
    (Key.Key_F1.value, _NONE): KeyAction.BUY,
    (Key.Key_F2.value, _NONE): KeyAction.SELL,
    (Key.Key_Return.value, _CTRL): KeyAction.SUBMIT,
    (Key.Key_Enter.value, _CTRL): KeyAction.SUBMIT,
    (Key.Key_Escape.value, _NONE): KeyAction.CLEAR,
}
# Letters: only when the focus is not in a text or number field, where they are typing.
_LETTER_KEYS = {Key.Key_B.value: KeyAction.BUY, Key.Key_S.value: KeyAction.SELL}
# Keys about the ticket's contents: only from inside the ticket.
_TICKET_ONLY = (KeyAction.SUBMIT, KeyAction.CLEAR)
# Keys taken from an open completer popup: the rest are the popup's own.
_POPUP_KEYS = (KeyAction.BUY, KeyAction.SELL)


def is_text_input(widget: QWidget | None) -> bool:
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return isinstance(widget, (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit))


def key_action(event: QKeyEvent, receiver: QWidget, focus: QWidget | None = None) -> KeyAction | None:
    """The action of a key press in the scope, or None when the key is not the ticket's. `focus` is the focus
    widget of the receiver's window: no letter acts while it is a text or number field."""
    # The keypad flag comes with the keypad's Enter; it does not change what the key means.
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    action = _FIELD_KEYS.get((int(event.key()), modifiers))
    if action is not None:
        return action
    letter = _LETTER_KEYS.get(int(event.key()))
    if letter is None or modifiers not in (_NONE, _SHIFT):
        return None
    typing = any(is_text_input(widget) for widget in (receiver, focus, QApplication.focusWidget()))
    return None if typing else letter


def _within(ancestor: QWidget, widget: QWidget) -> bool:
    return widget is ancestor or ancestor.isAncestorOf(widget)


def _completer_popup(widget: QWidget | None) -> QAbstractItemView | None:
    """The popup of a text field's completer, where key presses go while it is open."""
    completer = widget.completer() if isinstance(widget, QLineEdit) else None
    return completer.popup() if completer is not None else None


def _close(popup: QAbstractItemView) -> None:
    """Close a completer's popup before the ticket acts: a highlighted result is picked as Enter picks it (the
    field shows "NFO:NIFTY26DECFUT" while it is highlighted, and only the pick sets the exchange); with nothing
    highlighted the field keeps what was typed."""
    if popup.currentIndex().isValid():
        enter = QKeyEvent(QEvent.Type.KeyPress, Key.Key_Return, _NONE)
        QApplication.sendEvent(popup, enter)  # the completer's own handling: it picks and closes
    popup.hide()


class TicketKeys(QObject):
    """Turns key presses in `scope` (the ticket alone, or its window after ``set_scope``) into ticket actions;
    Ctrl+Enter and Esc only from inside `ticket`.

    Signals:
        triggered(object): the KeyAction of a key press that is not an auto-repeat.
    """

    triggered = Signal(object)

    def __init__(self, ticket: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ticket = ticket
        self._scope = ticket
        self._active = False
        self._watched: QWidget | None = None
        self._popup: QAbstractItemView | None = None  # the watched field's completer popup

    def set_scope(self, scope: QWidget) -> None:
        self._scope = scope
        if self._active:
            self._follow_focus(None, QApplication.focusWidget())

    def set_active(self, active: bool) -> None:
        """Listen only while needed (the ticket alone listens only while it is shown)."""
        app = QApplication.instance()
        if not isinstance(app, QApplication) or active == self._active:
            return
        self._active = active
        if active:
            app.focusChanged.connect(self._follow_focus)
            self._follow_focus(None, QApplication.focusWidget())
        else:
            app.focusChanged.disconnect(self._follow_focus)
            self._watch(None)

    @property
    def watched(self) -> QWidget | None:
        """The widget whose key presses are read now: the focus widget, or the scope's window without one."""
        return self._watched

    @Slot(QWidget, QWidget)
    def _follow_focus(self, _old: QWidget | None, _now: QWidget | None) -> None:
        # The focus widget now, not the signal's: a slot heard before this one may have moved the focus again (the
        # send lock turns it back from a locked field), and this emission's ``now`` would then be stale.
        now = QApplication.focusWidget()
        if now is None and not isValid(self._scope):
            self._watch(None)  # the focus left as the window was destroyed: nothing is left to listen on
            return
        self._watch(now if now is not None else self._scope.window())

    def _watch(self, widget: QWidget | None) -> None:
        popup = _completer_popup(widget)
        if widget is self._watched and popup is self._popup:
            return
        for old in (self._watched, self._popup):
            if old is not None and isValid(old):  # a widget destroyed with the focus is gone
                old.removeEventFilter(self)
        self._watched, self._popup = widget, popup
        for new in (self._watched, self._popup):
            if new is not None:
                new.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Called for every event of the focus widget (its paints, a text field's cursor blinks), or of the window when
        # nothing has the focus (one UpdateRequest per repaint): few, against every event of the application. The
        # class check comes first, as event.type() converts to a Python enum on every call.
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress:
            return False
        popup = self._popup if watched is self._popup else None
        field = self._watched if popup is not None else watched  # a popup's keys are its field's
        if not isinstance(field, QWidget) or not _within(self._scope, field):
            return False
        action = key_action(event, field, field.window().focusWidget())
        if action is None or (action in _TICKET_ONLY and not _within(self._ticket, field)):
            return False
        if popup is not None:
            # Only the ticket's own search: F1 in the market watch's "add" search would trade the ticket's
            # instrument, not the one being typed there.
            if action not in _POPUP_KEYS or not _within(self._ticket, field):
                return False
            _close(popup)
        # Swallow a held key's repeats too, so that they neither act nor reach the focused field.
        if not event.isAutoRepeat():
            self.triggered.emit(action)
        return True
