"""A block brought into view (just added, selected) lies clear of the minimap in the
view's bottom-right corner and of the first-run card at its bottom."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF

from engine.graph import Edge, Graph, Node
from widgets.canvas.clearance import MARGIN


def _far_chain() -> Graph:
    """Two blocks far apart: the second is beyond the view's bottom-right corner."""
    g = Graph(name="far")
    g.add_node(Node("input", "Input", {"shape": [1, 28, 28]}, position=(0.0, 0.0)))
    g.add_node(Node("relu", "ReLU", {}, position=(1500.0, 1100.0)))
    g.add_edge(Edge("input", "relu", 0))
    return g


@pytest.fixture
def far(view, qtbot):
    view.set_graph(_far_chain())
    view.reset_zoom()
    view.centerOn(0, 0)
    qtbot.wait(10)
    return view


def _on_screen(view, node_id: str) -> QRectF:
    item = view.canvas_scene.node_items[node_id]
    return view.mapFromScene(item.sceneBoundingRect()).boundingRect().toRectF()


def test_a_revealed_block_is_not_under_the_minimap(far, qtbot):
    far.reveal(["relu"])
    qtbot.wait(10)
    assert far.minimap.isVisible()
    block, minimap = _on_screen(far, "relu"), far.minimap.place_in_view().toRectF()
    assert QRectF(far.viewport().rect()).contains(block)
    clear = minimap.adjusted(-MARGIN + 1, -MARGIN + 1, 0, 0)
    assert not block.intersects(clear), (block, minimap)


def test_a_revealed_block_is_above_the_first_run_card(far, qtbot):
    far.minimap.set_enabled(False)
    far.reserve_bottom(200)
    far.reveal(["relu"])
    block = _on_screen(far, "relu")
    assert block.bottom() <= far.viewport().height() - 200 - MARGIN + 1
    assert block.right() <= far.viewport().width() - MARGIN + 1


def test_a_block_in_view_does_not_move_the_view(far):
    far.centerOn(1500, 1100)
    before = far.scene_center()
    far.reveal(["relu"])
    assert far.scene_center() == before
