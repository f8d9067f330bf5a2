"""The log file the crash box points to: an uncaught exception, from the GUI thread or any other, is written there
with its traceback and without a secret in it; a fatal signal leaves every thread's stack there."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiteticket.app import build
from kiteticket.logs import LOG_FILE, LogFile, LogSecrets, install, uninstall
from kiteticket.paths import AppPaths
from kiteticket.ui.assembly import Shell
from tests.ui.app.helpers import WAIT_MS


@pytest.fixture
def logged(tmp_path: Path) -> Iterator[tuple[LogFile, LogSecrets]]:
    secrets = LogSecrets()
    handler = install(AppPaths.resolve(tmp_path).log_dir, secrets)
    yield handler, secrets
    uninstall(handler)


@pytest.fixture
def hooks() -> Iterator[None]:
    saved = sys.excepthook, threading.excepthook
    yield
    sys.excepthook, threading.excepthook = saved


def fail_with(token: str) -> None:
    raise RuntimeError(f"the server said: token PA0001:{token} is bad; access_token={token}; raw {token}")


def test_an_uncaught_exception_is_logged_without_the_token(
    qtbot: QtBot, tmp_path: Path, logged: tuple[LogFile, LogSecrets], hooks: None
) -> None:
    handler, secrets = logged
    _app, window = build(["--paper", "--paper-db", ":memory:", "--home", str(tmp_path), "--seed", "7"], secrets)
    shell = window.findChild(Shell)
    assert isinstance(shell, Shell)
    try:
        qtbot.waitUntil(lambda: shell.session.profile is not None, timeout=WAIT_MS)
        token = max(secrets.values(), key=len)
        assert len(token) >= 16, "the access token is among the secrets to scrub"
        shell.messages.install_excepthooks()
        try:
            fail_with(token)
        except RuntimeError:
            sys.excepthook(*sys.exc_info())  # as Qt does for an exception escaping a slot
        worker = threading.Thread(target=fail_with, args=(token,), name="some-worker")
        worker.start()
        worker.join(WAIT_MS / 1000)
        qtbot.waitUntil(lambda: "Unexpected error" in dict(shell.messages.shown), timeout=WAIT_MS)
    finally:
        window.close()
        assert shell.tasks.shutdown(timeout_ms=WAIT_MS)
        with qtbot.waitSignal(window.destroyed, timeout=WAIT_MS):
            window.deleteLater()
        gc.collect()
    handler.flush()
    text = (tmp_path / "logs" / LOG_FILE).read_text(encoding="utf-8")
    assert text.count("ERROR") >= 2
    assert text.count("Uncaught exception") == 2
    assert "in fail_with" in text, "the traceback is there"
    assert "RuntimeError: the server said" in text
    assert token not in text
    assert dict(shell.messages.shown)["Unexpected error"].endswith("details went to the log.")


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX signal")
def test_a_fatal_signal_leaves_every_threads_stack_in_the_log(tmp_path: Path) -> None:
    crash = (
        "import faulthandler, sys\n"
        "from pathlib import Path\n"
        "from kiteticket.logs import LogSecrets, install\n"
        "install(Path(sys.argv[1]), LogSecrets())\n"
        "faulthandler._sigsegv()\n"
    )
    ended = subprocess.run([sys.executable, "-c", crash, str(tmp_path)], capture_output=True, timeout=60, check=False)
    assert ended.returncode != 0
    text = (tmp_path / LOG_FILE).read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in text
    assert "Current thread" in text
