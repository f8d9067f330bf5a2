"""TaskRunner: results and errors come back on the GUI thread, and nothing a task carries is freed on a pool thread
(the drill's intermittent SIGSEGV came from objects freed off the GUI thread)."""

from __future__ import annotations

import threading
import traceback

from pytestqt.qtbot import QtBot

from kiteticket.ui.tasks import TaskRunner, _Relay

TASKS = 40


class Tracked:
    """Notes the thread that frees it."""

    def __init__(self, freed_on: list[str]) -> None:
        self._freed_on = freed_on

    def __del__(self) -> None:
        self._freed_on.append(threading.current_thread().name)


class TrackedOp(Tracked):
    def __init__(self, freed_on: list[str], results: list[str]) -> None:
        super().__init__(freed_on)
        self._results = results

    def __call__(self) -> Tracked:
        return Tracked(self._results)


def fail_with_a_local(freed_on: list[str]) -> None:
    canary = Tracked(freed_on)  # a local of the failing frame: the error's traceback would keep it alive
    raise ValueError(f"no luck for {type(canary).__name__}")


def test_ops_and_results_are_freed_on_the_gui_thread(qtbot: QtBot) -> None:
    runner = TaskRunner()
    ops_freed: list[str] = []
    results_freed: list[str] = []
    arrived: list[str] = []

    def on_success(result: Tracked) -> None:
        arrived.append(threading.current_thread().name)

    for number in range(TASKS):
        start = runner.write if number % 2 else runner.read
        start(TrackedOp(ops_freed, results_freed), on_success, lambda error: None)
    qtbot.waitUntil(lambda: len(arrived) == TASKS and len(results_freed) == TASKS, timeout=10_000)
    assert runner.shutdown()
    qtbot.waitUntil(lambda: len(ops_freed) == TASKS, timeout=5_000)
    gui = threading.current_thread().name
    assert set(arrived) == {gui}
    assert set(results_freed) == {gui}, "a result was freed on a pool thread"
    assert set(ops_freed) == {gui}, "an op was freed on a pool thread"
    assert runner.running == 0
    assert len(runner.findChildren(_Relay)) == 1, "one relay for every task, never one per task"


def test_an_error_arrives_without_the_frames_locals_but_with_its_stack(qtbot: QtBot) -> None:
    runner = TaskRunner()
    freed_on: list[str] = []
    errors: list[BaseException] = []

    runner.read(lambda: fail_with_a_local(freed_on), lambda result: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5_000)
    [error] = errors
    assert isinstance(error, ValueError)
    assert freed_on, "the failing frame's locals were kept alive by the traceback"
    text = "".join(traceback.format_exception(error))
    assert "fail_with_a_local" in text
    assert "raise ValueError" in text
    tb = error.__traceback__
    while tb is not None:
        assert tb.tb_frame.f_locals == {}, f"{tb.tb_frame.f_code.co_name} still holds its locals"
        tb = tb.tb_next
    assert runner.running == 0
    runner.shutdown()


def test_success_callbacks_are_typed_by_the_op(qtbot: QtBot) -> None:
    runner = TaskRunner()
    lengths: list[int] = []

    def on_length(length: int) -> None:  # mypy checks this against the op's return type
        lengths.append(length)

    runner.read(lambda: len("kite"), on_length, lambda error: None)
    qtbot.waitUntil(lambda: lengths == [4], timeout=5_000)
    runner.shutdown()
