"""The chart tab: the instrument's candles (pyqtgraph), a row of interval buttons, and price lines for the user's
working orders and average prices. It shows what its controller gives it; it fetches nothing itself."""

from __future__ import annotations

from decimal import Decimal

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kiteticket.domain.candles import Candle, CandleSeries, Interval
from kiteticket.domain.chart_lines import LineKind, PriceLine
from kiteticket.domain.prices import format_price
from kiteticket.ui.chart.candles_item import CandlesItem
from kiteticket.ui.chart.time_axis import CandleTimeAxis

SHOWN_CANDLES = 90  # candles in view when a series is first shown; the rest is a drag (or the wheel) away
LINE_COLOURS = {LineKind.BUY: "#1565c0", LineKind.SELL: "#c62828", LineKind.TRIGGER: "#ef6c00",
                LineKind.AVERAGE: "#6a1b9a"}  # fmt: skip
TEXT = "#37474f"


class ChartView(QWidget):
    """Signals: ``interval_changed(Interval)`` when the user picks another interval; ``shown()`` when the chart
    comes into view (its tab chosen, or its window opened); ``pop_out_requested()`` from its window button."""

    interval_changed = Signal(object)
    shown = Signal()
    pop_out_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chart")
        self.title = QLabel("No instrument")
        self.title.setObjectName("chart_title")
        self.status = QLabel()
        self.status.setObjectName("chart_status")
        # Beside the ticket the tab may be narrow: the title and a long message give way, the buttons stay whole.
        for label in (self.title, self.status):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.candles = CandlesItem()
        self.axis = CandleTimeAxis()
        self.plot = pg.PlotWidget(background="w", axisItems={"bottom": self.axis})
        self.readout = QLabel(self.plot)  # over the plot's top left corner: the candle under the mouse
        self.readout.setObjectName("chart_readout")
        self.readout.setStyleSheet(f"color:{TEXT}; background:rgba(255,255,255,200); padding:1px 3px;")
        self.readout.move(4, 4)
        self._lines: dict[str, pg.InfiniteLine] = {}
        self._buttons = QButtonGroup(self)
        self._intervals: dict[QAbstractButton | None, Interval] = {}
        self._build()

    def _build(self) -> None:
        bar = QHBoxLayout()
        bar.setSpacing(0)  # the buttons' own padding parts them: beside the ticket at 1280×720 every pixel counts
        bar.addWidget(self.title, 1)
        bar.addWidget(self.status, 1)
        for interval in Interval:
            button = QToolButton()
            button.setText(interval.label)
            button.setToolTip(interval.description)
            button.setObjectName(f"interval_{interval.value}")
            button.setCheckable(True)
            button.setAutoRaise(True)
            self._buttons.addButton(button)
            self._intervals[button] = interval
            bar.addWidget(button)
        self._buttons.buttons()[0].setChecked(True)
        self._buttons.buttonClicked.connect(self._on_buttons_button_clicked)
        self.pop_out = QToolButton()
        self.pop_out.setObjectName("chart_pop_out")
        self.pop_out.setAutoRaise(True)
        self.pop_out.clicked.connect(self.pop_out_requested)
        self.set_popped_out(False)
        bar.addWidget(self.pop_out)
        plot = self.plot.getPlotItem()
        plot.addItem(self.candles)
        plot.hideAxis("left")
        plot.showAxis("right")  # prices on the right, where traders' charts keep them
        plot.showGrid(x=True, y=True, alpha=0.15)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        for side in ("right", "bottom"):
            plot.getAxis(side).setTextPen(TEXT)
            plot.getAxis(side).setPen(TEXT)
        plot.getViewBox().setAutoVisible(y=True)  # the height fits the candles in view, not the whole series
        self.plot.scene().sigMouseMoved.connect(self._on_scene_mouse_moved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(bar)
        layout.addWidget(self.plot, 1)

    def interval(self) -> Interval:
        return self._intervals.get(self._buttons.checkedButton(), Interval.MINUTE)

    @Slot(object)
    def _on_buttons_button_clicked(self, _button: object) -> None:
        self.interval_changed.emit(self.interval())

    def show_series(self, series: CandleSeries, *, fit: bool) -> None:
        """Draw ``series``; ``fit`` (a new instrument or interval) scrolls to its latest candles."""
        before = len(self.candles.candles)
        self.axis.set_times(tuple(candle.start for candle in series.candles), series.interval)
        self.candles.set_candles(series.candles)
        count = len(series.candles)
        plot = self.plot.getPlotItem()
        if fit and count:
            plot.setXRange(max(count - SHOWN_CANDLES, 0) - 0.5, count + 1.5, padding=0)
            plot.enableAutoRange(axis="y")
        elif count > before and plot.viewRange()[0][1] >= before - 0.5:
            # A new candle while the latest was in view: scroll with it, as a live chart does; a user looking
            # at the past (panned left) is left where they are.
            plot.getViewBox().translateBy(x=count - before)

    @Slot(object)
    def _on_scene_mouse_moved(self, position: QPointF) -> None:
        self.show_readout(round(self.plot.getPlotItem().getViewBox().mapSceneToView(position).x()))

    def show_readout(self, index: int) -> None:
        """The time, open, high, low and close of candle ``index`` (nothing beyond the candles)."""
        candles = self.candles.candles
        if not 0 <= index < len(candles):
            self.readout.clear()
            self.readout.hide()
            return
        candle = candles[index]
        when = f"{candle.start:%d %b %y}" if self.axis.interval is Interval.DAY else f"{candle.start:%d %b %H:%M}"
        prices = "  ".join(f"{name} {format_price(value)}" for name, value in zip("OHLC", _ohlc(candle), strict=True))
        self.readout.setText(f"{when}  {prices}")
        self.readout.adjustSize()
        self.readout.show()

    def set_lines(self, lines: tuple[PriceLine, ...]) -> None:
        """Show exactly ``lines``: new ones added, gone ones removed, moved ones moved (kept by key)."""
        wanted = {line.key: line for line in lines}
        for key in set(self._lines) - set(wanted):
            self.plot.getPlotItem().removeItem(self._lines.pop(key))
        for key, line in wanted.items():
            item = self._lines.get(key)
            if item is None:
                item = self._lines[key] = self._new_line(line)
                self.plot.getPlotItem().addItem(item)
            item.setPos(float(line.price))
            item.label.setFormat(line.label)

    def line_labels(self) -> list[str]:
        """What the price lines say, top to bottom."""
        items = sorted(self._lines.values(), key=lambda item: -item.value())
        return [item.label.format for item in items]

    @staticmethod
    def _new_line(line: PriceLine) -> pg.InfiniteLine:
        colour = QColor(LINE_COLOURS[line.kind])
        style = Qt.PenStyle.DotLine if line.kind is LineKind.AVERAGE else Qt.PenStyle.DashLine
        # A stop-loss order's two lines lie close together: its trigger's label goes to the right, its price's left.
        right = line.kind is LineKind.TRIGGER
        label = {"position": 0.98 if right else 0.02, "anchors": [(1, 1), (1, 1)] if right else [(0, 1), (0, 1)],
                 "color": colour, "fill": QColor(255, 255, 255, 200)}  # fmt: skip
        return pg.InfiniteLine(angle=0, movable=False, pen=pg.mkPen(colour, style=style), label=line.label,
                               labelOpts=label)  # fmt: skip

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.shown.emit()

    def set_title(self, text: str, tooltip: str = "") -> None:
        self.title.setText(f"<b>{text}</b>" if text else "No instrument")
        self.title.setToolTip(tooltip)
        if self.isWindow() or self.window().objectName() == "chart_window":
            self.window().setWindowTitle(f"Chart: {tooltip or 'no instrument'}")

    def set_popped_out(self, popped_out: bool) -> None:
        self.pop_out.setText("⇲" if popped_out else "⇱")
        self.pop_out.setToolTip("Put the chart back in its tab" if popped_out else "Open the chart in a window")

    def set_status(self, text: str) -> None:
        self.status.setText(text)


def _ohlc(candle: Candle) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    return candle.open, candle.high, candle.low, candle.close
