"""A tab whose content is built the first time it comes into view.

For views that are costly to start and that a trader may never open in a session: the chart's plotting library
(pyqtgraph, with numpy) alone took 0.6 s of a start-up whose target is under 2 s.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyTab(QWidget):
    """Signals: none. ``content`` is None until the tab is first shown, then the widget ``build`` returned."""

    def __init__(self, build: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build: Callable[[], QWidget] | None = build
        self.content: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def showEvent(self, event: QShowEvent) -> None:
        build, self._build = self._build, None
        if build is not None:
            self.content = build()
            self._layout.addWidget(self.content)
        super().showEvent(event)
