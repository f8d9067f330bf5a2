"""Ctrl+C (SIGINT) closes the window through Qt's event loop, and uninstalling puts Python's handler back."""

from __future__ import annotations

import gc
import signal

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiteticket.ui.interrupt import InterruptCloser


class _Window(QWidget):
    def __init__(self, *, may_close: bool) -> None:
        super().__init__()
        self.may_close = may_close
        self.asked = 0

    def closeEvent(self, event: QCloseEvent) -> None:
        self.asked += 1
        if not self.may_close:
            event.ignore()


def test_ctrl_c_closes_the_window_from_the_event_loop(qtbot: QtBot) -> None:
    window = _Window(may_close=True)
    qtbot.addWidget(window)
    window.show()
    before = signal.getsignal(signal.SIGINT)
    closer = InterruptCloser(window)
    try:
        signal.raise_signal(signal.SIGINT)  # no KeyboardInterrupt here: the handler only lets the loop know
        assert window.isVisible()
        qtbot.waitUntil(lambda: not window.isVisible())
    finally:
        closer.uninstall()
    assert window.asked == 1
    assert signal.getsignal(signal.SIGINT) is before


def test_a_window_that_refuses_to_close_stays_and_asks_again(qtbot: QtBot) -> None:
    window = _Window(may_close=False)  # as the main window does while a bulk action asks first
    qtbot.addWidget(window)
    window.show()
    closer = InterruptCloser(window)
    try:
        for asked in (1, 2):
            signal.raise_signal(signal.SIGINT)
            qtbot.waitUntil(lambda asked=asked: window.asked == asked)  # type: ignore[misc]
            assert window.isVisible()
    finally:
        closer.uninstall()


def test_a_window_collected_with_its_closer_puts_the_handler_and_wakeup_socket_back() -> None:
    """The garbage collector may clear the closer before the window's end (a cycle between them): the restore
    must not need the closer. Before, the handler stayed installed and the wakeup fd pointed at a closed socket."""
    before = signal.getsignal(signal.SIGINT)
    for _ in range(3):
        window = QWidget()
        window.closer = InterruptCloser(window)  # type: ignore[attr-defined]  # a cycle: window <-> its closer
        del window
        gc.collect()
        assert signal.getsignal(signal.SIGINT) is before
        assert signal.set_wakeup_fd(-1) == -1  # nothing left writing to a socket that is gone
