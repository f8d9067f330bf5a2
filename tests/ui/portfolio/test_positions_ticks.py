"""Positions tick: a last price from the stream moves the row's LTP and P&L, and the panel's total, at once."""

from __future__ import annotations

from decimal import Decimal

from pytestqt.qtbot import QtBot

from kiteticket.domain.portfolio_rows import parse_position
from kiteticket.domain.tick import Tick
from kiteticket.ui.portfolio.positions_model import PositionsModel
from kiteticket.ui.portfolio.positions_panel import PositionsPanel
from kiteticket.ui.portfolio.positions_view import PositionsView
from tests.ui.counting import CountsPaintCalls, calls_to_paint

INFY = parse_position(
    {"tradingsymbol": "INFY", "exchange": "NSE", "product": "CNC", "instrument_token": 408065, "quantity": 10,
     "multiplier": 1, "last_price": 1600.0, "average_price": 1575.0, "pnl": 250.0, "m2m": 250.0}
)  # fmt: skip
CLOSED = parse_position(
    {"tradingsymbol": "SBIN", "exchange": "NSE", "product": "MIS", "instrument_token": 779521, "quantity": 0,
     "multiplier": 1, "last_price": 800.0, "pnl": -40.0}
)  # fmt: skip


def test_a_tick_moves_the_pnl_and_the_total(qtbot: QtBot) -> None:
    model = PositionsModel()
    model.apply([INFY, CLOSED])
    panel = PositionsPanel(PositionsView(model, tick_size=lambda _key: None), model)
    qtbot.addWidget(panel)
    assert model.instrument_tokens() == {408065}  # only what is open ticks
    with qtbot.waitSignal(model.dataChanged, timeout=1000):
        model.apply_ticks({408065: Tick(408065, Decimal("1610.00")), 779521: Tick(779521, Decimal(810))})
    infy = model.row_at(0)
    assert (infy.last_price, infy.pnl, infy.m2m) == (Decimal("1610.00"), Decimal("350.00"), Decimal("350.00"))
    assert model.row_at(1).pnl == Decimal("-40.0")  # closed: its P&L is realised, a price cannot move it
    assert panel.total.plain.endswith("Total P&L +₹310.00")


class CountingPositions(CountsPaintCalls, PositionsModel):
    """Counts what painting asks of the positions model in Python."""


def test_a_ticking_table_paints_without_asking_python(qtbot: QtBot) -> None:
    """The table paints a display copy: a tick's new P&L reaches the screen with no call into the Python model
    from the view, which would wait for the GIL the ticker's thread holds."""
    model = CountingPositions()
    model.apply([INFY, CLOSED])
    view = PositionsView(model, tick_size=lambda _key: None)
    qtbot.addWidget(view)
    view.resize(900, 200)
    view.show()
    qtbot.waitExposed(view)
    pnl = next(number for number, column in enumerate(model.columns) if column.key == "pnl")
    model.apply_ticks({408065: Tick(408065, Decimal("1610.00"))})
    shown = view.model().index(0, pnl)
    qtbot.waitUntil(lambda: shown.data() == model.index(0, pnl).data())
    assert "350" in str(shown.data())
    assert calls_to_paint(model, view) == 0
