"""The funds strip above the account tabs: per segment, what is available for new orders, what is used, and the
total, as Kite web's Funds page heads them. A line per segment, so that it stays in view beside the ticket whichever
tab is shown; each line wraps between figures (never inside one) when the panel is narrow: side by side, or a figure
kept whole with its words, the strip made the window wider than a 1366-pixel screen. A failed refresh keeps the last
figures and says so in red."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from kiteticket.domain.funds import Funds, SegmentFunds
from kiteticket.domain.money import format_inr

PROBLEM = "#c62828"


class FundsPanel(QWidget):
    """Signals: none. ``show_funds`` after each read; ``show_problem`` when a read failed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("funds_panel")
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(4, 0, 4, 2)
        self._layout.setSpacing(0)
        self.problem = QLabel("Funds: loading…")
        self.problem.setObjectName("funds_problem")
        self.problem.setWordWrap(True)
        self._layout.addWidget(self.problem, 0, 0)
        self._lines: dict[str, QLabel] = {}
        self._figures: dict[tuple[str, str], str] = {}
        self.funds: Funds | None = None

    def show_funds(self, funds: Funds) -> None:
        self.funds = funds
        self.problem.hide()
        self.setToolTip("")
        for segment in funds.segments:
            self._line(segment.segment).setText(self._segment_text(segment))

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setStyleSheet(f"color:{PROBLEM};")
        self.problem.show()
        self.setToolTip(text)

    def figure(self, segment: str, figure: str) -> str:
        """The amount shown for one figure ("equity", "available"), for tests and the screenshot script."""
        return self._figures.get((segment, figure), "")

    def line_text(self, segment: str) -> str:
        label = self._lines.get(segment)
        return label.text() if label is not None else ""

    def _segment_text(self, segment: SegmentFunds) -> str:
        texts = {}
        for name, amount in (("available", segment.available), ("used", segment.used), ("total", segment.total)):
            texts[name] = self._figures[(segment.segment, name)] = format_inr(amount)
        return (
            f"<b>{html.escape(segment.title)}</b> <nobr><b>{texts['available']}</b> available</nobr> · "
            f"<nobr>used {texts['used']}</nobr> · <nobr>total {texts['total']}</nobr>"
        )

    def _line(self, segment: str) -> QLabel:
        label = self._lines.get(segment)
        if label is None:
            label = QLabel()
            label.setObjectName(f"funds_{segment}")
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self._layout.addWidget(label, 1 + len(self._lines), 0)
            self._lines[segment] = label
        return label
