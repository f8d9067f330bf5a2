"""Modify a SIP: its instalment amount, how many instalments, how often and on which day, and whether it runs or is
paused. The rules are the SIP form's (``domain/mf_rules.sip_problems``), said next to each field; OK stays off
while there is one. The dialog sends nothing: the caller reads ``change()`` once it is accepted."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiteticket.domain.mf_rules import MfField, MfProblem, MfSipChange, read_amount, read_instalments, sip_problems
from kiteticket.domain.money import format_inr
from kiteticket.domain.mutual_funds import MfScheme, MfSip, SipFrequency, SipStatus

PROBLEM_STYLE = "color:#c62828;"


class SipModifyDialog(QDialog):
    """Signals: QDialog's own (``accepted`` once OK is pressed with nothing wrong)."""

    def __init__(self, sip: MfSip, scheme: MfScheme | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sip_modify_dialog")
        self.setWindowTitle(f"Modify SIP: {sip.fund or sip.tradingsymbol}")
        self.sip, self._scheme = sip, scheme
        self.amount = QLineEdit(f"{sip.amount:f}")
        self.amount.setObjectName("sip_amount")
        self.instalments = QLineEdit(str(max(sip.instalments, 1)))
        self.instalments.setObjectName("sip_instalments")
        self.until_cancelled = QCheckBox("Until cancelled")
        self.until_cancelled.setChecked(sip.instalments == -1)
        self.frequency = QComboBox()
        for frequency in SipFrequency:
            self.frequency.addItem(frequency.value.capitalize(), frequency)
        self.frequency.setCurrentIndex(max(self.frequency.findData(SipFrequency(sip.frequency)), 0))
        self.day = QSpinBox()
        self.day.setRange(1, 28)
        self.day.setValue(min(max(sip.instalment_day, 1), 28))
        self.paused = QCheckBox("Paused (no instalments until resumed)")
        self.paused.setObjectName("sip_paused")
        self.paused.setChecked(sip.status == SipStatus.PAUSED)
        self.problems = {field: QLabel() for field in (MfField.AMOUNT, MfField.INSTALMENTS, MfField.DAY)}
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self._build()
        self._check()

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow("Instalment (₹)", self.amount)
        form.addRow("", self.problems[MfField.AMOUNT])
        form.addRow("Instalments", self.instalments)
        form.addRow("", self.until_cancelled)
        form.addRow("", self.problems[MfField.INSTALMENTS])
        form.addRow("Every", self.frequency)
        form.addRow("Day of the month", self.day)
        form.addRow("", self.problems[MfField.DAY])
        form.addRow("", self.paused)
        for label in self.problems.values():
            label.setStyleSheet(PROBLEM_STYLE)
        note = QLabel(f"{self.sip.completed} instalments made; minimum {self._minimum()} each.")
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.amount.textEdited.connect(self._check)
        self.instalments.textEdited.connect(self._check)
        self.until_cancelled.toggled.connect(self._check)
        self.frequency.currentIndexChanged.connect(self._check)
        self.day.valueChanged.connect(self._check)

    def _minimum(self) -> str:
        return format_inr(self._scheme.minimum_additional) if self._scheme else "as the fund sets"

    def _instalments_text(self) -> str:
        return "-1" if self.until_cancelled.isChecked() else self.instalments.text()

    @Slot()
    def _check(self) -> None:
        frequency = SipFrequency(self.frequency.currentData())
        self.instalments.setEnabled(not self.until_cancelled.isChecked())
        self.day.setEnabled(frequency.has_day)
        found = self._problems(frequency) if self._scheme is not None else ()
        problems = {problem.field: problem.message for problem in found}
        for field, label in self.problems.items():
            label.setText(problems.get(field, ""))
            label.setVisible(field in problems)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not problems)

    def _problems(self, frequency: SipFrequency) -> tuple[MfProblem, ...]:
        return sip_problems(self._scheme, self.amount.text(), self._instalments_text(), frequency=frequency,
                            day=self.day.value())  # fmt: skip

    def change(self) -> MfSipChange:
        frequency = SipFrequency(self.frequency.currentData())
        return MfSipChange(
            sip_id=self.sip.sip_id,
            amount=read_amount(self.amount.text()) or Decimal(0),
            status=SipStatus.PAUSED if self.paused.isChecked() else SipStatus.ACTIVE,
            instalments=read_instalments(self._instalments_text()) or 1,
            frequency=frequency,
            instalment_day=self.day.value() if frequency.has_day else 0,
        )
