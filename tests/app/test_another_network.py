"""Opening another network: no panel keeps the last run's pictures of the old one.

After a run, Try It, Feature Maps, Kernels, Evaluation, Explain Convolution's real-image
page and the training curves show the trained network's results. Opening another network
(New, Open, a preset, a past run, an import) must clear them, with a line saying how to
get them for the new network, never leave the old run's answers on screen.
"""

from __future__ import annotations

import numpy as np
import pytest

from engine import fileformat
from engine.training.config import TrainConfig
from tests.graphs import tiny_chain

RUN_MS = 60_000


@pytest.fixture
def trained(qtbot, window):
    """The window with its panels, after a one-epoch run of the tiny network on digits,
    its convolution selected, a drawing answered in Try It and an evaluation shown."""
    window.add_panels()
    t = window.training
    window.document.replace(tiny_chain())
    t.ask_fit_fix = lambda parent, issues: pytest.fail(f"unexpected fit issues: {issues}")
    t.panel.set_config(TrainConfig(dataset="digits", epochs=1, batch_size=64, warmup_epochs=0.0))
    with qtbot.waitSignal(t.runFinished, timeout=RUN_MS):
        t.train()
    window.canvas.select_ids(["conv"])
    window.tryit.take_image(np.eye(8, dtype=np.float32))  # a drawing
    insight = window.insight
    window.docks.show("evaluation")
    insight.evaluate()
    assert insight.wait_evaluation(30.0)
    show_all(window, qtbot)
    assert results_shown(window) == {
        "try it": True,
        "feature maps": True,
        "kernels": True,
        "real kernel": True,
        "evaluation": True,
        "curves": True,
    }
    yield window
    t.shutdown()
    insight.shutdown()


def show_all(window, qtbot) -> None:
    """Bring every result dock to the front once (views behind a tab wait until shown)."""
    insight = window.insight
    for name in ("kernels", "evaluation", "try-it", "feature-maps", "plots", "explain"):
        window.docks.show(name)
        qtbot.waitUntil(window.docks.docks[name].isVisible)
    insight.explainer.setCurrentWidget(insight.explainer.real)
    qtbot.wait(10)


def results_shown(window) -> dict[str, bool]:
    """Which panels show a trained model's results."""
    tryit, insight, t = window.tryit.view, window.insight, window.training
    return {
        "try it": tryit.seen.array is not None
        or tryit.heat.array is not None
        or tryit.grid.count() > 0
        or any(bar.isVisibleTo(tryit) for _label, bar in tryit.bars._rows),
        "feature maps": t.probes.view.activations is not None,
        "kernels": insight.kernels.weights is not None,
        "real kernel": insight.explainer.real.pictures_shown(),
        "evaluation": insight.evaluation.evaluation is not None
        or insight.evaluation.matrix.evaluation is not None
        or insight.evaluation.gallery.count() > 0,
        "curves": t.plots.point_count("val_loss") > 0 or t.plots.point_count("step_loss") > 0,
    }


def open_new(window, tmp_path) -> None:
    window.files.new()


def open_file(window, tmp_path) -> None:
    path = tmp_path / "other.convas"
    fileformat.save(tiny_chain(classes=5), path)
    assert window.files.open_path(path, ask=False)


def open_preset(window, tmp_path) -> None:
    assert window.files.open_preset("lenet5", ask=False)


def open_same_ids(window, tmp_path) -> None:
    """Another network whose blocks have the old one's ids ("conv" again)."""
    assert window.files.open_graph(tiny_chain(classes=3), ask=False)


@pytest.mark.parametrize("how", [open_new, open_file, open_preset, open_same_ids])
def test_opening_another_network_clears_every_trained_panel(trained, qtbot, tmp_path, how):
    window = trained
    how(window, tmp_path)
    show_all(window, qtbot)
    assert not any(results_shown(window).values()), results_shown(window)
    assert not window.training.has_model()
    tryit, insight = window.tryit.view, window.insight
    assert "Train the network" in tryit.message.text() and tryit.message.isVisible()
    assert tryit.target.count() == 1  # "top class": the old network's classes are gone
    evaluation = insight.evaluation
    assert "Train the network" in evaluation.summary.text()
    assert not evaluation.evaluate_button.isEnabled() and evaluation.gallery_title.text() == ""
    assert window.training.probes.view.sample_picture.pixmap().isNull()
    # a block of the new network: its own state, with what to do for the trained one
    graph = window.document.graph
    conv = next((n for n, node in graph.nodes.items() if node.type == "Conv2d"), None)
    if conv is None:  # New: an Input and an Output
        return
    window.canvas.select_ids([conv])
    feature_maps = window.training.probes.view
    assert feature_maps.activations is None and "Train the network" in feature_maps.message.text()
    assert "untrained" in insight.kernels.note.text()
    assert "Train the network" in insight.explainer.real.message.text()


def test_a_past_run_reopened_brings_its_results_back(trained, qtbot):
    window, t = trained, trained.training
    run_id = t.last_run_id
    window.files.new()
    assert not t.has_model()
    with qtbot.waitSignal(t.modelChanged):
        assert t.reopen_run(run_id)
    assert t.has_model() and t.plots.point_count("val_loss") == 1
    window.tryit.take_image(np.eye(8, dtype=np.float32))
    if window.tryit.view.message.isVisible():  # the data loads for the viewers first
        qtbot.waitUntil(lambda: t.bundle is not None, timeout=RUN_MS)
        window.tryit.refresh()
    assert window.tryit.view.seen.array is not None


def test_a_run_that_ends_after_another_network_opened_shows_nowhere(trained, qtbot):
    window, t = trained, trained.training
    t.panel.set_config(
        TrainConfig(dataset="digits", epochs=10_000, batch_size=64, warmup_epochs=0.0)
    )
    t.train()
    qtbot.waitUntil(lambda: t.plots.point_count("step_loss") > 0, timeout=RUN_MS)
    assert window.files.open_preset("lenet5", ask=False)
    with qtbot.waitSignal(t.runFinished, timeout=RUN_MS) as finished:
        t.stop()
    assert finished.args[0] is not None  # the run was recorded ...
    assert not t.has_model()  # ... but its model is the old network's
    show_all(window, qtbot)
    assert not any(results_shown(window).values()), results_shown(window)
