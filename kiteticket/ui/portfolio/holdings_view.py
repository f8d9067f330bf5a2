"""The holdings table, with Exit and Add turning a holding into a prefilled CNC ticket request; nothing is sent here
(``holding_actions``: Exit sells all that is sellable at MARKET, Add buys one at LIMIT on the last price). Keys on
the table: E exit, A add; the context menu and the panel's buttons carry the same actions."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from kiteticket.domain.holding import Holding
from kiteticket.domain.holding_actions import add_to_holding, exit_holding, holding_actions
from kiteticket.ui.keyed_model import KeyedTableModel
from kiteticket.ui.portfolio.row_actions import MenuEntry, RowActionsTable

TickLookup = Callable[[str], Decimal | None]  # "NSE:INFY" -> tick size, when the instrument is known


class HoldingsView(RowActionsTable):
    """Signals:
    exit_requested(OrderRequest): a ticket request that sells the current holding.
    add_requested(OrderRequest): a ticket request that buys more of it.
    gtt_requested(Holding): a GTT (stop-loss and target) that sells what of the current holding is sellable.
    """

    exit_requested = Signal(object)
    add_requested = Signal(object)
    gtt_requested = Signal(object)

    def __init__(
        self, model: KeyedTableModel[Holding], tick_size: TickLookup | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("Holdings")
        self._tick_size = tick_size
        self.exit_action = QAction("Exit", self)
        self.exit_action.setObjectName("exit_holding")
        self.exit_action.triggered.connect(self._on_exit_action_triggered)
        self.add_action = QAction("Add", self)
        self.add_action.setObjectName("add_to_holding")
        self.add_action.triggered.connect(self._on_add_action_triggered)
        self.bind_key(Qt.Key.Key_E, self.exit_action)
        self.bind_key(Qt.Key.Key_A, self.add_action)
        self.gtt_action = QAction("GTT (stop-loss and target)…", self)
        self.gtt_action.setObjectName("gtt_for_holding")
        self.gtt_action.triggered.connect(self._on_gtt_action_triggered)
        self.show_keyed(model)

    def current_holding(self) -> Holding | None:
        holding = self.current_row()
        return holding if isinstance(holding, Holding) else None

    def menu_entries(self) -> tuple[MenuEntry, ...]:
        return (self.exit_action, self.add_action, None, self.gtt_action)

    @Slot()
    def _on_exit_action_triggered(self) -> None:
        holding = self.current_holding()
        request = exit_holding(holding) if holding is not None else None
        if request is not None:
            self.exit_requested.emit(request)

    @Slot()
    def _on_add_action_triggered(self) -> None:
        holding = self.current_holding()
        if holding is None:
            return
        request = add_to_holding(holding, self._tick_size(holding.key) if self._tick_size else None)
        if request is not None:
            self.add_requested.emit(request)

    @Slot()
    def _on_gtt_action_triggered(self) -> None:
        holding = self.current_holding()
        if holding is not None and not holding_actions(holding).exit_reason:
            self.gtt_requested.emit(holding)

    def _refresh_actions(self) -> None:
        holding = self.current_holding()
        if holding is None:
            for action in (self.exit_action, self.add_action, self.gtt_action):
                action.setEnabled(False)
                action.setToolTip("Select a holding first.")
            return
        allowed = holding_actions(holding)
        for action, reason, tip in (
            (self.exit_action, allowed.exit_reason, f"Prefill the ticket to sell all {holding.sellable} (CNC)."),
            (self.add_action, allowed.add_reason, "Prefill the ticket to buy more (CNC) at the last price."),
            (self.gtt_action, allowed.exit_reason, f"A GTT OCO that sells the {holding.sellable} sellable."),
        ):
            action.setEnabled(not reason)
            action.setToolTip(reason or tip)
