"""The order book as the app shows it: its model, a display copy, the filter proxy, the view. Painting runs no
Python; the filter and the sort still follow every change (in view or not); the rows a click or a key picks are the
model's own."""

from __future__ import annotations

import random
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from benchmarks.common import python_calls
from kiteticket.domain.orderbook import OrderBookSnapshot
from kiteticket.ui.book.filter import OrderBookFilterProxy, StatusFilter
from kiteticket.ui.book.model import COLUMNS, OrderBookModel
from kiteticket.ui.book.view import OrderBookView
from kiteticket.ui.display_copy import DisplayCopy, keyed_row
from tests.domain.test_orderbook import raw_order
from tests.ui.counting import CountsPaintCalls, calls_to_paint

ORDERS = 200
STATUS = [column.header for column in COLUMNS].index("Status")
SYMBOL = [column.header for column in COLUMNS].index("Instrument")


class CountingBook(CountsPaintCalls, OrderBookModel):
    """Counts what painting asks of the model in Python."""


def raw(number: int, **overrides: Any) -> dict[str, Any]:
    stamp = f"2026-11-25 10:{number // 60:02}:{number % 60:02}"
    return raw_order(str(number), stamp, tradingsymbol=f"S{number:03d}", **overrides)


@pytest.fixture
def book(qtbot: QtBot) -> tuple[CountingBook, OrderBookFilterProxy, OrderBookView]:
    model = CountingBook()
    model.apply(OrderBookSnapshot.from_raw([raw(number) for number in range(ORDERS)]))
    proxy = OrderBookFilterProxy()
    view = OrderBookView()
    qtbot.addWidget(view)
    DisplayCopy(model, view, proxy)
    view.resize(900, 300)
    view.show()
    qtbot.waitExposed(view)
    return model, proxy, view


def shown_texts(view: OrderBookView, column: int) -> list[str]:
    last = view.rowAt(view.viewport().height() - 1)
    return [view.model().index(row, column).data() or "" for row in range(view.rowAt(0), last + 1)]  # blank: None


def model_texts(view: OrderBookView, column: int) -> list[str]:
    last = view.rowAt(view.viewport().height() - 1)
    rows = [keyed_row(view.model().index(row, column)) for row in range(view.rowAt(0), last + 1)]
    return [COLUMNS[column].text(row) for row in rows]


def test_painting_asks_the_model_nothing_and_shows_its_rows_newest_first(
    book: tuple[CountingBook, OrderBookFilterProxy, OrderBookView],
) -> None:
    model, _proxy, view = book
    assert shown_texts(view, SYMBOL)[:3] == ["S199", "S198", "S197"]  # newest first, as the view sorts
    assert shown_texts(view, STATUS) == model_texts(view, STATUS)
    assert calls_to_paint(model, view) == 0


def test_a_change_out_of_view_still_moves_the_order_out_of_the_open_filter(
    qtbot: QtBot, book: tuple[CountingBook, OrderBookFilterProxy, OrderBookView]
) -> None:
    model, proxy, view = book
    proxy.set_status_filter(StatusFilter.OPEN)
    assert proxy.rowCount() == ORDERS
    rows = [raw(number) for number in range(ORDERS)]
    rows[3] = raw(3, status="COMPLETE", filled_quantity=10, pending_quantity=0)  # the oldest: far out of view
    rows[198] = raw(198, status="CANCELLED", pending_quantity=0)  # in view
    model.apply(OrderBookSnapshot.following(model.snapshot, rows))
    assert proxy.rowCount() == ORDERS - 2
    assert shown_texts(view, SYMBOL)[:2] == ["S199", "S197"]
    qtbot.waitUntil(lambda: shown_texts(view, STATUS) == model_texts(view, STATUS))  # rows come into view


def test_a_sort_by_a_click_on_the_header_shows_fresh_cells_and_clicks_pick_the_models_rows(
    qtbot: QtBot, book: tuple[CountingBook, OrderBookFilterProxy, OrderBookView]
) -> None:
    model, _proxy, view = book
    rows = [raw(number, price=1000 + number) for number in range(ORDERS)]
    model.apply(OrderBookSnapshot.following(model.snapshot, rows))  # every price changes, most out of view
    header = view.horizontalHeader()
    section = header.logicalIndex(SYMBOL)
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(section) + 5, 5)
    )
    qtbot.waitUntil(lambda: shown_texts(view, SYMBOL)[0] in ("S000", "S199"))
    qtbot.waitUntil(
        lambda: all(shown_texts(view, column) == model_texts(view, column) for column in range(len(COLUMNS)))
    )
    second = view.visualRect(view.model().index(1, SYMBOL)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=second)
    picked = view.current_row()
    assert picked is not None
    assert picked.tradingsymbol == shown_texts(view, SYMBOL)[1]
    assert view.selected_rows() == (picked,)


def test_sorting_and_filtering_the_whole_book_run_no_python_per_comparison(
    book: tuple[CountingBook, OrderBookFilterProxy, OrderBookView],
) -> None:
    # A Python lessThan or filterAcceptsRow runs per comparison or per row (4,376 calls to sort 200 rows), and each
    # call is a chance for another thread to take the GIL from the GUI thread: the proxy works in Qt's own code.
    # Sorting by another column writes that column's value into each row of the copy, once.
    _model, proxy, view = book
    price = [column.header for column in COLUMNS].index("Price")

    assert python_calls(lambda: proxy.sort(price, Qt.SortOrder.AscendingOrder)) < 5 * ORDERS
    assert python_calls(lambda: proxy.sort(price, Qt.SortOrder.DescendingOrder)) < ORDERS / 10
    assert python_calls(lambda: proxy.set_text_filter("S1")) < ORDERS / 10
    assert python_calls(lambda: proxy.set_status_filter(StatusFilter.OPEN)) < ORDERS / 10

    assert proxy.rowCount() == 100  # S100-S199: every order is open
    ids = [keyed_row(proxy.index(row, 0)).order_id for row in range(proxy.rowCount())]
    assert ids == [str(number) for number in range(199, 99, -1)]  # one price: as the book came, newest first
    assert view.model() is proxy


def record_proxy_signals(proxy: OrderBookFilterProxy) -> list[str]:
    signals: list[str] = []
    proxy.rowsInserted.connect(lambda *_: signals.append("inserted"))
    proxy.rowsRemoved.connect(lambda *_: signals.append("removed"))
    proxy.layoutAboutToBeChanged.connect(lambda *_: signals.append("layout"))
    proxy.modelReset.connect(lambda *_: signals.append("reset"))
    return signals


@pytest.mark.parametrize("status_filter", [StatusFilter.ALL, StatusFilter.OPEN])
def test_an_order_inserted_out_of_view_is_filed_once_under_its_own_keys(
    qtbot: QtBot, book: tuple[CountingBook, OrderBookFilterProxy, OrderBookView], status_filter: StatusFilter
) -> None:
    # The proxy files an inserted row as it comes: a row inserted empty and given its keys after would be filed
    # under none (or filtered out), then moved or let in: a layout change or a second insertion the view would see.
    model, proxy, view = book
    proxy.set_status_filter(status_filter)
    proxy.sort([column.header for column in COLUMNS].index("Price"), Qt.SortOrder.AscendingOrder)
    rows = [raw(number, price=100 + number) for number in range(ORDERS)]
    model.apply(OrderBookSnapshot.following(model.snapshot, rows))
    signals = record_proxy_signals(proxy)

    rows += [raw(ORDERS, price=5_000), raw(ORDERS + 1, price=1, status="COMPLETE")]  # dearest; one not open
    model.apply(OrderBookSnapshot.following(model.snapshot, rows))

    shown = 1 if status_filter is StatusFilter.OPEN else 2
    assert signals == ["inserted"] * shown
    assert keyed_row(proxy.index(proxy.rowCount() - 1, 0)).order_id == str(ORDERS)  # dearest last, out of view
    assert proxy.rowCount() == ORDERS + shown
    view.scrollToBottom()
    qtbot.waitUntil(lambda: shown_texts(view, SYMBOL)[-1] == f"S{ORDERS}")


def test_a_modified_order_is_filed_once_under_its_new_time(
    book: tuple[CountingBook, OrderBookFilterProxy, OrderBookView],
) -> None:
    # Kite re-stamps a modified order: the book takes it out and puts it back at the top, as the new row.
    model, proxy, _view = book
    rows = [raw(number) for number in range(ORDERS)]
    signals = record_proxy_signals(proxy)

    rows[5] = raw(5, order_timestamp="2026-11-25 15:00:00", price=1501, modified=True)
    model.apply(OrderBookSnapshot.following(model.snapshot, rows))

    assert keyed_row(proxy.index(0, 0)).order_id == "5"  # newest first
    assert "layout" not in signals


def test_a_change_of_the_tags_alone_reaches_the_search(
    book: tuple[CountingBook, OrderBookFilterProxy, OrderBookView],
) -> None:
    model, proxy, _view = book
    proxy.set_text_filter("hedge")
    assert proxy.rowCount() == 0
    rows = [raw(number) for number in range(ORDERS)]
    rows[7] = raw(7, tags=["hedge"])
    model.apply(OrderBookSnapshot.following(model.snapshot, rows))

    assert [keyed_row(proxy.index(row, 0)).order_id for row in range(proxy.rowCount())] == ["7"]


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_qt_sorts_every_column_as_its_values_sort(
    book: tuple[CountingBook, OrderBookFilterProxy, OrderBookView], order: Qt.SortOrder
) -> None:
    # Qt compares the copied values itself: each column must come out in the order Python gives its sort values.
    model, proxy, _view = book
    rng = random.Random(5)
    rows = []
    for number in rng.sample(range(1, 10_000), ORDERS):
        quantity = rng.choice([1, 9, 10, 100, 1_000_000])
        rows.append(
            raw(
                number,
                price=rng.choice([0, 9, 10, 99.5, 100, 1000.25]),
                quantity=quantity,
                filled_quantity=rng.choice([0, quantity]),
                tag=rng.choice([None, "a", "B", "scalp"]),
                order_timestamp=rng.choice(["", "2026-11-25 09:15:00", "2026-11-25 10:00:00"]),
                transaction_type=rng.choice(["BUY", "SELL"]),
            )
        )
    model.apply(OrderBookSnapshot.following(model.snapshot, rows))
    for number, column in enumerate(COLUMNS):
        proxy.sort(number, order)
        values = [column.sorted_by(keyed_row(proxy.index(row, 0))) for row in range(proxy.rowCount())]
        assert values == sorted(values, reverse=order == Qt.SortOrder.DescendingOrder), column.header
