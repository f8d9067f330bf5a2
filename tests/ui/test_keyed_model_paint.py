"""What a view paints comes through ``multiData`` (Qt's delegate asks every role of a cell in one call): it must
say what ``data`` says, through the order book's filter proxy too, and follow a changed row at once."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTableView
from pytestqt.qtbot import QtBot

from kiteticket.domain.orderbook import OrderBookSnapshot
from kiteticket.ui.book.filter import OrderBookFilterProxy
from kiteticket.ui.book.model import COLUMNS, OrderBookModel
from tests.domain.test_orderbook import raw_order

STATUS = [column.header for column in COLUMNS].index("Status")


def painted(view: QTableView, index: QModelIndex) -> QStyleOptionViewItem:
    """The option the view's delegate paints the cell with (``initStyleOption`` fills it through multiData)."""
    option = QStyleOptionViewItem()
    delegate = view.itemDelegateForIndex(index)
    assert isinstance(delegate, QStyledItemDelegate)
    delegate.initStyleOption(option, index)
    return option


def test_the_delegate_paints_what_data_says_through_the_filter(qtbot: QtBot) -> None:
    model = OrderBookModel()
    model.apply(OrderBookSnapshot.from_raw([raw_order("1", "2026-11-25 10:00:01", status="REJECTED")]))
    proxy = OrderBookFilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    for column in range(proxy.columnCount()):
        index = proxy.index(0, column)
        option = painted(view, index)
        assert option.text == index.data(Qt.ItemDataRole.DisplayRole)
        assert int(option.displayAlignment.value) == int(index.data(Qt.ItemDataRole.TextAlignmentRole))
        colour = index.data(Qt.ItemDataRole.ForegroundRole)
        if colour is not None:
            assert option.palette.color(QPalette.ColorRole.Text) == colour
    assert painted(view, proxy.index(0, STATUS)).text == "REJECTED"


def test_a_replaced_row_is_painted_new_at_once(qtbot: QtBot) -> None:
    model = OrderBookModel()
    model.apply(OrderBookSnapshot.from_raw([raw_order("1", "2026-11-25 10:00:01", status="OPEN")]))
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    assert painted(view, model.index(0, STATUS)).text == "OPEN"  # cached now
    model.apply(OrderBookSnapshot.from_raw([raw_order("1", "2026-11-25 10:00:01", status="CANCELLED")]))
    assert painted(view, model.index(0, STATUS)).text == "CANCELLED"
    assert model.index(0, STATUS).data() == "CANCELLED"
