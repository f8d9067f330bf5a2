"""The GTT dialog: a single trigger or an OCO (stop-loss and target), each price field enabled by the rule table
(``domain.gtt_rules.LEGS``) and every problem shown beside its field before anything can be sent.

Widgets are named after their ``GttField`` (``findChild(QWidget, "stoploss_trigger")``); each price field has a
QLabel ``<field>_problem`` under it. The send button is ``send``; ``gtt_summary`` says what is wrong with the GTT
as a whole (no last price yet). The dialog sends nothing: the controller reads ``request()`` once it is accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiteticket.domain.gtt import GttRequest, GttType
from kiteticket.domain.gtt_drafts import OCO_FIELDS, with_suggested_oco
from kiteticket.domain.gtt_rules import (
    GttDraft,
    GttField,
    GttProblem,
    build_request,
    enabled_fields,
    stop_limit_warning,
    type_hint,
)
from kiteticket.domain.gtt_validation import problems
from kiteticket.domain.prices import format_price
from kiteticket.ui.gtt.inputs import PROBLEM_STYLE, GttInputs
from kiteticket.ui.ticket.entries import connect_shown_text

Confirm = Callable[[GttRequest, QWidget], bool]  # asked before the dialog closes; False keeps it open
# Reads the instrument's last price again and hands it (None when it could not be read) to the callback.
FreshPrice = Callable[[Callable[[Decimal | None], None]], None]
PRICE_UNREAD = "The last price could not be read again, so the triggers cannot be checked against it: send again."


class GttDialog(QDialog):
    """Create or modify one GTT. Signals: QDialog's own (accepted, finished)."""

    def __init__(
        self,
        draft: GttDraft,
        *,
        trigger_id: str = "",
        confirm: Confirm | None = None,
        fresh_price: FreshPrice | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("GttDialog")
        self.trigger_id = trigger_id
        self._draft = draft
        self._confirm = confirm
        self._fresh_price = fresh_price
        self._reading_price = False
        self._request: GttRequest | None = None
        verb = f"Modify GTT {trigger_id}" if trigger_id else "New GTT"
        self.setWindowTitle(f"{verb}: {draft.tradingsymbol} ({draft.exchange})")
        self._build()
        self.inputs.write(draft)
        self._show_header()
        self._connect()
        self._refresh()

    # -- what the controller and tests call --------------------------------------------------------------------
    def draft(self) -> GttDraft:
        return self._read()[0]

    def problems(self) -> tuple[GttProblem, ...]:
        draft, unreadable = self._read()
        unread = {problem.field for problem in unreadable}
        enabled = enabled_fields(draft.type)
        found = unreadable + tuple(p for p in problems(draft) if p.field not in unread)
        return tuple(problem for problem in found if problem.field is None or problem.field in enabled)

    def request(self) -> GttRequest | None:
        """The request the user confirmed (None until the dialog is accepted)."""
        return self._request

    def warnings(self) -> tuple[GttProblem, ...]:
        """What may be meant but is likely a mistake (a stop-loss limit that may not fill), shown beside its field
        without holding Send back; none on a field that has a problem."""
        draft, _unreadable = self._read()
        warning = stop_limit_warning(draft)
        taken = {problem.field for problem in self.problems()}
        return () if warning is None or warning.field in taken else (warning,)

    def set_last_price(self, last_price: Decimal, spread: Decimal | None = None) -> None:
        """A newer last price (a quote came, with the spread when it had depth): the checks follow it."""
        self._draft = replace(self._draft, last_price=last_price, spread=spread or self._draft.spread)
        self._show_header()
        self._refresh()

    def field(self, name: GttField) -> QWidget:
        found = self.findChild(QWidget, name.value)
        assert found is not None, name
        return found

    # -- building ----------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.header = QLabel()
        self.header.setObjectName("gtt_header")
        self.inputs = GttInputs(self._draft.exchange, self._draft.lot_size)
        self.hint = QLabel()
        self.hint.setObjectName("gtt_hint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color:#555;")
        self.summary = QLabel()
        self.summary.setObjectName("gtt_summary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(PROBLEM_STYLE)
        self.send = QPushButton("Modify GTT" if self.trigger_id else "Place GTT")
        self.send.setObjectName("send")
        self.send.setDefault(True)  # Enter in any field sends (when nothing is wrong)
        cancel = QPushButton("Cancel")
        cancel.setObjectName("cancel")
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(self.inputs.grid(self.hint))
        layout.addWidget(self.summary)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.send)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        inputs = self.inputs
        inputs.type_combo.currentIndexChanged.connect(self._on_type_combo_changed)
        inputs.side_combo.currentIndexChanged.connect(self._on_value_changed)
        inputs.product_combo.currentIndexChanged.connect(self._on_value_changed)
        connect_shown_text(inputs.quantity, self._on_value_changed)  # an emptied field too (valueChanged is silent)
        for edit in inputs.prices.values():
            edit.textChanged.connect(self._on_value_changed)
        self.send.clicked.connect(self._on_send_clicked)

    def _read(self) -> tuple[GttDraft, tuple[GttProblem, ...]]:
        return self.inputs.read(self._draft)

    def _show_header(self) -> None:
        draft = self._draft
        last = format_price(draft.last_price, draft.tick) if draft.last_price is not None else "–"
        lot = f" · lot {draft.lot_size}" if draft.lot_size > 1 else ""
        self.header.setText(f"<b>{draft.tradingsymbol}</b> · {draft.exchange}{lot} · last price <b>{last}</b>")

    # -- reacting ----------------------------------------------------------------------------------------------
    @Slot(int)
    def _on_type_combo_changed(self, _index: int) -> None:
        draft = self.draft()
        if draft.type is GttType.OCO:
            suggested = with_suggested_oco(draft)
            for field in OCO_FIELDS:
                if not self.inputs.prices[field].text().strip():
                    self.inputs.write_price(field, suggested.value(field), draft.tick)
        self._refresh()

    @Slot()
    def _on_value_changed(self) -> None:
        self.inputs.show_units()
        self._refresh()

    @Slot()
    def _on_send_clicked(self) -> None:
        """With a fresh last price first (the one the dialog opened with may be minutes old): a trigger the market
        has reached meanwhile would fire at once. The checks run again on it before the confirmation."""
        if self.problems() or self._reading_price:
            return
        if self._fresh_price is None:
            self._send_checked()
            return
        self._reading_price = True
        self.send.setEnabled(False)
        self.summary.setText("Reading the last price again before sending…")
        self._fresh_price(self._on_fresh_price)

    def _on_fresh_price(self, last_price: Decimal | None) -> None:
        self._reading_price = False
        if not self.isVisible():
            return
        if last_price is None:
            self._refresh()
            self.summary.setText(PRICE_UNREAD)
            return
        self.set_last_price(last_price)  # shows whatever the new price makes wrong
        if not self.problems():
            self._send_checked()

    def _send_checked(self) -> None:
        request = build_request(self.draft())
        if self._confirm is not None and not self._confirm(request, self):
            return
        self._request = request
        self.accept()

    def _refresh(self) -> None:
        draft = self.draft()
        self.hint.setText(type_hint(draft.type, draft.transaction_type))
        enabled = enabled_fields(self.inputs.kind())
        found = self.problems()
        by_field: dict[GttField | None, str] = {}
        for problem in found:
            by_field.setdefault(problem.field, problem.message)
        warned = {warning.field: warning.message for warning in self.warnings()}
        for field, edit in self.inputs.prices.items():
            edit.setEnabled(field in enabled)
            text = by_field.get(field) or warned.get(field, "")
            self.inputs.show_problem(field, text if field in enabled else "", warning=field in warned)
            edit.setToolTip(text)
        for field in (GttField.PRODUCT, GttField.QUANTITY):
            self.field(field).setToolTip(by_field.get(field, ""))
        others = [by_field[field] for field in (None, GttField.PRODUCT, GttField.QUANTITY) if field in by_field]
        self.summary.setText("\n".join(others))
        self.send.setEnabled(not found and not self._reading_price)
        self.send.setToolTip(found[0].message if found else "")
