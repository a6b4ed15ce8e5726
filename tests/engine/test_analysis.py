"""Shape analysis: shapes, counts and every kind of problem, pinned to its node."""

from __future__ import annotations

import subprocess
import sys

from engine.analysis import analyse
from engine.graph import Edge, Graph, Node


def _chain(*specs, input_shape=(3, 8, 8)):
    """Input → specs… → Output; each spec is (id, type, params)."""
    c, h, w = input_shape
    nodes = [Node("in", "Input", {"channels": c, "height": h, "width": w})]
    nodes += [Node(i, t, p) for i, t, p in specs]
    nodes.append(Node("out", "Output"))
    ids = [n.id for n in nodes]
    return Graph("t", nodes, [Edge(a, b) for a, b in zip(ids, ids[1:])])


def _problems(graph):
    return {(p.node, p.message) for p in analyse(graph).problems}


def _messages_for(graph, node):
    return [m for n, m in _problems(graph) if n == node]


def test_conv_shapes_params_and_macs_follow_the_formula():
    a = analyse(
        _chain(("c", "Conv2d", {"out_channels": 4, "kernel_size": 3, "stride": 2, "padding": 1}))
    )
    info = a.nodes["c"]
    assert info.shape == (4, 4, 4)  # floor((8 + 2 - 2 - 1) / 2) + 1 = 4
    assert info.params == 3 * 9 * 4 + 4
    assert info.macs == 3 * 9 * 4 * 4 * 4
    assert a.ok and a.output_shape == (4, 4, 4)


def test_linear_fed_a_feature_map_says_to_add_flatten():
    graph = _chain(("fc", "Linear", {"out_features": 10}))
    (msg,) = _messages_for(graph, "fc")
    assert "Flatten" in msg


def test_kernel_larger_than_padded_input():
    graph = _chain(("c", "Conv2d", {"out_channels": 2, "kernel_size": 7}), input_shape=(1, 4, 4))
    assert "larger than the padded input" in _messages_for(graph, "c")[0]


def test_same_padding_with_stride():
    graph = _chain(("c", "Conv2d", {"out_channels": 2, "padding": "same", "stride": 2}))
    assert '"same"' in _messages_for(graph, "c")[0]


def test_groups_must_divide_channels():
    graph = _chain(("c", "Conv2d", {"out_channels": 4, "groups": 2}))
    assert "groups 2 must divide" in _messages_for(graph, "c")[0]


def _diamond(merge_type, left, right):
    nodes = [
        Node("in", "Input", {"channels": 3, "height": 8, "width": 8}),
        Node("l", left[0], left[1]),
        Node("r", right[0], right[1]),
        Node("m", merge_type),
        Node("out", "Output"),
    ]
    edges = [
        Edge("in", "l"),
        Edge("in", "r"),
        Edge("l", "m", 0),
        Edge("r", "m", 1),
        Edge("m", "out"),
    ]
    return Graph("d", nodes, edges)


def test_add_shapes_that_differ():
    graph = _diamond("Add", ("Conv2d", {"out_channels": 4}), ("ReLU", {}))
    assert "Add needs equal shapes" in _messages_for(graph, "m")[0]


def test_concat_sizes_that_differ_and_concat_that_works():
    bad = _diamond("Concat", ("Conv2d", {"out_channels": 4}), ("ReLU", {}))
    assert "equal height and width" in _messages_for(bad, "m")[0]
    good = _diamond("Concat", ("Conv2d", {"out_channels": 4, "padding": 1}), ("ReLU", {}))
    assert analyse(good).nodes["m"].shape == (7, 8, 8)


def test_cycle_is_reported_on_its_nodes():
    graph = _chain(("a", "ReLU", {}), ("b", "ReLU", {}))
    graph.add_edge(Edge("b", "a", 1))
    nodes_in_cycle = {n for n, m in _problems(graph) if "cycle" in m}
    assert {"a", "b"} <= nodes_in_cycle


def test_missing_extra_and_doubled_inputs():
    graph = _chain(("a", "ReLU", {}))
    graph.add_node(Node("lonely", "ReLU"))
    assert any("missing input" in m for m in _messages_for(graph, "lonely"))
    graph.add_edge(Edge("in", "a", 0))  # a second edge on port 0
    assert any("port 0 has 2 edges" in m for m in _messages_for(graph, "a"))
    graph.add_edge(Edge("in", "out", 3))
    assert any("not port 3" in m for m in _messages_for(graph, "out"))
    graph.add_edge(Edge("a", "in"))
    assert any("takes no input" in m for m in _messages_for(graph, "in"))


def test_merge_needs_two_inputs_on_contiguous_ports():
    graph = _diamond("Add", ("ReLU", {}), ("ReLU", {}))
    graph.remove_edge(Edge("r", "m", 1))
    graph.add_edge(Edge("r", "m", 2))
    assert any("port 1 has no edge" in m for m in _messages_for(graph, "m"))


def test_nodes_off_the_path_and_missing_or_repeated_input_output():
    graph = _chain(("a", "ReLU", {}))
    graph.add_node(Node("dangling", "ReLU"))
    graph.add_edge(Edge("a", "dangling"))
    assert any("not on the path" in m for m in _messages_for(graph, "dangling"))
    graph.add_node(Node("in2", "Input"))
    assert any("second Input" in m for m in _messages_for(graph, "in2"))
    empty = Graph("e", [Node("r", "ReLU")])
    messages = {m for n, m in _problems(empty) if n is None}
    assert "the graph has no Input block" in messages
    assert "the graph has no Output block" in messages


def test_required_param_missing_in_editor_is_a_problem_not_a_crash():
    graph = _chain(("c", "Conv2d", {}))
    assert "out_channels needs a value" in _messages_for(graph, "c")[0]


def test_analysis_never_imports_torch(tiny_residual_path):
    code = (
        "import sys; from engine.fileformat import load; from engine.analysis import analyse;"
        f"a = analyse(load({str(tiny_residual_path)!r})); assert a.total_params == 3922;"
        "bad = [m for m in ('torch', 'PySide6', 'pyqtgraph') if m in sys.modules];"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=str(_root()))


def _root():
    from pathlib import Path

    return Path(__file__).resolve().parents[2]
