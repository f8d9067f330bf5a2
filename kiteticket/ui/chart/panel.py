"""The chart's place in the window: its tab beside the ticket, or a window of its own.

Beside the ticket on a 1366×768 screen the tab is about 330 pixels wide, enough to follow the price but not to read
a day of candles. The chart's pop-out button moves the same chart (the same view, with its candles, lines and live
ticks) into a window that can be made as large as the screen or put on another one; closing that window puts it
back in its tab.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from kiteticket.ui.chart.view import ChartView

WINDOW_SIZE = (960, 560)  # inside 1366×768 with room for a frame and a taskbar


class ChartWindow(QWidget):
    """The chart on its own. Signals: none; closing it hands the chart back to its panel."""

    def __init__(self, panel: ChartPanel) -> None:
        super().__init__(panel, Qt.WindowType.Window)
        self.setObjectName("chart_window")
        self.setWindowTitle("Chart")
        self._panel = panel
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.resize(*WINDOW_SIZE)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._panel.dock()
        super().closeEvent(event)


class ChartPanel(QWidget):
    """The Chart tab. Signals: none of its own."""

    def __init__(self, view: ChartView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chart_panel")
        self.view = view
        self.away = QWidget()
        note = QLabel("The chart is in a window of its own.")
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        back = QPushButton("Bring it back here")
        back.setObjectName("chart_dock")
        back.clicked.connect(self.dock)
        away = QVBoxLayout(self.away)
        away.addStretch(1)
        away.addWidget(note)
        away.addWidget(back, 0, Qt.AlignmentFlag.AlignHCenter)
        away.addStretch(1)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(view)
        self._layout.addWidget(self.away)
        self.away.hide()
        self.window_ = ChartWindow(self)
        view.pop_out_requested.connect(self._on_view_pop_out_requested)

    @property
    def popped_out(self) -> bool:
        return self.view.parentWidget() is self.window_

    @Slot()
    def _on_view_pop_out_requested(self) -> None:
        if self.popped_out:
            self.dock()
            return
        self.window_.setWindowTitle(f"Chart: {self.view.title.toolTip() or 'no instrument'}")
        self.window_.box.addWidget(self.view)
        self.away.show()
        self.window_.show()
        self.window_.raise_()
        self.view.set_popped_out(True)

    @Slot()
    def dock(self) -> None:
        """The chart back in its tab (from the button here, or when its window closes)."""
        if not self.popped_out:
            return
        self._layout.insertWidget(0, self.view)
        self.view.show()
        self.away.hide()
        self.window_.hide()
        self.view.set_popped_out(False)
