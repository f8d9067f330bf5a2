"""Debouncing for the ticket's requests to the app: ask for a quote or a margin once the input has settled."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot


class Settler(QObject):
    """Emits `settled(value)` once `value` has stayed put for `delay_ms`, and only if it is new.

    None means "nothing to ask for": it cancels what is pending and forgets the last value, so that the same value
    is asked for again when it comes back (the panel showing its answer was cleared meanwhile).

    Signals:
        settled(object): the value that settled.
    """

    settled = Signal(object)

    def __init__(self, delay_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._pending: Any = None
        self._emitted: Any = None

    @property
    def last(self) -> object:
        """The value last emitted (None after a None)."""
        return self._emitted

    def is_new(self, value: object) -> bool:
        return value is not None and value != self._emitted

    def update(self, value: object) -> None:
        if value is None:
            self._timer.stop()
            self._pending = self._emitted = None
        elif value not in (self._emitted, self._pending):
            self._pending = value
            self._timer.start()  # restarts: a burst of changes waits for its end
        elif value == self._emitted:
            self._pending = None
            self._timer.stop()

    @Slot()
    def _on_timer_timeout(self) -> None:
        if self._pending is not None:
            self._emitted, self._pending = self._pending, None
            self.settled.emit(self._emitted)
