"""The document's analysis: incremental, once per event-loop turn, not for moves."""

from __future__ import annotations

from app import commands
from app.document import Document
from engine.analysis import analyse
from engine.presets import load_preset


def test_edits_give_one_incremental_analysis_equal_to_a_full_one(qtbot):
    document = Document(load_preset("resnet18"))
    seen = []
    document.analysisChanged.connect(seen.append)
    first = document.analysis
    params = {**document.graph.nodes["layer2_0"].params, "out_channels": 96}
    document.push(commands.SetParams(document.graph, "layer2_0", params))
    document.push(commands.RemoveNodes(document.graph, ["layer3_1"]))
    qtbot.waitUntil(lambda: len(seen) == 1)
    latest = seen[0]
    assert latest.changed_since(first) is not None  # views may redraw only what changed
    full = analyse(document.graph)
    assert latest.nodes == full.nodes and latest.problems == full.problems


def test_moves_do_not_reanalyse(qtbot):
    document = Document(load_preset("lenet5"))
    seen = []
    document.analysisChanged.connect(seen.append)
    document.push(commands.MoveNodes(document.graph, {"conv1": (500.0, 20.0)}))
    qtbot.wait(20)
    assert seen == []
    assert document.changes > 0  # autosave still sees the move


def test_canvas_options_are_kept_without_an_undo_step(qtbot):
    document = Document(load_preset("resnet18"))
    document.set_canvas_options({"flow": "down", "folded": ["layer1"]})
    assert document.graph.meta["canvas"] == {"flow": "down", "folded": ["layer1"]}
    assert document.undo_stack.count() == 0 and not document.is_modified()
    assert "description" in document.graph.meta  # the preset's own entries stay


def test_presets_can_be_prepared_before_they_show(qtbot):
    document = Document()
    document.prepare_preset = lambda graph: graph.nodes["input"].__setattr__("position", (7, 7))
    document.replace(load_preset("lenet5"), preset="lenet5")
    assert document.graph.nodes["input"].position == (7, 7)
    document.replace(load_preset("lenet5"))  # an opened file keeps its positions
    assert document.graph.nodes["input"].position != (7, 7)
