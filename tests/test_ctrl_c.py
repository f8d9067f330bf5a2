"""Ctrl+C in the terminal that started ``kiteticket --paper`` closes the app cleanly: exit code 0, its shutdown
logged, no traceback (before, a KeyboardInterrupt was printed from a slot and the app ran on)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kiteticket.logs import LOG_FILE
from kiteticket.paths import AppPaths

REPO = Path(__file__).resolve().parents[1]
START_SECONDS = 90  # a cold start on a slow CI machine: Qt, the paper exchange's process, the login


def _wait_for(path: Path, text: str, process: subprocess.Popen[str], seconds: float) -> bool:
    """Until `text` is in the file another process writes (nothing to wait on but the file), or that process ended."""
    deadline, pause = time.monotonic() + seconds, threading.Event()
    while time.monotonic() < deadline and process.poll() is None:
        if path.exists() and text in path.read_text(encoding="utf-8", errors="replace"):
            return True
        pause.wait(0.05)
    return False


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is a console event on Windows")
def test_ctrl_c_in_the_terminal_closes_the_app(tmp_path: Path) -> None:
    environment = os.environ | {"PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    script = "import sys; from kiteticket.app import main; sys.exit(main(sys.argv[1:]))"
    command = [sys.executable, "-c", script, "--paper", "--paper-db", ":memory:", "--home", str(tmp_path)]
    log = AppPaths.resolve(tmp_path).log_dir / LOG_FILE
    with subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as app:
        try:
            assert _wait_for(log, "window open", app, START_SECONDS), "the window did not open"
            app.send_signal(signal.SIGINT)
            _out, errors = app.communicate(timeout=60)
        finally:
            if app.poll() is None:
                app.kill()
    assert app.returncode == 0
    assert "KeyboardInterrupt" not in errors
    assert "kiteticket stopped" in log.read_text(encoding="utf-8")
