"""Ctrl+C in the terminal that started the app closes its window, as the close button does (with its questions).

Python runs a signal handler only when the GUI thread next runs Python code, and the default one raised
KeyboardInterrupt inside whichever slot ran next: printed, and the app went on. Here the handler does nothing;
Python also writes each signal's number to a "wakeup" socket, and a QSocketNotifier on the other end wakes Qt's
event loop at once: the close is asked for from there, not from the middle of an interrupted slot.
"""

from __future__ import annotations

import signal
import socket
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier, Slot
from PySide6.QtWidgets import QWidget


class InterruptCloser(QObject):
    """While installed, SIGINT closes ``window``. ``uninstall`` (or the window's end) puts Python's handler and
    wakeup socket back as they were."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)  # the wakeup write must never block the signal; the read drains what is there
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_notifier_activated)
        self._previous_wakeup = signal.set_wakeup_fd(self._writer.fileno())
        self._previous_handler = signal.signal(signal.SIGINT, self._on_interrupt)
        self._installed = True
        window.destroyed.connect(self.uninstall)

    @Slot()
    def uninstall(self) -> None:
        if not self._installed:
            return
        self._installed = False
        signal.signal(signal.SIGINT, self._previous_handler)
        signal.set_wakeup_fd(self._previous_wakeup)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()

    def _on_interrupt(self, _signum: int, _frame: FrameType | None) -> None:
        """Nothing here: the wakeup socket carries the signal to the event loop."""

    @Slot()
    def _on_notifier_activated(self) -> None:
        received = b""
        try:
            while chunk := self._reader.recv(64):
                received += chunk
        except BlockingIOError:
            pass  # drained
        if signal.SIGINT in received:  # each byte is a signal's number
            self._window.close()
