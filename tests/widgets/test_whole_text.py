"""Text in the panels is shown whole: run columns, pixel values, confusion-matrix titles."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from PySide6.QtGui import QFont, QFontMetrics

from widgets.common import fitted_font
from widgets.runs_panel import RunsPanel


class Store:
    def list_runs(self):
        name = "Digits CNN · digits (continues #12)"
        return [
            SimpleNamespace(
                id=1, name=name, created=0, status="completed", best_val_accuracy=0.85, epochs=12
            )
        ]

    def epochs(self, _run_id):
        return []


def test_beside_the_curves_the_runs_table_shows_every_column_whole(qtbot):
    panel = RunsPanel()
    qtbot.addWidget(panel)
    panel.resize(1600, 150)
    panel.set_store(Store())
    panel.show()
    qtbot.waitExposed(panel)
    panel.refresh()
    qtbot.wait(10)
    header, table = panel.table.header(), panel.table
    assert table.viewport().width() >= header.length()  # no column cut, no scrolling
    name = table.topLevelItem(0).text(1)
    assert header.sectionSize(1) >= table.fontMetrics().horizontalAdvance(name)
    assert table.topLevelItem(0).toolTip(1) == name


def test_a_number_is_fitted_to_its_cell():
    for cell in (9, 12, 16, 30):
        font = fitted_font(QFont(), "255", cell - 2, int(cell * 0.4))
        assert QFontMetrics(font).horizontalAdvance("255") <= cell - 2 or font.pixelSize() == 5


def test_the_confusion_matrix_titles_stay_whole_in_a_short_view(qtbot):
    from widgets.evaluation_view import ConfusionMatrixView

    view = ConfusionMatrixView()
    qtbot.addWidget(view)
    metrics = view.fontMetrics()
    text, span, centre = view._title_span("← a rather long true class title", metrics, 30, 400)
    assert text == "← a rather long true class title" and span / 2 + 4 <= centre
    text, span, _ = view._title_span("← a rather long true class title", metrics, 30, 60)
    assert text.endswith("…") and span <= 52
    evaluation = SimpleNamespace(
        classes=["circle", "square"], confusion=np.array([[9, 1], [0, 10]])
    )
    view.evaluation = evaluation
    view.resize(300, 200)
    assert view.label_at(view.rect().center()) is None
