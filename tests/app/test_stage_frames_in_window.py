"""Stage frames in the window come only from real stages: copies make none, folding
hides nothing of them, and a folded stage reads once and routes its edges around."""

from __future__ import annotations

from engine.presets import load_preset


def _digits(window):
    window.files.open_preset("digits_cnn", ask=False)
    return window.canvas.canvas_scene


def test_copy_paste_and_duplicate_make_no_stage_frame(window):
    scene = _digits(window)
    window.canvas.select_ids(["conv1"])
    window.acts.copy.trigger()
    window.acts.paste.trigger()
    window.acts.duplicate.trigger()
    scene.stages.rebuild()  # (done once the event loop turns)
    assert len(window.document.graph.nodes) == 14
    assert scene.stages.frames == {}
    window.canvas_acts.fold_all.trigger()
    assert all(item.isVisible() for item in scene.node_items.values())


def test_a_duplicated_stage_block_stays_outside_the_frame(window, qtbot):
    window.document.replace(load_preset("resnet18"))
    scene = window.canvas.canvas_scene
    window.canvas.select_ids(["layer1_0"])
    window.acts.duplicate.trigger()
    (copy,) = window.canvas.selected_ids()
    qtbot.waitUntil(lambda: copy in scene.node_items)
    scene.stages.rebuild()
    frame = scene.stages.frames["layer1"]
    assert [m.node_id for m in frame.members] == ["layer1_0", "layer1_1"]
    assert not frame.sceneBoundingRect().intersects(scene.node_items[copy].sceneBoundingRect())
