"""The fund order form: buy by amount, redeem by units (or all of them), or start a SIP. Each problem is said next to
its field, by the rules of ``domain/mf_rules.py``, once the field has been typed in or a send was tried; nothing is
sent while there is one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiteticket.domain.mf_draft import MODE_FIELDS, MfDraft, MfMode
from kiteticket.domain.mf_rules import MfField, MfProblem
from kiteticket.domain.money import format_inr
from kiteticket.domain.mutual_funds import MfHolding, MfOrder, MfScheme, SipFrequency, redeemable_units
from kiteticket.domain.tags import new_tag

PROBLEM_STYLE = "color:#c62828;"
PROBLEM_WIDTH = 170
W = TypeVar("W", bound=QWidget)


SUBMIT_TEXT = {MfMode.BUY: "Buy", MfMode.SELL: "Redeem", MfMode.SIP: "Start SIP"}


class MfOrderForm(QWidget):
    """Signals: ``order_requested(MfOrderRequest)`` and ``sip_requested(MfSipRequest)``, each with a tag of its own
    (by which an order or SIP whose reply was lost is found again)."""

    order_requested = Signal(object)
    sip_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._schemes: dict[str, MfScheme] = {}
        self._holdings: dict[str, MfHolding] = {}
        self._orders: tuple[MfOrder, ...] = ()
        self._touched: set[MfField] = set()
        self._tried = False
        self._build_inputs()
        self._build_layout()
        self.set_mode(MfMode.BUY)

    def _build_inputs(self) -> None:
        self.fund = _named(QComboBox(), "mf_fund")
        # Long enough for "HDFC Balanced Advantage Fund - Direct Plan" to be told from the fund house's others.
        self.fund.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.fund.setMinimumContentsLength(24)
        self.info = _named(QLabel(), "mf_info")
        self.info.setWordWrap(True)
        self.modes = QButtonGroup(self)
        self.amount = _named(QLineEdit(), "mf_amount")
        self.units = _named(QLineEdit(), "mf_units")
        self.all_units = _named(QCheckBox("All units"), "mf_all_units")
        self.frequency = _named(QComboBox(), "mf_frequency")
        for frequency in SipFrequency:
            self.frequency.addItem(frequency.value.capitalize(), frequency)
        self.frequency.setCurrentIndex(1)  # monthly, the usual SIP
        self.day = _named(QSpinBox(), "mf_day")
        self.day.setRange(1, 28)
        self.instalments = _named(QLineEdit("12"), "mf_instalments")
        self.until_cancelled = _named(QCheckBox("Until cancelled"), "mf_until_cancelled")
        self.initial = _named(QLineEdit(), "mf_initial")
        self.initial.setPlaceholderText("optional, bought today")
        self.submit_button = _named(QPushButton("Buy"), "mf_submit")
        self.result = _named(QLabel(), "mf_result")
        self.result.setWordWrap(True)
        self.problem_labels = {field: self._problem_label(field) for field in MfField}
        self.fund.currentIndexChanged.connect(self._on_fund_current_index_changed)
        for edit, field in ((self.amount, MfField.AMOUNT), (self.units, MfField.UNITS),
                            (self.instalments, MfField.INSTALMENTS), (self.initial, MfField.INITIAL)):  # fmt: skip
            edit.setProperty("mf_field", field.value)
            edit.textEdited.connect(self._on_edit_text_edited)
            edit.returnPressed.connect(self.submit)
        for box in (self.all_units, self.until_cancelled):
            box.toggled.connect(self._on_checkbox_toggled)
        self.frequency.currentIndexChanged.connect(self._on_input_changed)
        self.day.valueChanged.connect(self._on_input_changed)
        self.submit_button.clicked.connect(self.submit)

    def _problem_label(self, field: MfField) -> QLabel:
        label = _named(QLabel(), f"mf_problem_{field.value}")
        label.setStyleSheet(PROBLEM_STYLE)
        label.setWordWrap(True)
        label.setMaximumWidth(PROBLEM_WIDTH)
        return label

    def _build_layout(self) -> None:
        modes = QHBoxLayout()
        for mode, text in ((MfMode.BUY, "Buy"), (MfMode.SELL, "Redeem"), (MfMode.SIP, "SIP")):
            button = _named(QPushButton(text), f"mf_mode_{mode.value}")
            button.setCheckable(True)
            button.setProperty("mf_mode", mode.value)
            self.modes.addButton(button)
            modes.addWidget(button)
        self.modes.buttonClicked.connect(self._on_modes_button_clicked)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)  # the inputs take the room; a problem wraps in its own column beside them
        grid.setColumnMinimumWidth(2, PROBLEM_WIDTH)
        self._rows: dict[MfField, list[QWidget]] = {}
        rows = ((MfField.FUND, "Fund", self.fund), (MfField.AMOUNT, "Amount (₹)", self.amount),
                (MfField.UNITS, "Units", _pair(self.units, self.all_units)),
                (MfField.INSTALMENTS, "Instalments", _pair(self.instalments, self.until_cancelled)),
                (MfField.DAY, "Every", _pair(self.frequency, self.day)),
                (MfField.INITIAL, "Initial amount (₹)", self.initial))  # fmt: skip
        for row, (field, text, widget) in enumerate(rows):
            label = QLabel(text)
            grid.addWidget(label, row, 0)
            grid.addWidget(widget, row, 1)
            grid.addWidget(self.problem_labels[field], row, 2)
            self._rows[field] = [label, widget, self.problem_labels[field]]
        layout = QVBoxLayout(self)
        layout.addLayout(modes)
        layout.addLayout(grid)
        layout.addWidget(self.info)
        layout.addWidget(self.submit_button)
        layout.addWidget(self.result)
        layout.addStretch(1)

    # -- what the controller tells it -----------------------------------------------------------------------------
    def set_schemes(self, schemes: Iterable[MfScheme]) -> None:
        current = self.fund.currentData()
        self._schemes = {scheme.tradingsymbol: scheme for scheme in schemes}
        self.fund.blockSignals(True)
        self.fund.clear()
        for scheme in self._schemes.values():
            self.fund.addItem(scheme.name, scheme.tradingsymbol)
        self.fund.blockSignals(False)
        self.choose_fund(current or "")

    def set_account(self, holdings: Iterable[MfHolding], orders: Iterable[MfOrder]) -> None:
        self._holdings = {holding.tradingsymbol: holding for holding in holdings}
        self._orders = tuple(orders)
        self._refresh()

    def choose_fund(self, tradingsymbol: str) -> None:
        index = self.fund.findData(tradingsymbol)
        self.fund.setCurrentIndex(index if index >= 0 else 0)
        self._refresh()

    def set_mode(self, mode: MfMode) -> None:
        for button in self.modes.buttons():
            button.setChecked(button.property("mf_mode") == mode.value)
        self._mode = mode
        shown = {MfField.FUND, *MODE_FIELDS[mode]}
        for field, widgets in self._rows.items():
            for widget in widgets:
                widget.setVisible(field in shown)
        self.submit_button.setText(SUBMIT_TEXT[mode])
        self._tried = False
        self._refresh()

    @property
    def mode(self) -> MfMode:
        return self._mode

    def set_result(self, text: str, *, ok: bool) -> None:
        self.result.setStyleSheet("" if ok else PROBLEM_STYLE)
        self.result.setText(text)

    def clear_inputs(self) -> None:
        for edit in (self.amount, self.units, self.initial):
            edit.clear()
        self.all_units.setChecked(False)
        self._touched.clear()
        self._tried = False
        self._refresh()

    # -- rules (domain/mf_draft.py) --------------------------------------------------------------------------------
    def scheme(self) -> MfScheme | None:
        return self._schemes.get(str(self.fund.currentData() or ""))

    def draft(self) -> MfDraft:
        """What the form holds now."""
        scheme = self.scheme()
        holding = self._holdings.get(scheme.tradingsymbol) if scheme is not None else None
        return MfDraft(
            mode=self._mode, scheme=scheme, amount=self.amount.text(), units=self.units.text(),
            all_units=self.all_units.isChecked(), instalments=self.instalments.text(),
            until_cancelled=self.until_cancelled.isChecked(), frequency=SipFrequency(self.frequency.currentData()),
            day=self.day.value(), initial=self.initial.text(), held=holding is not None,
            redeemable=redeemable_units(holding, self._orders),
        )  # fmt: skip

    def problems(self) -> tuple[MfProblem, ...]:
        return self.draft().problems()

    @Slot()
    def submit(self) -> bool:
        """Send what the form says, if the rules allow it; else show every problem. True when sent."""
        self._tried = True
        self._refresh()
        draft, tag = self.draft(), new_tag()
        request = draft.sip(tag) if draft.mode is MfMode.SIP else draft.order(tag)
        if request is None:
            return False
        self.set_result("Sending…", ok=True)
        (self.sip_requested if draft.mode is MfMode.SIP else self.order_requested).emit(request)
        return True

    # -- slots ----------------------------------------------------------------------------------------------------
    @Slot(str)
    def _on_edit_text_edited(self, _text: str) -> None:
        field = self.sender().property("mf_field")
        self._touched.add(MfField(str(field)))
        self._refresh()

    @Slot(bool)
    def _on_checkbox_toggled(self, _checked: bool) -> None:
        self.units.setEnabled(not self.all_units.isChecked())
        self.instalments.setEnabled(not self.until_cancelled.isChecked())
        self._refresh()

    @Slot()
    def _on_input_changed(self) -> None:
        self.day.setEnabled(SipFrequency(self.frequency.currentData()).has_day)
        self._refresh()

    @Slot(int)
    def _on_fund_current_index_changed(self, _index: int) -> None:
        self._refresh()

    @Slot(object)
    def _on_modes_button_clicked(self, button: QPushButton) -> None:
        self.set_mode(MfMode(str(button.property("mf_mode"))))

    def _refresh(self) -> None:
        shown = {problem.field: problem.message for problem in self.problems()}
        for field, label in self.problem_labels.items():
            visible = self._tried or field in self._touched or field is MfField.FUND
            label.setText(shown.get(field, "") if visible else "")
        self.info.setText(self._describe())

    def _describe(self) -> str:
        scheme = self.scheme()
        if scheme is None:
            return "Loading the funds…" if not self._schemes else ""
        held = self._holdings.get(scheme.tradingsymbol)
        holding = f" You hold {held.units:,.3f} units ({format_inr(held.value)})." if held else ""
        return (
            f"NAV {format_inr(scheme.nav, places=4)} ({scheme.nav_date}). Minimum {format_inr(scheme.minimum_purchase)}"
            f" first, {format_inr(scheme.minimum_additional)} after.{holding}"
        )


def _named(widget: W, name: str) -> W:
    widget.setObjectName(name)
    return widget


def _pair(first: QWidget, second: QWidget) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(first, 1)
    layout.addWidget(second)
    return box
