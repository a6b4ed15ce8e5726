"""The graph's adjacency queries agree with a scan of its edges after any edit sequence."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.graph import Edge, Graph, Node

IDS = [f"n{i}" for i in range(6)]


def _scan_inputs(graph: Graph, nid: str) -> list[Edge]:
    return sorted((e for e in graph.edges if e.target == nid), key=lambda e: e.port)


def _check(graph: Graph) -> None:
    for nid in graph.nodes:
        assert graph.inputs_of(nid) == _scan_inputs(graph, nid)
        assert graph.outputs_of(nid) == [e for e in graph.edges if e.source == nid]
        assert graph.edges_of(nid) == [e for e in graph.edges if nid in (e.source, e.target)]
        assert graph.free_port(nid) == _free_port(graph, nid)


def _free_port(graph: Graph, nid: str) -> int:
    used = {e.port for e in graph.edges if e.target == nid}
    return next(p for p in range(len(used) + 1) if p not in used)


_steps = st.lists(
    st.tuples(
        st.sampled_from(["add_edge", "insert_edge", "remove_edge", "remove_node", "add_node"]),
        st.sampled_from(IDS),
        st.sampled_from(IDS),
        st.integers(0, 2),
        st.integers(0, 30),
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(_steps)
def test_adjacency_index_matches_a_scan(steps):
    graph = Graph("g", [Node(i, "ReLU") for i in IDS])
    graph.inputs_of("n0")  # build the index before the edits
    for kind, a, b, port, index in steps:
        if kind in ("add_edge", "insert_edge") and a in graph.nodes and b in graph.nodes:
            at = index % (len(graph.edges) + 1) if kind == "insert_edge" else None
            graph.add_edge(Edge(a, b, port), at)
        elif kind == "remove_edge" and graph.edges:
            graph.remove_edge(graph.edges[index % len(graph.edges)])
        elif kind == "remove_node" and a in graph.nodes:
            graph.remove_node(a)
        elif kind == "add_node" and a not in graph.nodes:
            graph.add_node(Node(a, "ReLU"))
        _check(graph)


def test_edges_changed_by_hand_are_seen():
    graph = Graph("g", [Node("a", "ReLU"), Node("b", "ReLU")])
    assert graph.outputs_of("a") == []
    graph.edges.append(Edge("a", "b"))
    assert graph.outputs_of("a") == [Edge("a", "b")]
    graph.edges = [Edge("b", "a")]
    assert graph.outputs_of("a") == [] and graph.inputs_of("a") == [Edge("b", "a")]


def test_replace_all_reindexes():
    graph = Graph("g", [Node("a", "ReLU"), Node("b", "ReLU")], [Edge("a", "b")])
    assert graph.inputs_of("b") == [Edge("a", "b")]
    graph.replace_all(Graph("h", [Node("a", "ReLU"), Node("b", "ReLU")], [Edge("b", "a")]))
    assert graph.inputs_of("b") == [] and graph.inputs_of("a") == [Edge("b", "a")]
