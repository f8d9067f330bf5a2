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
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, Slot
from PySide6.QtWidgets import QWidget


def _do_nothing(_signum: int, _frame: FrameType | None) -> None:
    """SIGINT's handler while installed: the wakeup socket carries the signal to the event loop."""


class _Restore:
    """Puts Python's SIGINT handler and wakeup fd back and closes the socket pair; the second call does nothing.

    A plain object, not a method of the QObject: the window's ``destroyed`` holds it strongly and calls it after the
    closer (the window's child) is gone, and when the garbage collector clears a wrapper's attributes first (it
    did in CI: ``'InterruptCloser' object has no attribute '_installed'``) this still has all of its own.
    """

    def __init__(self, pair: tuple[socket.socket, socket.socket], wakeup: int, handler: Any) -> None:
        self._pair = pair
        self._wakeup = wakeup
        self._handler = handler
        self.done = False

    def __call__(self, *_destroyed: object) -> None:
        if self.done:
            return
        self.done = True
        signal.set_wakeup_fd(self._wakeup)
        signal.signal(signal.SIGINT, self._handler)
        for end in self._pair:
            end.close()


class InterruptCloser(QObject):
    """While installed, SIGINT closes ``window``. ``uninstall`` (or the window's end) puts Python's handler and
    wakeup socket back as they were."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._reader, writer = socket.socketpair()
        for end in (self._reader, writer):
            end.setblocking(False)  # the wakeup write must never block the signal; the read drains what is there
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_notifier_activated)
        # The handler before the wakeup fd, and back in the reverse order: a Ctrl+C between the two steps then
        # finds the do-nothing handler, never the default one raising KeyboardInterrupt half way, which would leave
        # Python's wakeup fd on a socket about to close (its number reused by the next socket or file opened).
        handler = signal.signal(signal.SIGINT, _do_nothing)
        self._restore = _Restore((self._reader, writer), signal.set_wakeup_fd(writer.fileno()), handler)
        window.destroyed.connect(self._restore)

    def uninstall(self) -> None:
        self._notifier.setEnabled(False)
        self._restore()

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
