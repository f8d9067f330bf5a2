"""The app's main window carries the ticket's keys: F2 in the order book opens a SELL, Esc in the book's filter box
leaves the ticket alone."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from kiteticket.app import build
from kiteticket.domain.enums import TransactionType
from kiteticket.ui.assembly import Shell
from tests.ui.active_window import show_active

WAIT_MS = 10_000
pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise", "does not support grabbing"
)


@pytest.fixture
def shell(qtbot: QtBot, tmp_path: Path) -> Iterator[Shell]:
    _app, window = build(["--paper", "--paper-db", ":memory:", "--home", str(tmp_path), "--seed", "7"])
    shell = window.findChild(Shell)
    assert isinstance(shell, Shell)
    show_active(qtbot, window)
    try:
        qtbot.waitUntil(lambda: shell.session.profile is not None, timeout=WAIT_MS)
        yield shell
    finally:
        window.close()
        assert shell.tasks.shutdown(timeout_ms=WAIT_MS)
        # Deleted here, on the GUI thread: widgets destroyed by a collector on a pool thread crash the process.
        with qtbot.waitSignal(window.destroyed, timeout=WAIT_MS):
            window.deleteLater()
        gc.collect()


def focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(widget.hasFocus)


def test_f2_in_the_order_book_opens_a_sell_in_the_ticket(qtbot: QtBot, shell: Shell) -> None:
    focus(qtbot, shell.book_view)
    qtbot.keyClick(shell.book_view, Qt.Key.Key_F2)
    assert shell.ticket.inputs.side.side() is TransactionType.SELL
    focus(qtbot, shell.book_view)
    qtbot.keyClick(shell.book_view, Qt.Key.Key_B)
    assert shell.ticket.inputs.side.side() is TransactionType.BUY


def test_escape_in_the_order_books_filter_box_leaves_the_ticket_alone(qtbot: QtBot, shell: Shell) -> None:
    shell.ticket.inputs.quantity.setValue(7)
    filter_boxes = [box for box in shell.window.findChildren(QLineEdit) if not shell.ticket.isAncestorOf(box)]
    assert filter_boxes, "the window has a text box outside the ticket"
    focus(qtbot, filter_boxes[0])
    qtbot.keyClick(filter_boxes[0], Qt.Key.Key_Escape)
    assert shell.ticket.inputs.quantity.value() == 7
