"""Qt test setup: no display needed, and no test may leave a QThread or a repeating QTimer running (as napari's
conftest checks)."""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterator
from weakref import WeakKeyDictionary, WeakSet

import pytest
from PySide6.QtCore import QThread, QTimer
from pytestqt.qtbot import QtBot

from kiteticket.ui.gc_guard import GarbageCollector

# Read when pytest-qt's qapp fixture creates the QApplication: the tests run without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _no_dangling_qthreads(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> Iterator[None]:
    """Record where every QThread is started; fail the test if one is still running when it ends."""
    started: WeakKeyDictionary[QThread, str] = WeakKeyDictionary()
    original_start = QThread.start

    def start_and_record(self: QThread, *args: object) -> None:
        started[self] = "".join(traceback.format_stack(limit=3)[:-1])
        original_start(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(QThread, "start", start_and_record)
    yield
    dangling = [(thread, where) for thread, where in list(started.items()) if _is_running(thread)]
    for thread, _ in dangling:
        # Stop it anyway, so that one leak does not crash the tests after it.
        thread.quit()
        qtbot.waitUntil(thread.isFinished, timeout=5000)
    if dangling:
        places = "\n".join(where for _, where in dangling)
        pytest.fail(f"{len(dangling)} QThread(s) left running; started at:\n{places}")


def _is_running(thread: QThread) -> bool:
    try:
        return thread.isRunning()
    except RuntimeError:  # the C++ object is already deleted: it cannot be running
        return False


@pytest.fixture(autouse=True)
def _no_running_timers(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> Iterator[None]:
    """Fail a test that leaves a repeating QTimer running: a poll or a heartbeat that outlives its owner's use.

    Single-shot timers (debounces) end by themselves; the app-wide garbage collector's timer lives by design.
    """
    started: WeakSet[QTimer] = WeakSet()
    original_start = QTimer.start

    def start_and_record(self: QTimer, *args: object) -> None:
        started.add(self)
        original_start(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(QTimer, "start", start_and_record)
    yield
    running = [timer for timer in list(started) if _repeating_and_active(timer)]
    for timer in running:
        timer.stop()
    if running:
        owners = ", ".join(type(timer.parent()).__name__ for timer in running)
        pytest.fail(f"{len(running)} repeating QTimer(s) left running, owned by: {owners}")


def _repeating_and_active(timer: QTimer) -> bool:
    try:
        return timer.isActive() and not timer.isSingleShot() and not isinstance(timer.parent(), GarbageCollector)
    except RuntimeError:  # deleted with its owner: it cannot be running
        return False
