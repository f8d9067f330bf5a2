"""Counters for tests: a keyed model that counts the calls a view's painting makes into it, for the tests that prove
painting asks Python nothing (the display copy): a mixin, put before the model class it counts for; and an event
filter that counts the events of some types a widget receives."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView


class CountsPaintCalls:
    """Counts ``data`` and ``multiData``, the two ways a view reads a model's cells."""

    calls = 0

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        self.calls += 1
        return super().data(index, role)  # type: ignore[misc]

    def multiData(self, index: Any, roleDataSpan: Any) -> None:  # noqa: N803
        self.calls += 1
        super().multiData(index, roleDataSpan)  # type: ignore[misc]


def calls_to_paint(model: CountsPaintCalls, view: QAbstractItemView) -> int:
    """The calls into `model` that painting `view`'s cells makes. Painted by ``grab``: under pytest, a
    ``viewport().repaint()`` of the offscreen window painted nothing, and a test built on it passed whatever the
    view asked."""
    model.calls = 0
    view.viewport().grab()
    return model.calls


class EventCounter(QObject):
    """Counts the events of the given types a widget receives (install it with ``installEventFilter``)."""

    def __init__(self, *kinds: QEvent.Type) -> None:
        super().__init__()
        self._kinds = kinds
        self.count = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        self.count += event.type() in self._kinds
        return False
