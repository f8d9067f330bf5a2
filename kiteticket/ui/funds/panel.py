"""The funds strip above the account tabs: per segment, what is available for new orders, what is used, and the
total, as Kite web's Funds page heads them. Compact (a line per segment) so that it stays in view beside the ticket
whichever tab is shown; a failed refresh keeps the last figures and says so in red."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from kiteticket.domain.funds import Funds
from kiteticket.domain.money import format_inr

FIGURES = ("available", "used", "total")
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class FundsPanel(QWidget):
    """Signals: none. ``show_funds`` after each read; ``show_problem`` when a read failed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("funds_panel")
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(4, 0, 4, 2)
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(0)
        self._cells: dict[tuple[str, str], QLabel] = {}
        self.problem = QLabel("Funds: loading…")
        self.problem.setObjectName("funds_problem")
        self._grid.addWidget(self.problem, 0, 0, 1, 7)
        self.funds: Funds | None = None

    def show_funds(self, funds: Funds) -> None:
        self.funds = funds
        self.problem.hide()
        self.setToolTip("")
        for row, segment in enumerate(funds.segments, start=1):
            self._cell(row, 0, segment.segment, "title").setText(f"<b>{segment.title}</b>")
            for column, (figure, amount) in enumerate(
                (("available", segment.available), ("used", segment.used), ("total", segment.total))
            ):
                self._cell(row, 1 + 2 * column, segment.segment, f"{figure}_label").setText(figure.capitalize())
                value = self._cell(row, 2 + 2 * column, segment.segment, figure, RIGHT)
                value.setText(format_inr(amount))
                value.setStyleSheet("font-weight:bold;" if figure == "available" else "")

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setStyleSheet("color:#c62828;")
        self.problem.show()
        self.setToolTip(text)

    def figure(self, segment: str, figure: str) -> str:
        """The text shown for one figure ("equity", "available"): for tests and the screenshot script."""
        label = self._cells.get((segment, figure))
        return label.text() if label is not None else ""

    def _cell(
        self, row: int, column: int, segment: str, name: str, alignment: Qt.AlignmentFlag | None = None
    ) -> QLabel:
        label = self._cells.get((segment, name))
        if label is None:
            label = QLabel()
            label.setObjectName(f"funds_{segment}_{name}")
            if alignment is not None:
                label.setAlignment(alignment)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._grid.addWidget(label, row, column)
            self._cells[(segment, name)] = label
        return label
