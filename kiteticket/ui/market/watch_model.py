"""The market watch table: one row per instrument of the shown watchlist, its cells fed by ticks.

Rows are keyed by "EXCHANGE:SYMBOL". A watchlist edit goes through ``KeyedTableModel.apply`` (inserts, moves,
removes); a batch of ticks through ``apply_ticks``, which signals only the cells that changed, never a reset. A
last price that moves flashes its cell green or red for a moment, as Kite web and NEST do.

The table shows a copy of this model's rows in view (``ui.display_copy``): painting reads Qt's own item model, and
a row's texts and colours are made here once per change of a row in view, never for rows out of sight.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtGui import QColor

from kiteticket.domain.instruments import Instrument
from kiteticket.domain.money import group_indian
from kiteticket.domain.prices import price_places
from kiteticket.domain.tick import Tick
from kiteticket.ui.keyed_model import RIGHT, Column, KeyedTableModel
from kiteticket.ui.market.watch_changes import Flashes
from kiteticket.ui.ticket.style import DOWN_COLOUR, UP_COLOUR

FLASH_SECONDS = 0.4
_UP_FLASH = QColor(46, 125, 50, 60)
_DOWN_FLASH = QColor(198, 40, 40, 60)
_UP, _DOWN = QColor(UP_COLOUR), QColor(DOWN_COLOUR)
_BACKGROUND = Qt.ItemDataRole.BackgroundRole.value
_BLANK = ""


# What a row shows of its last tick, in a plain tuple: LTP to Low, the columns after the instrument's. Plain, because
# a tuple of numbers drops out of the cycle collector's sight after its first pass; the row keeps no Tick (a slotted
# object the collector walks for as long as it lives: 3,000 of them, and their depth, made each young-generation
# collection take 12-15 ms of the GUI thread).
Values = tuple[Decimal | int | None, ...]
LAST, CHANGE, CHANGE_PERCENT, BID, ASK, BID_QTY, ASK_QTY, VOLUME, OI, HIGH, LOW = range(11)
_NO_VALUES: Values = (None,) * 11


@dataclass(frozen=True, slots=True)
class WatchRow:
    key: str  # EXCHANGE:TRADINGSYMBOL
    instrument: Instrument | None  # None: not in today's instrument list (expired, renamed)
    values: Values | None = None  # None until its first tick

    @property
    def token(self) -> int | None:
        return self.instrument.instrument_token if self.instrument else None

    @property
    def places(self) -> int:
        return _places(self.instrument.tick_size if self.instrument else 0)

    def value(self, field: int) -> Any:
        return self.values[field] if self.values else None


def values_of(tick: Tick) -> Values:
    """The columns' values from a tick, in one pass: comparing these tuples finds the cells a tick changed far
    faster than formatting every column twice."""
    bid, ask = tick.best_bid, tick.best_ask  # (price, quantity, orders)
    change = tick.last_price - tick.close if tick.close else None
    return (
        tick.last_price, change, tick.change_percent if tick.close else None,
        bid[0] if bid else None, ask[0] if ask else None, bid[1] if bid else None,
        ask[1] if ask else None, tick.volume, tick.oi, tick.high, tick.low,
    )  # fmt: skip


@lru_cache(maxsize=64)
def _places(tick_size: float) -> int:
    """Decimal places of a tick size: a handful of distinct sizes, asked for on every price cell formatted."""
    return price_places(Decimal(str(tick_size))) if tick_size > 0 else 2


def _price(value: Decimal | None, row: WatchRow) -> str:
    return f"{value:.{row.places}f}" if value else _BLANK


def _count(value: int | None) -> str:
    return group_indian(str(value)) if value else _BLANK


def _signed(value: Decimal | None, places: int, suffix: str = "") -> str:
    return _BLANK if value is None else f"{value:+.{places}f}{suffix}"


def _direction_colour(row: WatchRow) -> QColor | None:
    change = row.value(CHANGE)
    if not change:
        return None
    return _UP if change > 0 else _DOWN


def _field(field: int) -> Any:
    return lambda row: row.value(field)


def _columns() -> list[Column[WatchRow]]:
    def price_column(key: str, header: str, field: int) -> Column[WatchRow]:
        value = _field(field)
        return Column(key, header, lambda row: _price(value(row), row), RIGHT, value=value, sort_value=value)

    def count_column(key: str, header: str, field: int) -> Column[WatchRow]:
        value = _field(field)
        return Column(key, header, lambda row: _count(value(row)), RIGHT, value=value, sort_value=value)

    change, change_percent = _field(CHANGE), _field(CHANGE_PERCENT)
    return [
        Column("instrument", "Instrument", lambda row: row.key.partition(":")[2] or row.key, value=lambda r: r.key,
               tooltip=lambda row: row.instrument.describe() if row.instrument else "Not in today's instruments"),
        price_column("ltp", "LTP", LAST),
        Column("change", "Chg", lambda row: _signed(change(row), row.places), RIGHT, foreground=_direction_colour,
               value=change, sort_value=change),
        Column("change_percent", "Chg %", lambda row: _signed(change_percent(row), 2, "%"), RIGHT,
               foreground=_direction_colour, value=change_percent, sort_value=change_percent),
        price_column("bid", "Bid", BID),
        price_column("ask", "Ask", ASK),
        count_column("bid_qty", "Bid qty", BID_QTY),
        count_column("ask_qty", "Ask qty", ASK_QTY),
        count_column("volume", "Volume", VOLUME),
        count_column("oi", "OI", OI),
        price_column("high", "High", HIGH),
        price_column("low", "Low", LOW),
    ]  # fmt: skip


LTP_COLUMN = 1
_COLUMNS = len(_columns())
_NO_FLASH: tuple[QColor | None, ...] = (None,) * _COLUMNS
_UP_FLASHING = tuple(_UP_FLASH if column == LTP_COLUMN else None for column in range(_COLUMNS))
_DOWN_FLASHING = tuple(_DOWN_FLASH if column == LTP_COLUMN else None for column in range(_COLUMNS))


def _changed_columns(before: Values, after: Values) -> tuple[int, int]:
    """The first and last column (1 to 11) whose value differs between two unequal value tuples; walking in from
    both ends stops at the first difference, a third of the cost of comparing every pair."""
    first, last = 0, len(after) - 1
    while before[first] == after[first]:
        first += 1
    while before[last] == after[last]:
        last -= 1
    return first + 1, last + 1


class WatchModel(KeyedTableModel[WatchRow]):
    """Signals: KeyedTableModel's (row changes, ``dataChanged`` for changed cells only)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(_columns(), key=lambda row: row.key, parent=parent)
        self._by_token: dict[int, str] = {}
        self._flash = Flashes(FLASH_SECONDS)
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(100)
        self._flash_timer.timeout.connect(self._on_flash_timer_timeout)

    def show_rows(self, rows: list[WatchRow]) -> None:
        """The shown watchlist, in its order; rows keep their last values across the change."""
        known = {row.key: row.values for row in self.rows()}
        self.apply([replace(row, values=row.values or known.get(row.key)) for row in rows])
        self._by_token = {row.token: row.key for row in rows if row.token is not None}

    def apply_ticks(self, ticks: Mapping[int, Tick]) -> None:
        """A batch of ticks: rows of other instruments are not touched, unchanged cells not signalled."""
        changes: list[tuple[int, int, int]] = []
        now = time.monotonic()
        for token, tick in ticks.items():
            key = self._by_token.get(token)
            position = None if key is None else self.row_for_key(key)
            if key is None or position is None:
                continue
            old = self.row_at(position)
            before, after = old.values or _NO_VALUES, values_of(tick)
            if before == after:
                continue
            self.replace_row(position, WatchRow(key, old.instrument, after))
            changes.append((position, *_changed_columns(before, after)))
            if old.values is not None and after[LAST] != before[LAST]:
                self._flash.start(key, after[LAST] > before[LAST], now)  # type: ignore[operator]
        self.signal_changes(changes)
        if self._flash and not self._flash_timer.isActive():
            self._flash_timer.start()

    def cell(self, position: int, column_number: int, role: int) -> Any:
        """The base's answers, and the LTP cell's flash."""
        if role == _BACKGROUND:
            return self.backgrounds(position)[column_number]
        return super().cell(position, column_number, role)

    def backgrounds(self, position: int) -> tuple[QColor | None, ...]:
        """The LTP cell flashes green or red for a moment after the last price moves."""
        up = self._flash.direction(self._rows[position].key)
        return _NO_FLASH if up is None else (_UP_FLASHING if up else _DOWN_FLASHING)

    @Slot()
    def _on_flash_timer_timeout(self) -> None:
        changes = []
        for key in self._flash.expire(time.monotonic()):
            position = self.row_for_key(key)
            if position is not None:
                changes.append((position, LTP_COLUMN, LTP_COLUMN))
        self.signal_changes(changes)
        if not self._flash:
            self._flash_timer.stop()
