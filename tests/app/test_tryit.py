"""Try it: the trained network's answer for a file, a pasted picture and a drawing."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QImage

from app.tryit import TryItController, install_tryit
from engine.compiler import compile_model
from engine.data import load_dataset
from engine.data.builtin import digits
from engine.presets import load_preset
from engine.training import TrainConfig, Trainer
from widgets.try_it import NO_MAP, SALIENCY, TryItView, overlay


@pytest.fixture(scope="module")
def trained():
    """digits_cnn after a short run: what the training controller holds afterwards."""
    graph = load_preset("digits_cnn")
    compiled = compile_model(graph)
    bundle = load_dataset("digits", compiled.input_shape)
    Trainer(compiled, bundle, TrainConfig(epochs=4), lambda e: None, threads=1).run()
    state = {k: v.clone() for k, v in compiled.module.state_dict().items()}
    return SimpleNamespace(snapshot=graph, state_dict=state, bundle=bundle, compiled=compiled)


@pytest.fixture
def tryit(qtbot, trained):
    view = TryItView()
    qtbot.addWidget(view)
    view.resize(520, 640)
    view.show()
    qtbot.waitExposed(view)
    return view, TryItController(view, trained)


def _digit_file(tmp_path, index: int):
    raw = digits()
    path = tmp_path / f"digit{index}.png"
    Image.fromarray(raw.images[index, ..., 0]).save(path)
    return str(path), str(raw.labels[index])


def _bars(view):
    return [(label.text(), bar.value()) for label, bar in view.bars._rows if label.isVisible()]


def test_a_file_gets_its_class_a_heat_map_and_feature_maps(tryit, tmp_path):
    view, ctl = tryit
    path, label = _digit_file(tmp_path, 0)
    ctl.set_selection(
        ["conv1"]
        if "conv1" in ctl.training.snapshot.nodes
        else [next(n for n, node in ctl.training.snapshot.nodes.items() if node.type == "Conv2d")]
    )
    view.imageGiven.emit(path)
    bars = _bars(view)
    assert len(bars) == 5 and bars[0][0] == label and bars[0][1] > 500
    assert [v for _l, v in bars] == sorted((v for _l, v in bars), reverse=True)
    assert "Grad-CAM for" in view.heat.title.text() and view.heat.isVisible()
    assert view.seen.image.pixmap() is not None and view.heat.array is not None
    assert view.grid.count() > 0 and "×" in view.maps_title.text()
    assert view.target.count() == 11  # "top class" and the ten digits


def test_the_heat_map_follows_the_chosen_class_and_kind(tryit, tmp_path):
    view, ctl = tryit
    path, _label = _digit_file(tmp_path, 3)
    view.imageGiven.emit(path)
    first = view.heat.array.copy()
    view.target.setCurrentIndex(view.target.findData(7))
    assert "for 7" in view.heat.title.text() and not np.array_equal(view.heat.array, first)
    view.map_kind.setCurrentIndex(view.map_kind.findData(SALIENCY))
    assert "Saliency for 7" in view.heat.title.text()
    view.map_kind.setCurrentIndex(view.map_kind.findData(NO_MAP))
    assert not view.heat.isVisible() and view.seen.isVisible()


def test_a_pasted_picture_and_a_drawing_are_classified(tryit, qtbot):
    view, _ctl = tryit
    picture = np.zeros((40, 40, 3), np.uint8)
    picture[5:35, 18:24] = 255  # a "1"
    image = QImage(picture.data, 40, 40, 120, QImage.Format.Format_RGB888).copy()
    QGuiApplication.clipboard().setImage(image)
    view.paste()
    assert len(_bars(view)) == 5 and "pasted image" in view.caption.text()
    view.draw_button.setChecked(True)
    assert view.pad.isVisible()
    pad = view.pad
    left, top, scale = pad._target()
    start = QPoint(int(left + 0.5 * pad._canvas.width() * scale), int(top + 10))
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=start)
    for y in range(20, int(pad._canvas.height() * scale) - 10, 10):
        qtbot.mouseMove(pad, QPoint(start.x(), int(top + y)))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(start.x(), int(top + y)))
    assert pad.has_drawing() and pad.array().max() == 1.0
    assert "drawing" in view.caption.text() and len(_bars(view)) == 5


def test_without_a_trained_model_it_says_what_to_do(qtbot):
    view = TryItView()
    qtbot.addWidget(view)
    ctl = TryItController(view, SimpleNamespace(snapshot=None, state_dict=None, bundle=None))
    ctl.take_image("whatever.png")
    assert "Train the network" in view.message.text()


def test_an_unreadable_file_is_one_clear_line(tryit, tmp_path):
    view, _ctl = tryit
    bad = tmp_path / "notes.png"
    bad.write_text("no")
    view.imageGiven.emit(str(bad))
    assert view.message.text() == f"{bad}: not an image file Convas can read"


def test_overlay_keeps_the_picture_where_the_map_is_cold():
    picture = np.full((4, 4), 100, np.uint8)
    heat = np.zeros((4, 4), np.float32)
    heat[0, 0] = 1.0
    mixed = overlay(picture, heat)
    assert mixed.shape == (4, 4, 3) and (mixed[1:, 1:] == 100).all()
    assert not (mixed[0, 0] == 100).all()


def test_the_dock_is_filled_and_listed_in_the_run_menu(window):
    ctl = install_tryit(window, SimpleNamespace(snapshot=None, state_dict=None, bundle=None))
    assert ctl.dock.objectName() == "dock-try-it" and ctl.dock.widget() is ctl.view
    assert ctl.dock in window.docks.in_menu("run")
