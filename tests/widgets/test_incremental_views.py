"""Views redraw only what an incremental analysis changed, and end up as a full redraw."""

from __future__ import annotations

import pytest

from engine.analysis import analyse
from engine.graph import Edge, Graph, Node
from engine.incremental import LiveAnalysis
from engine.teaching.receptive import receptive_fields
from widgets.canvas import CanvasView
from widgets.canvas.items import NodeItem
from widgets.summary import SummaryTable, summary_rows


def _chain(n: int = 40) -> Graph:
    nodes = [Node("in", "Input", {"channels": 3, "height": 16, "width": 16}, None, (0, 0))]
    for i in range(n):
        params = {"out_channels": 8, "kernel_size": 3, "padding": 1}
        nodes.append(Node(f"c{i}", "Conv2d", params, None, (0, 110.0 * (i + 1))))
    nodes.append(Node("out", "Output", {}, None, (0, 110.0 * (n + 1))))
    ids = [node.id for node in nodes]
    return Graph("chain", nodes, [Edge(a, b) for a, b in zip(ids, ids[1:])])


@pytest.fixture
def live():
    graph = _chain()
    live = LiveAnalysis(graph)
    graph.subscribe(live.note)
    return graph, live


def test_canvas_touches_only_the_changed_blocks(qtbot, live, monkeypatch):
    graph, analysis = live
    view = CanvasView()
    qtbot.addWidget(view)
    view.set_graph(graph)
    view.set_analysis(analysis.update())
    touched: list[str] = []
    original = NodeItem.set_stats
    monkeypatch.setattr(
        NodeItem,
        "set_stats",
        lambda self, *a, **k: (touched.append(self.node_id), original(self, *a, **k)),
    )
    graph.set_params("c10", {"out_channels": 5, "kernel_size": 3, "padding": 1})
    view.set_analysis(analysis.update())
    assert sorted(touched) == ["c10", "c11"]
    items = view.canvas_scene.edge_items
    assert items[Edge("c10", "c11")][0].label == "5×16×16"
    incremental = {
        nid: (i.stats, i.problem, i.waiting) for nid, i in view.canvas_scene.node_items.items()
    }
    view.set_analysis(None)
    view.set_analysis(analyse(graph))  # a full redraw gives the same picture
    full = {nid: (i.stats, i.problem, i.waiting) for nid, i in view.canvas_scene.node_items.items()}
    assert incremental == full


def _table(qtbot, graph, analysis) -> SummaryTable:
    """A summary table showing ``analysis``'s current result."""
    table = SummaryTable()
    qtbot.addWidget(table)
    first = analysis.update()
    table.set_analysis(graph, first, receptive_fields(graph, first))
    return table


def test_summary_updates_only_the_changed_rows(qtbot, live):
    graph, analysis = live
    table = _table(qtbot, graph, analysis)
    resets, rows = [], []
    table.model.modelReset.connect(lambda: resets.append(1))
    table.model.dataChanged.connect(lambda a, b: rows.extend(range(a.row(), b.row() + 1)))
    graph.set_params("c10", {"out_channels": 8, "kernel_size": 5, "padding": 2})
    second = analysis.update()
    table.set_analysis(graph, second, receptive_fields(graph, second))
    assert not resets
    changed = {table.model.rows[r].node_id for r in rows}
    # c10's parameters changed, and the receptive field of every block after it.
    assert changed == {f"c{i}" for i in range(10, 40)} | {"out", None}
    expected = summary_rows(graph, analyse(graph), receptive_fields(graph.copy(), analyse(graph)))
    assert table.model.rows == expected


def test_summary_rebuilds_when_blocks_come_and_go(qtbot, live):
    graph, analysis = live
    table = _table(qtbot, graph, analysis)
    graph.remove_node("c5")
    second = analysis.update()
    table.set_analysis(graph, second, receptive_fields(graph, second))
    assert [r.node_id for r in table.model.rows if r.waiting] == [f"c{i}" for i in range(7, 40)] + [
        "out"
    ]
    assert table.model.rows == summary_rows(graph, analyse(graph), receptive_fields(graph, second))
