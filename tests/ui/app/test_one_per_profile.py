"""One app per profile: a second ``kiteticket`` on the same data folder says so in one line and exits non-zero,
before it starts an exchange or opens the journal; a first instance killed with SIGKILL leaves no stale lock."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiteticket.app import EXIT_PROFILE_IN_USE
from kiteticket.logs import LOG_FILE
from kiteticket.profile_lock import LOCK_FILE, ProfileInUseError, ProfileLock
from tests.ui.app.helpers import WAIT_MS, PaperApp

STARTUP_MS = 30_000


def kiteticket(home: Path) -> list[str]:
    return [sys.executable, "-m", "kiteticket", "--paper", "--paper-db", ":memory:", "--home", str(home)]


def test_a_second_instance_on_the_same_profile_is_refused(paper_app: PaperApp, tmp_path: Path) -> None:
    second = subprocess.run(kiteticket(tmp_path), capture_output=True, text=True, timeout=60, check=False)

    assert second.returncode == EXIT_PROFILE_IN_USE
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1, second.stderr
    assert lines[0].startswith("kiteticket: kiteticket is already running on this profile")
    assert f"process {os.getpid()}" in lines[0]
    assert paper_app.shell.session.profile is not None, "the first instance is untouched"
    assert "not started: kiteticket is already running" in (tmp_path / "logs" / LOG_FILE).read_text(encoding="utf-8")


def test_closing_the_app_frees_its_profile(qtbot: QtBot, paper_app: PaperApp, tmp_path: Path) -> None:
    with pytest.raises(ProfileInUseError):
        ProfileLock.acquire(tmp_path / "data")
    paper_app.window.close()
    ProfileLock.acquire(tmp_path / "data").release()


def test_a_killed_instance_leaves_no_stale_lock(qtbot: QtBot, tmp_path: Path) -> None:
    first = subprocess.Popen(kiteticket(tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    lock_file = tmp_path / "data" / LOCK_FILE
    try:
        qtbot.waitUntil(
            lambda: lock_file.exists() and lock_file.read_text().strip() == str(first.pid), timeout=STARTUP_MS
        )
        with pytest.raises(ProfileInUseError, match=f"process {first.pid}"):
            ProfileLock.acquire(tmp_path / "data")
    finally:
        first.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no clean-up of its own
        first.wait(timeout=WAIT_MS / 1000)
    lock = ProfileLock.acquire(tmp_path / "data")
    assert lock.held
    lock.release()
