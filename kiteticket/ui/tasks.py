"""Run a blocking call in the background and come back on the GUI thread: one small API for every broker call.

In the spirit of Anki's ``QueryOp[T]``: ``op`` runs on a pool thread and must not touch widgets; ``on_success``
(typed by what ``op`` returns) or ``on_failure`` then runs on the GUI thread. Reads share a small pool; writes
(place, modify, cancel) go through a pool of one thread, so they reach the broker one at a time and in the order the
user made them.

Which thread frees what matters here (an intermittent SIGSEGV in the 300-placement drill; see
``benchmarks/drill.py``): a Qt object whose last Python reference goes on a pool thread is destroyed there. So a
pool thread never holds a callback or a QObject: the callbacks wait on the GUI thread in a map keyed by task id,
the one relay that carries every result is created once and lives as long as the runner, and the op, its result or
its error travel in a ``_Parcel`` that the GUI thread empties, so whatever the pool thread drops last is an empty
box. An error's traceback frames are cleared before it crosses, as they still reference the op's locals.
"""

from __future__ import annotations

import itertools
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from kiteticket.domain.errors import BrokerError

T = TypeVar("T")
Failure = Callable[[BaseException], None]
Success = Callable[[Any], None]  # a success callback whatever its result type: for stand-ins of the runner

READ_THREADS = 3

log = logging.getLogger(__name__)


class _Parcel:
    """What one task hands from the pool thread to the GUI thread: its op, then its result or its error."""

    __slots__ = ("error", "op", "result")

    def __init__(self, op: Callable[[], object]) -> None:
        self.op: Callable[[], object] | None = op
        self.result: object = None
        self.error: BaseException | None = None

    def unpack(self) -> tuple[object, BaseException | None]:
        """On the GUI thread: take everything out, so that nothing is left to be freed where the box is."""
        result, error = self.result, self.error
        self.op, self.result, self.error = None, None, None
        return result, error


@dataclass(frozen=True, slots=True)
class _Callbacks(Generic[T]):
    on_success: Callable[[T], None]
    on_failure: Failure


class _Relay(QObject):
    """Lives on the GUI thread as long as its runner; pool threads emit into it, so its slot runs on the GUI thread
    (queued). One for all tasks: a relay per task had to be deleted while a pool thread could still be emitting."""

    finished = Signal(object, object)  # task id, _Parcel


def _execute(task_id: int, parcel: _Parcel, finished: Callable[[object, object], None]) -> None:
    """On a pool thread. Every failure travels back as data; nothing dies silently on a pool thread."""
    try:
        # Called through the parcel, never held in a local: a local would be freed here as the function returns.
        if parcel.op is not None:
            parcel.result = parcel.op()
    except Exception as error:
        parcel.error = detached(error)
    finished(task_id, parcel)


def detached(error: BaseException) -> BaseException:
    """The error, caught on a worker thread, made fit to cross to the GUI thread: without the catching frame (it
    holds the worker itself) and without the locals of the other frames, which would otherwise be freed by
    whichever thread drops the error last. File names and line numbers stay, for the log."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if current is error and current.__traceback__ is not None:
            current.__traceback__ = current.__traceback__.tb_next  # the catching frame, still running
        traceback.clear_frames(current.__traceback__)
        current = current.__cause__ or current.__context__
    return error


class TaskRunner(QObject):
    """Background calls with results delivered on the GUI thread. Signals: none of its own."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(READ_THREADS)
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)
        self._ids = itertools.count(1)
        self._waiting: dict[int, _Callbacks[object]] = {}
        self._relay = _Relay(self)
        self._relay.finished.connect(self._on_relay_finished)

    def read(self, op: Callable[[], T], on_success: Callable[[T], None], on_failure: Failure) -> None:
        self._start(self._reads, op, on_success, on_failure)

    def write(self, op: Callable[[], T], on_success: Callable[[T], None], on_failure: Failure) -> None:
        self._start(self._writes, op, on_success, on_failure)

    @property
    def running(self) -> int:
        return len(self._waiting)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Drop queued reads, let running calls finish (a write must never be cut off half-sent)."""
        self._reads.clear()
        done = self._writes.waitForDone(timeout_ms) and self._reads.waitForDone(timeout_ms)
        # Dropped reads never report back; forget them so ``running`` says what is really running: nothing.
        self._waiting.clear()
        return done

    def _start(
        self, pool: QThreadPool, op: Callable[[], T], on_success: Callable[[T], None], on_failure: Failure
    ) -> None:
        task_id = next(self._ids)
        self._waiting[task_id] = _Callbacks(on_success, on_failure)  # type: ignore[arg-type]
        pool.start(partial(_execute, task_id, _Parcel(op), self._relay.finished.emit))

    @Slot(object, object)
    def _on_relay_finished(self, task_id: object, parcel: object) -> None:
        assert isinstance(parcel, _Parcel)
        result, error = parcel.unpack()
        callbacks = self._waiting.pop(task_id, None)  # type: ignore[call-overload]
        if callbacks is None:
            return  # forgotten by shutdown
        if error is not None:
            if not isinstance(error, BrokerError):  # a broker's refusal is in the audit log; anything else is a bug
                log.error("A background task failed", exc_info=error)
            callbacks.on_failure(error)
        else:
            callbacks.on_success(result)
