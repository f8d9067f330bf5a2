"""One order's story: each status it went through (``GET /orders/:id``) and its fills (``/orders/:id/trades``).

The dialog is non-modal and fetches nothing: the app opens it at once, runs both calls in the background and hands
the replies to ``set_history`` / ``set_trades`` (or the error to ``set_failed``) on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QDialog, QLabel, QTableView, QVBoxLayout, QWidget

from kiteticket.domain.money import format_inr, money_cell
from kiteticket.domain.order_row import OrderRow
from kiteticket.domain.portfolio_rows import Trade
from kiteticket.ui.keyed_model import RIGHT, Column, KeyedTableModel
from kiteticket.ui.portfolio.trades_model import trade_key

Raw = Mapping[str, Any]
Step = tuple[int, Raw]  # (position in the history, the snapshot): a history has no key of its own

PROBLEM = "#c62828"
_STATUS_COLOURS = {"COMPLETE": QColor("#2e7d32"), "REJECTED": QColor(PROBLEM), "CANCELLED": QColor("#757575")}


def _step_time(step: Step) -> str:
    raw = step[1]
    stamp = str(raw.get("exchange_update_timestamp") or raw.get("order_timestamp") or "")
    return stamp[11:] if len(stamp) == 19 else stamp


def _filled(step: Step) -> str:
    raw = step[1]
    return f"{raw.get('filled_quantity') or 0} / {raw.get('pending_quantity') or 0}"


HISTORY_COLUMNS: tuple[Column[Step], ...] = (
    Column("time", "Time", _step_time),
    Column(
        "status", "Status", lambda s: str(s[1].get("status") or ""),
        foreground=lambda s: _STATUS_COLOURS.get(str(s[1].get("status"))),
    ),
    Column("filled", "Filled / pending", _filled, RIGHT),
    Column("price", "Price", lambda s: money_cell(s[1].get("price")), RIGHT),
    Column("trigger", "Trigger", lambda s: money_cell(s[1].get("trigger_price")), RIGHT),
    Column(
        "message", "Message", lambda s: str(s[1].get("status_message") or ""),
        tooltip=lambda s: s[1].get("status_message_raw") or s[1].get("status_message"),
    ),
)  # fmt: skip

TRADE_COLUMNS: tuple[Column[Trade], ...] = (
    Column("trade_id", "Trade ID", trade_key),
    Column("time", "Time", lambda t: t.time),
    Column("quantity", "Qty", lambda t: format_inr(t.quantity, places=0, symbol=False), RIGHT),
    Column("price", "Price", lambda t: money_cell(t.average_price), RIGHT),
)


# Pixels at the default font; the last column (message, price) takes what is left.
_WIDTHS = {"time": 70, "status": 200, "filled": 110, "price": 80, "trigger": 80, "trade_id": 140, "quantity": 70}


def _table(name: str, model: KeyedTableModel[Any]) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.horizontalHeader().setStretchLastSection(True)
    for section, column in enumerate(model.columns):
        table.setColumnWidth(section, _WIDTHS.get(column.key, 90))
    return table


class OrderHistoryDialog(QDialog):
    """Timeline and trades of one order; deletes itself when closed. Signals: QDialog's own."""

    def __init__(self, order: OrderRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("OrderHistoryDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setModal(False)
        self.setWindowTitle(f"Order {order.order_id} · {order.tradingsymbol}")
        self.order_id = order.order_id
        self.history_model: KeyedTableModel[Step] = KeyedTableModel(HISTORY_COLUMNS, lambda step: step[0], self)
        self.trades_model: KeyedTableModel[Trade] = KeyedTableModel(TRADE_COLUMNS, trade_key, self)
        summary = QLabel(
            f"<b>{order.transaction_type} {order.quantity} {order.tradingsymbol}</b> · {order.exchange} · "
            f"{order.variety} · {order.product} · {order.order_type} · order {order.order_id}"
        )
        summary.setObjectName("summary")
        self.rejection = self._label("rejection", f"color: {PROBLEM}; font-weight: 600; font-size: 14px;")
        self.status = self._label("status", "")
        self.status.setText("Loading…")
        self.status.setVisible(True)
        self.no_trades = self._label("no_trades", "")
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.rejection)
        layout.addWidget(self.status)
        layout.addWidget(QLabel("Status changes, oldest first"))
        self._history_table = _table("history", self.history_model)
        layout.addWidget(self._history_table, 3)
        layout.addWidget(QLabel("Trades"))
        layout.addWidget(self.no_trades)
        layout.addWidget(_table("trades", self.trades_model), 1)
        self.resize(760, 460)

    @staticmethod
    def _label(name: str, style: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setStyleSheet(style)
        label.setVisible(False)
        return label

    def set_history(self, rows: list[dict[str, Any]]) -> None:
        """Kite's order_history reply: one snapshot per status change, oldest first (facts §2)."""
        self.history_model.apply(list(enumerate(rows)))
        self._history_table.scrollToBottom()  # the current state is the last row
        self.status.setVisible(False)
        last = rows[-1] if rows else {}
        rejected = last.get("status") == "REJECTED"
        reason = last.get("status_message") or "Kite gave no reason."
        self.rejection.setText(f"Rejected: {reason}" if rejected else "")
        self.rejection.setToolTip(str(last.get("status_message_raw") or "") if rejected else "")
        self.rejection.setVisible(rejected)

    def set_trades(self, rows: list[Trade]) -> None:
        self.trades_model.apply(rows)
        self.no_trades.setText("" if rows else "No trades: nothing of this order has been filled.")
        self.no_trades.setVisible(not rows)

    def set_failed(self, message: str) -> None:
        """Loading failed; whatever was shown stays, with the reason above it."""
        self.status.setText(f"Could not load the history: {message}")
        self.status.setStyleSheet(f"color: {PROBLEM};")
        self.status.setVisible(True)
