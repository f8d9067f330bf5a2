"""The Positions tab: the positions table above its totals (realised, unrealised, M2M and P&L, as Kite's positions
footer shows them), ticking with the rows, and a Convert button (Exit and Add are in the table's context menu and
keys; three buttons beside the totals made the panel too wide for the window to fit a 1280-pixel screen).

The totals are a line of their own so that they stay in sight however narrow the panel beside the ticket is.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from kiteticket.ui.portfolio.positions_model import PositionsModel
from kiteticket.ui.portfolio.positions_view import PositionsView
from kiteticket.ui.portfolio.totals_bar import TotalsBar


class PositionsPanel(QWidget):
    """The table, its actions and its totals; all follow the model. Signals: none (the view's own)."""

    def __init__(self, view: PositionsView, model: PositionsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("positions_panel")
        self._model = model
        self.total = TotalsBar("positions_pnl")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(view, 1)
        bar = QHBoxLayout()
        bar.addWidget(self.total, 1)
        button = QToolButton()
        button.setDefaultAction(view.convert_action)
        button.setObjectName("convert_position_button")
        bar.addWidget(button)
        layout.addLayout(bar)
        for signal in (model.dataChanged, model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self._on_model_changed)
        self._on_model_changed()

    @Slot()
    def _on_model_changed(self) -> None:
        if not self._model.rowCount():
            self.total.show_text("No positions")
            return
        totals = self._model.totals()
        self.total.show_figures(
            [
                ("Realised", totals.realised, True, ""),
                ("Unrealised", totals.unrealised, True, ""),
                ("M2M", totals.m2m, True, ""),
                ("Total P&L", totals.pnl, True, ""),
            ]
        )
