"""The positions table, with Exit and Add turning a position into a prefilled ticket request; nothing is sent here.

Exit is the opposite side for the open quantity at MARKET with Auto protection; Add is the same side at LIMIT on
the last price (``order_conversion.exit_position`` / ``add_to_position``). The app puts the request into the
ticket, where the user reviews and sends it as any other order. Convert asks for a product conversion (MIS ↔
CNC/NRML, ``position_conversion``), which the app confirms and sends; GTT asks for an OCO that exits a CNC or NRML
position. Which of them a row offers is ``position_actions``' rule. Keys on the table: E exit, A add, C convert.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from kiteticket.domain.portfolio_rows import Position
from kiteticket.domain.position_actions import add_to_position, exit_position, position_actions
from kiteticket.domain.position_conversion import conversion_for, conversion_targets
from kiteticket.ui.keyed_model import KeyedTableModel
from kiteticket.ui.portfolio.row_actions import MenuEntry, RowActionsTable

TickLookup = Callable[[str], Decimal | None]  # "NSE:INFY" -> tick size, when the instrument is known


class PositionsView(RowActionsTable):
    """Net positions. ``exit_action`` and ``add_action`` follow the current row; put them on buttons with
    ``QToolButton.setDefaultAction``; the context menu shows them too.

    Signals:
        exit_requested(OrderRequest): a ticket request that squares the current position off.
        add_requested(OrderRequest): a ticket request that adds to the current position.
        convert_requested(Position, PositionConversion): convert the current position to its other product.
        gtt_requested(Position): a GTT (stop-loss and target) that exits the current position.
    """

    exit_requested = Signal(object)
    add_requested = Signal(object)
    convert_requested = Signal(object, object)
    gtt_requested = Signal(object)

    def __init__(
        self,
        model: KeyedTableModel[Position] | None = None,
        tick_size: TickLookup | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("Positions")
        self._tick_size = tick_size
        self.exit_action = QAction("Exit", self)
        self.exit_action.setObjectName("exit_position")
        self.exit_action.triggered.connect(self._on_exit_action_triggered)
        self.add_action = QAction("Add", self)
        self.add_action.setObjectName("add_to_position")
        self.add_action.triggered.connect(self._on_add_action_triggered)
        self.convert_action = QAction("Convert…", self)
        self.convert_action.setObjectName("convert_position")
        self.convert_action.setIconText("Convert")  # a button's word: its text names the product and can be long
        self.convert_action.triggered.connect(self._on_convert_action_triggered)
        for key, action in ((Qt.Key.Key_E, self.exit_action), (Qt.Key.Key_A, self.add_action)):
            self.bind_key(key, action)
        self.bind_key(Qt.Key.Key_C, self.convert_action)
        self.gtt_action = QAction("GTT (stop-loss and target)…", self)
        self.gtt_action.setObjectName("gtt_for_position")
        self.gtt_action.triggered.connect(self._on_gtt_action_triggered)
        self._refresh_actions()
        if model is not None:
            self.show_keyed(model)

    # -- our API ----------------------------------------------------------------------------------------------
    def current_position(self) -> Position | None:
        position = self.current_row()
        return position if isinstance(position, Position) else None

    def menu_entries(self) -> tuple[MenuEntry, ...]:
        return (self.exit_action, self.add_action, None, self.convert_action, self.gtt_action)

    # -- slots ------------------------------------------------------------------------------------------------
    @Slot()
    def _on_exit_action_triggered(self) -> None:
        position = self.current_position()
        request = exit_position(position) if position is not None else None
        if request is not None:
            self.exit_requested.emit(request)

    @Slot()
    def _on_add_action_triggered(self) -> None:
        position = self.current_position()
        if position is None:
            return
        tick = self._tick_size(position.instrument_key) if self._tick_size else None
        request = add_to_position(position, tick)
        if request is not None:
            self.add_requested.emit(request)

    @Slot()
    def _on_convert_action_triggered(self) -> None:
        position = self.current_position()
        targets = conversion_targets(position) if position is not None else ()
        conversion = conversion_for(position, targets[0]) if position is not None and targets else None
        if conversion is not None:
            self.convert_requested.emit(position, conversion)

    @Slot()
    def _on_gtt_action_triggered(self) -> None:
        position = self.current_position()
        if position is not None and position_actions(position).gtt.allowed:
            self.gtt_requested.emit(position)

    # -- helpers ----------------------------------------------------------------------------------------------
    def _refresh_actions(self) -> None:
        position = self.current_position()
        self._refresh_convert(position)
        if position is None:
            for action in (self.exit_action, self.add_action, self.gtt_action):
                action.setEnabled(False)
                action.setToolTip("Select a position first.")
            return
        allowed = position_actions(position)
        for action, availability, tip in (
            (self.exit_action, allowed.exit, "Prefill the ticket to square this position off at market."),
            (self.add_action, allowed.add, "Prefill the ticket to add to this position at the last price."),
            (self.gtt_action, allowed.gtt, "A GTT OCO that exits this position at a stop-loss or a target."),
        ):
            action.setEnabled(availability.allowed)
            action.setToolTip(tip if availability.allowed else availability.reason)

    def _refresh_convert(self, position: Position | None) -> None:
        targets = conversion_targets(position) if position is not None else ()
        self.convert_action.setEnabled(bool(targets))
        if targets and position is not None:
            self.convert_action.setText(f"Convert to {targets[0]}…")
            self.convert_action.setIconText("Convert")
            self.convert_action.setToolTip(f"Convert this {position.product} position to {targets[0]}.")
            return
        self.convert_action.setText("Convert…")
        self.convert_action.setIconText("Convert")
        blocked = position_actions(position).convert if position is not None else None
        if position is None:
            why = "Select a position first."
        elif blocked is not None and not blocked.allowed:
            why = blocked.reason
        else:
            why = "Only open MIS, CNC and NRML positions convert."
        self.convert_action.setToolTip(why)
