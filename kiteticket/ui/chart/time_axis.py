"""The chart's time axis: candle ``i`` sits at x = i, and its label is the candle's time.

pyqtgraph's DateAxisItem would place candles by their real time, leaving a gap for every night and weekend (most of
the width for minute candles); an axis over the candle index keeps them side by side as traders' charts do.
"""

from __future__ import annotations

from datetime import datetime

import pyqtgraph as pg

from kiteticket.domain.candles import Interval


class CandleTimeAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph ships no type hints
    """Signals: none of its own."""

    def __init__(self) -> None:
        super().__init__(orientation="bottom")
        self._starts: tuple[datetime, ...] = ()
        self._interval = Interval.MINUTE

    @property
    def interval(self) -> Interval:
        return self._interval

    def set_times(self, starts: tuple[datetime, ...], interval: Interval) -> None:
        if starts != self._starts or interval is not self._interval:
            self._starts, self._interval = starts, interval
            self.picture = None  # pyqtgraph's cache of the drawn axis
            self.update()

    def tickStrings(self, values: list[float], _scale: float, _spacing: float) -> list[str]:
        labels, day = [], None
        for value in values:
            start = self.start_at(value)
            labels.append(self._label(start, start is not None and start.date() != day))
            day = start.date() if start is not None else day
        return labels

    def start_at(self, value: float) -> datetime | None:
        """The start of the candle at ``value``; None between candles or beyond them."""
        index = round(value)
        if not 0 <= index < len(self._starts) or abs(value - index) > 1e-6:
            return None
        return self._starts[index]

    def _label(self, start: datetime | None, new_day: bool) -> str:
        """The date for day candles; for intraday ones the time, with the date where the day changes."""
        if start is None:
            return ""
        if self._interval is Interval.DAY:
            return f"{start:%d %b %y}"
        return f"{start:%d %b} {start:%H:%M}" if new_day else f"{start:%H:%M}"
