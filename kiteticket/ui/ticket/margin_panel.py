"""Required margin and charges for the order as it stands, as Kite shows them under its order window."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from kiteticket.domain.margin import Charges, MarginEstimate
from kiteticket.domain.margin_preview import MarginPreview
from kiteticket.domain.money import format_inr
from kiteticket.ui.ticket.style import MUTED_COLOUR, PROBLEM_COLOUR

_BLANK = "–"


def charges_breakdown(charges: Charges) -> str:
    rows = (("Brokerage", charges.brokerage), ("STT/CTT", charges.transaction_tax),
            ("Exchange turnover", charges.exchange_turnover), ("SEBI turnover", charges.sebi_turnover),
            ("Stamp duty", charges.stamp_duty), ("GST", charges.gst), ("Total", charges.total))  # fmt: skip
    return "\n".join(f"{name}: {format_inr(value)}" for name, value in rows)


class MarginPanel(QWidget):
    """One line: "Margin ₹1,60,125.00   Available ₹1,42,355.15   Charges ₹23.40   Short by ₹17,770.35", the
    charges' breakdown in their tooltip. The shortfall is said before sending, not learnt from a rejection."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.required = QLabel(_BLANK)
        self.required.setObjectName("margin_required")
        self.available = QLabel(_BLANK)
        self.available.setObjectName("margin_available")
        self.charges = QLabel(_BLANK)
        self.charges.setObjectName("margin_charges")
        self.shortfall = QLabel()
        self.shortfall.setObjectName("margin_shortfall")
        self.shortfall.setStyleSheet(f"color: {PROBLEM_COLOUR};")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for caption, value in (("Margin", self.required), ("Available", self.available), ("Charges", self.charges)):
            label = QLabel(caption)
            label.setProperty("role", "caption")
            layout.addWidget(label)
            layout.addWidget(value)
            layout.addSpacing(10)
        layout.addWidget(self.shortfall)
        layout.addStretch(1)

    def clear(self) -> None:
        self._show(_BLANK, _BLANK, "")
        self._show_funds(None)

    def set_pending(self) -> None:
        """The order changed: the figures shown are for the previous order until the new estimate arrives."""
        for label in (self.required, self.available, self.charges, self.shortfall):
            _colour(label, MUTED_COLOUR)

    def set_estimate(self, preview: MarginPreview | MarginEstimate) -> None:
        if isinstance(preview, MarginEstimate):
            preview = MarginPreview(preview)
        estimate = preview.estimate
        breakdown = charges_breakdown(estimate.charges)
        self._show(format_inr(estimate.required), format_inr(estimate.charges.total), breakdown)
        self._show_funds(preview)

    def set_failed(self, message: str) -> None:
        self._show("unavailable", _BLANK, message)
        self._show_funds(None)
        _colour(self.required, PROBLEM_COLOUR)

    def _show_funds(self, preview: MarginPreview | None) -> None:
        available = preview.available if preview is not None else None
        self.available.setText(_BLANK if available is None else format_inr(available))
        _colour(self.available, "")
        self.shortfall.setText(preview.shortfall_text() if preview is not None else "")
        _colour(self.shortfall, PROBLEM_COLOUR)

    def _show(self, required: str, charges: str, tooltip: str) -> None:
        self.required.setText(required)
        self.charges.setText(charges)
        for label in (self.required, self.charges):
            if label.toolTip() != tooltip:
                label.setToolTip(tooltip)
            _colour(label, "")


def _colour(label: QLabel, colour: str) -> None:
    """The label's text colour ("" for the default), set only when it changes: every edit of the order asks for
    the muted colour, and each setStyleSheet re-polishes the label under the ticket's style sheet (StyleChange,
    PaletteChange, a re-layout), about sixty a placement in the fault drill before this check."""
    sheet = f"color: {colour};" if colour else ""
    if label.styleSheet() != sheet:
        label.setStyleSheet(sheet)
