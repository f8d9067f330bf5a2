"""The question before a bulk action: what will be sent, item by item, and what is left alone. No is the default,
so a held Enter cannot start 300 cancellations. Tests replace ``BulkConfirmation.ask`` instead of clicking."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from kiteticket.domain.bulk import BulkPlan


class BulkConfirmDialog(QDialog):
    """Lists a plan's writes and asks whether to send them. Signals: QDialog's own."""

    def __init__(self, plan: BulkPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bulk_confirm")
        self.setWindowTitle(f"{plan.title}?")
        summary = QLabel(plan.confirmation())
        summary.setObjectName("summary")
        summary.setWordWrap(True)
        self.items = QPlainTextEdit("\n".join(plan.lines()))
        self.items.setObjectName("items")
        self.items.setReadOnly(True)
        self.items.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.No)
        yes = buttons.button(QDialogButtonBox.StandardButton.Yes)
        yes.setText(f"Send {len(plan.items)}")
        yes.setEnabled(bool(plan.items))
        no = buttons.button(QDialogButtonBox.StandardButton.No)
        no.setDefault(True)
        no.setAutoDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.items, 1)
        layout.addWidget(buttons)
        self.resize(760, 420)
        no.setFocus()


class BulkConfirmation:
    @classmethod
    def ask(cls, parent: QWidget | None, plan: BulkPlan) -> bool:
        return BulkConfirmDialog(plan, parent).exec() == QDialog.DialogCode.Accepted
