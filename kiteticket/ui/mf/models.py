"""The mutual fund tables: orders (newest first, as Kite lists them), SIPs and holdings, each keyed by its id, so a
refresh keeps the selection."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from kiteticket.domain.money import format_inr
from kiteticket.domain.mutual_funds import MfHolding, MfOrder, MfSip
from kiteticket.ui.keyed_model import RIGHT, Column, KeyedTableModel

PROFIT = QColor("#2e7d32")
LOSS = QColor("#c62828")
STATUS_COLOURS = {"OPEN": QColor("#1565c0"), "ACTIVE": QColor("#1565c0"), "COMPLETE": PROFIT, "REJECTED": LOSS,
                  "CANCELLED": QColor("#757575"), "PAUSED": QColor("#ef6c00")}  # fmt: skip


def units(value: Decimal) -> str:
    """Units to the thousandth, as funds allot them: 12.345."""
    return f"{value:,.3f}" if value else "–"


def _rupees(value: Decimal) -> str:
    return format_inr(value) if value else "–"


def _pnl_colour(holding: MfHolding) -> QColor | None:
    return PROFIT if holding.pnl > 0 else LOSS if holding.pnl < 0 else None


def _instalments(sip: MfSip) -> str:
    total = "until cancelled" if sip.instalments == -1 else str(sip.instalments)
    return f"{sip.completed} of {total}"


def _schedule(sip: MfSip) -> str:
    return f"{sip.frequency}, day {sip.instalment_day}" if sip.instalment_day else sip.frequency


ORDER_COLUMNS: tuple[Column[MfOrder], ...] = (
    Column("placed", "Placed", lambda o: o.placed),
    Column("fund", "Fund", lambda o: o.fund or o.tradingsymbol, tooltip=lambda o: o.tradingsymbol),
    Column("side", "Type", lambda o: "Buy" if o.transaction_type == "BUY" else "Redeem"),
    Column("amount", "Amount", lambda o: _rupees(o.amount), RIGHT),
    Column("units", "Units", lambda o: units(o.units), RIGHT),
    Column("nav", "NAV", lambda o: _rupees(o.average_price), RIGHT),
    Column("status", "Status", lambda o: o.status, foreground=lambda o: STATUS_COLOURS.get(o.status),
           tooltip=lambda o: o.status_message or None),
)  # fmt: skip

SIP_COLUMNS: tuple[Column[MfSip], ...] = (
    Column("fund", "Fund", lambda s: s.fund or s.tradingsymbol, tooltip=lambda s: s.tradingsymbol),
    Column("amount", "Instalment", lambda s: format_inr(s.amount), RIGHT),
    Column("schedule", "Every", _schedule),
    Column("instalments", "Done", _instalments),
    Column("next", "Next", lambda s: s.next_instalment if s.changeable else "–"),
    Column("status", "Status", lambda s: s.status, foreground=lambda s: STATUS_COLOURS.get(s.status)),
)

HOLDING_COLUMNS: tuple[Column[MfHolding], ...] = (
    Column(
        "fund", "Fund", lambda h: h.fund or h.tradingsymbol, tooltip=lambda h: f"{h.tradingsymbol}, folio {h.folio}"
    ),
    Column("units", "Units", lambda h: units(h.units), RIGHT),
    Column("average", "Avg. NAV", lambda h: format_inr(h.average_price), RIGHT),
    Column("nav", "NAV", lambda h: format_inr(h.nav), RIGHT),
    Column("value", "Value", lambda h: format_inr(h.value), RIGHT),
    Column("pnl", "P&L", lambda h: format_inr(h.pnl, signed=True), RIGHT, foreground=_pnl_colour),
)


class MfOrdersModel(KeyedTableModel[MfOrder]):
    """Signals: QAbstractItemModel's own."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(ORDER_COLUMNS, lambda order: order.order_id, parent)


class MfSipsModel(KeyedTableModel[MfSip]):
    """Signals: QAbstractItemModel's own."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(SIP_COLUMNS, lambda sip: sip.sip_id, parent)


class MfHoldingsModel(KeyedTableModel[MfHolding]):
    """Signals: QAbstractItemModel's own."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(HOLDING_COLUMNS, lambda holding: holding.folio + holding.tradingsymbol, parent)
