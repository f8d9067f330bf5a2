"""The whole app on its paper exchange, as tests/ui/app builds it (the same fixtures), with the offscreen platform's
warnings allowed: it cannot pass size hints to a window system, raise a window or grab the mouse, which a real
display does (the chart's tab and the mutual funds window ask for all three)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.app.conftest import answers, paper_app

__all__ = ["answers", "paper_app"]

HERE = Path(__file__).parent
OFFSCREEN_NOISE = pytest.mark.qt_log_ignore(
    r"This plugin does not support propagateSizeHints\(\)", "does not support raise", "does not support grabbing"
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(OFFSCREEN_NOISE)
