"""The training curves stay readable in a short, wide dock: every curve named in a
legend that hides no data, and value axes whose labels don't run into each other."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF, QImage, QPainter

from widgets.plots import TrainingPlots

#: Sizes of the Training Curves dock: side by side in a 1600-wide window and in a narrow
#: one, and stacked in a tall dock.
SIZES = [(1560, 130), (700, 130), (520, 700)]


def _shown(qtbot, size) -> TrainingPlots:
    plots = TrainingPlots()
    qtbot.addWidget(plots)
    plots.resize(*size)
    plots.show()
    qtbot.waitExposed(plots)
    return plots


def _run(plots: TrainingPlots, epochs: int = 3) -> None:
    plots.clear(epochs=epochs, max_lr=0.005)
    for step in range(1, 50 * epochs + 1):
        x = step / 50
        plots.add_step(x, 2.3 * math.exp(-x) + 0.05, 0.005 * math.sin(math.pi * x / epochs))
    for epoch in range(1, epochs + 1):
        plots.add_epoch(epoch, 2.3 * math.exp(-epoch), 2 * math.exp(-1.2 * epoch), 0.6, 0.9)
    plots.refresh()


def _view_rect(plot) -> QRectF:
    """What the plot's widget shows, in scene coordinates."""
    view = plot.getViewWidget()
    return view.mapToScene(view.viewport().rect()).boundingRect()


@pytest.mark.parametrize("size", SIZES)
def test_every_curve_is_in_a_legend_that_hides_no_data(qtbot, size):
    plots = _shown(qtbot, size)
    _run(plots)
    qtbot.wait(50)  # the layout settles
    expected = {
        plots.loss_plot: ["train (smoothed)", "train (epoch)", "validation"],
        plots.accuracy_plot: ["train", "validation"],
    }
    for plot, names in expected.items():
        legend = plot.legend
        assert [label.text for _sample, label in legend.items] == names
        shown = _view_rect(plot)
        data = plot.vb.sceneBoundingRect()
        for sample, label in legend.items:
            for item in (sample, label.item):  # (the label's text, not its cell)
                box = item.sceneBoundingRect()
                assert shown.contains(box), f"{label.text} is cut off at {size}"
                assert not box.intersects(data), f"{label.text} covers the curves at {size}"
        title = plot.titleLabel.item.sceneBoundingRect()
        assert not title.intersects(legend.sceneBoundingRect())


def _tick_label_boxes(axis) -> list[QRectF]:
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        _axis, _ticks, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [rect for rect, _flags, _text in texts]


@pytest.mark.parametrize("with_data", [False, True])
def test_value_labels_stay_apart_on_a_short_axis(qtbot, with_data):
    plots = _shown(qtbot, SIZES[0])
    if with_data:
        _run(plots)
    qtbot.wait(50)
    for plot in plots.plots:
        axis = plot.getAxis("left")
        line = QFontMetricsF(axis.style["tickFont"] or axis.font()).height()
        boxes = sorted(_tick_label_boxes(axis), key=lambda r: r.top())
        assert len(boxes) >= 2, "a value axis has at least two numbers"
        for upper, lower in zip(boxes, boxes[1:]):  # a line of text apart, at least
            assert lower.center().y() - upper.center().y() >= line, plot.titleLabel.text
