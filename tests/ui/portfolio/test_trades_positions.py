"""The keyed table model's diff, the trades and positions models over it, and Exit/Add on a position."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Variety
from kiteticket.domain.order import AUTO_MARKET_PROTECTION, OrderRequest
from kiteticket.domain.portfolio_rows import Position, parse_position, parse_positions, parse_trades
from kiteticket.domain.position_actions import SOLD_FROM_HOLDINGS
from kiteticket.ui.keyed_model import Column, KeyedRole, KeyedTableModel
from kiteticket.ui.portfolio.positions_model import LOSS, PROFIT, PositionsModel
from kiteticket.ui.portfolio.positions_view import PositionsView
from kiteticket.ui.portfolio.trades_model import TradesModel
from tests.kite_samples import POSITIONS_NET, TRADES

Item = tuple[str, int]
SAMPLES: dict[str, Any] = {"trades.json": TRADES, "positions.json": {"net": POSITIONS_NET}}


def mock(name: str) -> Any:
    """Sample rows in the shape of the named kiteconnect-mocks answer (a copy: tests may change it)."""
    return copy.deepcopy(SAMPLES[name])


class Recorder:
    """Every structural signal of a model, in order, through bound methods."""

    def __init__(self, model: KeyedTableModel[Any]) -> None:
        self.events: list[tuple[Any, ...]] = []
        model.rowsInserted.connect(self.on_inserted)
        model.rowsRemoved.connect(self.on_removed)
        model.rowsMoved.connect(self.on_moved)
        model.dataChanged.connect(self.on_changed)
        model.modelReset.connect(self.on_reset)

    def on_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        self.events.append(("insert", first, last))

    def on_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        self.events.append(("remove", first, last))

    def on_moved(self, _parent: QModelIndex, start: int, _end: int, _dest: QModelIndex, row: int) -> None:
        self.events.append(("move", start, row))

    def on_changed(self, top_left: QModelIndex, _bottom_right: QModelIndex, _roles: object = None) -> None:
        self.events.append(("change", top_left.row()))

    def on_reset(self) -> None:
        self.events.append(("reset",))


def keyed() -> KeyedTableModel[Item]:
    columns: list[Column[Item]] = [Column("name", "Name", lambda i: i[0]), Column("n", "N", lambda i: str(i[1]))]
    return KeyedTableModel(columns, lambda item: item[0])


def names(model: KeyedTableModel[Any]) -> list[str]:
    return [model.index(row, 0).data() for row in range(model.rowCount())]


# -- keyed model ------------------------------------------------------------------------------------------------
def test_keyed_model_diff_without_reset(qtmodeltester: ModelTester) -> None:
    model = keyed()
    qtmodeltester.check(model)
    model.apply([("a", 1), ("b", 1), ("c", 1), ("d", 1)])
    recorder = Recorder(model)

    model.apply([("a", 1), ("x", 1), ("c", 2), ("d", 1), ("y", 1)])

    assert names(model) == ["a", "x", "c", "d", "y"]
    assert recorder.events == [("remove", 1, 1), ("insert", 1, 1), ("change", 2), ("insert", 4, 4)]
    qtmodeltester.check(model)


def test_keyed_model_moves_and_unchanged_poll(qtmodeltester: ModelTester) -> None:
    model = keyed()
    model.apply([("a", 1), ("b", 1), ("c", 1)])
    recorder = Recorder(model)

    model.apply([("c", 1), ("a", 1), ("b", 1)])
    assert names(model) == ["c", "a", "b"]
    assert recorder.events == [("move", 2, 0)]
    recorder.events.clear()
    model.apply([("c", 1), ("a", 1), ("b", 1)])
    assert recorder.events == []
    qtmodeltester.check(model)


BOOKS = st.lists(st.tuples(st.sampled_from("abcdefgh"), st.integers(0, 2)), max_size=8)


@settings(max_examples=200, deadline=None)
@given(first=BOOKS, second=BOOKS)
def test_keyed_model_reaches_any_order_without_reset(first: list[Item], second: list[Item]) -> None:
    model = keyed()
    model.apply(first)
    recorder = Recorder(model)
    model.apply(second)

    expected: dict[str, Item] = {}
    for item in second:
        expected.setdefault(item[0], item)  # a repeated key keeps its first row
    assert list(model.rows()) == list(expected.values())
    assert ("reset",) not in recorder.events


def test_keyed_model_roles_and_clear() -> None:
    model = keyed()
    model.apply([("a", 1), ("a", 2)])  # a repeated key keeps its first row
    assert model.rowCount() == 1
    assert model.index(0, 1).data(KeyedRole.KEY) == "a"
    assert model.index(0, 1).data(KeyedRole.ROW) == ("a", 1)
    assert model.row_for_key("a") == 0
    assert model.row_for_key("zz") is None
    recorder = Recorder(model)
    model.clear()
    assert recorder.events == [("reset",)]


# -- trades -----------------------------------------------------------------------------------------------------
def test_trades_model_newest_first(qtmodeltester: ModelTester) -> None:
    trades = mock("trades.json")
    model = TradesModel()
    model.apply(parse_trades(trades))
    qtmodeltester.check(model)

    times = [model.index(row, 0).data(KeyedRole.SORT)[0] for row in range(model.rowCount())]
    assert times == sorted(times, reverse=True)
    assert model.rowCount() == len({t["trade_id"] for t in trades})
    recorder = Recorder(model)
    model.apply(parse_trades(trades))
    assert recorder.events == []  # an unchanged poll touches nothing


# -- positions --------------------------------------------------------------------------------------------------
def position(**overrides: Any) -> Position:
    row: dict[str, Any] = {
        "tradingsymbol": "INFY", "exchange": "NSE", "product": "MIS", "quantity": 10, "average_price": 1500.0,
        "last_price": 1512.35, "pnl": 123.5, "day_buy_quantity": 10, "day_sell_quantity": 0,
    }  # fmt: skip
    row.update(overrides)
    return parse_position(row)


def test_positions_model_from_mock(qtmodeltester: ModelTester) -> None:
    model = PositionsModel()
    model.apply(parse_positions(mock("positions.json")))
    qtmodeltester.check(model)

    assert model.rowCount() == 3
    keys = [c.key for c in model.columns]
    instrument, pnl = keys.index("instrument"), keys.index("pnl")
    assert model.index(0, instrument).data() == "LEADMINI17DECFUT · MCX"  # the open position comes first
    colours = {
        model.index(r, instrument).data(): model.index(r, pnl).data(Qt.ItemDataRole.ForegroundRole) for r in range(3)
    }
    assert colours["GOLDGUINEA17DECFUT · MCX"] == PROFIT
    assert colours["SBIN · NSE"] == LOSS


def test_positions_keyed_by_product() -> None:
    model = PositionsModel()
    model.apply([position(), position(product="NRML", exchange="NFO")])
    recorder = Recorder(model)
    model.apply([position(pnl=200.0), position(product="NRML", exchange="NFO")])
    assert recorder.events == [("change", 0)]


@pytest.fixture
def positions_view(qtbot: QtBot) -> tuple[PositionsView, PositionsModel]:
    model = PositionsModel()
    view = PositionsView(model, tick_size=lambda key: Decimal("0.05"))
    model.setParent(view)
    qtbot.addWidget(view)
    return view, model


def test_exit_prefills_the_opposite_side_at_market(
    positions_view: tuple[PositionsView, PositionsModel], qtbot: QtBot
) -> None:
    view, model = positions_view
    model.apply([position(quantity=-25, product="NRML", exchange="NFO", tradingsymbol="NIFTY26DECFUT")])
    view.setCurrentIndex(view.model().index(0, 0))

    with qtbot.waitSignal(view.exit_requested) as blocker:
        view.exit_action.trigger()
    assert blocker.args[0] == OrderRequest(
        variety=Variety.REGULAR, exchange=Exchange.NFO, tradingsymbol="NIFTY26DECFUT",
        transaction_type=TransactionType.BUY, quantity=25, product=Product.NRML, order_type=OrderType.MARKET,
        market_protection=AUTO_MARKET_PROTECTION,
    )  # fmt: skip


def test_add_prefills_the_same_side_at_the_last_price(
    positions_view: tuple[PositionsView, PositionsModel], qtbot: QtBot
) -> None:
    view, model = positions_view
    model.apply([position(last_price=1512.37)])
    view.setCurrentIndex(view.model().index(0, 0))

    with qtbot.waitSignal(view.add_requested) as blocker:
        view.add_action.trigger()
    request = blocker.args[0]
    assert (request.transaction_type, request.quantity, request.order_type) == (
        TransactionType.BUY,
        10,
        OrderType.LIMIT,
    )
    assert request.price == Decimal("1512.35")  # on the tick grid
    assert request.product is Product.MIS


def test_flat_and_cover_positions_offer_nothing(positions_view: tuple[PositionsView, PositionsModel]) -> None:
    view, model = positions_view
    model.apply([position(quantity=0), position(product="CO", tradingsymbol="SBIN")])
    view.setCurrentIndex(view.model().index(model.row_for_key("NSE:INFY:MIS") or 0, 0))
    menu = view.context_menu()
    assert menu.toolTipsVisible()
    assert not view.exit_action.isEnabled()
    assert "flat" in view.exit_action.toolTip()
    view.setCurrentIndex(view.model().index(model.row_for_key("NSE:SBIN:CO") or 0, 0))
    assert not view.add_action.isEnabled()
    assert "stop-loss leg" in view.exit_action.toolTip()


def test_a_sale_from_holdings_offers_no_exit_add_convert_or_gtt(
    positions_view: tuple[PositionsView, PositionsModel], qtbot: QtBot
) -> None:
    view, model = positions_view
    # Selling 10 INFY held in the demat: Kite lists it as CNC -10 in the day's net positions, not as a short.
    model.apply([position(quantity=-10, product="CNC"), position(quantity=10, product="NRML", exchange="NFO",
                                                                  tradingsymbol="NIFTY26DECFUT")])  # fmt: skip
    view.setCurrentIndex(view.model().index(model.row_for_key("NSE:INFY:CNC") or 0, 0))
    menu = view.context_menu()
    for action in (view.exit_action, view.add_action, view.convert_action, view.gtt_action):
        assert not action.isEnabled()
        assert action.toolTip() == SOLD_FROM_HOLDINGS
    menu.close()
    with qtbot.assertNotEmitted(view.exit_requested), qtbot.assertNotEmitted(view.gtt_requested):
        qtbot.keyClick(view, Qt.Key.Key_E)
        view.gtt_action.trigger()
    view.setCurrentIndex(view.model().index(model.row_for_key("NFO:NIFTY26DECFUT:NRML") or 0, 0))
    assert view.gtt_action.isEnabled()


def test_no_gtt_for_an_intraday_position(positions_view: tuple[PositionsView, PositionsModel]) -> None:
    view, model = positions_view
    model.apply([position(quantity=10, product="MIS")])
    view.setCurrentIndex(view.model().index(0, 0))
    assert view.exit_action.isEnabled()
    assert not view.gtt_action.isEnabled()
    assert "MIS" in view.gtt_action.toolTip()


def test_actions_follow_a_poll(positions_view: tuple[PositionsView, PositionsModel]) -> None:
    view, model = positions_view
    model.apply([position()])
    view.setCurrentIndex(view.model().index(0, 0))
    assert view.exit_action.isEnabled()
    model.apply([position(quantity=0)])
    assert not view.exit_action.isEnabled()


def test_render_positions(positions_view: tuple[PositionsView, PositionsModel]) -> None:
    view, model = positions_view
    model.apply(parse_positions(mock("positions.json")))
    view.resize(760, 160)
    assert view.grab().save("/tmp/positions_view.png")


def test_e_exits_the_position_the_user_picked_after_a_poll_reorders_the_rows(
    positions_view: tuple[PositionsView, PositionsModel], qtbot: QtBot
) -> None:
    """Found in review: the table showed the row above the picked one as current after a poll moved the rows, and E
    prefilled an exit of that other instrument."""
    view, model = positions_view
    acc, bel, cipla = (position(tradingsymbol=symbol) for symbol in ("ACC", "BEL", "CIPLA"))
    model.apply([acc, bel, cipla])
    view.resize(900, 300)
    view.show()
    qtbot.waitExposed(view)
    view.setCurrentIndex(view.model().index(2, 0))
    assert view.current_position() == cipla
    model.apply([cipla, acc, bel])  # Kite listed them in another order this time
    exits: list[OrderRequest] = []
    view.exit_requested.connect(exits.append)
    qtbot.keyClick(view, Qt.Key.Key_E)
    assert [request.tradingsymbol for request in exits] == ["CIPLA"]
    model.apply([acc, bel])  # closed elsewhere and gone from the list: nothing is current, E does nothing
    assert view.current_position() is None
    qtbot.keyClick(view, Qt.Key.Key_E)
    assert len(exits) == 1
