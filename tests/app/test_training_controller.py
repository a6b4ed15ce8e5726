"""Training in the window: runs, stop, errors, divergence, fit fixes, closing, feature maps."""

from __future__ import annotations

import math
import time

import pytest
from PySide6.QtWidgets import QMessageBox

from app.training import TrainingController, install_training
from app.training_jobs import FIX, duration_text, push_fit_fixes
from engine.graph import Node
from engine.training.config import TrainConfig
from tests.graphs import tiny_chain

RUN_TIMEOUT_MS = 60_000


@pytest.fixture
def training(window):
    """The window's training controller, on the tiny graph and the digits data."""
    ctl = window.findChild(TrainingController) or install_training(window, window.document)
    window.document.replace(tiny_chain())
    ctl.ask_fit_fix = lambda parent, issues: pytest.fail(f"unexpected fit issues: {issues}")
    yield ctl
    ctl.shutdown()
    assert not ctl.busy()


def configure(ctl, **changes) -> None:
    base = dict(dataset="digits", epochs=2, batch_size=64, warmup_epochs=0.0)
    ctl.panel.set_config(TrainConfig(**{**base, **changes}))


def run(qtbot, ctl, timeout=RUN_TIMEOUT_MS):
    with qtbot.waitSignal(ctl.runFinished, timeout=timeout) as finished:
        ctl.train()
    return finished.args[0]


def wait_for_steps(qtbot, ctl) -> None:
    qtbot.waitUntil(lambda: ctl.plots.point_count("lr") > 0, timeout=RUN_TIMEOUT_MS)


def test_a_run_on_digits_completes_plots_and_is_recorded(qtbot, training):
    configure(training)
    result = run(qtbot, training)
    assert result.status == "completed", result.message
    assert result.metrics["epochs"] == 2 and result.metrics["val_accuracy"] > 0.3
    plots = training.plots
    assert plots.point_count("val_loss") == 2 and plots.point_count("val_accuracy") == 2
    assert plots.point_count("step_loss") > 0
    assert plots.redraws >= 1
    assert training.state == "idle" and training.panel.train_button.isEnabled()
    assert "Done" in training.panel.status.text()
    runs = training.store.list_runs()
    assert len(runs) == 1 and runs[0].status == "completed" and runs[0].epochs == 2
    assert training.runs_panel.table.topLevelItemCount() == 1
    # the Runs tab is behind another: its curves (slow to build) wait until it is raised
    runs_panel = training.runs_panel
    assert runs_panel.visibleRegion().isEmpty() and runs_panel._stale
    training.docks["runs"].raise_()
    qtbot.waitUntil(lambda: not runs_panel._stale, timeout=2000)
    assert len(runs_panel.plot.getPlotItem().listDataItems()) == 1
    assert training.state_dict is not None and training.snapshot is not None
    assert set(training.state_dict) == set(training.compiled.module.state_dict())
    # the settings went into the project, as one undoable edit
    assert training.document.graph.training["epochs"] == 2
    assert training.document.undo_stack.undoText() == "Change Training Settings"


def test_train_with_the_settings_as_shown_is_no_edit(qtbot, training):
    # A new document shows the default settings: pressing Train as they are must not
    # add an undo step or mark the document modified ("save changes?" on quit).
    stack = training.document.undo_stack
    count = stack.count()
    shown = training.panel.epochs.value()
    training.panel.epochs.setValue(shown + 1)  # the user's own change is an edit ...
    training.panel.epochs.setValue(shown)  # ... until set back
    with qtbot.waitSignal(training.runFinished, timeout=RUN_TIMEOUT_MS):
        training.train()
    assert stack.count() == count and stack.isClean()


def test_opening_another_network_clears_the_last_runs_lines(qtbot, training):
    configure(training, epochs=1)
    run(qtbot, training)
    assert "Done" in training.panel.status.text() and training.panel.progress.value() > 0
    training.document.replace(tiny_chain(classes=5))
    assert training.panel.status.text() == "" and training.panel.progress.value() == 0
    assert training.panel.progress.format() == ""


def test_stop_ends_the_run_within_half_a_second(qtbot, training):
    configure(training, epochs=10_000)
    training.train()
    wait_for_steps(qtbot, training)
    assert training.state == "training"
    began = time.perf_counter()
    with qtbot.waitSignal(training.runFinished, timeout=5000) as finished:
        training.stop()
    elapsed = time.perf_counter() - began
    assert finished.args[0].status == "stopped"
    assert elapsed < 0.5, f"stopping took {elapsed:.3f} s"
    assert not training.busy() and training.state == "idle"
    progress = training.panel.progress
    assert progress.format() == "stopped" and "left" not in progress.text()
    assert progress.value() < progress.maximum()  # how far it got stays shown, not "done"


def test_pause_and_resume(qtbot, training):
    configure(training, epochs=10_000)
    training.train()
    wait_for_steps(qtbot, training)
    training.pause()
    assert training.state == "paused" and training.panel.pause_button.text() == "Resume"
    assert training.trainer().paused
    training.resume()
    assert training.state == "training" and not training.trainer().paused
    with qtbot.waitSignal(training.runFinished, timeout=5000):
        training.stop()


def test_an_exception_in_the_worker_shows_an_error_and_the_window_lives_on(
    qtbot, training, window, monkeypatch
):
    """The trainer's process fails while setting up: its error and traceback are shown."""
    from engine.training.remote import ProcessTrainer

    real_payload = ProcessTrainer._payload

    def broken_payload(self):  # the child can't load these weights: it raises
        payload = real_payload(self)
        payload["state"] = {}
        return payload

    monkeypatch.setattr(ProcessTrainer, "_payload", broken_payload)
    configure(training)
    assert run(qtbot, training) is None
    box = training.error_box
    assert box is not None and box.isVisible() and not box.isModal()
    assert "Error(s) in loading state_dict" in box.text()
    details = box.detailedText()
    assert "Traceback" in details and "child_main" in details  # the child's own traceback
    assert window.isVisible() and training.state == "idle"
    assert "Error(s) in loading" in training.panel.status.text()
    assert training.store.list_runs()[0].status == "failed"
    monkeypatch.setattr(ProcessTrainer, "_payload", real_payload)  # and it can train again
    assert run(qtbot, training).status == "completed"


def test_a_training_process_that_dies_is_reported_and_the_window_lives_on(qtbot, training, window):
    """A crash of the trainer (here: killed, as by the system when memory runs out)."""
    import os
    import signal

    configure(training, epochs=10_000)
    training.train()
    wait_for_steps(qtbot, training)
    with qtbot.waitSignal(training.runFinished, timeout=10_000) as finished:
        os.kill(training.trainer().process.pid, signal.SIGKILL)
    assert finished.args[0] is None
    assert "SIGKILL" in training.error_box.text()
    assert window.isVisible() and training.state == "idle" and not training.busy()
    assert training.store.list_runs()[0].status == "failed"
    configure(training, epochs=1)
    assert run(qtbot, training).status == "completed"


@pytest.mark.filterwarnings("ignore:invalid value encountered in cast:RuntimeWarning")
def test_a_nan_loss_shows_the_diverged_message(qtbot, training, monkeypatch):
    import engine.data

    real = engine.data.load_dataset

    def poisoned(*args, **kwargs):
        bundle = real(*args, **kwargs)
        import torch

        bundle.train_x = torch.full(bundle.train_x.shape, math.nan)  # normalised floats
        return bundle

    monkeypatch.setattr(engine.data, "load_dataset", poisoned)
    configure(training)
    result = run(qtbot, training)
    assert result.status == "diverged"
    assert "learning rate" in result.message
    assert training.error_box.isVisible()
    assert training.error_box.windowTitle() == "Training diverged"
    assert "diverged" in training.panel.status.text()


def test_the_fit_check_fix_is_one_undo_step(qtbot, training):
    document = training.document
    document.replace(tiny_chain(classes=5, size=16))  # digits: 10 classes, 1×8×8
    asked = []

    def answer(parent, issues):
        asked.append(issues)
        return FIX

    training.ask_fit_fix = answer
    configure(training, epochs=1)
    result = run(qtbot, training)
    assert result.status == "completed", result.message
    assert {i.fix for i in asked[0]} == {"set_classes", "adapt_input"}
    graph = document.graph
    # another number of classes: a new head (a fresh Linear), as Replace Head makes
    assert "head" not in graph.nodes and graph.nodes["head_2"].params["out_features"] == 10
    assert (graph.nodes["input"].params["height"], graph.nodes["input"].params["width"]) == (8, 8)
    assert document.undo_stack.undoText() == "Fit Network to Data"
    document.undo_stack.undo()
    assert "head_2" not in graph.nodes
    assert graph.nodes["head"].params["out_features"] == 5
    assert graph.nodes["input"].params["height"] == 16
    assert document.undo_stack.undoText() == "Change Training Settings"


def test_declining_the_fit_fix_trains_nothing(qtbot, training):
    training.document.replace(tiny_chain(classes=5))
    training.ask_fit_fix = lambda parent, issues: None
    configure(training)
    training.train()
    qtbot.waitUntil(lambda: not training.busy() and training.state == "idle", timeout=20_000)
    assert training.store.list_runs() == []
    assert training.document.graph.nodes["head"].params["out_features"] == 5


def test_push_fit_fixes_without_fixable_issues_changes_nothing(training):
    stack = training.document.undo_stack
    count = stack.count()
    push_fit_fixes(training.document, [])
    assert stack.count() == count


def test_a_graph_with_problems_is_not_trained(qtbot, training):
    graph = tiny_chain()
    graph.remove_node("flat")
    training.document.replace(graph)
    configure(training)
    training.train()
    assert not training.training()  # (a preview of the data may still be loading)
    assert training.error_box.isVisible()
    assert "can't be trained" in training.error_box.windowTitle()
    assert "has problems" in training.panel.status.text()
    training.document.replace(tiny_chain())  # the network is fixed: the red line goes
    qtbot.waitUntil(lambda: "has problems" not in training.panel.status.text())
    assert training.panel.status.text() == "The network is ready to train."


def test_closing_the_window_stops_and_joins_the_run(qtbot, training, window):
    configure(training, epochs=10_000)
    training.train()
    wait_for_steps(qtbot, training)
    window.document.undo_stack.setClean()  # no "save changes?" question
    began = time.perf_counter()
    assert window.close()
    assert not training.busy()
    assert time.perf_counter() - began < 2.0


def test_feature_maps_follow_the_selected_block_live_and_after(qtbot, training, window):
    configure(training, epochs=10_000)
    view = training.probes.view
    training.set_selection(["conv"])
    training.train()
    qtbot.waitUntil(lambda: view.activations is not None, timeout=RUN_TIMEOUT_MS)
    assert view.activations.shape == (4, 8, 8)
    assert view.grid.count() == 4
    assert "conv" in view.title.text()
    window.document.graph.add_node(Node("late", "ReLU"))  # edited while training
    training.set_selection(["late"])
    assert "added after the run started" in view.message.text()
    with qtbot.waitSignal(training.runFinished, timeout=5000):
        training.stop()
    # after the run: computed from the trained model, for any sample and block
    training.set_selection(["head"])
    assert view.activations.shape == (10,)
    view.sample_spin.setValue(3)
    assert view.sample_label.text().startswith("label: ")
    training.set_selection(["input"])
    assert view.activations.shape == (1, 8, 8)
    training.set_selection([])
    assert view.activations is None


def test_the_run_menu_has_train_and_stop_with_their_keys(training):
    actions = training.actions
    assert actions.train.shortcut().toString() == "F5"
    assert actions.stop.shortcut().toString() == "Shift+F5"
    assert actions.menu.title() == "&Run"
    assert not actions.stop.isEnabled() and actions.train.isEnabled()


def test_the_data_preview_shows_the_chosen_dataset(qtbot, training):
    configure(training)
    training.preview_data()
    preview = training.data_preview
    qtbot.waitUntil(lambda: preview.grid.count() > 0, timeout=20_000)
    assert "10 classes" in preview.summary.text()
    assert "1×8×8" in preview.summary.text()


def test_durations_read_like_a_clock():
    assert duration_text(7) == "0:07"
    assert duration_text(75) == "1:15"
    assert duration_text(3725) == "1:02:05"
    assert duration_text(float("nan")) == "?"


@pytest.fixture(autouse=True)
def _no_modal_boxes(monkeypatch):
    """A modal exec() would block offscreen; the controller only uses non-modal boxes."""
    monkeypatch.setattr(QMessageBox, "exec", lambda self: pytest.fail("modal message box"))


def test_reopening_a_run_brings_back_its_network_and_weights(qtbot, training):
    import torch

    configure(training, epochs=1)
    assert run(qtbot, training).status == "completed"
    run_id, trained = training.last_run_id, training.state_dict
    training.document.replace(tiny_chain(classes=3))  # the user moved on
    training.compiled = None
    assert training.reopen_run(run_id)
    document = training.document
    assert document.graph.nodes["head"].params["out_features"] == 10
    assert document.is_modified()  # a new, unsaved document
    state = training.compiled.module.state_dict()
    assert all(torch.equal(state[k], trained[k]) for k in trained)  # best == last here
    assert training.plots.point_count("val_accuracy") == 1
    qtbot.waitUntil(lambda: training.bundle is not None, timeout=20_000)
    training.set_selection(["conv"])
    assert training.probes.view.activations.shape == (4, 8, 8)


def test_a_download_reports_progress_and_stop_cancels_it(qtbot, training, monkeypatch):
    import threading

    import engine.data

    started = threading.Event()

    def endless_download(name, folder, progress=None, **kwargs):
        started.set()
        for i in range(10**6):  # a slow download: only Stop ends it
            progress(i / 10**6, f"{name}: {i} kB")
            time.sleep(0.001)

    monkeypatch.setattr(engine.data, "download", endless_download)
    training.download("mnist", "/nowhere")
    assert training.state == "loading" and training.panel.stop_button.isEnabled()
    assert started.wait(10)
    qtbot.waitUntil(lambda: "kB" in training.panel.progress.text(), timeout=5000)
    began = time.perf_counter()
    training.stop()
    qtbot.waitUntil(lambda: not training.busy(), timeout=5000)
    assert time.perf_counter() - began < 0.5
    assert training.state == "idle" and training.panel.status.text() == "Stopped."


def test_without_a_training_process_the_window_trains_itself(qtbot, training, monkeypatch):
    """Where no child process can start (e.g. no shared memory), the run still happens."""
    import engine.training.remote as remote

    def no_shared_memory(module):
        raise RuntimeError("unable to open shared memory object")

    monkeypatch.setattr(remote, "share_in_blocks", no_shared_memory)
    statuses = []
    training.panel.set_status = lambda text, *args: statuses.append(text)
    configure(training, epochs=1)
    result = run(qtbot, training)
    assert result.status == "completed", result.message
    assert any("training in the window's own process" in s for s in statuses)
    assert training.store.list_runs()[0].status == "completed"
