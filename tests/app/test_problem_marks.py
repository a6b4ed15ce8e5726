"""One problem, one red block: the window after deleting a block in the middle."""

from __future__ import annotations

from widgets.canvas.items import NodeItem


def _marks(window) -> tuple[list[str], list[str]]:
    items = window.canvas.canvas_scene.node_items
    red = [nid for nid, item in items.items() if item.problem]
    waiting = [nid for nid, item in items.items() if item.waiting]
    return red, waiting


def test_deleting_a_middle_block_paints_one_block_red_and_the_rest_waiting(window, qtbot):
    window.files.open_preset("resnet50", ask=False)
    graph = window.document.graph
    ids = list(graph.nodes)
    victim = "layer2_1"
    window.canvas.deleteRequested.emit([victim], [])
    qtbot.waitUntil(lambda: victim not in window.canvas.canvas_scene.node_items)
    qtbot.waitUntil(lambda: bool(_marks(window)[0]))
    red, waiting = _marks(window)
    after = ids[ids.index(victim) + 1 :]
    assert red == ["layer2_2"]
    assert set(waiting) == set(after) - {"layer2_2"}
    assert "1 problem" in window.problems_button.text()
    labels = {
        e.edge.source: e.label
        for items in window.canvas.canvas_scene.edge_items.values()
        for e in items
    }
    assert labels["layer2_2"] == "?" and labels["layer1_0"] == "256×56×56"
    window.document.undo_stack.undo()
    qtbot.waitUntil(lambda: _marks(window) == ([], []))
    assert window.document.analysis.ok
    assert all(isinstance(i, NodeItem) for i in window.canvas.canvas_scene.node_items.values())
