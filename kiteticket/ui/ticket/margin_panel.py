"""Required margin and charges for the order as it stands, as Kite shows them under its order window."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from kiteticket.domain.margin import Charges, MarginEstimate
from kiteticket.domain.money import format_inr
from kiteticket.ui.ticket.style import MUTED_COLOUR, PROBLEM_COLOUR

_BLANK = "–"


def charges_breakdown(charges: Charges) -> str:
    rows = (("Brokerage", charges.brokerage), ("STT/CTT", charges.transaction_tax),
            ("Exchange turnover", charges.exchange_turnover), ("SEBI turnover", charges.sebi_turnover),
            ("Stamp duty", charges.stamp_duty), ("GST", charges.gst), ("Total", charges.total))  # fmt: skip
    return "\n".join(f"{name}: {format_inr(value)}" for name, value in rows)


class MarginPanel(QWidget):
    """One line: "Margin ₹1,60,125.00   Charges ₹23.40", the charges' breakdown in their tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.required = QLabel(_BLANK)
        self.required.setObjectName("margin_required")
        self.charges = QLabel(_BLANK)
        self.charges.setObjectName("margin_charges")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for caption, value in (("Margin", self.required), ("Charges", self.charges)):
            label = QLabel(caption)
            label.setProperty("role", "caption")
            layout.addWidget(label)
            layout.addWidget(value)
            layout.addSpacing(10)
        layout.addStretch(1)

    def clear(self) -> None:
        self._show(_BLANK, _BLANK, "")

    def set_pending(self) -> None:
        """The order changed: the figures shown are for the previous order until the new estimate arrives."""
        self.required.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.charges.setStyleSheet(f"color: {MUTED_COLOUR};")

    def set_estimate(self, estimate: MarginEstimate) -> None:
        breakdown = charges_breakdown(estimate.charges)
        self._show(format_inr(estimate.required), format_inr(estimate.charges.total), breakdown)

    def set_failed(self, message: str) -> None:
        self._show("unavailable", _BLANK, message)
        self.required.setStyleSheet(f"color: {PROBLEM_COLOUR};")

    def _show(self, required: str, charges: str, tooltip: str) -> None:
        self.required.setText(required)
        self.charges.setText(charges)
        self.required.setToolTip(tooltip)
        self.charges.setToolTip(tooltip)
        self.required.setStyleSheet("")
        self.charges.setStyleSheet("")
