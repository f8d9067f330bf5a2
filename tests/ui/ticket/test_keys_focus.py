"""The ticket's keys listen on the focus widget alone, never on the whole application: an application-wide filter
is a call into Python (and a wait for the GIL) for every paint and timer of every widget."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QCompleter, QHBoxLayout, QLineEdit, QListWidget, QWidget
from pytestqt.qtbot import QtBot

from kiteticket.ui.ticket.keys import KeyAction, TicketKeys
from tests.ui.active_window import show_active

pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise", "does not support grabbing"
)

Key = Qt.Key


class CountingKeys(TicketKeys):
    """The ticket's keys, counting every event their filter is asked about, by the widget it was for."""

    def __init__(self, ticket: QWidget) -> None:
        super().__init__(ticket)
        self.asked: dict[int, int] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        self.asked[id(watched)] = self.asked.get(id(watched), 0) + 1
        return super().eventFilter(watched, event)


def listen_in_active_window(qtbot: QtBot, keys: TicketKeys, top: QWidget) -> None:
    """`top` shown and active, as a window is when a person types into it, with `keys` listening in it."""
    keys.set_scope(top)
    show_active(qtbot, top)
    keys.set_active(True)


@dataclass
class Window:
    top: QWidget
    ticket: QLineEdit  # stands in for the ticket: a text field of its own
    filter_box: QLineEdit
    book: QListWidget
    keys: CountingKeys
    actions: list[KeyAction] = field(default_factory=list)


@pytest.fixture
def window(qtbot: QtBot) -> Window:
    top = QWidget()
    qtbot.addWidget(top)
    row = QHBoxLayout(top)
    ticket, filter_box, book = QLineEdit(), QLineEdit(), QListWidget()
    book.addItems(["one", "two"])
    for widget in (ticket, filter_box, book):
        row.addWidget(widget)
    keys = CountingKeys(ticket)
    listen_in_active_window(qtbot, keys, top)
    shown = Window(top, ticket, filter_box, book, keys)
    keys.triggered.connect(shown.actions.append)
    yield shown
    keys.set_active(False)


def focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(widget.hasFocus)


def test_the_keys_follow_the_focus(qtbot: QtBot, window: Window) -> None:
    focus(qtbot, window.filter_box)
    assert window.keys.watched is window.filter_box
    focus(qtbot, window.book)
    assert window.keys.watched is window.book
    qtbot.keyClick(window.book, Key.Key_S)
    assert window.actions == [KeyAction.SELL]


def test_widgets_without_the_focus_never_call_the_filter(qtbot: QtBot, window: Window) -> None:
    focus(qtbot, window.book)
    window.keys.asked.clear()
    for widget in (window.filter_box, window.ticket, window.book.viewport()):
        widget.grab()  # painted at once (a repaint() of the offscreen window may paint nothing)
    assert window.keys.asked.get(id(window.filter_box), 0) == 0
    assert window.keys.asked.get(id(window.ticket), 0) == 0
    assert window.keys.asked.get(id(window.book.viewport()), 0) == 0


def test_inactive_keys_hear_nothing(qtbot: QtBot, window: Window) -> None:
    focus(qtbot, window.book)
    window.keys.set_active(False)
    window.keys.asked.clear()
    qtbot.keyClick(window.book, Key.Key_F2)
    assert window.keys.watched is None
    assert window.keys.asked == {}
    assert window.actions == []


def test_without_a_focus_widget_the_window_hears_the_keys(qtbot: QtBot, window: Window) -> None:
    focus(qtbot, window.book)
    window.book.clearFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is None)
    assert window.keys.watched is window.top
    qtbot.keyClick(window.top, Key.Key_F2)
    assert window.actions == [KeyAction.SELL]


def test_a_focus_widget_destroyed_with_the_focus_is_let_go(qtbot: QtBot, window: Window) -> None:
    doomed = QLineEdit(window.top)
    doomed.show()
    focus(qtbot, doomed)
    assert window.keys.watched is doomed
    with qtbot.waitSignal(doomed.destroyed):
        doomed.deleteLater()
    focus(qtbot, window.book)  # moving on must not touch the destroyed field
    qtbot.keyClick(window.book, Key.Key_F1)
    assert window.actions == [KeyAction.BUY]


def test_a_window_destroyed_with_the_focus_in_it_is_let_go(qtbot: QtBot) -> None:
    top = QWidget()
    field = QLineEdit(top)
    keys = TicketKeys(field)
    listen_in_active_window(qtbot, keys, top)
    field.setFocus()
    qtbot.waitUntil(lambda: keys.watched is field)
    with qtbot.waitSignal(top.destroyed):
        top.deleteLater()  # the focus leaves the field as the window goes: following it must not touch the window
    keys.set_active(False)
    assert keys.watched is None


def open_completer(qtbot: QtBot, field: QLineEdit) -> QWidget:
    """`field` given a completer and focused, its popup opened by typing, as the instrument search's is."""
    elsewhere = field.window().findChild(QListWidget)
    assert elsewhere is not None
    focus(qtbot, elsewhere)
    field.setCompleter(QCompleter(["INFY", "INFRATEL"], field))  # as the ticket's search is, before the focus
    focus(qtbot, field)
    qtbot.keyClicks(field, "IN")
    popup = field.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    return popup


def test_f1_in_the_tickets_own_completer_popup_acts_and_closes_it(qtbot: QtBot, window: Window) -> None:
    popup = open_completer(qtbot, window.ticket)
    qtbot.keyClick(popup, Key.Key_F1)
    assert window.actions == [KeyAction.BUY]
    assert not popup.isVisible()


def test_f1_in_another_fields_completer_popup_is_that_popups(qtbot: QtBot, window: Window) -> None:
    popup = open_completer(qtbot, window.filter_box)  # the market watch's "add" search, say
    qtbot.keyClick(popup, Key.Key_F1)
    assert window.actions == []  # it would trade the ticket's instrument, not the one typed here
    assert popup.isVisible()
