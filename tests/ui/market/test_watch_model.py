"""The market watch model: rows from a watchlist, ticks applied as cell changes only, never a reset."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from kiteticket.domain.instruments import InstrumentMaster
from kiteticket.domain.quote import DepthLevel
from kiteticket.domain.tick import Tick, depth_of
from kiteticket.paper.sample_derivatives import sample_master_csv
from kiteticket.ui.market.watch_model import LTP_COLUMN, WatchModel, WatchRow, _changed_columns

KEYS = ("NSE:INFY", "NSE:SBIN", "NSE:TCS")


@pytest.fixture(scope="module")
def master() -> InstrumentMaster:
    from datetime import date

    return InstrumentMaster.from_csv(sample_master_csv(date(2026, 12, 7)))


@pytest.fixture
def model(qtbot: QtBot, master: InstrumentMaster) -> WatchModel:
    watch = WatchModel()
    watch.show_rows([WatchRow(key, master.get(*key.split(":"))) for key in KEYS])
    yield watch
    qtbot.waitUntil(lambda: not watch._flash_timer.isActive())


def _tick(token: int, last: str, close: str = "1500", volume: int = 1000, bid: str = "0") -> Tick:
    bids = (DepthLevel(Decimal(bid), 10, 1),) if bid != "0" else ()
    return Tick(token, Decimal(last), close=Decimal(close), volume=volume, depth=depth_of(bids))


def _token(model: WatchModel, row: int) -> int:
    token = model.row_at(row).token
    assert token is not None
    return token


def test_passes_qt_model_checks(qtmodeltester: ModelTester, model: WatchModel) -> None:
    model.apply_ticks({_token(model, 0): _tick(_token(model, 0), "1510.5")})
    qtmodeltester.check(model, force_py=True)


def test_a_tick_changes_only_its_rows_changed_cells(qtbot: QtBot, model: WatchModel) -> None:
    infy = _token(model, 0)
    model.apply_ticks({infy: _tick(infy, "1510.50", volume=1000)})
    changes: list[tuple[int, int, int]] = []
    model.dataChanged.connect(
        lambda first, last, _roles=(): changes.append((first.row(), first.column(), last.column()))
    )
    with qtbot.assertNotEmitted(model.modelReset), qtbot.assertNotEmitted(model.layoutChanged):
        model.apply_ticks({infy: _tick(infy, "1510.50", volume=1250)})  # only the volume moved
    volume_column = next(i for i, c in enumerate(model.columns) if c.key == "volume")
    assert changes == [(0, volume_column, volume_column)]
    assert model.index(0, volume_column).data() == "1,250"


def test_a_moving_price_flashes_its_cell_then_stops(qtbot: QtBot, model: WatchModel) -> None:
    infy = _token(model, 0)
    model.apply_ticks({infy: _tick(infy, "1510.00")})
    model.apply_ticks({infy: _tick(infy, "1511.00")})
    cell = model.index(0, LTP_COLUMN)
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert cell.data() == "1511.00"
    qtbot.waitUntil(lambda: cell.data(Qt.ItemDataRole.BackgroundRole) is None, timeout=3000)


def test_ticks_of_instruments_not_shown_are_ignored(qtbot: QtBot, model: WatchModel) -> None:
    with qtbot.assertNotEmitted(model.dataChanged):
        model.apply_ticks({123456789: _tick(123456789, "10")})


def test_change_and_best_bid_columns(model: WatchModel) -> None:
    sbin = _token(model, 1)
    model.apply_ticks({sbin: _tick(sbin, "820.00", close="800.00", bid="819.95")})
    texts = {c.key: model.index(1, i).data() for i, c in enumerate(model.columns)}
    assert (texts["ltp"], texts["change"], texts["change_percent"], texts["bid"]) == (
        "820.00", "+20.00", "+2.50%", "819.95",
    )  # fmt: skip
    colour = model.index(1, 2).data(Qt.ItemDataRole.ForegroundRole)
    assert colour is not None
    assert colour.green() > colour.red()


def test_a_watchlist_edit_keeps_the_ticks_of_rows_that_stay(model: WatchModel, master: InstrumentMaster) -> None:
    infy = _token(model, 0)
    model.apply_ticks({infy: _tick(infy, "1510.00")})
    model.show_rows([WatchRow(key, master.get(*key.split(":"))) for key in ("NSE:TCS", "NSE:INFY")])
    assert [model.row_at(i).key for i in range(model.rowCount(QModelIndex()))] == ["NSE:TCS", "NSE:INFY"]
    assert model.index(1, LTP_COLUMN).data() == "1510.00"


def test_an_unknown_instrument_shows_without_prices(model: WatchModel) -> None:
    model.show_rows([WatchRow("NFO:GONE24JANFUT", None)])
    assert model.index(0, 0).data() == "GONE24JANFUT"
    assert model.index(0, LTP_COLUMN).data() == ""


def test_texts_shown_before_a_tick_follow_it(model: WatchModel, master: InstrumentMaster) -> None:
    infy = _token(model, 0)
    model.apply_ticks({infy: _tick(infy, "1510.00", volume=1000)})
    before = [model.index(0, column).data() for column in range(model.columnCount(QModelIndex()))]
    model.apply_ticks({infy: _tick(infy, "1490.00", volume=2500)})
    after = [model.index(0, column).data() for column in range(model.columnCount(QModelIndex()))]
    changed = {model.columns[column].key for column, (a, b) in enumerate(zip(before, after, strict=True)) if a != b}
    assert changed == {"ltp", "change", "change_percent", "volume"}
    assert (after[LTP_COLUMN], after[2]) == ("1490.00", "-10.00")
    model.show_rows([WatchRow("NSE:INFY", None)])  # the day's list no longer has it: no instrument, its tick kept
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "Not in today's instruments"
    assert model.index(0, LTP_COLUMN).data() == "1490.00"


@given(st.lists(st.integers(0, 2), min_size=11, max_size=11), st.lists(st.integers(0, 2), min_size=11, max_size=11))
def test_changed_columns_are_the_first_and_last_that_differ(before: list[int], after: list[int]) -> None:
    differing = [column for column, (a, b) in enumerate(zip(before, after, strict=True), 1) if a != b]
    if differing:
        assert _changed_columns(tuple(before), tuple(after)) == (differing[0], differing[-1])


def test_the_delegate_lays_prices_out_to_the_right(model: WatchModel) -> None:
    """Alignment is answered as a plain int (a faster QVariant than the enum); Qt's delegate must read it alike."""
    infy = _token(model, 0)
    model.apply_ticks({infy: _tick(infy, "1510.50")})
    option = QStyleOptionViewItem()
    QStyledItemDelegate().initStyleOption(option, model.index(0, LTP_COLUMN))
    assert option.displayAlignment & Qt.AlignmentFlag.AlignRight
    assert option.text == "1510.50"
    QStyledItemDelegate().initStyleOption(option, model.index(0, 0))
    assert not option.displayAlignment & Qt.AlignmentFlag.AlignRight
