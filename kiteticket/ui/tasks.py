"""Run a blocking call in the background and come back on the GUI thread: one small API for every broker call.

In the spirit of Anki's ``QueryOp``: ``op`` runs on a pool thread and must not touch widgets; ``on_success`` or
``on_failure`` then runs on the GUI thread. Reads share a small pool; writes (place, modify, cancel) go through a
pool of one thread, so they reach the broker one at a time and in the order the user made them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]

READ_THREADS = 3


class _Relay(QObject):
    """Lives on the GUI thread; the pool thread emits into it, so its slots run on the GUI thread (queued)."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, runner: TaskRunner, on_success: Success, on_failure: Failure) -> None:
        super().__init__(runner)
        self._runner = runner
        self._on_success = on_success
        self._on_failure = on_failure
        self.succeeded.connect(self._on_self_succeeded)
        self.failed.connect(self._on_self_failed)

    @Slot(object)
    def _on_self_succeeded(self, result: object) -> None:
        self._finish()
        self._on_success(result)

    @Slot(object)
    def _on_self_failed(self, error: object) -> None:
        self._finish()
        self._on_failure(error if isinstance(error, BaseException) else RuntimeError(str(error)))

    def _finish(self) -> None:
        self._runner.task_finished(self)
        self.deleteLater()


class _Job(QRunnable):
    def __init__(self, op: Callable[[], object], relay: _Relay) -> None:
        super().__init__()
        self._op = op
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._op()
        except Exception as error:  # every failure travels back as data; nothing dies silently on a pool thread
            self._relay.failed.emit(error)
        else:
            self._relay.succeeded.emit(result)


class TaskRunner(QObject):
    """Background calls with results delivered on the GUI thread. Signals: none of its own."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(READ_THREADS)
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)
        self._running: set[_Relay] = set()

    def read(self, op: Callable[[], object], on_success: Success, on_failure: Failure) -> None:
        self._start(self._reads, op, on_success, on_failure)

    def write(self, op: Callable[[], object], on_success: Success, on_failure: Failure) -> None:
        self._start(self._writes, op, on_success, on_failure)

    @property
    def running(self) -> int:
        return len(self._running)

    def task_finished(self, relay: _Relay) -> None:
        self._running.discard(relay)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Drop queued reads, let running calls finish (a write must never be cut off half-sent)."""
        self._reads.clear()
        done = self._writes.waitForDone(timeout_ms) and self._reads.waitForDone(timeout_ms)
        # Dropped reads never report back; forget them so ``running`` says what is really running: nothing.
        for relay in self._running:
            relay.deleteLater()
        self._running.clear()
        return done

    def _start(self, pool: QThreadPool, op: Callable[[], object], on_success: Success, on_failure: Failure) -> None:
        relay = _Relay(self, on_success, on_failure)
        self._running.add(relay)
        pool.start(_Job(op, relay))
