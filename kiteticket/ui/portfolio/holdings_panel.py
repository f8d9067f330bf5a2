"""The Holdings tab: the holdings table, Exit and Add buttons, and the totals Kite web shows above its holdings
(invested, current value, P&L and the day's change), ticking with the rows."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from kiteticket.domain.money import format_inr
from kiteticket.ui.portfolio.holdings_model import HoldingsModel
from kiteticket.ui.portfolio.holdings_view import HoldingsView
from kiteticket.ui.portfolio.totals_bar import TotalsBar


class HoldingsPanel(QWidget):
    """Signals: none (the view's own for Exit and Add)."""

    def __init__(self, view: HoldingsView, model: HoldingsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("holdings_panel")
        self.view = view
        self._model = model
        self.totals = TotalsBar("holdings_totals")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(view, 1)
        bar = QHBoxLayout()
        bar.addWidget(self.totals, 1)
        for action in (view.exit_action, view.add_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setObjectName(f"{action.objectName()}_button")
            bar.addWidget(button)
        layout.addLayout(bar)
        for signal in (model.dataChanged, model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self._on_model_changed)
        self._on_model_changed()

    @Slot()
    def _on_model_changed(self) -> None:
        if not self._model.rowCount():
            self.totals.show_text("No holdings")
            return
        totals = self._model.totals()
        self.totals.show_figures(
            [
                ("Invested", totals.invested, False, ""),
                ("Current", totals.current_value, False, ""),
                ("P&L", totals.pnl, True, f"({format_inr(totals.pnl_percent, symbol=False, signed=True)}%)"),
                (
                    "Day",
                    totals.day_change,
                    True,
                    f"({format_inr(totals.day_change_percent, symbol=False, signed=True)}%)",
                ),
            ]
        )
