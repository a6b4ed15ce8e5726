"""The training views: panel ↔ config, plots, feature maps, data preview, runs list."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from engine.data import dataset_folder
from engine.training.config import TrainConfig
from widgets.data_preview import DataPreview
from widgets.feature_maps import MAX_MAPS, FeatureMapView, colour_maps, normalise_maps
from widgets.plots import Series, Smoother, TrainingPlots
from widgets.runs_panel import RunsPanel, created_text
from widgets.training_panel import IDLE, LOADING, PAUSED, TRAINING, SciSpinBox, TrainingPanel


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CONVAS_DATA_DIR", str(tmp_path / "data"))


def _shown(qtbot, widget, size=(420, 640)):
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


# --------------------------------------------------------------------------- panel


@pytest.fixture
def panel(qtbot):
    return _shown(qtbot, TrainingPanel())


def test_panel_starts_from_the_command_line_defaults(panel):
    assert panel.config() == TrainConfig()


def test_panel_round_trips_every_setting(panel):
    config = TrainConfig(
        dataset="shapes",
        epochs=3,
        batch_size=32,
        optimizer="sgd",
        lr=0.05,
        momentum=0.8,
        nesterov=False,
        weight_decay=5e-4,
        schedule="cosine",
        warmup_epochs=0.5,
        label_smoothing=0.1,
        val_fraction=0.25,
        augment=True,
        seed=123456789012,
        device="cpu",
        amp=False,
        channels_last=False,
        compile=True,
        grad_clip=1.5,
    )
    panel.set_config(config)
    assert panel.config() == config


def test_folder_dataset_needs_a_folder_and_keeps_its_path(panel, tmp_path):
    panel.set_config(TrainConfig(dataset=str(tmp_path)), "folder")
    assert panel.dataset_kind() == "folder"
    assert panel.folder_row.isVisible()
    assert panel.config().dataset == str(tmp_path)
    panel.folder.setText("")
    with pytest.raises(ValueError, match="dataset"):
        panel.config()


def test_downloadable_dataset_in_its_usual_folder_is_saved_by_name(panel, qtbot):
    panel.dataset.setCurrentIndex(panel.dataset.findData("mnist"))
    assert panel.folder.text() == str(dataset_folder("mnist"))
    assert panel.download_button.isVisible()
    assert panel.config().dataset == "mnist"
    with qtbot.waitSignal(panel.downloadRequested) as signal:
        panel.download_button.click()
    assert signal.args == ["mnist", str(dataset_folder("mnist"))]
    panel.set_config(TrainConfig(dataset="cifar10"))
    assert panel.dataset_kind() == "cifar10"


def test_builtin_dataset_hides_the_folder_and_describes_itself(panel):
    panel.set_config(TrainConfig(dataset="digits"))
    assert not panel.folder_row.isVisible()
    assert "8×8" in panel.dataset_note.text()


def test_gpu_options_are_enabled_only_for_cuda(panel):
    panel.set_devices(["cpu"])
    assert not panel.amp.isEnabled() and not panel.channels_last.isEnabled()
    assert panel.device.itemText(0) == "auto (cpu)"
    panel.set_devices(["cpu", "cuda"])
    assert panel.amp.isEnabled() and panel.channels_last.isEnabled()  # auto picks cuda
    panel.device.setCurrentIndex(panel.device.findData("cpu"))
    assert not panel.amp.isEnabled()
    assert panel.compile.isEnabled()


def test_momentum_only_for_sgd(panel):
    panel.optimizer.setCurrentIndex(panel.optimizer.findData("adam"))
    assert not panel.momentum.isEnabled()
    panel.optimizer.setCurrentIndex(panel.optimizer.findData("sgd"))
    assert panel.momentum.isEnabled() and panel.nesterov.isEnabled()


def test_buttons_follow_the_run_state(panel, qtbot):
    panel.set_state(IDLE)
    assert panel.train_button.isEnabled() and not panel.stop_button.isEnabled()
    panel.set_state(LOADING)
    assert not panel.train_button.isEnabled() and panel.stop_button.isEnabled()
    assert not panel.form.isEnabled()  # settings are fixed while a run goes
    panel.set_state(TRAINING)
    with qtbot.waitSignal(panel.pauseRequested):
        panel.pause_button.click()
    panel.set_state(PAUSED)
    assert panel.pause_button.text() == "Resume"
    with qtbot.waitSignal(panel.resumeRequested):
        panel.pause_button.click()


def test_progress_text_and_status(panel):
    panel.set_progress(0.25, "epoch 3/10 · step 12/28 · 0:07 left")
    assert panel.progress.value() == 250
    assert panel.progress.text() == "epoch 3/10 · step 12/28 · 0:07 left"
    panel.set_status("Training diverged", "warning")
    assert panel.status.text() == "Training diverged"
    assert "color" in panel.status.styleSheet()


def test_learning_rate_box_reads_and_steps_by_decades(qtbot):
    box = _shown(qtbot, SciSpinBox(1e-7, 100.0))
    box.setValue(0.0003)
    assert box.text() == "0.0003"
    box.stepBy(1)
    assert box.value() == pytest.approx(0.0006)
    assert box.valueFromText("1e-3") == pytest.approx(1e-3)


# --------------------------------------------------------------------------- plots


def test_series_grows_without_losing_points():
    series = Series(capacity=2)
    for i in range(10):
        series.append(i, 2 * i)
    assert series.x.tolist() == list(range(10))
    assert series.y.tolist() == [2 * i for i in range(10)]


def test_smoother_starts_at_the_first_value_and_follows():
    smooth = Smoother(0.9)
    assert smooth(4.0) == pytest.approx(4.0)  # bias-corrected: not dragged towards 0
    for _ in range(200):
        value = smooth(1.0)
    assert value == pytest.approx(1.0, abs=1e-6)


def test_plots_buffer_points_and_redraw_once_per_refresh(qtbot):
    plots = _shown(qtbot, TrainingPlots(), (500, 600))
    for step in range(1, 101):
        plots.add_step(step / 50, 2.0 / step, 0.01)
    plots.add_epoch(1, 1.0, 1.1, 0.5, 0.45)
    plots.add_epoch(2, 0.5, 0.6, 0.8, 0.75)
    assert plots.redraws == 0
    assert plots.refresh() is True
    assert plots.refresh() is False  # nothing new: no redraw
    assert plots.redraws == 3  # loss, accuracy, learning rate
    assert plots.point_count("step_loss") == 100
    assert plots.point_count("val_accuracy") == 2
    assert list(plots._curves["val_accuracy"].yData) == pytest.approx([45.0, 75.0])  # in %
    plots.add_step(3.0, float("nan"), 0.01)  # a NaN loss is not drawn, the lr is
    assert plots.point_count("step_loss") == 100 and plots.point_count("lr") == 101
    plots.clear()
    assert all(plots.point_count(n) == 0 for n in ("step_loss", "val_loss", "lr"))


def test_refresh_one_redraws_one_plot_per_frame_and_each_not_too_often(qtbot):
    plots = _shown(qtbot, TrainingPlots(), (500, 600))
    plots.clear(epochs=10, max_lr=0.01)
    plots.add_step(0.5, 2.0, 0.01)
    plots.add_epoch(1, 1.0, 1.1, 0.5, 0.45)  # loss, accuracy and lr plots are all due
    assert [plots.refresh_one(min_interval=0) for _ in range(4)] == [True, True, True, False]
    assert plots.redraws == 3
    plots.add_step(1.5, 1.0, 0.01)
    assert plots.refresh_one(min_interval=60) is False  # redrawn a moment ago: wait
    assert plots.refresh_one(min_interval=0) is True
    # during a run the axes stay put: x spans the epochs, the lr axis 0..max_lr
    x_range, _ = plots.lr_plot.viewRange()
    assert x_range[0] < 0 < 10 < x_range[1] < 10.5
    assert plots.lr_plot.viewRange()[1][1] == pytest.approx(0.01, rel=0.1)


# --------------------------------------------------------------------------- feature maps


def test_each_map_is_normalised_to_its_own_range():
    maps = np.stack(
        [
            np.linspace(-1, 1, 16).reshape(4, 4),
            np.linspace(100, 300, 16).reshape(4, 4),
            np.full((4, 4), 7.0),
        ]
    )
    out = normalise_maps(maps)
    assert out.dtype == np.uint8
    assert (out[0].min(), out[0].max()) == (0, 255)
    assert (out[1].min(), out[1].max()) == (0, 255)
    assert not out[2].any()  # a constant map is flat, not an error
    assert colour_maps(maps).shape == (3, 4, 4, 3)


def test_feature_map_view_shows_maps_bars_and_messages(qtbot):
    view = _shown(qtbot, FeatureMapView(), (400, 500))
    view.show_activations(np.random.default_rng(0).normal(size=(16, 6, 6)))
    assert view.stack.currentWidget() is view.scroll
    assert view.grid.count() == 16
    assert "16×6×6" in view.note.text()
    view.show_activations(np.arange(10.0), labels=[str(i) for i in range(10)])
    assert view.stack.currentWidget() is view.bars
    view.show_activations(np.zeros((MAX_MAPS + 10, 2, 2)))
    assert view.grid.count() == MAX_MAPS
    assert f"first {MAX_MAPS} of {MAX_MAPS + 10}" in view.note.text()
    view.show_message("Select a block")
    assert view.stack.currentWidget() is view.message and view.activations is None


def test_sample_chooser_reports_the_chosen_index(qtbot):
    view = _shown(qtbot, FeatureMapView())
    view.set_sample_count(50)
    with qtbot.waitSignal(view.sampleChanged) as signal:
        view.sample_spin.setValue(7)
    assert signal.args == [7] and view.sample_index() == 7
    view.set_sample(np.zeros((8, 8, 1), np.uint8), "label: 3")
    assert not view.sample_picture.pixmap().isNull()
    assert view.sample_label.text() == "label: 3"


# --------------------------------------------------------------------------- data preview


def test_data_preview_says_what_each_sample_becomes(qtbot):
    preview = _shown(qtbot, DataPreview(), (500, 500))
    images = np.zeros((12, 8, 8, 1), np.uint8)
    preview.set_data(
        "digits",
        images,
        list(range(10)) + [0, 1],
        [str(i) for i in range(10)],
        (3, 32, 32),
        1437,
        360,
        ["digits: images resized from 8×8 to 32×32"],
    )
    text = preview.summary.text()
    assert "10 classes" in text and "1,437 train" in text and "3×32×32" in text
    assert preview.notices.isVisible() and "resized" in preview.notices.text()
    assert preview.grid.count() == 12
    preview.show_message("no data")
    assert preview.grid.count() == 0 and not preview.notices.isVisible()


# --------------------------------------------------------------------------- runs


class FakeStore:
    def __init__(self):
        self.runs = {
            1: SimpleNamespace(
                id=1,
                name="lenet · digits",
                created="2024-05-01T14:03:00",
                status="completed",
                best_val_accuracy=0.95,
                epochs=2,
            ),
            2: SimpleNamespace(
                id=2,
                name="mlp · digits",
                created=1714572000.0,
                status="stopped",
                best_val_accuracy=None,
                epochs=1,
            ),
        }
        self.curves = {
            1: [
                {"epoch": 1, "val_accuracy": 0.8, "val_loss": 0.5},
                {"epoch": 2, "val_accuracy": 0.95, "val_loss": 0.2},
            ],
            2: [{"epoch": 1, "val_accuracy": 0.5, "val_loss": 1.0}],
        }

    def list_runs(self):
        return list(reversed(self.runs.values()))

    def epochs(self, run_id):
        return self.curves[run_id]

    def delete(self, run_id):
        del self.runs[run_id]


def test_a_hidden_runs_panel_draws_its_curves_once_it_is_shown(qtbot, monkeypatch):
    """Drawing curves stalls the window for tens of milliseconds: at the end of every run
    the panel is refreshed and the new run selected, usually while it is a hidden tab."""
    panel = RunsPanel()
    qtbot.addWidget(panel)
    draws = []
    original = panel._draw_curves
    monkeypatch.setattr(panel, "_draw_curves", lambda: (draws.append(1), original()))
    panel.set_store(FakeStore())
    panel.select([1, 2])
    panel.select([2])
    assert draws == [] and panel.reopen_button.isEnabled()  # the buttons follow at once
    panel.resize(600, 500)
    panel.show()
    qtbot.waitExposed(panel)
    assert len(draws) == 1
    assert len(panel.plot.getPlotItem().listDataItems()) == 1
    panel.select([1, 2])  # shown: drawn at once, once
    assert len(draws) == 2 and panel.curve_count() == 2


def test_runs_panel_lists_overlays_reopens_and_deletes(qtbot, monkeypatch):
    panel = _shown(qtbot, RunsPanel(), (600, 500))
    store = FakeStore()
    panel.set_store(store)
    assert panel.table.topLevelItemCount() == 2
    assert panel.table.topLevelItem(1).text(4) == "95.0 %"
    assert not panel.reopen_button.isEnabled()
    panel.select([1, 2])
    assert panel.curve_count() == 2
    assert not panel.reopen_button.isEnabled()  # one run at a time
    panel.select([1])
    assert panel.curve_count() == 1
    with qtbot.waitSignal(panel.reopenRequested) as signal:
        panel.reopen_button.click()
    assert signal.args == [1]
    monkeypatch.setattr(panel, "confirm_delete", lambda ids: True)
    panel.delete_button.click()
    assert list(store.runs) == [2]
    assert panel.table.topLevelItemCount() == 1


def test_run_times_read_as_local_dates():
    assert created_text("2024-05-01T14:03:00") == "2024-05-01 14:03"
    assert created_text("not a date") == "not a date"


def test_hovering_a_unit_outlines_its_receptive_field_on_the_sample(qtbot):
    from PySide6.QtCore import QPoint, QRectF

    from engine.analysis import analyse
    from engine.graph import Edge, Graph, Node
    from engine.teaching.receptive import receptive_fields

    graph = Graph(
        "t",
        [
            Node("in", "Input", {"channels": 1, "height": 28, "width": 28}),
            Node("conv", "Conv2d", {"out_channels": 4, "kernel_size": 5, "padding": 0}),
        ],
        [Edge("in", "conv")],
    )
    rf = receptive_fields(graph, analyse(graph))["conv"]
    view = _shown(qtbot, FeatureMapView(), (400, 500))
    view.set_sample(np.zeros((28, 28), np.uint8), "label: 1")
    view.show_activations(np.random.default_rng(0).normal(size=(4, 24, 24)))
    assert view.unit_rect(2, 3) is None  # no field given yet
    view.set_receptive_field(rf)
    scale = view.sample_picture.pixmap().width() / 28  # the 40 px thumbnail
    assert view.unit_rect(2, 3) == QRectF(3 * scale, 2 * scale, 5 * scale, 5 * scale)
    assert view.unit_rect(23, 23) == QRectF(23 * scale, 23 * scale, 5 * scale, 5 * scale)

    plain = view.sample_picture.pixmap().toImage()
    cell = view.grid._cell_rect(1)
    point = QPoint(cell.left() + cell.width() * 7 // 24 + 1, cell.top() + 1)
    assert view.grid.unit_at(point) == (0, 7)
    view.grid.unitHovered.emit(0, 7)
    assert view.sample_picture.pixmap().toImage() != plain  # outlined
    view.grid.unitHovered.emit(-1, -1)
    assert view.sample_picture.pixmap().toImage() == plain
