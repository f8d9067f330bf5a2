"""Settings → Precautions…: the limits behind the precaution questions, and the default market protection.

Zero switches a precaution off. The value limit is one per segment (a futures lot is worth far more than a typical
equity order). The distance defaults (Preferences) follow Kite's own warnings: 2% past the market for equity and
futures, 5% for options. Rupees are shown as everywhere else in the app, with lakh and crore grouping.
"""

from __future__ import annotations

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel, QSpinBox, QWidget

from kiteticket.domain.money import format_inr
from kiteticket.preferences import Preferences

MAX_QUANTITY = 10_000_000
MAX_VALUE = 2_000_000_000  # a QSpinBox holds a 32-bit int


class PrecautionSettingsDialog(QDialog):
    """Edits a copy of the preferences; ``preferences()`` is the edited copy. Tests replace ``edit``."""

    def __init__(self, preferences: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PrecautionSettings")
        self.setWindowTitle("Precautions")
        self._base = preferences
        self.max_quantity = GroupedSpinBox(preferences.max_order_quantity, MAX_QUANTITY, suffix=" units")
        self.max_value = rupees(preferences.max_order_value)
        self.max_value_fno = rupees(preferences.max_order_value_fno)
        self.max_value_currency = rupees(preferences.max_order_value_currency)
        self.max_value_commodity = rupees(preferences.max_order_value_commodity)
        self.far_percent = _percent(preferences.far_from_market_percent)
        self.far_percent_options = _percent(preferences.far_from_market_options_percent)
        self.market_protection = _spin(-1, 100, preferences.default_market_protection, "Auto (Kite decides)", " %")
        form = QFormLayout(self)
        form.addRow(QLabel("An order beyond any of these asks you to confirm it explicitly. 0 switches one off."))
        form.addRow("Maximum quantity per order", self.max_quantity)
        form.addRow("Maximum value per order: equity (NSE, BSE)", self.max_value)
        form.addRow("… F&O (NFO, BFO)", self.max_value_fno)
        form.addRow("… currency (CDS, BCD)", self.max_value_currency)
        form.addRow("… commodity (MCX)", self.max_value_commodity)
        form.addRow("Warn when a limit price trades through the market by", self.far_percent)
        form.addRow("… for options", self.far_percent_options)
        form.addRow("Default market protection", self.market_protection)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def preferences(self) -> Preferences:
        return self._base.changed(
            max_order_quantity=self.max_quantity.value(),
            max_order_value=self.max_value.value(),
            max_order_value_fno=self.max_value_fno.value(),
            max_order_value_currency=self.max_value_currency.value(),
            max_order_value_commodity=self.max_value_commodity.value(),
            far_from_market_percent=self.far_percent.value(),
            far_from_market_options_percent=self.far_percent_options.value(),
            default_market_protection=self.market_protection.value(),
        )

    @classmethod
    def edit(cls, parent: QWidget | None, preferences: Preferences) -> Preferences | None:
        """The edited preferences, or None when the user cancels."""
        dialog = cls(preferences, parent)
        return dialog.preferences() if dialog.exec() == QDialog.DialogCode.Accepted else None


class GroupedSpinBox(QSpinBox):
    """Whole numbers grouped as the rest of the app writes them (₹ 25,00,000; 1,00,000 units); "Off" at zero.
    Typed digits need no separators. Signals: QSpinBox's."""

    def __init__(self, value: int, maximum: int, *, prefix: str = "", suffix: str = "") -> None:
        super().__init__()
        self.setRange(0, maximum)
        self.setPrefix(prefix)
        self.setSuffix(suffix)
        self.setSpecialValueText("Off")
        self.setValue(value)

    def textFromValue(self, value: int) -> str:
        return format_inr(value, places=0, symbol=False)

    def valueFromText(self, text: str) -> int:
        digits = "".join(ch for ch in text if ch.isdigit())
        return int(digits) if digits else 0

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        body = text.removeprefix(self.prefix()).removesuffix(self.suffix()).replace(",", "").strip()
        if text == self.specialValueText() or (body.isdigit() and int(body) <= self.maximum()):
            return QValidator.State.Acceptable, text, pos
        return (QValidator.State.Intermediate if not body else QValidator.State.Invalid), text, pos


def rupees(value: int) -> GroupedSpinBox:
    spin = GroupedSpinBox(value, MAX_VALUE, prefix="₹ ")
    spin.setSingleStep(10_000)
    return spin


def _spin(low: int, high: int, value: int, special: str, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setSpecialValueText(special)
    spin.setSuffix(suffix)
    spin.setGroupSeparatorShown(True)
    return spin


def _percent(value: float) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0.0, 100.0)
    spin.setDecimals(1)
    spin.setSingleStep(0.5)
    spin.setValue(value)
    spin.setSpecialValueText("Off")
    spin.setSuffix(" %")
    return spin
