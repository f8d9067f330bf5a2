"""The whole app on its paper exchange (the fixtures of tests/ui/app), for the tests of this feature."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.app.conftest import OFFSCREEN_NOISE, answers, paper_app

__all__ = ["answers", "paper_app"]

HERE = Path(__file__).parent
# The bulk and basket dialogs are shown on the offscreen platform, which cannot raise or grab windows either.
DIALOG_NOISE = pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(OFFSCREEN_NOISE)
            item.add_marker(DIALOG_NOISE)
