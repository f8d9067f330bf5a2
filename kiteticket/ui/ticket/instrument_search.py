"""Instrument search for the ticket: a completer over a small model refilled from the master on each keystroke.

The full dump has about 150,000 rows; a model over all of them would make every keystroke re-filter them. Instead
the model holds only the best `SEARCH_LIMIT` matches from ``InstrumentMaster.search``, reset on each edit, and the
completer shows them unfiltered.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QCompleter, QLineEdit

from kiteticket.domain.enums import Exchange
from kiteticket.domain.instruments import Instrument

SEARCH_LIMIT = 20
_EXCHANGE_NAMES = frozenset(exchange.value for exchange in Exchange)
ModelIndex = QModelIndex | QPersistentModelIndex


class Master(Protocol):
    """What the ticket needs of ``InstrumentMaster``: search as the user types, and exact lookup."""

    def search(self, query: str, exchange: Exchange | None = None, limit: int = 20) -> list[Instrument]: ...

    def get(self, exchange: Exchange | str, tradingsymbol: str) -> Instrument | None: ...


class InstrumentRole(IntEnum):
    KEY = Qt.ItemDataRole.UserRole.value  # "NSE:INFY", what the completer writes into the line edit


class InstrumentListModel(QAbstractListModel):
    """The current search results, best first; one line each as ``Instrument.describe`` words it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Instrument] = []

    def set_instruments(self, instruments: list[Instrument]) -> None:
        # A reset is right here: every keystroke gives a new, unrelated list and there is no selection to keep.
        self.beginResetModel()
        self._rows = list(instruments)
        self.endResetModel()

    def instrument(self, row: int) -> Instrument:
        return self._rows[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's default argument)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        instrument = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return instrument.describe()
        if role in (Qt.ItemDataRole.EditRole, InstrumentRole.KEY):
            return instrument.key
        return None


def named_exchange(text: str) -> tuple[Exchange | None, str]:
    """The exchange a key names ("NFO:NIFTY26DECFUT"), None for a bare symbol; and the symbol."""
    prefix, sep, symbol = text.strip().partition(":")
    if sep and prefix.upper() in _EXCHANGE_NAMES:
        return Exchange(prefix.upper()), symbol.strip()
    return None, text.strip()


def split_key(text: str, exchange: Exchange) -> tuple[Exchange, str]:
    """The exchange and symbol the text names; a bare symbol trades on `exchange`, the one chosen in the ticket."""
    named, symbol = named_exchange(text)
    return named or exchange, symbol


def resolve(master: Master | None, exchange: Exchange, text: str) -> Instrument | None:
    """The instrument the text names, as typed or in upper case (the dump's symbols are upper case)."""
    exchange, symbol = split_key(text, exchange)
    if master is None or not symbol:
        return None
    return master.get(exchange, symbol) or master.get(exchange, symbol.upper())


class InstrumentSearch(QObject):
    """Drives the completer of the ``tradingsymbol`` line edit.

    Signals:
        instrument_picked(str, str): exchange and tradingsymbol of the completion the user chose.
    """

    instrument_picked = Signal(str, str)

    def __init__(self, line_edit: QLineEdit, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._master: Master | None = None
        self._picked: tuple[str, str] | None = None
        self.model = InstrumentListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCompletionRole(InstrumentRole.KEY)
        self.completer.setMaxVisibleItems(12)
        popup = self.completer.popup()
        if popup is not None:
            popup.setMinimumWidth(440)
        line_edit.setCompleter(self.completer)
        line_edit.textEdited.connect(self._on_line_edit_text_edited)
        # With the key as the completion role, the activated text is the key ("NFO:NIFTY26DECFUT").
        self.completer.activated.connect(self._on_completer_activated)
        self._line_edit = line_edit

    def set_master(self, master: Master | None) -> None:
        self._master = master
        self.model.set_instruments([])

    @Slot(str)
    def _on_line_edit_text_edited(self, text: str) -> None:
        exchange, query = named_exchange(text)  # "NFO:NIF" searches NFO only; "NIF" every exchange
        found = self._master.search(query, exchange, SEARCH_LIMIT) if self._master and query else []
        self.model.set_instruments(found)
        if found:
            self.completer.complete()

    @Slot(str)
    def _on_completer_activated(self, key: str) -> None:
        exchange, _, symbol = key.partition(":")
        self._picked = (exchange, symbol)
        # QLineEdit writes the completion into itself after this signal (it connects on focus-in, so after us);
        # announcing the pick on the next turn of the event loop lets the ticket tidy the text after that write.
        QTimer.singleShot(0, self, self._on_pick_timer_timeout)

    @Slot()
    def _on_pick_timer_timeout(self) -> None:
        if self._picked is not None:
            exchange, symbol = self._picked
            self._picked = None
            self.instrument_picked.emit(exchange, symbol)
