"""All the chart's candles as one pyqtgraph item: the finished ones recorded once into a QPicture, the live one
painted on each repaint.

One item per candle (a thousand QGraphicsItems) would make every pan and tick walk the scene; recorded pictures
replayed are the pyqtgraph idiom for fixed shapes (its own ``examples/customGraphicsItem.py``). Only the candle still
forming changes with each tick, so a tick repaints the item, replaying the pictures and drawing that one candle; a
finished candle re-records the last picture of a hundred; a new series records them all.

Candle ``i`` is drawn at x = i (no gaps for nights and weekends, as traders' charts do); the time axis labels it.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QColor, QPainter, QPen, QPicture
from PySide6.QtWidgets import QStyleOptionGraphicsItem, QWidget

from kiteticket.domain.candles import Candle

RISING = QColor("#2e7d32")
FALLING = QColor("#c62828")
BODY_WIDTH = 0.7  # of the space between two candles
# Finished candles per recorded picture: when a candle is finished only the last picture is recorded again (a
# picture replayed into another nests, and replaying the nest costs more with every candle; see bench_chart).
CHUNK = 100


class CandlesItem(pg.GraphicsObject):  # type: ignore[misc]  # pyqtgraph ships no type hints
    """Signals: none of its own."""

    def __init__(self) -> None:
        super().__init__()
        self._candles: tuple[Candle, ...] = ()
        self._chunks: list[QPicture] = []  # the finished candles, CHUNK to a picture
        self._bounds = QRectF()

    @property
    def candles(self) -> tuple[Candle, ...]:
        return self._candles

    def set_candles(self, candles: tuple[Candle, ...]) -> None:
        """Show ``candles``. The finished ones are recorded again only when they are another series; one more
        finished candle (a tick began the next) is added to the picture, which is replayed into a new one."""
        finished, before = candles[:-1], self._candles[:-1]
        if _same(finished, before):
            pass  # a tick moved the live candle: nothing recorded
        elif len(finished) == len(before) + 1 and _same(finished[:-1], before):
            self._extend(finished[-1], len(finished) - 1)
        else:
            self._record(finished)
        self._candles = candles
        self.prepareGeometryChange()
        self._bounds = _bounds(candles)
        self.informViewBoundsChanged()  # the view's auto-range follows a new high or low
        self.update()

    def _extend(self, candle: Candle, index: int) -> None:
        """One more finished candle: only the last chunk is recorded again (or a new one begun)."""
        first = (index // CHUNK) * CHUNK
        finished = (*self._candles[first:index], candle)
        del self._chunks[first // CHUNK :]
        self._chunks.append(_picture(finished, first))

    def _record(self, finished: tuple[Candle, ...]) -> None:
        self._chunks = [_picture(finished[start : start + CHUNK], start) for start in range(0, len(finished), CHUNK)]

    # -- pyqtgraph / QGraphicsItem overrides --------------------------------------------------------------------
    def paint(self, painter: QPainter, _option: QStyleOptionGraphicsItem, _widget: QWidget | None = None) -> None:
        for chunk in self._chunks:
            painter.drawPicture(0, 0, chunk)
        if self._candles:
            _draw(painter, len(self._candles) - 1, self._candles[-1])

    def boundingRect(self) -> QRectF:
        return QRectF(self._bounds)

    def dataBounds(
        self,
        axis: int,
        frac: float = 1.0,
        orthoRange: tuple[float, float] | None = None,  # noqa: N803 - pyqtgraph passes it by this name
    ) -> tuple[float, float] | None:
        """What the view's auto-range fits: for y, the lows and highs of the candles in view only, so the visible
        candles fill the height however far the price has moved over the whole series."""
        if not self._candles:
            return None
        if axis == 0:
            return (-0.5, len(self._candles) - 0.5)
        shown = self._candles
        if orthoRange is not None:
            first, last = max(int(orthoRange[0]), 0), min(int(orthoRange[1]) + 1, len(self._candles))
            shown = self._candles[first:last] or self._candles[-1:]
        return (float(min(c.low for c in shown)), float(max(c.high for c in shown)))


def _draw(painter: QPainter, index: int, candle: Candle) -> None:
    colour = RISING if candle.close >= candle.open else FALLING
    pen = QPen(colour)
    pen.setCosmetic(True)  # one pixel wide at any zoom
    painter.setPen(pen)
    painter.drawLine(QLineF(QPointF(index, float(candle.low)), QPointF(index, float(candle.high))))
    top, bottom = float(max(candle.open, candle.close)), float(min(candle.open, candle.close))
    if top == bottom:  # a doji: a body of no height would not show at all
        painter.drawLine(QLineF(QPointF(index - BODY_WIDTH / 2, top), QPointF(index + BODY_WIDTH / 2, top)))
    else:
        painter.fillRect(QRectF(index - BODY_WIDTH / 2, bottom, BODY_WIDTH, top - bottom), colour)


def _picture(candles: tuple[Candle, ...], first: int) -> QPicture:
    """``candles`` drawn at x = first, first + 1, …"""
    picture = QPicture()
    painter = QPainter(picture)
    for index, candle in enumerate(candles, start=first):
        _draw(painter, index, candle)
    painter.end()
    return picture


def _same(these: tuple[Candle, ...], those: tuple[Candle, ...]) -> bool:
    """The same finished candles: a series grows by ticks (``CandleSeries.with_tick``) keeping its finished candles
    as they were, the very same objects, so the ends tell (comparing a thousand candles on every tick would not be
    free); a series fetched anew is new objects and is recorded again."""
    return len(these) == len(those) and (not these or (these[0] is those[0] and these[-1] is those[-1]))


def _bounds(candles: tuple[Candle, ...]) -> QRectF:
    if not candles:
        return QRectF()
    low, high = float(min(c.low for c in candles)), float(max(c.high for c in candles))
    return QRectF(-0.5, low, len(candles), max(high - low, 1e-9))
