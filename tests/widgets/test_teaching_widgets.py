"""The teaching views: explainer, kernel viewer, evaluation, 1×1 bottleneck, image export."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
import torch
from PySide6.QtCore import QObject as _QObject
from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QDockWidget, QGraphicsScene, QLabel, QMenu, QSpinBox

from engine.analysis import analyse
from engine.compiler import compile_model
from engine.fileformat import dumps
from engine.presets import load_preset
from engine.registry import get_spec
from engine.teaching.evaluation import summarise
from engine.teaching.explain import AVG, CONV, MAX, LayerGeometry, layer_geometry
from engine.teaching.insight import bottleneck_edit, bottleneck_savings
from widgets.bottleneck import BottleneckPanel
from widgets.evaluation_view import EvaluationView
from widgets.explainer import ExplainerView
from widgets.export_image import save_plot, save_widget_image
from widgets.kernel_viewer import (
    MAX_CHANNELS,
    KernelViewer,
    RealKernelView,
    colour_filter,
    diverging,
    filter_stats,
    signed_grey,
)


def geometry(block_type: str, **params) -> LayerGeometry:
    return layer_geometry(block_type, get_spec(block_type).resolve(params))


# --------------------------------------------------------------------------- explainer


@pytest.fixture
def explainer(qtbot):
    view = ExplainerView()
    qtbot.addWidget(view)
    view.resize(760, 560)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_explainer_steps_through_every_cell(explainer):
    page = explainer.animation
    page.show_layer(
        geometry("Conv2d", out_channels=4, kernel_size=3, stride=2, padding=1),
        "conv1 · Convolution",
    )
    assert page.explanation.output.shape == (4, 4) and page.cell_count() == 16
    assert page.current() == 0
    for _ in range(20):
        page.step_forward()
    assert page.current() == 15 and page.position.text() == "cell 16 of 16"
    page.step_back()
    assert page.current() == 14
    cell = page.explanation.cells[14]
    assert page.canvas.current_expression() == cell.expression()
    assert cell.expression().endswith(f"= {cell.expression().rsplit('= ', 1)[1]}")
    page.reset()
    assert page.current() == 0


def test_explainer_plays_and_pauses(explainer, qtbot):
    page = explainer.animation
    page.show_layer(geometry("MaxPool2d", kernel_size=2), "pool")
    page.speed.setValue(12)
    page.play()
    assert page.is_playing() and page.play_button.text() == "❚❚"
    qtbot.waitUntil(lambda: page.current() >= 3, timeout=3000)
    page.pause()
    stopped_at = page.current()
    qtbot.wait(300)
    assert page.current() == stopped_at and not page.is_playing()
    page.go_to(page.cell_count() - 1)
    page.play()  # at the end, play starts again from the first cell
    assert page.current() == 0
    qtbot.waitUntil(lambda: not page.is_playing(), timeout=5000)  # stops at the last cell
    assert page.current() == page.cell_count() - 1


def test_explainer_toggles_true_convolution(explainer):
    page = explainer.animation
    page.show_layer(geometry("Conv2d", out_channels=4, kernel_size=3), "conv")
    page.go_to(5)
    kernel = page.explanation.kernel.copy()
    np.testing.assert_array_equal(page.explanation.applied_kernel, kernel)
    correlation = page.explanation.output.copy()
    page.set_flipped(True)
    assert page.explanation.flipped and page.current() == 5  # same cell after the switch
    np.testing.assert_array_equal(page.explanation.applied_kernel, kernel[::-1, ::-1])
    assert not np.array_equal(page.explanation.output, correlation)
    assert "flipped" in page.note.text()


def test_explainer_for_pooling_dilation_and_oversized_kernels(explainer):
    page = explainer.animation
    page.show_layer(geometry("AvgPool2d", kernel_size=3, stride=2, padding=1), "avg")
    assert page.explanation.op == AVG and not page.mode.isEnabled()
    page.show_layer(geometry("MaxPool2d", kernel_size=3, stride=2, padding=1), "max")
    assert page.explanation.op == MAX and "max(" in page.canvas.current_expression()
    page.show_layer(geometry("Conv2d", out_channels=1, kernel_size=3, dilation=2), "dilated")
    assert page.explanation.dilation == (2, 2) and page.mode.isEnabled()
    page.show_layer(
        geometry("Conv2d", out_channels=1, kernel_size=11, stride=4, padding=2), "alexnet conv1"
    )
    assert page.explanation.input.shape == (11, 11)  # grown so that the window fits twice
    assert "11×11" in page.note.text()
    page.show_layer(geometry("Conv2d", out_channels=1, kernel_size=9, dilation=3), "huge")
    assert page.explanation is None and "too large" in page.note.text()
    explainer.show_example()
    assert page.explanation.op == CONV and "Example" in page.title.text()


def test_explainer_canvas_saves_as_png_and_svg(explainer, tmp_path):
    canvas = explainer.animation.canvas
    png = save_widget_image(canvas, tmp_path / "step.png")
    svg = save_widget_image(canvas, tmp_path / "step.svg")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = svg.read_text()
    assert "<svg" in text and "out[0, 0]" in text  # vector text, not pixels


# --------------------------------------------------------------------------- kernels


def test_kernel_pictures_and_statistics():
    rng = np.random.default_rng(0)
    weights = rng.normal(size=(6, 3, 5, 5))
    stats = filter_stats(weights)
    np.testing.assert_allclose(
        stats[2], [weights[2].mean(), weights[2].std(), np.linalg.norm(weights[2])]
    )
    rgb = colour_filter(weights[0])
    assert rgb.shape == (5, 5, 3) and rgb.min() == 0 and rgb.max() == 255
    grey = signed_grey(np.array([[-2.0, 0.0, 2.0]]))
    assert list(grey[0, :, 0]) == [0, 128, 255]
    colours = diverging(np.array([-1.0, 0.0, 1.0]))
    assert tuple(colours[1]) == (255, 255, 255) and colours[0, 2] > colours[0, 0]
    assert colours[2, 0] > colours[2, 2]


def test_kernel_viewer_draws_filters_with_stats(qtbot):
    viewer = KernelViewer()
    qtbot.addWidget(viewer)
    viewer.resize(500, 500)
    viewer.show()
    weights = np.random.default_rng(1).normal(size=(8, 3, 3, 3))
    viewer.set_weights(weights, "conv1 · Conv2d", "trained weights")
    assert viewer.grid.count() == 8 and len(viewer.grid._tiles[0]) == 1  # colour: one picture
    assert "colour" in viewer.note.text() and "trained weights" in viewer.note.text()
    assert viewer.table.rowCount() == 8
    assert float(viewer.table.item(3, 3).text()) == pytest.approx(
        np.linalg.norm(weights[3]), rel=1e-3
    )
    assert "L2 norm" in viewer.grid.tooltip(3) and "filter 3" in viewer.grid.tooltip(3)
    wide = np.random.default_rng(2).normal(size=(4, 20, 3, 3))
    viewer.set_weights(wide)
    assert len(viewer.grid._tiles[0]) == MAX_CHANNELS
    assert f"first {MAX_CHANNELS} input channels" in viewer.note.text()
    with qtbot.waitSignal(viewer.filterClicked) as clicked:
        qtbot.mouseClick(
            viewer.grid, Qt.MouseButton.LeftButton, pos=viewer.grid._tile_rect(2).center()
        )
    assert clicked.args == [2]
    viewer.show_message("nothing")
    assert viewer.weights is None and viewer.stack.currentIndex() == 0


def test_real_kernel_view_shows_three_pictures(qtbot):
    view = RealKernelView()
    qtbot.addWidget(view)
    view.set_channel_count(16)
    assert view.channel.maximum() == 15 and view.channel.isEnabled()
    image = np.arange(64, dtype=float).reshape(8, 8)
    view.show_result(image, np.eye(3), image[1:-1, 1:-1], ("in", "kernel", "out"), "heading")
    assert view.pictures_shown() and view.pictures[2].caption == "out"
    view.show_message("no model")
    assert not view.pictures_shown() and not view.channel.isEnabled()


# --------------------------------------------------------------------------- evaluation


def small_evaluation():
    labels = np.array([0, 0, 1, 1, 2, 2, 2])
    probs = np.array(
        [
            [0.9, 0.05, 0.05],
            [0.2, 0.7, 0.1],
            [0.1, 0.8, 0.1],
            [0.05, 0.05, 0.9],
            [0.1, 0.3, 0.6],
            [0.1, 0.3, 0.6],
            [0.6, 0.3, 0.1],
        ]
    )
    pictures = np.random.default_rng(0).integers(0, 256, (7, 8, 8, 1)).astype(np.uint8)
    return summarise(["zero", "one", "two"], labels, probs), pictures


def test_evaluation_view_shows_matrix_and_mistakes(qtbot):
    view = EvaluationView()
    qtbot.addWidget(view)
    view.resize(600, 700)
    view.show()
    qtbot.waitExposed(view)
    evaluation, pictures = small_evaluation()
    view.set_evaluation(evaluation, pictures)
    assert "57.1 %" in view.summary.text()
    assert view.gallery.count() == 3 and view.gallery.indices == [3, 1, 6]
    with qtbot.waitSignal(view.sampleActivated) as activated:
        qtbot.mouseClick(
            view.gallery, Qt.MouseButton.LeftButton, pos=view.gallery.cell_rect(1).center()
        )
    assert activated.args == [1]
    matrix = view.matrix
    rect, cell, _ = matrix._layout()
    point = QPoint(int(rect.left() + 1.5 * cell), int(rect.top() + 0.5 * cell))  # true 0 → 1
    assert matrix.cell_at(point) == (0, 1)
    assert matrix.tooltip(0, 1) == "true zero, predicted one: 1 sample (50.0 % of the 2)"
    with qtbot.waitSignal(matrix.cellClicked) as clicked:
        qtbot.mouseClick(matrix, Qt.MouseButton.LeftButton, pos=point)
    assert clicked.args == [0, 1]
    assert view.gallery.indices == [1] and "zero predicted as one" in view.gallery_title.text()
    qtbot.mouseClick(matrix, Qt.MouseButton.LeftButton, pos=point)  # again: all mistakes
    assert view.gallery.count() == 3


def test_evaluation_view_progress_and_messages(qtbot):
    view = EvaluationView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.evaluateRequested):
        view.show_message("ready", can_evaluate=True)
        view.evaluate_button.click()
    view.set_busy(0.5)
    assert view.progress.value() == 50 and not view.evaluate_button.isEnabled()
    view.set_busy(None)
    assert view.evaluate_button.isEnabled()


# --------------------------------------------------------------------------- 1×1 bottleneck


def test_bottleneck_panel(qtbot):
    panel = BottleneckPanel()
    qtbot.addWidget(panel)
    savings = bottleneck_savings(load_preset("vgg16"), "conv3_2", 64)
    panel.show_savings(savings, "conv3_2")
    assert panel.channels.value() == 64 and panel.channels.maximum() == 256
    layer = panel.layer.text()
    assert "3×3, 256 → 256" in layer and "1×1, 256 → 64" in layer and "3×3, 64 → 256" in layer
    assert (
        "network now" in panel.network.text() and "256 input channels" in panel.explanation.text()
    )
    assert "non-linearity" in panel.explanation.text()
    assert panel.insert_button.text() == "Insert 1×1 + ReLU"
    with qtbot.waitSignal(panel.insertRequested) as inserted:
        panel.insert_button.click()
    assert inserted.args == [64, True]
    with qtbot.waitSignal(panel.settingsChanged):
        panel.relu.setChecked(False)
    assert panel.insert_button.text() == "Insert 1×1"
    with qtbot.waitSignal(panel.settingsChanged):
        panel.lesson_button.click()
    assert panel.channels.value() == 16
    panel.show_unavailable("no")
    assert panel.insert_button.isHidden()


def test_insert_bottleneck_command_undo_restores():
    from PySide6.QtGui import QUndoStack

    from app.commands import ApplyGraphEdit

    graph = load_preset("alexnet")
    before = dumps(graph)
    stack = QUndoStack()
    edit = bottleneck_edit(graph, "conv2", 16)
    stack.push(ApplyGraphEdit(graph, edit, "Insert 1×1 + ReLU before conv2"))
    after = dumps(graph)
    assert graph.nodes["conv2_reduce_relu"].type == "ReLU" and analyse(graph).ok
    assert analyse(graph).nodes["conv2"].params == 16 * 25 * 192 + 192
    stack.undo()
    assert dumps(graph) == before
    stack.redo()
    assert dumps(graph) == after
    assert stack.undoText() == "Insert 1×1 + ReLU before conv2"


# --------------------------------------------------------------------------- export


def test_save_scene_and_plot(tmp_path, qtbot):
    import pyqtgraph as pg

    scene = QGraphicsScene()
    scene.addRect(0, 0, 100, 50)
    assert save_widget_image(scene, tmp_path / "scene.png").stat().st_size > 0
    assert "<svg" in save_widget_image(scene, tmp_path / "scene.svg").read_text()
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    plot.resize(300, 200)
    plot.plot([1, 2, 3], [3, 1, 2])
    assert save_plot(plot, tmp_path / "plot.png").read_bytes()[:4] == b"\x89PNG"
    assert "<svg" in save_plot(plot.getPlotItem(), tmp_path / "plot.svg").read_text()
    with pytest.raises(ValueError):
        save_widget_image(QLabel("x"), tmp_path / "x.jpg")


# --------------------------------------------------------------------------- in the window


class FakeTraining(_QObject):
    """What :func:`app.insight.install_insight` uses of the training controller."""

    runFinished = Signal(object)
    stateChanged = Signal(str)
    modelChanged = Signal()

    def __init__(self):
        super().__init__()
        self.compiled = self.snapshot = self.bundle = None
        self.running = None
        self.probes = SimpleNamespace(view=SimpleNamespace(sample_spin=QSpinBox()))
        self.probes.view.sample_spin.setRange(0, 100)
        self.probes.view.sample_index = self.probes.view.sample_spin.value
        self.probes.view.sampleChanged = self.probes.view.sample_spin.valueChanged
        self.docks = {"feature-maps": QDockWidget("Feature Maps")}

    def trainer(self):
        return self.running

    def has_model(self) -> bool:
        return self.compiled is not None

    def training(self) -> bool:
        return self.running is not None


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("CONVAS_DATA_DIR", str(tmp_path / "data"))
    from app.insight import install_insight
    from app.window import MainWindow

    win = MainWindow(autosave_ms=60_000)
    qtbot.addWidget(win)
    training = FakeTraining()
    win.fake_training = training
    win.insight = install_insight(win, win.document, training)
    win.show()
    qtbot.waitExposed(win)
    win.document.replace(load_preset("digits_cnn"))
    yield win
    win.insight.shutdown()
    win.document.undo_stack.setClean()


def show_page(ctl, qtbot, page) -> None:
    """Bring the Explain Convolution dock to the front on ``page``."""
    ctl.docks["explain"].raise_()
    ctl.explainer.setCurrentWidget(page)
    qtbot.waitUntil(ctl.docks["explain"].isVisible)


def trained(window):
    """Give the fake controller a compiled model and a small data bundle."""
    graph = window.document.graph.copy()
    compiled = compile_model(graph)
    gen = torch.Generator().manual_seed(0)
    bundle = SimpleNamespace(
        val_x=torch.randn(30, 1, 8, 8, generator=gen),
        val_y=torch.randint(0, 10, (30,), generator=gen),
        classes=[str(i) for i in range(10)],
        mean=(0.5,),
        std=(0.25,),
    )
    t = window.fake_training
    t.compiled, t.snapshot, t.bundle = compiled, graph, bundle
    t.modelChanged.emit()
    t.runFinished.emit(SimpleNamespace(status="completed"))
    return compiled


def test_window_docks_follow_the_selection(window, qtbot):
    ctl = window.insight
    show_page(ctl, qtbot, ctl.explainer.bottleneck)
    panels = window.findChild(QMenu, "menu-panels")  # View › Panels
    names = [a.text() for a in panels.actions()]
    assert {"Explain Convolution", "Kernels", "Evaluation"} <= set(names)
    window.canvas.select_ids(["pool"])
    qtbot.waitUntil(lambda: "pool" in ctl.explainer.animation.title.text())
    assert ctl.explainer.animation.explanation.op == MAX
    window.canvas.select_ids(["conv2"])
    qtbot.waitUntil(lambda: "conv2" in ctl.explainer.animation.title.text())
    assert "receptive field" in ctl.explainer.animation.detail.text()
    assert "5×5" in ctl.explainer.animation.detail.text()
    assert ctl.explainer.bottleneck.savings.node_id == "conv2"
    window.canvas.select_ids([])
    qtbot.waitUntil(lambda: "Example" in ctl.explainer.animation.title.text())


def test_window_inserts_a_bottleneck_as_one_undoable_edit(window, qtbot):
    ctl = window.insight
    show_page(ctl, qtbot, ctl.explainer.bottleneck)
    before = dumps(window.document.graph)
    window.canvas.select_ids(["conv2"])
    qtbot.waitUntil(lambda: ctl.explainer.bottleneck.savings is not None)
    ctl.explainer.bottleneck.channels.setValue(8)
    assert ctl.explainer.bottleneck.savings.channels == 8
    ctl.explainer.bottleneck.insert_button.click()
    graph = window.document.graph
    assert graph.nodes["conv2_reduce"].params == {"out_channels": 8}
    assert [e.source for e in graph.inputs_of("conv2")] == ["conv2_reduce_relu"]
    assert window.document.undo_stack.count() == 1
    assert window.document.undo_stack.undoText() == "Insert 1×1 + ReLU before conv2"
    window.document.undo_stack.undo()
    assert dumps(window.document.graph) == before


def test_window_kernels_real_kernel_and_evaluation(window, qtbot):
    ctl = window.insight
    window.canvas.select_ids(["conv1"])
    qtbot.waitUntil(lambda: "conv1" in ctl.explainer.animation.title.text())
    real = ctl.explainer.real
    show_page(ctl, qtbot, real)
    assert not real.pictures_shown()  # no model yet
    compiled = trained(window)
    assert real.pictures_shown() and real.channel.maximum() == 15
    ctl.docks["kernels"].raise_()
    qtbot.waitUntil(ctl.docks["kernels"].isVisible)
    conv1 = compiled.module.get_submodule(compiled.module_names["conv1"])
    np.testing.assert_allclose(ctl.kernels.weights, conv1.weight.detach().numpy())
    assert "trained weights" in ctl.kernels.note.text()
    show_page(ctl, qtbot, real)
    real.channel.setValue(3)
    assert real.pictures[1].caption.startswith("filter 3")
    ctl.evaluate()
    assert ctl.wait_evaluation(30)
    evaluation = ctl.evaluation.evaluation
    assert evaluation is not None and evaluation.confusion.sum() == 30
    with torch.no_grad():
        want = compiled.module.eval()(window.fake_training.bundle.val_x).argmax(1).numpy()
    np.testing.assert_array_equal(evaluation.predictions, want)
    ctl.evaluation.sampleActivated.emit(7)
    assert window.fake_training.probes.view.sample_spin.value() == 7


def test_window_kernels_follow_a_running_trainer(window, qtbot):
    ctl = window.insight
    window.canvas.select_ids(["conv2"])
    qtbot.waitUntil(lambda: "conv2" in ctl.explainer.animation.title.text())
    compiled = compile_model(window.document.graph.copy())
    window.fake_training.running = SimpleNamespace(model=compiled.module, compiled=compiled)
    window.fake_training.stateChanged.emit("training")
    ctl.docks["kernels"].show()
    ctl.docks["kernels"].raise_()
    conv2 = compiled.module.get_submodule(compiled.module_names["conv2"])
    with torch.no_grad():
        conv2.weight.fill_(0.25)  # the trainer changes the weights…
    qtbot.waitUntil(
        lambda: ctl.kernels.weights is not None and np.allclose(ctl.kernels.weights, 0.25),
        timeout=3000,
    )  # …the view follows
    assert "live" in ctl.kernels.note.text()
    window.fake_training.running = None
    window.fake_training.stateChanged.emit("idle")
    assert not ctl._live.isActive()
