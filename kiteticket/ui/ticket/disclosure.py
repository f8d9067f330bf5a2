"""Which problems the ticket shows beside their fields: a fresh ticket is not a page of red errors.

A field's problem is held back until the user has changed that field, or has tried to send (then every problem
shows). What the ticket writes itself (a reset, a prefill, a new instrument's cleared prices, a price started at the
last price) starts those fields afresh. The send button is disabled, with its tooltip saying why, all along.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QAbstractSpinBox, QCheckBox, QComboBox, QLineEdit

from kiteticket.domain.fields import Field
from kiteticket.domain.validation import Problem
from kiteticket.ui.ticket.entries import connect_shown_text, line_of
from kiteticket.ui.ticket.inputs import TicketInputs

# Problems about a field the user does not set directly, shown once one of the fields behind them is touched.
_BEHIND = {
    Field.EXCHANGE: (Field.TRADINGSYMBOL,),  # "INFY trades on BSE, not NSE": about the symbol typed
    Field.ICEBERG_QUANTITY: (Field.ICEBERG_LEGS, Field.QUANTITY),  # derived from these two
}


class Disclosure(QObject):
    """Tracks the fields whose problems are shown. Build it before connecting the ticket's own slots to the inputs,
    so that it has heard of a change before the ticket refreshes."""

    def __init__(self, inputs: TicketInputs, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fields: dict[QObject, Field] = {inputs.side.group: Field.TRANSACTION_TYPE}
        self._shown: set[Field] = set()
        self._writing = 0
        for field, widget in inputs.widgets.items():
            self._fields[widget] = field
            if isinstance(widget, QAbstractSpinBox):
                # Heard through its line edit too: emptying it is a change that valueChanged does not report.
                self._fields[line_of(widget)] = field
                connect_shown_text(widget, self._on_input_changed)
            else:
                self._listen(widget)
        inputs.side.group.buttonToggled.connect(self._on_input_changed)
        # While a symbol is being typed, "not found" is only a word not finished: it shows when the user leaves it.
        self._symbol, self._typing_symbol = inputs.tradingsymbol, False
        inputs.tradingsymbol.editingFinished.connect(self._on_tradingsymbol_editing_finished)

    def _listen(self, widget: QObject) -> None:
        if isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self._on_input_changed)
        elif isinstance(widget, QLineEdit):
            widget.textChanged.connect(self._on_input_changed)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(self._on_input_changed)

    @contextmanager
    def writing(self) -> Iterator[None]:
        """The ticket writes the inputs itself: the fields it changes start afresh."""
        self._writing += 1
        try:
            yield
        finally:
            self._writing -= 1

    def start_afresh(self, *fields: Field) -> None:
        """Hold these fields' problems back again (all fields when none are named)."""
        if fields:
            self._shown.difference_update(fields)
        else:
            self._shown.clear()

    def reveal_all(self) -> None:
        """The user tried to send: show every problem."""
        self._shown = set(Field)
        self._typing_symbol = False

    def shown(self, problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
        return tuple(problem for problem in problems if self._is_shown(problem.field))

    def _is_shown(self, field: Field) -> bool:
        if self._typing_symbol and field in (Field.TRADINGSYMBOL, Field.EXCHANGE):
            return False
        return field in self._shown or any(behind in self._shown for behind in _BEHIND.get(field, ()))

    @Slot()
    def _on_tradingsymbol_editing_finished(self) -> None:
        self._typing_symbol = False

    @Slot()
    def _on_input_changed(self) -> None:
        field = self._fields.get(self.sender())
        if field is None:
            return
        if self._writing:
            self._shown.discard(field)
        else:
            self._shown.add(field)
            if field is Field.TRADINGSYMBOL:  # typed or pasted into it, rather than set by the app
                self._typing_symbol = self._symbol.hasFocus()
