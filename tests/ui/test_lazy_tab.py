"""The chart's tab is built when it is first shown, so start-up does not import its plotting library."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtWidgets import QLabel, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from kiteticket.ui.lazy_tab import LazyTab


def test_the_content_is_built_once_when_the_tab_is_first_shown(qtbot: QtBot) -> None:
    built: list[QWidget] = []

    def build() -> QWidget:
        built.append(QLabel("chart"))
        return built[-1]

    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QWidget(), "Positions")
    lazy = LazyTab(build)
    tabs.addTab(lazy, "Chart")
    tabs.show()
    qtbot.waitExposed(tabs)
    assert built == []
    assert lazy.content is None

    tabs.setCurrentWidget(lazy)
    tabs.setCurrentIndex(0)
    tabs.setCurrentWidget(lazy)

    assert len(built) == 1
    assert lazy.content is built[0]
    assert built[0].parentWidget() is lazy


def test_starting_the_app_does_not_import_the_plotting_library() -> None:
    probe = "import sys, kiteticket.app; print('pyqtgraph' in sys.modules, 'numpy' in sys.modules)"
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60)
    assert shown.stdout.split() == ["False", "False"]
