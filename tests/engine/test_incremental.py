"""Incremental analysis equals a full analysis after any sequence of edits."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.analysis import analyse
from engine.graph import Edge, Graph, Node
from engine.incremental import LiveAnalysis
from engine.teaching.receptive import receptive_fields
from tests.engine.graphgen import random_graphs

_NEW_TYPES = ["ReLU", "Conv2d", "Add", "Concat", "Flatten", "Input", "Output", "MaxPool2d"]
_PARAMS = {
    "out_channels": st.integers(1, 9),
    "kernel_size": st.integers(1, 9),
    "stride": st.integers(1, 3),
    "padding": st.integers(0, 3),
    "out_features": st.integers(1, 12),
}


@st.composite
def _edit(draw, graph: Graph):
    ids = list(graph.nodes)
    kind = draw(
        st.sampled_from(
            ["params", "params", "params", "drop_node", "drop_edge", "edge", "node", "reinsert"]
        )
    )
    if kind == "params" and ids:
        nid = draw(st.sampled_from(ids))
        name = draw(st.sampled_from(sorted(_PARAMS)))
        value = draw(_PARAMS[name])
        return lambda: graph.set_params(nid, {**graph.nodes[nid].params, name: value})
    if kind == "drop_node" and ids:
        nid = draw(st.sampled_from(ids))
        return lambda: graph.remove_node(nid)
    if kind in ("drop_edge", "reinsert") and graph.edges:
        edge = draw(st.sampled_from(graph.edges))
        if kind == "drop_edge":
            return lambda: graph.remove_edge(edge)
        return lambda: graph.add_edge(edge, graph.remove_edge(edge) // 2)
    if kind == "edge" and ids:
        a, b = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
        port = draw(st.integers(0, 2))
        return lambda: graph.add_edge(Edge(a, b, port)) if a != b else None
    type_name = draw(st.sampled_from(_NEW_TYPES))
    params = {"out_channels": 3} if type_name == "Conv2d" else {}
    return lambda: graph.add_node(Node(graph.new_id(type_name.lower()), type_name, params))


def _same(live, full) -> None:
    assert list(live.nodes) == list(full.nodes)
    assert live.nodes == full.nodes
    assert live.problems == full.problems
    assert (live.order, live.input_id, live.output_id) == (
        full.order,
        full.input_id,
        full.output_id,
    )
    assert (live.total_params, live.total_macs) == (full.total_params, full.total_macs)
    assert live.position == full.position


def _check_changes(before, after) -> None:
    changed = after.changed_since(before)
    assert changed is not None
    ids = set(before.nodes) | set(after.nodes)
    assert changed == {n for n in ids if before.nodes.get(n) != after.nodes.get(n)}
    for nid in set(after.nodes) - changed:
        assert after.nodes[nid] is before.nodes[nid]  # views may compare by identity


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_live_analysis_equals_full_analysis_after_random_edits(data):
    graph = data.draw(random_graphs())
    live = LiveAnalysis(graph)
    graph.subscribe(live.note)
    previous = live.update()
    receptive_fields(graph, previous)
    for _ in range(data.draw(st.integers(1, 12))):
        data.draw(_edit(graph))()
        current = live.update()
        full = analyse(graph)
        _same(current, full)
        if current is not previous:
            _check_changes(previous, current)
        assert receptive_fields(graph, current) == receptive_fields(graph.copy(), full)
        previous = current


def test_a_channel_edit_in_a_long_chain_reruns_two_rules():
    nodes = [Node("in", "Input", {"channels": 3, "height": 16, "width": 16})]
    for i in range(200):
        nodes.append(Node(f"c{i}", "Conv2d", {"out_channels": 8, "kernel_size": 3, "padding": 1}))
    nodes.append(Node("out", "Output"))
    ids = [n.id for n in nodes]
    graph = Graph("chain", nodes, [Edge(a, b) for a, b in zip(ids, ids[1:])])
    live = LiveAnalysis(graph)
    graph.subscribe(live.note)
    before = live.update()
    graph.set_params("c50", {"out_channels": 9, "kernel_size": 3, "padding": 1})
    after = live.update()
    assert after.touched == {"c50", "c51"}  # c51's output shape is unchanged: stop there
    assert after.changed == {"c50", "c51"}  # c51's parameter count changed
    assert after.changed_since(before) == {"c50", "c51"}
    assert after.total_params == analyse(graph).total_params


def test_moves_and_labels_change_nothing():
    graph = Graph("g", [Node("in", "Input"), Node("out", "Output")], [Edge("in", "out")])
    live = LiveAnalysis(graph)
    graph.subscribe(live.note)
    first = live.update()
    graph.move_node("in", (10.0, 20.0))
    assert not live.pending and live.update() is first
    graph.set_label("in", "pictures")
    assert live.update().changed_since(first) == frozenset()


def test_an_analysis_not_derived_from_the_last_one_asks_for_a_full_redraw():
    graph = Graph("g", [Node("in", "Input"), Node("out", "Output")], [Edge("in", "out")])
    assert analyse(graph).changed_since(analyse(graph)) is None
