"""Fine-tuning runs from the window: frozen blocks stay bit-identical, a run starts from a
past run's (or the imported) weights, the head notice, and Continue after Stop ends
exactly where an uninterrupted run ends."""

from __future__ import annotations

import pytest
import torch

from app.training import TrainingController, install_training
from app.training_continue import FRESH_RUN
from engine.compiler import compile_model
from engine.training.artifacts import load_checkpoint
from tests.app.test_training_controller import RUN_TIMEOUT_MS, configure, run, wait_for_steps
from tests.graphs import tiny_chain


@pytest.fixture
def training(window):
    """The window's training controller (as the window holds it), on the tiny chain."""
    ctl = window.findChild(TrainingController) or install_training(window, window.document)
    window.training = ctl
    window.document.replace(tiny_chain())
    ctl.ask_fit_fix = lambda parent, issues: pytest.fail(f"unexpected fit issues: {issues}")
    yield ctl
    ctl.shutdown()


def weights(ctl, name: str) -> torch.Tensor:
    return ctl.state_dict[name]


def run_weights(ctl, run_id: int) -> dict:
    from app.reopen import find_checkpoint

    return load_checkpoint(find_checkpoint(ctl.store.checkpoint_dir(run_id)))["state_dict"]


def test_frozen_blocks_keep_their_weights_bit_for_bit(qtbot, training, window):
    window.canvas.select_ids(["conv"])
    window.finetune.acts.freeze.trigger()
    configure(training, epochs=2)
    result = run(qtbot, training)
    assert result.status == "completed", result.message
    fresh = compile_model(training.snapshot).module
    from engine.training.execution import reinitialise

    reinitialise(fresh, 0)  # the seeded weights the run started from
    for name in ("conv.weight", "conv.bias"):
        assert torch.equal(weights(training, name), fresh.state_dict()[name]), name
    assert not torch.equal(weights(training, "head.weight"), fresh.state_dict()["head.weight"])


def choose_run(ctl, run_id: int) -> None:
    """Pick run ``run_id`` in the panel's starting weights, as a user does."""
    ctl.panel.starting.sourcesWanted.emit()  # the list is about to open: brought up to date
    combo = ctl.panel.starting.choice
    combo.setCurrentIndex(combo.findData(run_id))


def test_a_run_starts_from_a_past_runs_weights(qtbot, training, window):
    configure(training, epochs=2)
    assert run(qtbot, training).status == "completed"
    first = training.last_run_id
    before = run_weights(training, first)
    window.canvas.select_ids(["conv"])
    window.finetune.acts.freeze.trigger()  # fine-tune: the convolution stays as it was
    choose_run(training, first)
    training.panel.starting.set_lr_factor(0.5)
    result = run(qtbot, training)
    assert result.status == "completed", result.message
    for name in ("conv.weight", "conv.bias"):
        assert torch.equal(weights(training, name), before[name]), name
    assert not torch.equal(weights(training, "head.weight"), before["head.weight"])
    settings = training.document.graph.training
    record = next(r for r in training.store.list_runs() if r.id == first)
    assert settings["start"] == {"kind": "run", "run": first, "created": record.created}
    assert settings["pretrained_lr_factor"] == 0.5
    assert training.store.config(training.last_run_id)["pretrained_lr_factor"] == 0.5


def test_a_saved_start_from_a_run_this_history_lacks_is_fresh_and_said(training):
    starting = training.panel.starting
    starting.set_start({"kind": "run", "run": 999, "created": "2020-01-01T00:00:00"})
    assert starting.start().kind == "fresh"
    assert "#999" in starting.note.text() and starting.note.isVisibleTo(training.panel)
    assert not starting.factor.isEnabled()


def test_imported_weights_can_start_a_run_until_another_network_opens(training):
    state = compile_model(tiny_chain()).module.state_dict()
    training.adopt_imported(state)
    combo = training.panel.starting.choice
    assert combo.findData("imported") > 0
    combo.setCurrentIndex(combo.findData("imported"))
    loader = training.starting.loader(training.panel.starting.start())
    assert loader() is state
    training.document.replace(tiny_chain(classes=3))
    assert combo.findData("imported") < 0 and training.panel.starting.start().kind == "fresh"


def test_the_head_notice_offers_a_new_head_for_the_chosen_data(qtbot, training, window):
    document = training.document
    document.replace(tiny_chain(classes=5))
    configure(training)  # digits: 10 classes
    notice = training.panel.head_notice
    training.preview_data()
    qtbot.waitUntil(lambda: notice.isVisibleTo(training.panel), timeout=RUN_TIMEOUT_MS)
    assert "10 classes" in notice.text.text() and "5 outputs" in notice.text.text()
    assert notice.button.text() == "Replace Head for 10 Classes"
    assert window.finetune._suggested(5) == 10  # Edit → Replace Head… suggests it too
    notice.button.click()
    assert document.graph.nodes["head_2"].params["out_features"] == 10
    assert document.undo_stack.undoText() == "Replace Head for 10 Classes"
    qtbot.waitUntil(lambda: not notice.isVisibleTo(training.panel), timeout=2000)
    document.undo_stack.undo()
    qtbot.waitUntil(lambda: notice.isVisibleTo(training.panel), timeout=2000)


def stop_midway(qtbot, ctl) -> None:
    """Train, then stop once steps have been seen (the run is far from its end)."""
    ctl.train()
    wait_for_steps(qtbot, ctl)
    with qtbot.waitSignal(ctl.runFinished, timeout=RUN_TIMEOUT_MS) as finished:
        ctl.stop()
    assert finished.args[0].status == "stopped"


def test_continue_after_stop_ends_where_an_uninterrupted_run_ends(qtbot, training, window):
    epochs = 40
    configure(training, epochs=epochs, batch_size=16)
    expected = run(qtbot, training)
    assert expected.status == "completed"
    want = {k: v.clone() for k, v in training.state_dict.items()}
    stop_midway(qtbot, training)
    stopped = training.last_run_id
    done = len(training.store.epochs(stopped))
    assert done < epochs and training.continuation is not None
    panel = training.panel
    assert panel.continue_button.isVisibleTo(panel) and panel.continue_button.isEnabled()
    assert training.actions.resume_run.isEnabled()
    with qtbot.waitSignal(training.runFinished, timeout=RUN_TIMEOUT_MS) as finished:
        training.actions.resume_run.trigger()
    result = finished.args[0]
    assert result.status == "completed", result.message
    assert result.metrics["val_loss"] == expected.metrics["val_loss"]
    assert all(torch.equal(training.state_dict[k], want[k]) for k in want)
    # the curves went on from where they stopped, and the record holds every epoch
    assert training.plots.point_count("val_loss") == epochs
    assert len(training.store.epochs(training.last_run_id)) == epochs
    assert training.continuation is None and not panel.continue_button.isVisibleTo(panel)


def test_continue_after_the_network_changed_offers_a_fresh_run(qtbot, training, window):
    configure(training, epochs=10_000)
    stop_midway(qtbot, training)
    stopped, runs = training.last_run_id, len(training.store.list_runs())
    window.canvas.select_ids(["conv"])
    window.finetune.acts.freeze.trigger()  # the network trains differently now
    asked = []
    training.ask_changed = lambda parent, run_id: asked.append(run_id)  # cancel
    training.continue_run()
    assert asked == [stopped] and not training.busy()
    assert len(training.store.list_runs()) == runs
    training.ask_changed = lambda parent, run_id: FRESH_RUN
    training.continue_run()
    wait_for_steps(qtbot, training)
    assert training.live_snapshot.nodes["conv"].trainable is False  # the network as it is
    with qtbot.waitSignal(training.runFinished, timeout=RUN_TIMEOUT_MS):
        training.stop()
    assert len(training.store.list_runs()) == runs + 1


def test_choosing_another_dataset_clears_the_lines_that_no_longer_apply(qtbot, training):
    panel = training.panel
    configure(training, epochs=1)
    assert run(qtbot, training).status == "completed"
    panel.set_data_storage("Data: 1,797 images held in memory (112 kB)")  # the run's line
    panel._select(panel.dataset, "folder")  # a folder, none chosen yet
    training.preview_data()
    assert not panel.data_storage.isVisibleTo(panel)
    assert panel.status.text() == "Choose the dataset's folder first."
    panel._select(panel.dataset, "digits")
    panel.val_fraction.setValue(0.25)  # another split: the preview loads it
    training.preview_data()
    qtbot.waitUntil(lambda: not training.busy(), timeout=RUN_TIMEOUT_MS)
    assert panel.status.text() == ""  # the reason is gone, and so is the warning
    assert panel.progress.format() == ""  # a preview's progress is no run's
