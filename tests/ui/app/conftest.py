"""The whole app, built as ``kiteticket --paper`` builds it, with its paper exchange in-process and in memory.

Each test gets a fresh app and exchange; the fixture waits until the session is up and the instrument master is in
the ticket, and on teardown closes the window, which must stop every timer and thread it started (the QThread leak
check in tests/ui/conftest.py fails the test otherwise).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiteticket.app import build
from kiteticket.domain.enums import Exchange
from kiteticket.ui.assembly import Shell
from kiteticket.ui.confirm import Confirmation
from kiteticket.ui.main_window import MainWindow
from tests.ui.app.helpers import WAIT_MS, Answers, PaperApp

HERE = Path(__file__).parent

# The offscreen platform cannot pass a shown window's size hints to a window system; a real display can.
OFFSCREEN_NOISE = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(OFFSCREEN_NOISE)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    """Every confirmation is answered by this object (yes, unless a test says otherwise); none blocks."""
    recorder = Answers()

    def ask(_cls: type[Confirmation], _parent: QWidget | None, title: str, text: str) -> bool:
        return recorder.ask(title, text)

    monkeypatch.setattr(Confirmation, "ask", classmethod(ask))
    return recorder


@pytest.fixture
def paper_app(qtbot: QtBot, tmp_path: Path, answers: Answers) -> Iterator[PaperApp]:
    _app, window = build(["--paper", "--paper-db", ":memory:", "--home", str(tmp_path), "--seed", "7"])
    shell = window.findChild(Shell)
    assert isinstance(shell, Shell)
    window.show()
    qtbot.waitExposed(window)
    try:
        qtbot.waitUntil(lambda: shell.session.profile is not None, timeout=WAIT_MS)
        # The ticket resolves a symbol once the instrument master is in: that is the sign the master is loaded.
        shell.ticket.set_instrument(Exchange.NSE, "INFY")
        qtbot.waitUntil(lambda: shell.ticket.instrument() is not None, timeout=WAIT_MS)
        yield PaperApp(qtbot, window, shell, answers)
    finally:
        _close(qtbot, window, shell)


def _close(qtbot: QtBot, window: MainWindow, shell: Shell) -> None:
    window.close()
    assert not shell.poller.is_running(), "closing the window must stop the order-book poller"
    # Closing drops queued reads and lets running calls finish (a write is never cut off): none may be left.
    assert shell.tasks.shutdown(timeout_ms=WAIT_MS), "a background call outlived the window"
    # Delete the window here, on the GUI thread. Left to Python, its reference cycles would be collected by
    # whichever thread next triggers the garbage collector (an SDK call on a pool thread), and Qt widgets
    # destroyed off the GUI thread crash the process.
    with qtbot.waitSignal(window.destroyed, timeout=WAIT_MS):
        window.deleteLater()
    gc.collect()
