"""The ticket's inputs, each named after the Kite parameter it sets, with its caption and its problem label.

Widget classes are chosen so that tests and scripts set every input through Qt's ordinary API: combo boxes carry
the domain's enums as item data (``setCurrentIndex(findData(OrderType.SL))``), numbers are spin boxes
(``setValue``), text is a QLineEdit (``setText``), BUY/SELL are two checkable buttons named ``buy`` and ``sell``
inside the container named ``transaction_type``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiteticket.domain import limits
from kiteticket.domain.enums import Exchange, TransactionType
from kiteticket.domain.fields import Field
from kiteticket.domain.order import AUTO_MARKET_PROTECTION
from kiteticket.domain.tags import PREFIX_MAX_LENGTH
from kiteticket.ui.ticket.feedback import ElidedLabel

# Far above any real order, so that the validator (not the spin box) is what refuses a number.
MAX_QUANTITY = 100_000_000
MAX_PRICE = 99_999_999.0
BLANK = "–"

CAPTIONS = {
    Field.TRADINGSYMBOL: "Instrument",
    Field.DISCLOSED_QUANTITY: "Disclosed qty",
    Field.ICEBERG_QUANTITY: "Leg quantity",
    Field.MARKET_PROTECTION: "Market protection",
    Field.VALIDITY_TTL: "Minutes",
    Field.TAG: "Tag prefix",
}

TOOLTIPS = {
    Field.MARKET_PROTECTION: (
        "Auto: Kite chooses how far from the last price a MARKET or SL-M order may fill.\n"
        "A percentage: the order fills at most this far from the last price; the rest is cancelled."
    ),
    Field.TAG: "Each order gets a unique tag that starts with these letters, to find it in the order book.",
    Field.ICEBERG_QUANTITY: "Worked out from the quantity and the number of legs.",
    Field.AUTOSLICE: "Let Kite split an order above the freeze quantity into several orders.",
}


class ProblemLabel(ElidedLabel):
    """A red one-line message under a field, in room kept for it whether or not there is a problem: a problem that
    appears or goes while the user types never moves the ticket, nor the order book below it. A message wider than
    the field ends in "…"; its tooltip, the summary by the send button and the send button's tooltip say it all."""

    def __init__(self, field: Field) -> None:
        super().__init__()
        self.setObjectName(f"{field.value}_problem")
        self.setProperty("role", "problem")
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self.setVisible(False)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)


if TYPE_CHECKING:
    _MixinBase = QWidget  # typed as the widget it is mixed into
else:
    _MixinBase = object  # at run time a plain class


class _WheelWithFocusOnly(_MixinBase):
    """The mouse wheel changes the widget (a value, a choice) only while it has the focus; over an unfocused one
    the turn goes on to the parent, which scrolls, instead of changing what the user is only scrolling past.

    An override of ``wheelEvent`` rather than an event filter: a Python filter is a call into Python, and a wait
    for the GIL, for every event of the widget (each paint, each enable and disable as the form locks), while
    Qt calls an override only for the wheel. StrongFocus, as Qt's default WheelFocus would give the widget the
    focus on the first turn of the wheel. A plain mixin put before the Qt class: a Python class with two Qt
    classes among its bases crashes shiboken."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # not accepted: Qt offers the turn to the parent next


class GuardedSpinBox(_WheelWithFocusOnly, QSpinBox):
    """A QSpinBox the mouse wheel changes only while it has the focus."""


class GuardedDoubleSpinBox(_WheelWithFocusOnly, QDoubleSpinBox):
    """A QDoubleSpinBox the mouse wheel changes only while it has the focus."""


class GuardedComboBox(_WheelWithFocusOnly, QComboBox):
    """A QComboBox the mouse wheel changes only while it has the focus."""


class ProtectionSpinBox(GuardedDoubleSpinBox):
    """Market protection: Auto (-1) or a percentage up to 100 with one decimal (1.5 means 1.5 %, as Kite reads
    it). Stepping skips the values from Auto up to 0, which would mean no protection at all."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(1)
        self.setRange(float(AUTO_MARKET_PROTECTION), limits.MARKET_PROTECTION_MAX)
        self.setSingleStep(1.0)
        self.setSpecialValueText("Auto")
        self.setSuffix(" %")
        self.setValue(AUTO_MARKET_PROTECTION)

    def setValue(self, value: float | Decimal) -> None:  # the domain's values are Decimals
        super().setValue(float(value))

    def protection(self) -> Decimal:
        """The value as the domain takes it: -1 for Auto, else the percentage as shown ("10", not "1E+1")."""
        shown = Decimal(f"{self.value():.{self.decimals()}f}")
        return shown.to_integral_value() if shown == shown.to_integral_value() else shown

    def stepBy(self, steps: int) -> None:
        value = self.value() + steps * self.singleStep()
        if AUTO_MARKET_PROTECTION < value <= 0:
            value = self.singleStep() if steps > 0 else float(AUTO_MARKET_PROTECTION)
        self.setValue(value)


def _spin(name: str, maximum: int) -> QSpinBox:
    spin = GuardedSpinBox()
    spin.setObjectName(name)
    spin.setRange(0, maximum)
    spin.setSpecialValueText(BLANK)
    spin.setAccelerated(True)
    return spin


def _price(name: str) -> QDoubleSpinBox:
    spin = GuardedDoubleSpinBox()
    spin.setObjectName(name)
    spin.setRange(0.0, MAX_PRICE)
    spin.setDecimals(2)
    spin.setSingleStep(0.05)
    spin.setSpecialValueText(BLANK)
    spin.setAccelerated(True)
    return spin


def _combo(name: str) -> QComboBox:
    combo = GuardedComboBox()
    combo.setObjectName(name)
    return combo


def _line(name: str, placeholder: str) -> QLineEdit:
    line = QLineEdit()
    line.setObjectName(name)
    line.setPlaceholderText(placeholder)
    return line


class SideToggle(QWidget):
    """BUY | SELL, two checkable buttons of which exactly one is down; the container is ``transaction_type``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(Field.TRANSACTION_TYPE.value)
        self.group = QButtonGroup(self)
        self.buttons: dict[TransactionType, QPushButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for side in TransactionType:
            button = QPushButton(side.value)
            button.setObjectName(side.value.lower())
            button.setCheckable(True)
            self.group.addButton(button)
            layout.addWidget(button)
            self.buttons[side] = button
        self.buttons[TransactionType.BUY].setChecked(True)

    def side(self) -> TransactionType:
        return TransactionType.SELL if self.buttons[TransactionType.SELL].isChecked() else TransactionType.BUY

    def set_side(self, side: TransactionType) -> None:
        self.buttons[side].setChecked(True)


class TicketInputs:
    """Every input of the ticket, and per field its caption, hint and problem label."""

    def __init__(self) -> None:
        self.side = SideToggle()
        self.exchange = _combo(Field.EXCHANGE.value)
        for exchange in Exchange:
            self.exchange.addItem(exchange.value, exchange)
        self.tradingsymbol = _line(Field.TRADINGSYMBOL.value, "Search: INFY, NIFTY26DEC FUT, HDFC BANK…")
        self.variety = _combo(Field.VARIETY.value)
        self.product = _combo(Field.PRODUCT.value)
        self.order_type = _combo(Field.ORDER_TYPE.value)
        self.validity = _combo(Field.VALIDITY.value)
        self.quantity = _spin(Field.QUANTITY.value, MAX_QUANTITY)
        self.price = _price(Field.PRICE.value)
        self.trigger_price = _price(Field.TRIGGER_PRICE.value)
        self.validity_ttl = _spin(Field.VALIDITY_TTL.value, 24 * 60)
        self.disclosed_quantity = _spin(Field.DISCLOSED_QUANTITY.value, MAX_QUANTITY)
        self.iceberg_legs = _spin(Field.ICEBERG_LEGS.value, 1000)
        self.iceberg_quantity = _spin(Field.ICEBERG_QUANTITY.value, MAX_QUANTITY)
        self.iceberg_quantity.setReadOnly(True)
        self.iceberg_quantity.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        self.market_protection = ProtectionSpinBox()
        self.market_protection.setObjectName(Field.MARKET_PROTECTION.value)
        self.tag = _line(Field.TAG.value, "kt")
        self.tag.setMaxLength(PREFIX_MAX_LENGTH)
        self.auction_number = _line(Field.AUCTION_NUMBER.value, "from holdings")
        self.autoslice = QCheckBox("Above freeze qty")
        self.autoslice.setObjectName(Field.AUTOSLICE.value)
        self.widgets: dict[Field, QWidget] = {
            field: self.side if field is Field.TRANSACTION_TYPE else getattr(self, field.value) for field in Field
        }
        self.captions: dict[Field, QLabel] = {}
        self.hints: dict[Field, QLabel] = {}
        self.problems: dict[Field, QLabel] = {field: ProblemLabel(field) for field in Field}
        for field, text in TOOLTIPS.items():
            self.widgets[field].setToolTip(text)

    def cell(self, field: Field) -> QWidget:
        """The field's caption (with a hint on its right), its input and its problem label, stacked."""
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        caption = QLabel(CAPTIONS.get(field, field.label))
        self.widgets[field].setAccessibleName(caption.text())
        caption.setProperty("role", "caption")
        caption.setBuddy(self.widgets[field])
        hint = QLabel()
        hint.setProperty("role", "hint")
        hint.setObjectName(f"{field.value}_hint")
        row = QHBoxLayout()
        row.setSpacing(4)
        row.addWidget(caption)
        row.addStretch(1)
        row.addWidget(hint)
        column.addLayout(row)
        column.addWidget(self.widgets[field])
        column.addWidget(self.problems[field])
        column.addStretch(1)
        self.captions[field], self.hints[field] = caption, hint
        self.widgets[field].setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return cell
