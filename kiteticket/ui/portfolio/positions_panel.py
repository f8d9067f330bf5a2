"""The Positions tab: the positions table above the day's total P&L, as Kite shows it under its positions.

The total is a line of its own so that it stays in sight however narrow the panel beside the ticket is.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiteticket.domain.money import format_inr
from kiteticket.ui.portfolio.positions_model import LOSS, PROFIT, PositionsModel
from kiteticket.ui.portfolio.positions_view import PositionsView


class PositionsPanel(QWidget):
    """The table and its total; both follow the model. Signals: none (the view's own for Exit and Add)."""

    def __init__(self, view: PositionsView, model: PositionsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("positions_panel")
        self._model = model
        self.total = QLabel()
        self.total.setObjectName("positions_pnl")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(view, 1)
        layout.addWidget(self.total)
        for signal in (model.dataChanged, model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self._on_model_changed)
        self._on_model_changed()

    @Slot()
    def _on_model_changed(self) -> None:
        pnl = self._model.total_pnl()
        colour = PROFIT if pnl > 0 else LOSS if pnl < 0 else None
        style = f"color:{colour.name()};" if colour is not None else ""
        self.total.setStyleSheet(f"font-weight:bold; padding:2px 4px; {style}")
        self.total.setText(f"Total P&L {format_inr(pnl, signed=True)}" if self._model.rowCount() else "No positions")
