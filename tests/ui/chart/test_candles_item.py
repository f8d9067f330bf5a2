"""The candles item: a tick or a finished candle re-records only what changed, and paints the same picture as the
same candles recorded from scratch; the time axis names each candle."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from PySide6.QtGui import QColor, QImage, QPainter, QTransform
from pytestqt.qtbot import QtBot

from kiteticket.domain.candles import Candle, CandleSeries, Interval
from kiteticket.domain.market_clock import IST
from kiteticket.ui.chart.candles_item import CHUNK, CandlesItem
from kiteticket.ui.chart.time_axis import CandleTimeAxis

START = datetime(2026, 12, 4, 9, 15, tzinfo=IST)


def series(count: int) -> CandleSeries:
    candles = tuple(
        Candle(START + timedelta(minutes=i), Decimal(100 + i % 7), Decimal(110), Decimal(95), Decimal(101 + i % 5))
        for i in range(count)
    )
    return CandleSeries(Interval.MINUTE, candles)


def painted(item: CandlesItem, count: int) -> QImage:
    """The item drawn with each candle 2 px wide, prices 90 to 115 over 100 px."""
    image = QImage(count * 2 + 4, 100, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setTransform(QTransform(2, 0, 0, -4, 2, 460))
    item.paint(painter, None)  # type: ignore[arg-type]
    painter.end()
    return image


def test_a_finished_candle_rerecords_only_the_last_chunk_and_paints_as_from_scratch(qtbot: QtBot) -> None:
    grown, fresh = CandlesItem(), CandlesItem()
    ticked = series(2 * CHUNK + 10)
    grown.set_candles(ticked.candles)
    first_chunks = list(grown._chunks)
    moment = ticked.candles[-1].start
    for step in range(1, 4):  # three ticks, each a minute on: three candles finished
        ticked = ticked.with_tick(Decimal(103), moment + timedelta(minutes=step))
        grown.set_candles(ticked.candles)
    # the full chunks were left alone
    assert all(a is b for a, b in zip(grown._chunks[:2], first_chunks[:2], strict=True))
    fresh.set_candles(tuple(ticked.candles))
    assert len(grown._chunks) == len(fresh._chunks) == 3
    image = painted(grown, len(ticked.candles))
    assert image == painted(fresh, len(ticked.candles))
    assert image != painted(CandlesItem(), len(ticked.candles))  # something was drawn: the candles


def test_a_tick_within_the_candle_records_nothing_and_the_bounds_follow_it(qtbot: QtBot) -> None:
    item = CandlesItem()
    ticked = series(5)
    item.set_candles(ticked.candles)
    chunks = list(item._chunks)
    ticked = ticked.with_tick(Decimal(130), ticked.candles[-1].start + timedelta(seconds=30))
    item.set_candles(ticked.candles)
    assert all(a is b for a, b in zip(item._chunks, chunks, strict=True))
    assert item.boundingRect().bottom() == 130  # the new high: the view's auto-range reaches it
    assert item.dataBounds(1, orthoRange=(3.0, 4.0)) == (95.0, 130.0)
    assert item.dataBounds(0) == (-0.5, 4.5)


def test_the_time_axis_names_each_candle_with_the_date_where_a_day_begins(qtbot: QtBot) -> None:
    axis = CandleTimeAxis()
    yesterday = START - timedelta(days=1)
    starts = (yesterday + timedelta(hours=6), START, START + timedelta(minutes=1))
    axis.set_times(starts, Interval.MINUTE)
    assert axis.tickStrings([0, 1, 1.5, 2, 7], 1, 1) == ["03 Dec 15:15", "04 Dec 09:15", "", "09:16", ""]
    axis.set_times(starts, Interval.DAY)
    assert axis.tickStrings([1], 1, 1) == ["04 Dec 26"]
