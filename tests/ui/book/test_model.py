"""The order book model applies diffs row by row, and its proxy filters and sorts on the row values."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from kiteticket.domain.orderbook import OrderBookSnapshot, display_order_key
from kiteticket.ui.book import model as orderbook_model
from kiteticket.ui.book.filter import OrderBookFilterProxy, StatusFilter
from kiteticket.ui.book.model import COLUMNS, OrderBookModel, OrderBookRole
from kiteticket.ui.keyed_model import Column, KeyedRole, KeyedTableModel
from tests.domain.test_orderbook import raw_order
from tests.kite_samples import ORDERS

STATUS = [column.header for column in COLUMNS].index("Status")
PRICE = [column.header for column in COLUMNS].index("Price")


def book(*ids: int, **overrides: Any) -> list[dict[str, Any]]:
    """Orders with ids ``ids``, order i placed at second i (so higher ids are newer and listed first)."""
    return [raw_order(str(i), f"2026-11-25 10:{i // 60:02}:{i % 60:02}", **overrides) for i in ids]


def ids_of(model: OrderBookModel | OrderBookFilterProxy) -> list[str]:
    return [model.index(row, 0).data(OrderBookRole.ORDER_ID) for row in range(model.rowCount())]


class SignalCounter:
    """Counts the structural signals of a model; a bound method per signal, so nothing is a lambda."""

    def __init__(self, model: OrderBookModel) -> None:
        self.inserted: list[tuple[int, int]] = []
        self.removed: list[tuple[int, int]] = []
        self.changed: list[tuple[int, int, int, int]] = []
        self.moved: list[tuple[int, int]] = []
        self.resets = 0
        model.rowsMoved.connect(self.on_moved)
        model.rowsInserted.connect(self.on_inserted)
        model.rowsRemoved.connect(self.on_removed)
        model.dataChanged.connect(self.on_changed)
        model.modelReset.connect(self.on_reset)

    def on_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        self.inserted.append((first, last))

    def on_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        self.removed.append((first, last))

    def on_moved(self, _parent: QModelIndex, first: int, _last: int, _destination: QModelIndex, row: int) -> None:
        self.moved.append((first, row))

    def on_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, _roles: object = None) -> None:
        self.changed.append((top_left.row(), top_left.column(), bottom_right.row(), bottom_right.column()))

    def on_reset(self) -> None:
        self.resets += 1


@pytest.fixture
def model(qtbot: QtBot) -> OrderBookModel:
    model = OrderBookModel()
    model.apply(OrderBookSnapshot.from_raw(book(1, 2, 3, 4, 5)))
    return model


def test_model_passes_the_model_tester(qtmodeltester: ModelTester, model: OrderBookModel) -> None:
    qtmodeltester.check(model)


def test_mock_orders_pass_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = OrderBookModel()
    model.apply(OrderBookSnapshot.from_raw(ORDERS))
    qtmodeltester.check(model)
    proxy = OrderBookFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(PRICE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)
    assert model.rowCount() == 10


def test_the_model_tester_watches_every_kind_of_apply(qtmodeltester: ModelTester, model: OrderBookModel) -> None:
    qtmodeltester.check(model)  # the tester stays connected and checks each signal below

    model.apply(OrderBookSnapshot.from_raw(book(2, 4, 6, 7) + book(1, status="COMPLETE")))
    model.apply(OrderBookSnapshot.from_raw([*book(1, 4, 6), raw_order("2", "2026-11-25 11:00:00")]))

    assert ids_of(model) == ["2", "6", "4", "1"]


def test_headers_and_display(model: OrderBookModel) -> None:
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    row = model.row_for_order("5")

    assert {"Status", "Price", "Time", "Order ID"} <= set(headers)
    assert row == 0
    assert model.index(row, headers.index("Filled/Qty")).data() == "0/10"
    assert model.index(row, PRICE).data() == "1,500.50"
    assert model.index(row, headers.index("Time")).data() == "10:00:05"


def test_roles_give_the_order(model: OrderBookModel) -> None:
    index = model.index(1, STATUS)

    assert index.data(Qt.ItemDataRole.UserRole) == "4"
    assert index.data(OrderBookRole.ORDER_ROW) == model.snapshot.by_id["4"]
    assert index.data(Qt.ItemDataRole.ForegroundRole) is not None  # OPEN is coloured
    assert model.index(1, PRICE).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight


def test_status_colour_and_tooltip(qtbot: QtBot) -> None:
    model = OrderBookModel()
    message = "Insufficient funds. Required margin is 95417.84 but available margin is 74251.80."
    model.apply(
        OrderBookSnapshot.from_raw(
            book(1, status="COMPLETE") + book(2, status="REJECTED", status_message=message) + book(3, status="X")
        )
    )
    colour = {
        oid: model.index(model.row_for_order(oid) or 0, STATUS).data(Qt.ItemDataRole.ForegroundRole) for oid in "123"
    }

    assert colour["1"].green() > colour["1"].red()
    assert colour["2"].red() > colour["2"].green()
    assert colour["3"] is None
    assert model.index(model.row_for_order("2") or 0, STATUS).data(Qt.ItemDataRole.ToolTipRole) == message


def test_apply_emits_row_signals_and_never_resets(model: OrderBookModel) -> None:
    counter = SignalCounter(model)

    # 1 and 2 leave, 6 and 7 arrive on top, 4 fills.
    model.apply(OrderBookSnapshot.from_raw(book(3, 5, 6, 7) + book(4, status="COMPLETE", filled_quantity=10)))

    assert ids_of(model) == ["7", "6", "5", "4", "3"]
    assert counter.removed == [(3, 4)]
    assert counter.inserted == [(0, 1)]
    assert counter.changed == [(3, 7, 3, STATUS)]  # filled quantity through status: the narrowest span
    assert counter.resets == 0
    assert model.row_for_order("4") == 3
    assert model.row_for_order("1") is None


def test_a_status_change_touches_only_the_status_cell(model: OrderBookModel) -> None:
    counter = SignalCounter(model)

    model.apply(OrderBookSnapshot.following(model.snapshot, book(1, 2, 4, 5) + book(3, status="CANCELLED")))

    assert counter.changed == [(2, STATUS, 2, STATUS)]
    assert (counter.inserted, counter.removed, counter.resets) == ([], [], 0)
    assert model.index(2, STATUS).data() == "CANCELLED"


def test_an_unchanged_poll_emits_nothing(model: OrderBookModel) -> None:
    counter = SignalCounter(model)

    changed = model.apply(OrderBookSnapshot.following(model.snapshot, book(1, 2, 3, 4, 5)))

    assert not changed
    assert (counter.inserted, counter.removed, counter.changed, counter.resets) == ([], [], [], 0)
    assert model.apply(OrderBookSnapshot.following(model.snapshot, book(1, 2, 3, 4, 5, 6)))


def test_the_csv_export_lists_every_order_newest_first(model: OrderBookModel) -> None:
    rows = list(csv.DictReader(io.StringIO(model.export_csv())))

    assert len(rows) == 5
    assert rows[0]["Time"] == "2026-11-25 10:00:05"
    assert rows[0]["Price"] == "1500.50"
    assert rows[0]["Status"] == "OPEN"
    assert [row["Order ID"].strip() for row in rows] == ["5", "4", "3", "2", "1"]


def test_apply_uses_the_diff_the_poller_attached(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> None:
    def no_diff_on_the_gui_thread(*_args: object) -> None:
        raise AssertionError("the model diffed although the snapshot carried a diff from its own snapshot")

    model = OrderBookModel()
    monkeypatch.setattr(orderbook_model, "diff", no_diff_on_the_gui_thread)

    model.apply(OrderBookSnapshot.following(OrderBookSnapshot.empty(), book(1, 2)))  # a new poller starts empty
    model.apply(OrderBookSnapshot.following(model.snapshot, book(1, 2, 3)))

    assert ids_of(model) == ["3", "2", "1"]


def test_a_snapshot_from_another_base_is_diffed_here(model: OrderBookModel) -> None:
    unrelated = OrderBookSnapshot.following(OrderBookSnapshot.from_raw(book(9)), book(2, 6))

    model.apply(unrelated)

    assert ids_of(model) == ["6", "2"]


def test_reset_is_for_logout_only(model: OrderBookModel) -> None:
    counter = SignalCounter(model)

    model.reset()

    assert counter.resets == 1
    assert model.rowCount() == 0


def test_selection_survives_an_apply_that_changes_and_inserts_other_rows(qtbot: QtBot, model: OrderBookModel) -> None:
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    selected = model.index(model.row_for_order("3") or 0, 0)
    view.selectionModel().setCurrentIndex(
        selected, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )

    model.apply(OrderBookSnapshot.from_raw(book(1, 3, 5, 8, 9) + book(4, status="COMPLETE")))

    rows = view.selectionModel().selectedRows()
    assert [index.data(OrderBookRole.ORDER_ID) for index in rows] == ["3"]
    assert view.selectionModel().currentIndex().data(OrderBookRole.ORDER_ID) == "3"


def test_a_modified_order_rises_to_the_top_and_other_selections_stay(qtbot: QtBot, model: OrderBookModel) -> None:
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    selected = model.index(model.row_for_order("4") or 0, 0)
    view.selectionModel().setCurrentIndex(
        selected, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    counter = SignalCounter(model)

    # Kite re-stamps a modified order, so it becomes the newest: a remove and an insert, not a (costly) move.
    model.apply(OrderBookSnapshot.from_raw([*book(1, 3, 4, 5), raw_order("2", "2026-11-25 10:30:00", price=1499)]))

    assert ids_of(model) == ["2", "5", "4", "3", "1"]
    assert (counter.removed, counter.inserted, counter.moved, counter.resets) == ([(3, 3)], [(0, 0)], [], 0)
    assert counter.changed == [(0, 0, 0, PRICE)]  # time through price changed
    assert [index.data(OrderBookRole.ORDER_ID) for index in view.selectionModel().selectedRows()] == ["4"]


# -- the filter proxy --------------------------------------------------------------------------------------------
@pytest.fixture
def proxy(model: OrderBookModel) -> OrderBookFilterProxy:
    model.apply(
        OrderBookSnapshot.from_raw(
            book(1, status="COMPLETE", price=9, tag="scalp")
            + book(2, status="CANCELLED", price=10, tradingsymbol="SBIN")
            + book(3, status="TRIGGER PENDING", price=100)
            + book(4, status="OPEN", price=99.5, tradingsymbol="SBIN")
            + book(5, status="REJECTED", price=1000)
        )
    )
    proxy = OrderBookFilterProxy()
    proxy.setSourceModel(model)
    return proxy


def test_proxy_passes_the_model_tester(qtmodeltester: ModelTester, proxy: OrderBookFilterProxy) -> None:
    proxy.set_status_filter(StatusFilter.OPEN)
    proxy.sort(PRICE)
    qtmodeltester.check(proxy)


@pytest.mark.parametrize(
    ("status_filter", "expected"),
    [(StatusFilter.OPEN, ["4", "3"]), (StatusFilter.EXECUTED, ["1"]), (StatusFilter.ALL, ["5", "4", "3", "2", "1"])],
)
def test_status_filter(proxy: OrderBookFilterProxy, status_filter: StatusFilter, expected: list[str]) -> None:
    proxy.set_status_filter(status_filter)

    assert ids_of(proxy) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("sbin", ["4", "2"]), ("SCALP", ["1"]), ("pending", ["3"]), ("5", ["5"])]
)
def test_text_filter(proxy: OrderBookFilterProxy, text: str, expected: list[str]) -> None:
    proxy.set_text_filter(text)

    assert ids_of(proxy) == expected


def test_sorts_prices_as_numbers_and_times_as_times(proxy: OrderBookFilterProxy) -> None:
    proxy.sort(PRICE, Qt.SortOrder.AscendingOrder)
    assert ids_of(proxy) == ["1", "2", "4", "3", "5"]  # 9 < 10 < 99.5 < 100 < 1000, not as text

    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    assert ids_of(proxy) == ["1", "2", "3", "4", "5"]


def test_a_filled_order_leaves_the_open_view(model: OrderBookModel, proxy: OrderBookFilterProxy) -> None:
    proxy.set_status_filter(StatusFilter.OPEN)
    raw = [row.raw for row in model.snapshot.rows if row.order_id != "4"]

    model.apply(OrderBookSnapshot.following(model.snapshot, [*raw, *book(4, status="COMPLETE", price=99.5)]))

    assert ids_of(proxy) == ["3"]


def test_the_book_is_a_keyed_model_with_the_same_roles_and_columns(qtmodeltester: ModelTester) -> None:
    model = OrderBookModel()
    assert isinstance(model, KeyedTableModel)
    assert all(isinstance(column, Column) and column.fields and column.sort_value for column in model.columns)
    assert (OrderBookRole.ORDER_ID.value, OrderBookRole.ORDER_ROW.value) == (KeyedRole.KEY, KeyedRole.ROW)
    # Rows, as every keyed model takes them, become a snapshot: the same diff, the same signals.
    assert model.apply(OrderBookSnapshot.from_raw(book(1, 2, 3)).rows)
    qtmodeltester.check(model)
    counter = SignalCounter(model)
    assert model.apply(OrderBookSnapshot.from_raw(book(1, 3, 4)).rows)
    assert ids_of(model) == ["4", "3", "1"]
    assert (counter.removed, counter.inserted, counter.resets) == ([(1, 1)], [(0, 0)], 0)
    assert model.row_for_key("1") == 2
    assert model.index(2, 0).data(KeyedRole.KEY) == "1"
    assert not model.apply(model.snapshot)
    model.clear()
    assert (model.rowCount(), counter.resets) == (0, 1)


def test_each_columns_sort_value_orders_rows_as_the_values_it_stands_for() -> None:
    # Qt's proxy compares one value per cell; the time and quantity columns sort as tuples would (time, then the
    # order id as a number; filled, then ordered), and the prices as numbers, not as text.
    rows = OrderBookSnapshot.from_raw(
        [
            raw_order(order_id, stamp, quantity=quantity, filled_quantity=filled, price=price)
            for order_id, stamp, quantity, filled, price in [
                ("9", "2026-11-25 10:00:00", 10, 10, 9),
                ("10", "2026-11-25 10:00:00", 100, 5, 10),
                ("100", "2026-11-25 09:59:59", 100, 50, 99.5),
                ("11", "", 2, 0, 100),
                ("250000000000001", "2026-11-25 10:00:00", 1_000_000, 5, 1000),
                ("8", "2026-11-25 10:00:01", 9, 5, 0),
            ]
        ]
    ).rows
    by_header = {column.header: column for column in COLUMNS}

    def ordered(header: str) -> list[str]:
        sort_value = by_header[header].sort_value
        assert sort_value is not None
        assert len({type(sort_value(row)) for row in rows}) == 1  # one type a column: Qt compares like with like
        return [row.order_id for row in sorted(rows, key=sort_value)]

    assert ordered("Time") == [row.order_id for row in sorted(rows, key=display_order_key)]
    assert ordered("Time") == ["11", "100", "9", "10", "250000000000001", "8"]
    assert ordered("Filled/Qty") == ["11", "8", "10", "250000000000001", "9", "100"]
    assert ordered("Price") == ["8", "9", "10", "100", "11", "250000000000001"]
    assert ordered("Order ID") == ["8", "9", "10", "11", "100", "250000000000001"]
