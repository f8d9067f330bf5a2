"""The market watch table: one row per instrument of the shown watchlist, its cells fed by ticks.

Rows are keyed by "EXCHANGE:SYMBOL". A watchlist edit goes through ``KeyedTableModel.apply`` (inserts, moves,
removes); a batch of ticks through ``apply_ticks``, which signals only the cells that changed, never a reset. A
last price that moves flashes its cell green or red for a moment, as Kite web and NEST do.

A view paints a row's cells by asking ``data`` for seven roles of each; the row's texts and colours are made once,
when the view first asks after a change, and kept until the next change (a repaint of 34 rows asks 2,856 times).
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
from kiteticket.ui.market.watch_changes import Flashes, row_spans
from kiteticket.ui.ticket.style import DOWN_COLOUR, UP_COLOUR

FLASH_SECONDS = 0.4
_UP_FLASH = QColor(46, 125, 50, 60)
_DOWN_FLASH = QColor(198, 40, 40, 60)
_UP, _DOWN = QColor(UP_COLOUR), QColor(DOWN_COLOUR)
_BACKGROUND = Qt.ItemDataRole.BackgroundRole.value
_BLANK = ""


@dataclass(frozen=True, slots=True)
class WatchRow:
    key: str  # EXCHANGE:TRADINGSYMBOL
    instrument: Instrument | None  # None: not in today's instrument list (expired, renamed)
    tick: Tick | None = None

    @property
    def token(self) -> int | None:
        return self.instrument.instrument_token if self.instrument else None

    @property
    def places(self) -> int:
        return _places(self.instrument.tick_size if self.instrument else 0)


@lru_cache(maxsize=64)
def _places(tick_size: float) -> int:
    """Decimal places of a tick size: a handful of distinct sizes, asked for on every price cell formatted."""
    return price_places(Decimal(str(tick_size))) if tick_size > 0 else 2


def _price(value: Decimal | None, row: WatchRow) -> str:
    return f"{value:.{row.places}f}" if value else _BLANK


def _count(value: int | None) -> str:
    return group_indian(str(value)) if value else _BLANK


def _best(row: WatchRow, side: str) -> tuple[Decimal, int] | None:
    levels = (row.tick.bids if side == "bid" else row.tick.asks) if row.tick else ()
    return (levels[0].price, levels[0].quantity) if levels and levels[0].quantity else None


def _change(row: WatchRow) -> Decimal | None:
    tick = row.tick
    return tick.last_price - tick.close if tick and tick.close else None


def _change_percent(row: WatchRow) -> Decimal | None:
    return row.tick.change_percent if row.tick and row.tick.close else None


def _signed(value: Decimal | None, places: int, suffix: str = "") -> str:
    return _BLANK if value is None else f"{value:+.{places}f}{suffix}"


def _direction_colour(row: WatchRow) -> QColor | None:
    change = _change(row)
    if not change:
        return None
    return _UP if change > 0 else _DOWN


def _field(name: str) -> Any:
    return lambda row: getattr(row.tick, name) if row.tick else None


def _best_value(side: str, part: int) -> Any:
    return lambda row: best[part] if (best := _best(row, side)) else None


def _columns() -> list[Column[WatchRow]]:
    def price_column(key: str, header: str, value: Any) -> Column[WatchRow]:
        return Column(key, header, lambda row: _price(value(row), row), RIGHT, value=value, sort_value=value)

    def count_column(key: str, header: str, value: Any) -> Column[WatchRow]:
        return Column(key, header, lambda row: _count(value(row)), RIGHT, value=value, sort_value=value)

    return [
        Column("instrument", "Instrument", lambda row: row.key.partition(":")[2] or row.key, value=lambda r: r.key,
               tooltip=lambda row: row.instrument.describe() if row.instrument else "Not in today's instruments"),
        price_column("ltp", "LTP", _field("last_price")),
        Column("change", "Chg", lambda row: _signed(_change(row), row.places), RIGHT, foreground=_direction_colour,
               value=_change, sort_value=_change),
        Column("change_percent", "Chg %", lambda row: _signed(_change_percent(row), 2, "%"), RIGHT,
               foreground=_direction_colour, value=_change_percent, sort_value=_change_percent),
        price_column("bid", "Bid", _best_value("bid", 0)),
        price_column("ask", "Ask", _best_value("ask", 0)),
        count_column("bid_qty", "Bid qty", _best_value("bid", 1)),
        count_column("ask_qty", "Ask qty", _best_value("ask", 1)),
        count_column("volume", "Volume", _field("volume")),
        count_column("oi", "OI", _field("oi")),
        price_column("high", "High", _field("high")),
        price_column("low", "Low", _field("low")),
    ]  # fmt: skip


LTP_COLUMN = 1
_NO_CELLS: tuple[object, ...] = (None,) * 11


def _cells(tick: Tick) -> tuple[object, ...]:
    """The values behind columns 1 to 11 (LTP to Low), in one pass: comparing these tuples finds the cells a tick
    changed far faster than formatting every column twice."""
    bid = tick.bids[0] if tick.bids and tick.bids[0].quantity else None
    ask = tick.asks[0] if tick.asks and tick.asks[0].quantity else None
    change = tick.last_price - tick.close if tick.close else None
    return (
        tick.last_price, change, tick.change_percent if tick.close else None,
        bid.price if bid else None, ask.price if ask else None, bid.quantity if bid else None,
        ask.quantity if ask else None, tick.volume, tick.oi, tick.high, tick.low,
    )  # fmt: skip


def _changed_columns(before: tuple[object, ...], after: tuple[object, ...]) -> tuple[int, int]:
    """The first and last column (1 to 11) whose value differs between two unequal ``_cells`` tuples; walking in
    from both ends stops at the first difference, a third of the cost of comparing every pair."""
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
        self._cells: dict[str, tuple[object, ...]] = {}  # the tick-fed cells of each row, as last signalled
        self._flash = Flashes(FLASH_SECONDS)
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(100)
        self._flash_timer.timeout.connect(self._on_flash_timer_timeout)

    def show_rows(self, rows: list[WatchRow]) -> None:
        """The shown watchlist, in its order; rows keep their last tick across the change."""
        known = {row.key: row.tick for row in self.rows()}
        self.apply([replace(row, tick=row.tick or known.get(row.key)) for row in rows])
        self._by_token = {row.token: row.key for row in rows if row.token is not None}
        self._cells = {row.key: _cells(row.tick) for row in self.rows() if row.tick is not None}

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
            self.replace_row(position, WatchRow(key, old.instrument, tick))
            before, after = self._cells.get(key, _NO_CELLS), _cells(tick)
            if before == after:
                continue
            self._cells[key] = after
            changes.append((position, *_changed_columns(before, after)))
            if old.tick is not None and tick.last_price != old.tick.last_price:
                self._flash.start(key, tick.last_price > old.tick.last_price, now)
        self._signal(changes)
        if self._flash and not self._flash_timer.isActive():
            self._flash_timer.start()

    def cell(self, position: int, column_number: int, role: int) -> Any:
        """The base's answers, and the LTP cell's flash."""
        if role == _BACKGROUND:
            up = self._flash.direction(self._rows[position].key) if column_number == LTP_COLUMN else None
            return None if up is None else (_UP_FLASH if up else _DOWN_FLASH)
        return super().cell(position, column_number, role)

    @Slot()
    def _on_flash_timer_timeout(self) -> None:
        changes = []
        for key in self._flash.expire(time.monotonic()):
            position = self.row_for_key(key)
            if position is not None:
                changes.append((position, LTP_COLUMN, LTP_COLUMN))
        self._signal(changes)
        if not self._flash:
            self._flash_timer.stop()

    def _signal(self, changes: list[tuple[int, int, int]]) -> None:
        for top, bottom, left, right in row_spans(changes):
            self.dataChanged.emit(self.index(top, left), self.index(bottom, right))
