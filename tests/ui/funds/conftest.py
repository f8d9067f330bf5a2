"""The whole paper app for the account views' tests, as tests/ui/app builds it (same fixtures, same noise filter)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.app.conftest import OFFSCREEN_NOISE, answers, paper_app  # noqa: F401 - fixtures shared with tests/ui/app

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(OFFSCREEN_NOISE)
