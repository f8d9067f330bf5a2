"""The GTT table: one row per trigger (keyed by its id), with the live last price beside its triggers and, once a
trigger fired, the order it placed with that order's status from the order book."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from kiteticket.domain import gtt_lots
from kiteticket.domain.gtt import GttStatus
from kiteticket.domain.gtt_row import GttRow
from kiteticket.domain.money import format_inr
from kiteticket.domain.prices import format_price
from kiteticket.domain.tick import Tick
from kiteticket.ui.keyed_model import RIGHT, Column, KeyedTableModel

_STATUS_COLOURS = {
    GttStatus.ACTIVE: QColor("#1565c0"),
    GttStatus.TRIGGERED: QColor("#2e7d32"),
    GttStatus.REJECTED: QColor("#c62828"),
}
_MUTED = QColor("#757575")
LotLookup = Callable[[str, str], int]  # (exchange, tradingsymbol) -> lot size; 0 when the instrument is not known


@dataclass(frozen=True, slots=True)
class GttLine:
    """A GTT as the table shows it: Kite's row, the instrument's last price, and the statuses of the orders it
    placed as the order book knows them (by order id)."""

    row: GttRow
    ltp: Decimal | None = None
    order_statuses: tuple[tuple[str, str], ...] = ()
    lot_size: int = 0  # the instrument's (0 until the instrument list is in): a derivative's quantity reads in lots

    def quantity(self, units: int, *, short: bool = False) -> str:
        """ "2 lots (130 qty)" for a derivative ("2 lots" when ``short``), "1,500" for a share."""
        exchange = self.row.exchange
        if not gtt_lots.in_lots(exchange):
            return format_inr(units, places=0, symbol=False)
        words = gtt_lots.quantity_words(units, exchange, self.lot_size)
        return words.split(" (")[0] if short else words

    @property
    def key(self) -> str:
        return self.row.trigger_id


def _joined(values: Iterable[Decimal | None]) -> str:
    return " / ".join(format_price(value) if value is not None else "–" for value in values)


def _what(line: GttLine) -> str:
    """ "SELL 10 INFY": what the GTT will do, in the fewest characters (the tab is narrow beside the ticket)."""
    first = line.row.orders[0] if line.row.orders else None
    side = f"{first.transaction_type} {line.quantity(first.quantity, short=True)} " if first else ""
    return f"{side}{line.row.tradingsymbol}"


def _what_tip(line: GttLine) -> str:
    kind = line.row.type.label if line.row.type else "?"
    product = line.row.orders[0].product if line.row.orders else ""
    return f"{line.row.instrument_key} · {kind} GTT {line.row.trigger_id} · {product} · created {line.row.created_at}"


def _order_text(line: GttLine) -> str:
    """The placed order's status first (what the trader reads), then its id."""
    placed = [f"{status} · {order_id}" if status else order_id for order_id, status in line.order_statuses]
    refused = [order.rejection_reason for order in line.row.orders if order.rejection_reason and not order.order_id]
    return "; ".join(placed) or ("not placed" if refused else "")


def _order_tip(line: GttLine) -> str | None:
    if line.order_statuses:
        return "Double-click (or Show order) to select it in the order book."
    reasons = [order.rejection_reason for order in line.row.orders if order.rejection_reason]
    return "\n".join(reasons) or None


def _status_tip(line: GttLine) -> str:
    words = line.row.status.words if line.row.status is not None else f"Kite's status: {line.row.raw_status}"
    return f"{words}\nExpires {line.row.expires_at}" if line.row.expires_at else words


def _status_colour(line: GttLine) -> QColor | None:
    status = line.row.status
    return _STATUS_COLOURS.get(status, _MUTED) if status is not None else _MUTED


# Most telling first: beside the ticket only the first four or five columns are in view on a laptop screen.
GTT_COLUMNS: tuple[Column[GttLine], ...] = (
    Column("gtt", "GTT", _what, tooltip=_what_tip),
    Column("status", "Status", lambda line: line.row.status_label, foreground=_status_colour, tooltip=_status_tip),
    Column("triggers", "Trigger", lambda line: _joined(order.trigger for order in line.row.orders), RIGHT),
    Column("ltp", "LTP", lambda line: format_price(line.ltp) if line.ltp is not None else "", RIGHT),
    Column("order", "Order", _order_text, tooltip=_order_tip),
    Column("prices", "Limit", lambda line: _joined(order.price for order in line.row.orders), RIGHT),
    Column("type", "Type", lambda line: line.row.type.label if line.row.type else "?"),
    Column("expires", "Expires", lambda line: line.row.expires_at[:10]),
)


def describe(line: GttLine) -> str:
    """The GTT in full, for the line under the table (the table is narrow beside the ticket)."""
    row = line.row
    kind = row.type.label if row.type else "?"
    ltp = f", last price {format_price(line.ltp)}" if line.ltp is not None else ""
    head = f"{kind} GTT {row.trigger_id} on {row.tradingsymbol} ({row.exchange}): {row.status_label}{ltp}."
    statuses = dict(line.order_statuses)
    legs = []
    for order in row.orders:
        trigger = format_price(order.trigger) if order.trigger is not None else "?"
        price = format_price(order.price) if order.price is not None else "?"
        leg = f"Trigger {trigger} → {order.transaction_type} {line.quantity(order.quantity)} at {price} {order.product}"
        if order.order_id:
            fired = f" at {format_price(order.triggered_at)}" if order.triggered_at is not None else ""
            leg += f"; fired{fired}: order {order.order_id} {statuses.get(order.order_id, '')}".rstrip()
        elif order.rejection_reason:
            leg += f"; fired, not placed: {order.rejection_reason.rstrip('.')}"
        legs.append(leg)
    expires = f" Expires {row.expires_at[:10]}." if row.expires_at and row.can_change else ""
    return f"{head} {'; '.join(legs)}.{expires}"


class GttModel(KeyedTableModel[GttLine]):
    """The account's GTTs, newest first, updated by diff. Signals: QAbstractItemModel's own."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(GTT_COLUMNS, _key, parent)
        self._ltps: dict[str, Decimal] = {}  # by instrument key, "NSE:INFY"
        self._statuses: Mapping[str, str] = {}
        self._lot_size: LotLookup | None = None

    def set_lot_size_lookup(self, lookup: LotLookup) -> None:
        """Where the lot sizes come from (the instrument list): derivative quantities then read in lots."""
        self._lot_size = lookup
        self._relabel()

    def apply_rows(self, rows: Iterable[GttRow]) -> None:
        self.apply([self._line(row) for row in rows])

    def set_last_prices(self, prices: Mapping[str, Decimal]) -> None:
        """Last prices by instrument key, "NSE:INFY" (from a quote)."""
        self._ltps.update(prices)
        self._relabel()

    def apply_ticks(self, ticks: Mapping[int, Tick]) -> None:
        """Last prices from the stream, for the instruments it carries."""
        keys = {line.row.instrument_token: line.row.instrument_key for line in self.rows()}
        prices = {keys[token]: tick.last_price for token, tick in ticks.items() if token in keys}
        if prices:
            self.set_last_prices(prices)

    def last_price(self, key: str) -> Decimal | None:
        return self._ltps.get(key)

    def instrument_keys(self, *, active_only: bool = True) -> list[str]:
        lines = (line for line in self.rows() if line.row.can_change or not active_only)
        return list(dict.fromkeys(line.row.instrument_key for line in lines))

    def set_order_statuses(self, statuses: Mapping[str, str]) -> None:
        """The order book's status of each order, by id: a triggered GTT shows what became of its order."""
        self._statuses = statuses
        self._relabel()

    def line_for(self, trigger_id: str) -> GttLine | None:
        position = self.row_for_key(trigger_id)
        return self.row_at(position) if position is not None else None

    def _line(self, row: GttRow) -> GttLine:
        statuses = tuple((order_id, self._statuses.get(order_id, "")) for order_id in row.placed_order_ids)
        lot = self._lot_size(row.exchange, row.tradingsymbol) if self._lot_size is not None else 0
        return GttLine(row, self._ltps.get(row.instrument_key), statuses, lot)

    def _relabel(self) -> None:
        updates: dict[Hashable, GttLine] = {}
        for line in self.rows():
            fresh = self._line(line.row)
            if fresh != line:
                updates[line.key] = fresh
        self.update_rows(updates)


def _key(line: GttLine) -> Hashable:
    return line.key
