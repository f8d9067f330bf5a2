"""Python's cycle collector, run on the GUI thread only.

The collector runs on whichever thread happens to allocate when a generation's threshold is reached. When that is
a worker thread (the order poller, a broker task, the ticker) and the garbage holds a cycle with
Qt widgets in it, the widgets are destroyed off the GUI thread and Qt crashes; this was seen, with PositionsView
destroyed on a paper-exchange thread. As qutebrowser does (its ``GarbageCollector``), automatic collection is
switched off and a timer on the GUI thread collects each generation once its threshold is passed.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer, Slot

INTERVAL_MS = 1_000


class GarbageCollector(QObject):
    """Collects Python cycles from the GUI thread's event loop. Signals: none."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()

    @Slot()
    def _on_timer_timeout(self) -> None:
        collect_due()


def collect_due() -> int:
    """Collect the oldest generation whose count has passed its threshold, as the automatic collector would."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    due = [generation for generation in range(3) if counts[generation] > thresholds[generation]]
    return gc.collect(due[-1]) if due else 0
