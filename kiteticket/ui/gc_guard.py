"""Python's cycle collector, run on the GUI thread only.

The collector runs on whichever thread happens to allocate when a generation's threshold is reached. When that is
a worker thread (the order poller, a broker task, the ticker) and the garbage holds a cycle with
Qt widgets in it, the widgets are destroyed off the GUI thread and Qt crashes; this was seen, with PositionsView
destroyed on a paper-exchange thread. As qutebrowser does (its ``GarbageCollector``), automatic collection is
switched off and a timer on the GUI thread collects instead.

The timer collects every 50 ms: a collection costs in proportion to what survived since the last one, and ticks
allocate thousands of small objects a second (see ``collect_due``). ``settle()`` moves what the app keeps for its
whole life (modules, widgets, the instrument master) out of the collector's sight with ``gc.freeze()``, so the
rarer collections of the older generations no longer walk it: the app calls it once the master is loaded.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer, Slot

INTERVAL_MS = 50
# Young collections between two of the middle generation: once a second, as CPython's threshold of 10 gave when
# the youngest was collected every 100 ms. The oldest keeps CPython's threshold (ten of the middle's).
MIDDLE_EVERY = 20


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
    """Collect the youngest generation, or the oldest older one whose count has passed its threshold.

    The youngest is collected every time, whatever its count says: CPython counts allocations less deallocations,
    so while ticks replace ticks the count stays near zero while the youngest generation's list grows by every new
    tick (4 s of ticks once made one collection of it take 30-55 ms). Collected every 50 ms, it holds 50 ms of
    survivors and takes well under a millisecond; an empty one takes microseconds. In a burst of 20,000 ticks a
    second the longest took 2.5-4 ms, against 6-8 ms collected every 100 ms."""
    counts, every = gc.get_count(), {1: MIDDLE_EVERY, 2: gc.get_threshold()[2]}
    due = [generation for generation, threshold in every.items() if counts[generation] > threshold]
    return gc.collect(due[-1] if due else 0)


def settle() -> None:
    """Collect everything now, then freeze what survives: it lives as long as the app (or, like an instrument master
    replaced the next day, is freed by its reference count, which freezing does not stop)."""
    gc.collect()
    gc.freeze()
