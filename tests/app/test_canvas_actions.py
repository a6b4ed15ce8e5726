"""View → flow direction, folding stages and the minimap, as a user reaches them."""

from __future__ import annotations

from app import commands
from engine.fileformat import load
from widgets.canvas.sizes import DOWN, RIGHT


def _fit_zoom(window) -> float:
    window.canvas.fit_to_view()
    return window.canvas.zoom()


def test_presets_open_arranged_to_read_at_fit(window):
    window.resize(1400, 900)
    for name in ("resnet50", "googlenet"):
        window.files.open_preset(name, ask=False)
        assert _fit_zoom(window) > 0.45, name  # not a column of thin bars
        assert not window.document.is_modified()


def test_flowing_right_is_one_undo_step(window, qtbot):
    window.files.open_preset("resnet18", ask=False)
    graph, scene = window.document.graph, window.canvas.canvas_scene
    before = {nid: node.position for nid, node in graph.nodes.items()}
    window.canvas_acts.flow_right.trigger()
    assert scene.flow == RIGHT and graph.meta["canvas"]["flow"] == RIGHT
    assert window.canvas_acts.flow_right.isChecked()
    conv = graph.nodes["conv1"].position
    assert conv[0] > graph.nodes["input"].position[0]  # to the right of the Input
    item = scene.node_items["conv1"]
    assert item.output.pos().x() > 0 and item.output.pos().y() == 0
    window.document.undo_stack.undo()
    assert scene.flow == DOWN and window.canvas_acts.flow_down.isChecked()
    assert {nid: node.position for nid, node in graph.nodes.items()} == before
    window.document.undo_stack.redo()
    assert scene.flow == RIGHT


def test_folded_stages_are_saved_with_the_file_without_marking_it_modified(window, tmp_path):
    window.files.open_preset("resnet50", ask=False)
    path = tmp_path / "r50.convas"
    assert window.files.save_to(path)
    window.canvas_acts.fold_all.trigger()
    assert not window.document.is_modified()  # a view setting, not an edit
    assert window.document.graph.meta["canvas"]["folded"] == [
        "layer1",
        "layer2",
        "layer3",
        "layer4",
    ]
    assert window.files.save_to(path)
    assert load(path).meta["canvas"]["folded"] == ["layer1", "layer2", "layer3", "layer4"]
    window.files.open_path(path, ask=False)
    assert all(f.folded for f in window.canvas.canvas_scene.stages.frames.values())
    window.canvas_acts.unfold_all.trigger()
    assert not any(f.folded for f in window.canvas.canvas_scene.stages.frames.values())


def test_fold_all_says_so_when_there_is_nothing_to_fold(window, qtbot):
    window.files.open_preset("vgg16", ask=False)
    messages = []
    window.statusBar().messageChanged.connect(messages.append)
    window.canvas_acts.fold_all.trigger()
    assert any("no stages" in m for m in messages)


def test_the_minimap_setting_is_remembered(window):
    window.canvas_acts.minimap.setChecked(False)
    assert not window.canvas.minimap.enabled
    from app import settings

    assert settings.get("minimap") is False
    window.canvas_acts.minimap.setChecked(True)
    assert window.canvas.minimap.enabled


def test_auto_layout_arranges_for_the_window(window):
    window.resize(1400, 900)
    window.files.open_preset("vgg16", ask=False)
    graph = window.document.graph
    column = {nid: (0.0, k * 110.0) for k, nid in enumerate(graph.nodes)}  # one long column
    window.document.push(commands.ApplyLayout(graph, column))
    window.acts.auto_layout.trigger()
    assert _fit_zoom(window) > 0.4
    window.document.undo_stack.undo()
    assert _fit_zoom(window) < 0.3
