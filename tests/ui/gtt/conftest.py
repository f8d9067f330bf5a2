"""The whole app on its paper exchange (tests/ui/app's fixtures), for the GTT tests that drive the window."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.app.conftest import OFFSCREEN_NOISE, answers, paper_app

__all__ = ["answers", "paper_app"]

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(OFFSCREEN_NOISE)
