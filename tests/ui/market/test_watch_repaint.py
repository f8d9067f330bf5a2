"""The watch table repaints only the changed rows that are in view, whatever else ticks (a full repaint asks the
model for seven roles of every visible cell, and 3,000 ticking rows used to cause one per batch)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QPaintEvent
from pytestqt.qtbot import QtBot

from kiteticket.domain.instruments import InstrumentMaster
from kiteticket.domain.tick import Tick
from kiteticket.paper.sample_derivatives import sample_master_csv
from kiteticket.ui.market.watch_model import WatchModel, WatchRow
from kiteticket.ui.market.watch_view import WatchTable


class PaintLog(QObject):
    """The regions the viewport was asked to paint."""

    def __init__(self) -> None:
        super().__init__()
        self.rects: list[QRect] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QPaintEvent):
            self.rects.append(event.rect())
        return False


@pytest.fixture
def shown(qtbot: QtBot) -> tuple[WatchTable, PaintLog]:
    """A table of 456 rows, 300 px high, once its first paint is done (the log then starts empty)."""
    master = InstrumentMaster.from_csv(sample_master_csv(date(2026, 12, 7)))
    model = WatchModel()
    model.show_rows([WatchRow(instrument.key, instrument) for instrument in master])
    view = WatchTable(model)
    qtbot.addWidget(view)
    log = PaintLog()
    view.viewport().installEventFilter(log)
    view.resize(800, 300)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: bool(log.rects))
    log.rects.clear()
    return view, log


def _tick_rows(table: WatchTable, rows: range, price: str) -> None:
    model = table.watch_model
    tokens = [model.row_at(row).token for row in rows]
    model.apply_ticks({token: Tick(token, Decimal(price), volume=10) for token in tokens if token is not None})


def test_rows_out_of_view_ticking_repaint_nothing_and_a_row_in_view_only_itself(
    qtbot: QtBot, shown: tuple[WatchTable, PaintLog]
) -> None:
    table, log = shown
    last_visible = table.rowAt(table.viewport().height() - 1)
    assert 5 < last_visible < 400
    _tick_rows(table, range(last_visible + 1, 450), "101.5")  # one span of rows, wholly below the view
    _tick_rows(table, range(3, 4), "99.5")
    row = table.visualRect(table.model().index(3, 0))
    qtbot.waitUntil(lambda: any(rect.top() == row.top() for rect in log.rects))
    (painted,) = [rect for rect in log.rects if rect.top() == row.top()]
    # Not the whole viewport: the row, and one pixel line below it that Qt adds.
    assert row.bottom() <= painted.bottom() <= row.bottom() + 1
    assert all(rect.height() < table.viewport().height() // 2 for rect in log.rects)


def test_a_span_reaching_into_the_view_repaints_its_rows_in_view(
    qtbot: QtBot, shown: tuple[WatchTable, PaintLog]
) -> None:
    table, log = shown
    last_visible = table.rowAt(table.viewport().height() - 1)
    _tick_rows(table, range(last_visible - 1, 450), "101.5")
    first = table.visualRect(table.model().index(last_visible - 1, 0))
    # The paint of the ticked rows (in a whole suite another paint may come first: the view's hover, say).
    qtbot.waitUntil(lambda: any(rect.top() == first.top() for rect in log.rects))
    (painted,) = [rect for rect in log.rects if rect.top() == first.top()]
    assert painted.bottom() >= table.visualRect(table.model().index(last_visible, 0)).top()
    assert painted.left() == table.columnViewportPosition(1)  # the cells that changed, from the LTP on
