"""The window with a damaged run history, and the memory guard's question.

(Named to sort after test_startup.py: a window's training leaves multiprocessing's
resource-sharer thread behind, which test_startup's thread check would count.)
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from engine.training.config import TrainConfig
from tests.graphs import tiny_chain
from tests.histories import garbage, truncated

RUN_TIMEOUT_MS = 60_000


def _configure(ctl, **changes) -> None:
    base = dict(dataset="digits", epochs=1, batch_size=64, warmup_epochs=0.0)
    ctl.panel.set_config(TrainConfig(**{**base, **changes}))


@pytest.fixture
def panels(window):
    """The window; the jobs of the panels a test added are stopped at the end."""
    yield window
    for name in ("training", "exports"):
        controller = getattr(window, name, None)
        if controller is not None:
            controller.shutdown()


@pytest.mark.parametrize("damage", [garbage, truncated])
def test_a_damaged_history_keeps_the_run_menu_and_training_and_says_so(
    qtbot, panels, data_dir, damage
):
    window = panels
    damage(data_dir / "runs.sqlite")
    window.add_panels()  # as at start-up
    ctl = window.training  # installed: the Run menu and the panels are there
    assert ctl.actions.menu.title() == "&Run" and ctl.actions.train.isEnabled()
    assert ctl.docks["runs"].widget() is ctl.runs_panel
    [moved] = data_dir.glob("runs.damaged-*.sqlite")
    box = ctl.error_box
    assert box is not None and box.isVisible() and not box.isModal()
    assert box.windowTitle() == "Run history" and str(moved) in box.text()
    window.document.replace(tiny_chain())
    _configure(ctl)
    with qtbot.waitSignal(ctl.runFinished, timeout=RUN_TIMEOUT_MS) as finished:
        ctl.train()
    assert finished.args[0].status == "completed"
    [record] = ctl.store.list_runs()
    assert record.status == "completed"
    assert ctl.runs_panel.table.topLevelItemCount() == 1


def test_training_a_network_too_large_asks_first(qtbot, window, dialogs, monkeypatch):
    from app.training import install_training

    ctl = install_training(window, window.document)
    window.document.replace(tiny_chain())
    _configure(ctl)
    monkeypatch.setenv("CONVAS_MEMORY_LIMIT", "100k")
    dialogs.answer = QMessageBox.StandardButton.No
    ctl.train()
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("question", "Not enough memory")
    assert text.startswith("Training needs about") and "but 100 kB is available" in text
    assert text.endswith("Train anyway?")
    assert ctl.state == "idle" and not ctl.busy()  # nothing started
    dialogs.answer = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(ctl.runFinished, timeout=RUN_TIMEOUT_MS) as finished:
        ctl.train()
    assert finished.args[0].status == "completed"
    ctl.shutdown()


def test_exporting_a_network_too_large_asks_first(qtbot, window, dialogs, monkeypatch, tmp_path):
    from app.export_menu import install_export

    ctl = install_export(window)
    window.document.replace(tiny_chain())
    monkeypatch.setenv("CONVAS_MEMORY_LIMIT", "1k")
    dialogs.answer = QMessageBox.StandardButton.No
    target = tmp_path / "w.pt"
    ctl.export_weights(target)
    assert dialogs.shown[-1][:2] == ("question", "Not enough memory")
    assert "Exporting needs about" in dialogs.shown[-1][2]
    assert not ctl.busy() and not target.exists()
    monkeypatch.setenv("CONVAS_MEMORY_LIMIT", "1G")
    asked = len(dialogs.shown)
    with qtbot.waitSignal(ctl.finished, timeout=RUN_TIMEOUT_MS):
        ctl.export_weights(target)
    assert len(dialogs.shown) == asked and target.is_file()  # a network that fits: no question
    ctl.shutdown()
