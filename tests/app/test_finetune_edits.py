"""Fine-tuning edits in the window: the inspector's switch, Freeze / Unfreeze for several
blocks, the canvas badge at every level of detail, Replace Head and its notice, and the
inspector's word on a waiting block."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.context_menu import action_texts
from engine import fileformat
from engine.graph import Edge
from tests.app.test_context_menus import right_click
from tests.graphs import tiny_chain


@pytest.fixture
def shown(window):
    window.document.replace(tiny_chain())
    return window


def select(window, *ids: str) -> None:
    window.canvas.select_ids(list(ids))


def test_the_inspector_switch_freezes_a_block_in_one_undoable_step(qtbot, shown):
    select(shown, "conv")
    switch = shown.inspector.train_switch
    assert switch.isVisible() and switch.check.isChecked()
    switch.check.click()
    graph = shown.document.graph
    assert graph.nodes["conv"].trainable is False
    assert shown.document.undo_stack.undoText() == "Freeze Conv2d"
    assert '"trainable": false' in fileformat.dumps(graph)  # saved in the file
    qtbot.waitUntil(lambda: "Frozen" in switch.note.text(), timeout=2000)
    assert not switch.check.isChecked()
    shown.document.undo_stack.undo()
    assert graph.nodes["conv"].trainable is True
    qtbot.waitUntil(switch.check.isChecked, timeout=2000)
    shown.document.undo_stack.redo()
    assert graph.nodes["conv"].trainable is False


def test_the_switch_is_offered_only_where_there_are_weights(shown):
    for node_id, offered in (("relu", False), ("flat", False), ("input", False), ("head", True)):
        select(shown, node_id)
        assert shown.inspector.train_switch.isVisibleTo(shown.inspector) is offered, node_id


def test_freeze_several_blocks_from_the_context_menu_is_one_step(shown):
    graph, stack = shown.document.graph, shown.document.undo_stack
    select(shown, "conv", "relu", "head")
    menu = right_click(shown, shown.canvas.canvas_scene.node_items["conv"].pos())
    assert shown.canvas.selected_ids() == ["conv", "relu", "head"]  # the click kept them
    assert "Freeze Weights" in action_texts(menu)
    next(a for a in menu.actions() if a.text().replace("&", "") == "Freeze Weights").trigger()
    menu.close()
    assert (graph.nodes["conv"].trainable, graph.nodes["head"].trainable) == (False, False)
    assert graph.nodes["relu"].trainable is True  # no weights: left alone
    assert stack.undoText() == "Freeze 2 Blocks"
    menu = right_click(shown, shown.canvas.canvas_scene.node_items["head"].pos())
    assert "Unfreeze Weights" in action_texts(menu)
    menu.close()
    stack.undo()
    assert graph.nodes["conv"].trainable and graph.nodes["head"].trainable


def test_the_edit_menu_toggles_the_selection(shown):
    ft, graph = shown.finetune, shown.document.graph
    select(shown, "conv")
    assert ft.acts.freeze.isEnabled() and ft.acts.freeze.text() == "&Freeze Weights"
    ft.acts.freeze.trigger()
    assert not graph.nodes["conv"].trainable
    assert ft.acts.freeze.text() == "Un&freeze Weights"
    ft.acts.freeze.trigger()
    assert graph.nodes["conv"].trainable
    select(shown, "relu")
    assert not ft.acts.freeze.isEnabled()


def _ice_pixels(window, node_id: str, zoom: float) -> int:
    view = window.canvas
    view.resetTransform()
    view.zoom_by(zoom)
    view.center_on(node_id)
    image = view.grab().toImage()
    item = view.canvas_scene.node_items[node_id]
    rect = view.mapFromScene(item.sceneBoundingRect()).boundingRect()
    ice = view.canvas_scene.theme.frozen
    count = 0
    for x in range(max(0, rect.left()), min(image.width(), rect.right())):
        for y in range(max(0, rect.top()), min(image.height(), rect.bottom())):
            c = image.pixelColor(x, y)
            diff = abs(c.red() - ice.red()) + abs(c.green() - ice.green())
            count += diff + abs(c.blue() - ice.blue()) < 40
    return count


@pytest.mark.parametrize("zoom", [1.0, 0.5, 0.1])  # full, simple, overview
def test_a_frozen_block_is_marked_at_every_level_of_detail(shown, zoom):
    item = shown.canvas.canvas_scene.node_items["head"]
    select(shown)
    assert not item.frozen and _ice_pixels(shown, "head", zoom) == 0
    shown.finetune.set_trainable(["head"], False)
    assert item.frozen
    assert _ice_pixels(shown, "head", zoom) > 4  # the snowflake, or far out the ice band
    assert "Frozen" in shown.canvas.canvas_scene.node_tooltip("head")


def test_replace_head_is_one_undo_step_and_keeps_the_wiring(shown):
    graph, stack = shown.document.graph, shown.document.undo_stack
    shown.finetune.ask_classes = lambda parent, head, suggested: 3
    assert shown.finetune.acts.replace_head.isEnabled()
    before = fileformat.dumps(graph)
    drawn = shown.canvas.canvas_scene.node_items["head"].pos()  # the file left it unplaced
    shown.finetune.acts.replace_head.trigger()
    assert graph.nodes["head_2"].position == (drawn.x(), drawn.y())  # where the old one was
    assert "head" not in graph.nodes and graph.nodes["head_2"].params["out_features"] == 3
    assert [(e.source, e.target) for e in graph.edges][-2:] == [
        ("flat", "head_2"),
        ("head_2", "output"),
    ]
    assert tuple(shown.document.analysis.output_shape) == (3,)
    assert stack.undoText() == "Replace Head for 3 Classes"
    assert shown.canvas.selected_ids() == ["head_2"]
    stack.undo()
    assert fileformat.dumps(graph) == before


def test_replace_head_is_offered_on_the_last_linear_only(shown):
    scene = shown.canvas.canvas_scene
    assert "Replace Head for N Classes…" in action_texts(
        right_click(shown, scene.node_items["head"].pos())
    )
    assert "Replace Head for N Classes…" not in action_texts(
        right_click(shown, scene.node_items["conv"].pos())
    )


def test_without_a_linear_head_replace_head_says_why(shown):
    graph = tiny_chain()
    graph.remove_node("head")
    graph.add_edge(Edge("flat", "output"))
    shown.document.replace(graph)
    assert not shown.finetune.acts.replace_head.isEnabled()
    assert shown.finetune.replace_head(4) is False
    assert "no Linear" in shown.statusBar().currentMessage()


def test_the_inspector_says_what_a_waiting_block_waits_for(qtbot, shown):
    graph = shown.document.graph
    shown.editor.disconnect([e for e in graph.edges if e.target == "conv"])
    qtbot.waitUntil(lambda: shown.document.analysis.nodes["relu"].waiting, timeout=2000)
    select(shown, "relu")
    inspector = shown.inspector
    assert inspector.out_values["Shape"].text() == "unknown: waiting for the input's shape"
    note = inspector.waiting_note
    assert note.isVisibleTo(inspector) and "“conv”" in note.text.text()
    note.button.click()
    assert shown.canvas.selected_ids() == ["conv"]
    assert not inspector.waiting_note.isVisibleTo(inspector)  # conv has the problem itself
    assert inspector.problems_section.isVisibleTo(inspector)
    qtbot.keyClick(shown.canvas, Qt.Key.Key_Escape)
