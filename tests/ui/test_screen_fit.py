"""The window fits a laptop screen: on a fresh profile at 1366×768 and 1280×720, and after View ▸ Restore default
layout once oversized, its frame lies inside the screen's available geometry, and the ticket, the order book with
its filter, the status bar, the positions' total P&L and their columns up to the P&L are shown whole.

Qt's offscreen platform takes its screen from a JSON file named in QT_QPA_PLATFORM, which is read when the
QApplication is made; so each size runs the real window in a subprocess (tests/ui/window_script.py --report).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("window_script.py")
REPO = Path(__file__).resolve().parents[2]


def run_window(tmp_path: Path, width: int, height: int, *extra: str) -> dict[str, object]:
    config = tmp_path / "screen.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height, "dpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    environment = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--demo", "--report", *extra, "--out", str(tmp_path / "window.png")],
        env=environment,
        capture_output=True,
        text=True,
        timeout=100,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("report="))
    report: dict[str, object] = json.loads(line.removeprefix("report="))
    return report


def inside(inner: list[int], outer: list[int]) -> bool:
    x, y, width, height = inner
    left, top, outer_width, outer_height = outer
    return x >= left and y >= top and x + width <= left + outer_width and y + height <= top + outer_height


@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    ("width", "height", "how"),
    [(1366, 768, "fresh profile"), (1280, 720, "fresh profile"), (1366, 768, "restore default layout")],
)
def test_the_window_fits_the_screen(tmp_path: Path, width: int, height: int, how: str) -> None:
    extra = ("--restore-default",) if how == "restore default layout" else ()
    report = run_window(tmp_path, width, height, *extra)
    assert report["available"] == [0, 0, width, height]
    assert inside(report["frame"], report["available"]), report  # type: ignore[arg-type]
    parts = report["parts"]
    assert isinstance(parts, dict)
    hidden = [name for name, whole in parts.items() if not whole]
    assert not hidden, f"not shown whole at {width}×{height}: {hidden}"
    positions = report["positions_columns"]
    assert isinstance(positions, dict)
    # The columns up to the P&L are readable without scrolling; the rest (prices, product, day's quantities) may
    # need the scroll bar on a 1280-pixel screen.
    assert list(positions)[:3] == ["Instrument", "Qty", "P&L"]
    cut = [name for name in ("Instrument", "Qty", "P&L") if not positions[name]]
    assert not cut, f"Positions columns cut off at {width}×{height}: {cut}"
