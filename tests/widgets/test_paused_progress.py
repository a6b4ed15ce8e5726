"""A paused run says so in its progress bar, and its time left comes back on Resume."""

from __future__ import annotations

from tests.app.test_translations import korean, qm_folder  # noqa: F401 (fixtures)
from widgets.training_panel import TrainingPanel

STEP = "epoch 2/5 · step 3/10 · 0:17 left"


def _paused_panel(qtbot) -> TrainingPanel:
    panel = TrainingPanel()
    qtbot.addWidget(panel)
    panel.set_state("training")
    panel.set_progress(0.4, STEP)
    assert panel.progress.text() == STEP
    panel.set_state("paused")
    return panel


def test_paused_shows_paused_not_the_time_left(qtbot):
    panel = _paused_panel(qtbot)
    assert panel.progress.text() == "Paused · 40%"
    panel.set_progress(0.45, STEP)  # a step that was on its way when the run paused
    assert panel.progress.text() == "Paused · 45%"
    panel.set_state("training")
    assert panel.progress.text() == STEP


def test_paused_in_korean(qtbot, korean):  # noqa: F811
    panel = _paused_panel(qtbot)
    assert panel.progress.text().startswith("일시 정지됨") and "left" not in panel.progress.text()
    panel.set_state("training")
    assert panel.progress.text() == STEP
