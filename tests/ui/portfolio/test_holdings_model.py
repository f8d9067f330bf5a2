"""The holdings model and view alone: Kite's rows in, value, P&L and day change out, ticks moving them and the
totals, and Exit/Add following the current row."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from kiteticket.domain.holding import parse_holdings
from kiteticket.domain.tick import Tick
from kiteticket.ui.portfolio.holdings_model import HoldingsModel
from kiteticket.ui.portfolio.holdings_panel import HoldingsPanel
from kiteticket.ui.portfolio.holdings_view import HoldingsView
from kiteticket.ui.portfolio.positions_model import LOSS, PROFIT
from tests.kite_samples import HOLDINGS


def column(model: HoldingsModel, row: int, key: str) -> object:
    keys = [c.key for c in model.columns]
    return model.index(row, keys.index(key)).data()


def test_holdings_from_kites_rows(qtmodeltester: ModelTester) -> None:
    model = HoldingsModel()
    model.apply(parse_holdings(HOLDINGS))
    qtmodeltester.check(model)
    assert [column(model, row, "instrument") for row in range(2)] == ["AARON · NSE", "SBIN · NSE"]
    assert (column(model, 1, "quantity"), column(model, 1, "t1")) == ("16", "4")
    assert column(model, 1, "current_value") == "15,249.00"  # 762.45 × (16 + 4)
    assert column(model, 1, "day_change") == "-0.52%"
    keys = [c.key for c in model.columns]
    tip = model.index(1, keys.index("day_change")).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Today -₹79.00 on 20 shares"
    keys = [c.key for c in model.columns]
    assert model.index(0, keys.index("pnl")).data(Qt.ItemDataRole.ForegroundRole) == PROFIT
    assert model.index(1, keys.index("pnl")).data(Qt.ItemDataRole.ForegroundRole) == LOSS


def test_a_tick_moves_the_row_and_the_totals(qtbot: QtBot) -> None:
    model = HoldingsModel()
    model.apply(parse_holdings(HOLDINGS))
    panel = HoldingsPanel(HoldingsView(model), model)
    qtbot.addWidget(panel)
    before = panel.totals.plain
    with qtbot.waitSignal(model.dataChanged, timeout=1000):
        model.apply_ticks({779521: Tick(779521, Decimal("770.00")), 1: Tick(1, Decimal(5))})
    assert column(model, 1, "last_price") == "770.00"
    assert model.totals().current_value == Decimal("352.95") + Decimal("770.00") * 20
    assert panel.totals.plain != before
    assert panel.totals.plain.startswith("Invested ₹16,196.63 · Current ₹15,752.95")


def test_exit_is_offered_only_while_something_is_sellable(qtbot: QtBot) -> None:
    model = HoldingsModel()
    model.apply(parse_holdings([{**HOLDINGS[0], "used_quantity": 1}, HOLDINGS[1]]))
    view = HoldingsView(model)
    qtbot.addWidget(view)
    assert not view.exit_action.isEnabled()  # nothing selected yet
    view.setCurrentIndex(view.model().index(0, 0))
    assert not view.exit_action.isEnabled()
    assert "sold today" in view.exit_action.toolTip()
    assert not view.gtt_action.isEnabled(), "a GTT sells what is sellable: nothing here"
    assert view.add_action.isEnabled()
    view.setCurrentIndex(view.model().index(1, 0))
    assert view.exit_action.isEnabled()
    assert view.gtt_action.isEnabled()
    assert "18" in view.exit_action.toolTip()
    menu = view.context_menu()
    assert [action.text() for action in menu.actions()] == ["Exit", "Add", "", "GTT (stop-loss and target)…"]
    with qtbot.waitSignal(view.gtt_requested) as asked:
        view.gtt_action.trigger()
    assert asked.args == [model.rows()[1]]
    menu.close()
