"""All the chart's candles as one pyqtgraph item: the finished ones recorded once into a QPicture, the live one
painted on each repaint.

One item per candle (a thousand QGraphicsItems) would make every pan and tick walk the scene; one picture replayed
is the pyqtgraph idiom for fixed shapes (its own ``examples/customGraphicsItem.py``). Only the candle still forming
changes with each tick, so the picture is recorded again only when a candle is finished (a new one begins) or the
series is replaced; a tick repaints the item, replaying the picture and drawing that one candle.

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


class CandlesItem(pg.GraphicsObject):  # type: ignore[misc]  # pyqtgraph ships no type hints
    """Signals: none of its own."""

    def __init__(self) -> None:
        super().__init__()
        self._candles: tuple[Candle, ...] = ()
        self._picture = QPicture()
        self._bounds = QRectF()

    @property
    def candles(self) -> tuple[Candle, ...]:
        return self._candles

    def set_candles(self, candles: tuple[Candle, ...]) -> None:
        """Show ``candles``: the picture is recorded again only if a finished candle differs from the last call's."""
        finished = candles[:-1]
        if finished != self._candles[:-1]:
            self._record(finished)
        self._candles = candles
        self.prepareGeometryChange()
        self._bounds = _bounds(candles)
        self.informViewBoundsChanged()  # the view's auto-range follows a new high or low
        self.update()

    def _record(self, finished: tuple[Candle, ...]) -> None:
        self._picture = QPicture()
        painter = QPainter(self._picture)
        for index, candle in enumerate(finished):
            _draw(painter, index, candle)
        painter.end()

    # -- pyqtgraph / QGraphicsItem overrides --------------------------------------------------------------------
    def paint(self, painter: QPainter, _option: QStyleOptionGraphicsItem, _widget: QWidget | None = None) -> None:
        painter.drawPicture(0, 0, self._picture)
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


def _bounds(candles: tuple[Candle, ...]) -> QRectF:
    if not candles:
        return QRectF()
    low, high = float(min(c.low for c in candles)), float(max(c.high for c in candles))
    return QRectF(-0.5, low, len(candles), max(high - low, 1e-9))
