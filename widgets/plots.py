"""Live training curves (pyqtgraph): loss, accuracy and learning rate.

The widget only buffers points. :meth:`TrainingPlots.refresh_one` redraws one plot
that has new points, and is meant for a timer at screen rate: redrawing one plot per
frame (each at most a few times a second) keeps every frame short, so the window
stays responsive while a trainer runs beside it. The x axis is in epochs (fractional
for per-step points); during a run it spans the whole run, so it never rescales.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QRectF, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QBoxLayout, QWidget

#: Line colours, readable on light and dark backgrounds.
TRAIN_COLOUR = "#3b82f6"
VAL_COLOUR = "#f97316"
LR_COLOUR = "#10b981"
#: Labelled ticks on a value axis stay at least this many pixels apart.
MIN_TICK_PX = 22.0
#: Room kept between a plot's title and its legend, and around the legend, in pixels.
LEGEND_GAP = 12.0
#: The height of a plot's title row (pyqtgraph's).
TITLE_HEIGHT = 30.0
# pyqtgraph translates its own scene menu through Qt: listed so our .ts carries it.
PYQTGRAPH_TEXTS = (QT_TRANSLATE_NOOP("GraphicsScene", "Export..."),)


class Series:
    """A growing pair of float arrays (amortised O(1) appends, no copies on read)."""

    def __init__(self, capacity: int = 256):
        self._x = np.empty(capacity)
        self._y = np.empty(capacity)
        self.size = 0

    def append(self, x: float, y: float) -> None:
        if self.size == len(self._x):
            self._x = np.resize(self._x, 2 * self.size)
            self._y = np.resize(self._y, 2 * self.size)
        self._x[self.size] = x
        self._y[self.size] = y
        self.size += 1

    def clear(self) -> None:
        self.size = 0

    @property
    def x(self) -> np.ndarray:
        return self._x[: self.size]

    @property
    def y(self) -> np.ndarray:
        return self._y[: self.size]


class Smoother:
    """Exponential moving average with bias correction (the first points are not dragged to 0)."""

    def __init__(self, weight: float = 0.6):
        self.weight = weight
        self._mean = 0.0
        self._count = 0

    def reset(self) -> None:
        self._mean, self._count = 0.0, 0

    def __call__(self, value: float) -> float:
        self._count += 1
        self._mean = self.weight * self._mean + (1 - self.weight) * value
        return self._mean / (1 - self.weight**self._count)


class TrainingPlots(QWidget):
    """Three plots over epochs: loss (train per step, smoothed; train and val per epoch),
    accuracy (train and val per epoch, in %) and learning rate (per step).

    They stand side by side in a wide dock and one above the other in a tall one.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(0)
        self.views: list[pg.PlotWidget] = []
        self._wide: bool | None = None
        self.loss_plot = self._plot(self.tr("Loss"))
        self.accuracy_plot = self._plot(self.tr("Accuracy (%)"))
        self.lr_plot = self._plot(self.tr("Learning rate"))
        self.plots = (self.loss_plot, self.accuracy_plot, self.lr_plot)
        self.accuracy_plot.setYRange(0, 100, padding=0.02)
        self.accuracy_plot.enableAutoRange(axis="y", enable=False)
        self._series: dict[str, Series] = {}
        self._curves: dict[str, pg.PlotDataItem] = {}
        self._plot_of: dict[str, pg.PlotItem] = {}
        self._add_curve("step_loss_raw", self.loss_plot, None, TRAIN_COLOUR, width=1, alpha=60)
        self._add_curve(
            "step_loss", self.loss_plot, self.tr("train (smoothed)"), TRAIN_COLOUR, width=2
        )
        self._add_curve(
            "train_loss",
            self.loss_plot,
            self.tr("train (epoch)"),
            TRAIN_COLOUR,
            width=0,
            symbol="o",
        )
        self._add_curve(
            "val_loss", self.loss_plot, self.tr("validation"), VAL_COLOUR, width=2, symbol="o"
        )
        self._add_curve(
            "train_accuracy",
            self.accuracy_plot,
            self.tr("train"),
            TRAIN_COLOUR,
            width=2,
            symbol="o",
        )
        self._add_curve(
            "val_accuracy",
            self.accuracy_plot,
            self.tr("validation"),
            VAL_COLOUR,
            width=2,
            symbol="o",
        )
        self._add_curve("lr", self.lr_plot, None, LR_COLOUR, width=2)
        self._smoother = Smoother()
        self._dirty: set[str] = set()
        self._next = 0  # round-robin position of refresh_one
        self._fixed = False  # axes fixed for a run (see clear)
        self._loss_top = 0.0
        self._drawn_at = [0.0] * len(self.plots)
        self.redraws = 0  # how many plot redraws happened (tests, benchmarks)
        self.apply_theme()
        self._arrange()

    # ----------------------------------------------------------------- data
    def clear(self, epochs: int | None = None, max_lr: float | None = None) -> None:
        """Forget every point (a new run starts).

        With ``epochs`` (and ``max_lr``) the axes are fixed for the run: x spans the
        epochs, the learning rate 0..max_lr, the loss 0..its largest value so far; an
        axis that doesn't move is not recomputed at each redraw. Without, they autoscale.
        """
        for name, series in self._series.items():
            series.clear()
            self._curves[name].setData([], [])
        self._smoother.reset()
        self._dirty.clear()
        self._loss_top = 0.0
        self._fixed = bool(epochs)
        for plot in self.plots:
            if epochs:
                plot.setXRange(0, epochs, padding=0.02)
            else:
                plot.enableAutoRange(axis="x", enable=True)
        if epochs and max_lr:
            self.lr_plot.setYRange(0, max_lr, padding=0.05)
        else:
            self.lr_plot.enableAutoRange(axis="y", enable=True)
        self.loss_plot.enableAutoRange(axis="y", enable=not epochs)

    def add_step(self, x: float, loss: float, lr: float) -> None:
        """One optimiser step at fractional epoch ``x``."""
        if math.isfinite(loss):
            self._append("step_loss_raw", x, loss)
            self._append("step_loss", x, self._smoother(loss))
            self._grow_loss_axis(loss)
        self._append("lr", x, lr)

    def add_epoch(
        self,
        epoch: float,
        train_loss: float,
        val_loss: float,
        train_accuracy: float,
        val_accuracy: float,
    ) -> None:
        """The end of an epoch; accuracies are fractions in [0, 1]."""
        self._append("train_loss", epoch, train_loss)
        self._append("val_loss", epoch, val_loss)
        for loss in (train_loss, val_loss):
            if math.isfinite(loss):
                self._grow_loss_axis(loss)
        self._append("train_accuracy", epoch, 100 * train_accuracy)
        self._append("val_accuracy", epoch, 100 * val_accuracy)

    def point_count(self, name: str) -> int:
        """How many points the named series holds (``val_loss``, ``step_loss``, ``lr``…)."""
        return self._series[name].size

    def refresh(self) -> bool:
        """Redraw every plot that got points since the last redraw; whether any did."""
        return sum(self._redraw(i) for i in range(len(self.plots))) > 0

    def refresh_one(self, min_interval: float = 0.75) -> bool:
        """Redraw the next plot (round robin) that has new points and was not redrawn in
        the last ``min_interval`` seconds; returns whether one was."""
        now = time.perf_counter()
        for _ in range(len(self.plots)):
            index = self._next
            self._next = (self._next + 1) % len(self.plots)
            if now - self._drawn_at[index] >= min_interval and self._redraw(index):
                return True
        return False

    def _redraw(self, index: int) -> bool:
        plot = self.plots[index]
        names = [n for n in self._dirty if self._plot_of[n] is plot]
        if not names:
            return False
        for name in names:
            series = self._series[name]
            self._curves[name].setData(series.x, series.y)
            self._dirty.discard(name)
        self._drawn_at[index] = time.perf_counter()
        self.redraws += 1
        return True

    # ----------------------------------------------------------------- look
    def apply_theme(self) -> None:
        """Take the background and text colours from the widget's palette."""
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        for view in self.views:
            view.setBackground(background)
        for plot in self.plots:
            plot.titleLabel.setText(plot.titleLabel.text, color=text.name(), size="9pt")
            for axis in ("left", "bottom"):
                ax = plot.getAxis(axis)
                ax.setPen(pg.mkPen(_mixed(text, background, 0.55)))
                ax.setTextPen(pg.mkPen(text))
            # No grid: pyqtgraph's translucent grid lines make each redraw several times
            # slower, which the window can't afford while a trainer runs beside it.
            legend = plot.legend
            if legend is not None:
                legend.setLabelTextColor(text)
                for _sample, label in legend.items:  # (pyqtgraph keeps the drawn text)
                    label.setText(label.text)
                legend.setBrush(pg.mkBrush(None))  # outside the data: no box needed
                legend.setPen(pg.mkPen(None))
                self._place_legend(plot)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.apply_theme()
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802
        self._arrange()
        super().resizeEvent(event)

    def _arrange(self) -> None:
        """Side by side when wide, stacked when tall; "epoch" under the bottom axes only."""
        wide = self.width() > 1.2 * self.height()
        if wide != self._wide:
            self._wide = wide
            self.box.setDirection(
                QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
            )
            for plot in (self.loss_plot, self.accuracy_plot, self.lr_plot):
                shown = wide or plot is self.lr_plot
                plot.setLabel("bottom", self.tr("epoch") if shown else None)
                plot.getAxis("bottom").showLabel(shown)

    # ----------------------------------------------------------------- internals
    def _place_legend(self, plot: pg.PlotItem) -> None:
        """Every entry of the legend, outside the curves: right of the (left-aligned)
        title when they fit on its row; else in a column right of the plot or in rows
        between title and plot, whichever leaves the curves more room."""
        legend = plot.legend
        if legend is None or not legend.items:
            return
        layout = plot.layout
        room = plot.width() - plot.getAxis("left").width() - LEGEND_GAP
        high = plot.height() - TITLE_HEIGHT - plot.getAxis("bottom").height()
        title = plot.titleLabel.itemRect().width()
        _set_columns(legend, len(legend.items))
        if title + LEGEND_GAP + legend.width() <= room:
            column = rows = 0.0
            offset = (-LEGEND_GAP, TITLE_HEIGHT / 2)
            anchor = (1, 0.5)
        else:
            _set_columns(legend, 1)
            column = legend.width() + 2 * LEGEND_GAP
            beside = max(0.0, room - column) * high
            columns = len(legend.items)
            _set_columns(legend, columns)
            while columns > 1 and legend.width() > room:
                columns -= 1
                _set_columns(legend, columns)
            rows = legend.height()
            if beside >= room * max(0.0, high - rows):
                _set_columns(legend, 1)
                rows = 0.0
            else:
                column = 0.0
            offset, anchor = (-LEGEND_GAP, TITLE_HEIGHT), (1, 0)
        _set_size(layout.setRowMinimumHeight, layout.setRowMaximumHeight, 1, rows)
        _set_size(layout.setColumnMinimumWidth, layout.setColumnMaximumWidth, 2, column)
        legend.anchor(itemPos=anchor, parentPos=(1, 0), offset=offset)

    def _plot(self, title: str) -> pg.PlotItem:
        view = pg.PlotWidget(axisItems={"left": ReadableAxis("left")})
        view.setMinimumSize(120, 90)
        self.views.append(view)
        self.box.addWidget(view, 1)
        plot = view.getPlotItem()
        plot.titleLabel.setAttr("justify", "left")  # the legend may take the row's right
        plot.setTitle(title)
        plot.setMenuEnabled(False)
        plot.setClipToView(True)
        plot.setDownsampling(auto=True, mode="peak")
        plot.getAxis("left").setWidth(46)
        return plot

    def _add_curve(
        self,
        name: str,
        plot: pg.PlotItem,
        legend: str | None,
        colour: str,
        width: int,
        symbol: str | None = None,
        alpha: int = 255,
    ) -> None:
        if legend is not None and plot.legend is None:
            # Outside the data: in the title row, or a column right of the plot (see
            # _place_legend); rows as tight as the tallest script allows.
            plot.legend = pg.LegendItem(labelTextSize="8pt", verSpacing=-2, horSpacing=6)
            plot.legend.layout.setContentsMargins(0, 0, 0, 0)
            plot.legend.setParentItem(plot)
            plot.geometryChanged.connect(lambda plot=plot: self._place_legend(plot))
        pen_colour = QColor(colour)
        pen_colour.setAlpha(alpha)
        pen = pg.mkPen(pen_colour, width=width) if width else None
        curve = plot.plot(
            [],
            [],
            pen=pen,
            name=legend,
            symbol=symbol,
            symbolSize=6,
            symbolBrush=colour,
            symbolPen=None,
        )
        self._series[name] = Series()
        self._curves[name] = curve
        self._plot_of[name] = plot

    def _grow_loss_axis(self, loss: float) -> None:
        """During a run the loss axis starts at 0 and only grows (it rarely changes)."""
        if self._fixed and loss > self._loss_top:
            self._loss_top = loss * 1.15
            self.loss_plot.setYRange(0, self._loss_top, padding=0)

    def _append(self, name: str, x: float, y: float) -> None:
        self._series[name].append(x, y)
        self._dirty.add(name)


def _set_columns(legend: pg.LegendItem, columns: int) -> None:
    """Lay the legend's entries out in ``columns`` and size it to fit them (pyqtgraph's
    own sizing reads the entries' stretched widths back: it only grows)."""
    legend.setColumnCount(columns)
    legend.layout.invalidate()
    size = legend.layout.effectiveSizeHint(Qt.SizeHint.PreferredSize)
    legend.setGeometry(QRectF(legend.pos(), size))


def _set_size(set_minimum, set_maximum, index: int, size: float) -> None:
    """Fix the size of one row or column of a plot's layout."""
    set_minimum(index, size)
    set_maximum(index, size)


class ReadableAxis(pg.AxisItem):
    """A value axis whose labelled ticks stay :data:`MIN_TICK_PX` apart, however short
    the plot (pyqtgraph labels at least three ticks, which overlap on a short axis)."""

    def tickSpacing(self, minVal: float, maxVal: float, size: float):  # noqa: N802, N803
        levels = super().tickSpacing(minVal, maxVal, size)
        span = abs(maxVal - minVal)
        if not levels or size <= 0 or span == 0:
            return levels
        major = levels[0][0]
        if major * size / span >= MIN_TICK_PX:
            return levels
        while major * size / span < MIN_TICK_PX:
            major = _next_nice(major)
        return [(major, 0), (major / 5 if _mantissa(major) != 2 else major / 4, 0)]


def _mantissa(step: float) -> int:
    """1, 2 or 5: the leading digit of a tick step."""
    return round(step / 10 ** math.floor(math.log10(step)))


def _next_nice(step: float) -> float:
    """The next larger step of the 1, 2, 5, 10, 20… series."""
    return step * (2.5 if _mantissa(step) == 2 else 2)


def _mixed(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(*(u + (v - u) * t for u, v in zip(a.getRgbF()[:3], b.getRgbF()[:3])))
