"""Without a display, ``kiteticket`` says so in one line and exits non-zero, before Qt can abort the process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiteticket.app import NO_DISPLAY, display_problem

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("environ", "platform", "problem"),
    [
        ({}, "linux", NO_DISPLAY),
        ({"DISPLAY": ":0"}, "linux", None),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", None),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", None),
        ({"DISPLAY": ""}, "linux", NO_DISPLAY),
        ({}, "win32", None),
        ({}, "darwin", None),
    ],
)
def test_a_display_is_needed_only_on_linux(environ: dict[str, str], platform: str, problem: str | None) -> None:
    assert display_problem(environ, platform) == problem


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is for Linux")
def test_kiteticket_without_a_display_says_so_in_one_line(tmp_path: Path) -> None:
    hidden = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    environment = {k: v for k, v in os.environ.items() if k not in hidden} | {"PYTHONPATH": str(REPO)}
    script = "import sys; from kiteticket.app import main; sys.exit(main(sys.argv[1:]))"
    result = subprocess.run(
        [sys.executable, "-c", script, "--paper", "--paper-db", ":memory:", "--home", str(tmp_path)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["kiteticket: no display: set DISPLAY or QT_QPA_PLATFORM=offscreen"]
    assert result.stdout == ""
