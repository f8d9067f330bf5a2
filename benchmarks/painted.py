"""What Qt paints, counted by an event filter: for the benchmarks and the tests that hold a repaint to what changed."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QPaintEvent


class PaintedAreas(QObject):
    """The area in pixels of each region a widget is asked to paint (install it with ``installEventFilter``): a
    region is a set of rectangles, one for each part that changed, and Qt paints only the children meeting one."""

    def __init__(self) -> None:
        super().__init__()
        self.areas: list[int] = []

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if isinstance(event, QPaintEvent):
            self.areas.append(sum(rect.width() * rect.height() for rect in event.region()))
        return False
